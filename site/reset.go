package site

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"pitboss/apiclients/coinhive"
	"pitboss/bot"
)

// resetParams is a confirmed reset of one user.
type resetParams struct {
	Name string `json:"name"`
}

// reset is /ch_reset <name>. Coinhive answers success for a name it does not know, so the user is looked
// up first: a typo is refused rather than "reset".
func (s *Site) reset(ctx context.Context, r *bot.Request) error {
	if s.Client == nil {
		return errNoCoinhive
	}
	name, err := parseName(r.Args, "Usage: /ch_reset &lt;name&gt;, such as /ch_reset alice. /ch_resetall resets everyone.")
	if err != nil {
		return err
	}
	u, err := s.userBalance(ctx, r, name)
	if err != nil {
		return err
	}
	preview := fmt.Sprintf("<b>Reset a Coinhive user</b>\nUser: <b>%s</b>\nMined %s → <b>0</b> · withdrawn %s → <b>0</b>\n"+
		"Their %s hashes left to withdraw are lost.", bot.Escape(name), count(u.Total), count(u.Withdrawn), count(u.Balance))
	return s.Control.Propose(ctx, r, "ch_reset", resetParams{Name: name}, preview)
}

func (s *Site) executeReset(ctx context.Context, raw json.RawMessage) (string, error) {
	var p resetParams
	if err := decodeParams(raw, &p); err != nil {
		return "", err
	}
	if s.Client == nil {
		return "", errNotConfigured
	}
	if err := s.Client.Reset(ctx, p.Name); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s now has no hashes.", bot.Escape(p.Name)), nil
}

// resetAllParams is a confirmed reset of every user; Users is how many the preview counted, for the audit.
type resetAllParams struct {
	Users int64 `json:"users_counted"`
}

// resetAll is /ch_resetall. Its preview counts the users it affects by listing them all, page by page.
func (s *Site) resetAll(ctx context.Context, r *bot.Request) error {
	if s.Client == nil {
		return errNoCoinhive
	}
	if strings.TrimSpace(r.Args) != "" {
		return bot.UserErrorf("/ch_resetall takes no name: it resets every user. To reset one user: /ch_reset &lt;name&gt;.")
	}
	_ = r.Typing(ctx)
	var users, balance int64
	for u, err := range s.Client.AllUsers(ctx, coinhive.ListCountMax) {
		if err != nil {
			return s.serviceError("list", err)
		}
		users++
		balance += u.Balance
	}
	if users == 0 {
		return r.Reply(ctx, "No Coinhive user has any hashes: there is nothing to reset.")
	}
	preview := fmt.Sprintf("<b>Reset every Coinhive user</b>\nThis affects <b>%s</b> user%s: their mined and withdrawn hashes "+
		"go to 0, and the %s hashes they have left to withdraw are lost.", count(users), plural(users, "", "s"), count(balance))
	return s.Control.Propose(ctx, r, "ch_resetall", resetAllParams{Users: users}, preview)
}

func (s *Site) executeResetAll(ctx context.Context, _ json.RawMessage) (string, error) {
	if s.Client == nil {
		return "", errNotConfigured
	}
	affected, err := s.Client.ResetAll(ctx)
	if err != nil {
		return "", err
	}
	if affected == 0 {
		return "Every user's hashes were reset (Coinhive did not say how many users that was).", nil
	}
	return fmt.Sprintf("Every user's hashes were reset: Coinhive says %s %s affected.", count(affected),
		plural(affected, "user was", "users were")), nil
}
