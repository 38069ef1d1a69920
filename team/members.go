package team

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"pitboss/bot"
	"pitboss/store"
)

// Members is what /team and /revoke need of the database, beyond Store.
type Members interface {
	Users(ctx context.Context) ([]store.User, error)
	RemoveUser(ctx context.Context, telegramID int64) error
	AuditLog(ctx context.Context, limit int) ([]store.AuditEntry, error)
}

// team lists the users: role, where they came from, and whether the bot can reach them.
func (t *Team) team(ctx context.Context, r *bot.Request) error {
	users, err := t.Members.Users(ctx)
	if err != nil {
		return err
	}
	lines := []string{fmt.Sprintf("<b>Team</b> — %d", len(users))}
	for _, u := range users {
		icon := "👀"
		if u.Role == store.RoleAdmin {
			icon = "👑"
		}
		from := "invited"
		if u.Source == store.SourceConfig {
			from = "from the config"
		}
		lines = append(lines, fmt.Sprintf("%s %s — %s, %s · %s", icon, who(u), u.Role, from, reach(u)))
	}
	lines = append(lines, "/invite lets someone in; /revoke &lt;user&gt; removes an invited user.")
	return r.Reply(ctx, strings.Join(lines, "\n"))
}

// who names a user: their name and @username, else their id.
func who(u store.User) string {
	s := bot.Escape(u.Name)
	if u.Username != "" {
		s += " (@" + bot.Escape(u.Username) + ")"
	}
	if strings.TrimSpace(s) == "" {
		s = fmt.Sprintf("id %d", u.TelegramID)
	}
	return s
}

// reach says whether alerts can reach the user.
func reach(u store.User) string {
	switch {
	case u.UnreachableSince != nil:
		return "unreachable since " + u.UnreachableSince.UTC().Format("2006-01-02 15:04") + " UTC (blocked the bot?)"
	case u.ChatID == 0:
		return "has not opened a chat with the bot yet"
	}
	return "reachable"
}

// revoke removes an invited user, named by @username, Telegram id or name. Users from the config file go
// by editing the file; the last admin never goes.
func (t *Team) revoke(ctx context.Context, r *bot.Request) error {
	arg := strings.TrimPrefix(strings.TrimSpace(r.Args), "@")
	if arg == "" {
		return bot.UserErrorf("Usage: /revoke &lt;@username | Telegram id | name&gt;. /team lists the users.")
	}
	users, err := t.Members.Users(ctx)
	if err != nil {
		return err
	}
	u, err := findUser(users, arg)
	if err != nil {
		return err
	}
	admins := 0
	for _, x := range users {
		if x.Role == store.RoleAdmin {
			admins++
		}
	}
	switch {
	case u.Source == store.SourceConfig:
		return bot.UserErrorf("%s is in the config file: remove them from telegram.%ss there, then restart pitboss.", who(u), u.Role)
	case u.Role == store.RoleAdmin && admins <= 1:
		return bot.UserErrorf("%s is the last admin: invite another admin first.", who(u))
	}
	if err := t.Members.RemoveUser(ctx, u.TelegramID); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return bot.UserErrorf("%s is no longer a user.", who(u))
		}
		return err
	}
	if err := t.Store.Audit(ctx, r.From.ID, "revoke", map[string]string{"user": strconv.FormatInt(u.TelegramID, 10), "role": string(u.Role)}, "ok"); err != nil {
		return err
	}
	t.Log.Info("user revoked", "user", u.TelegramID, "by", r.From.ID)
	return r.Reply(ctx, fmt.Sprintf("%s can no longer use this bot. Their thresholds, mutes and alerts are gone with them.", who(u)))
}

// findUser finds a user by @username or Telegram id exactly, else by the unique start of their name.
func findUser(users []store.User, arg string) (store.User, error) {
	var named []store.User
	for _, u := range users {
		if strconv.FormatInt(u.TelegramID, 10) == arg || (u.Username != "" && strings.EqualFold(u.Username, arg)) {
			return u, nil
		}
		if u.Name != "" && strings.HasPrefix(strings.ToLower(u.Name), strings.ToLower(arg)) {
			named = append(named, u)
		}
	}
	switch len(named) {
	case 1:
		return named[0], nil
	case 0:
		return store.User{}, bot.UserErrorf("No user is called “%s”. /team lists them.", bot.Escape(arg))
	}
	return store.User{}, bot.UserErrorf("“%s” could be %d users: give their @username or Telegram id.", bot.Escape(arg), len(named))
}

// audit shows the newest entries of the audit log: who did what, with which parameters, and how it ended.
func (t *Team) audit(ctx context.Context, r *bot.Request) error {
	n := 10
	if a := strings.TrimSpace(r.Args); a != "" {
		v, err := strconv.Atoi(a)
		if err != nil || v < 1 || v > 100 {
			return bot.UserErrorf("Usage: /audit [n], n from 1 to 100 (default 10).")
		}
		n = v
	}
	entries, err := t.Members.AuditLog(ctx, n)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return r.Reply(ctx, "The audit log is empty.")
	}
	users, err := t.Members.Users(ctx)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, u := range users {
		names[u.TelegramID] = who(u)
	}
	lines := []string{fmt.Sprintf("<b>Audit log</b> — the newest %d", len(entries))}
	for _, e := range entries {
		actor := names[e.ActorID]
		if actor == "" {
			actor = fmt.Sprintf("id %d", e.ActorID)
		}
		lines = append(lines, fmt.Sprintf("%s · %s · <b>%s</b> %s → %s", e.At.UTC().Format("01-02 15:04"), actor,
			bot.Escape(e.Action), bot.Escape(params(e.Params)), bot.Escape(e.Result)))
	}
	return r.Reply(ctx, strings.Join(lines, "\n"))
}

// params writes an entry's JSON parameters as key=value pairs, shortened.
func params(raw string) string {
	var m map[string]any
	if json.Unmarshal([]byte(raw), &m) != nil || len(m) == 0 {
		if raw == "null" || raw == "{}" {
			return ""
		}
		return short(raw, 80)
	}
	var parts []string
	for _, k := range sortedKeys(m) {
		b, _ := json.Marshal(m[k])
		parts = append(parts, k+"="+strings.Trim(string(b), `"`))
	}
	return short(strings.Join(parts, " "), 120)
}

func sortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}

func short(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
