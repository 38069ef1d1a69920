package site

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"pitboss/apiclients/coinhive"
	"pitboss/bot"
)

// balance is /ch_balance <name>.
func (s *Site) balance(ctx context.Context, r *bot.Request) error {
	if s.Client == nil {
		return errNoCoinhive
	}
	name, err := parseName(r.Args, "Usage: /ch_balance &lt;name&gt;, such as /ch_balance alice. /ch_users lists them.")
	if err != nil {
		return err
	}
	u, err := s.userBalance(ctx, r, name)
	if err != nil {
		return err
	}
	return r.Reply(ctx, fmt.Sprintf("<b>%s</b>\nBalance: %s hashes\nMined: %s · withdrawn: %s", bot.Escape(name),
		count(u.Balance), count(u.Total), count(u.Withdrawn)))
}

// userBalance asks Coinhive for a user's hashes; an unknown user is the user's error, with the name.
func (s *Site) userBalance(ctx context.Context, r *bot.Request, name string) (coinhive.User, error) {
	_ = r.Typing(ctx)
	u, err := s.Client.Balance(ctx, name)
	if errors.Is(err, coinhive.ErrUnknownUser) {
		return u, bot.UserErrorf("Coinhive does not know the user %s: they have never mined on the site. /ch_users lists those who have.",
			quote(name))
	}
	if err != nil {
		return u, s.serviceError("balance", err)
	}
	return u, nil
}

// top is /ch_top [count] [total|balance|withdrawn].
func (s *Site) top(ctx context.Context, r *bot.Request) error {
	if s.Client == nil {
		return errNoCoinhive
	}
	ta, err := parseTop(r.Args)
	if err != nil {
		return err
	}
	_ = r.Typing(ctx)
	users, err := s.Client.Top(ctx, ta.count, ta.order)
	if err != nil {
		return s.serviceError("top", err)
	}
	if len(users) == 0 {
		return r.Reply(ctx, "Coinhive lists no users yet.")
	}
	lines := []string{fmt.Sprintf("<b>Top %d Coinhive users by %s</b>", len(users), ta.order)}
	for i, u := range users {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, userLine(u, ta.order)))
	}
	return r.Reply(ctx, strings.Join(lines, "\n"))
}

// userLine is a user on one line, the figure they are ranked by in bold.
func userLine(u coinhive.User, order coinhive.Order) string {
	figure := func(o coinhive.Order, v int64) string {
		if o == order {
			return fmt.Sprintf("<b>%s %s</b>", o, count(v))
		}
		return fmt.Sprintf("%s %s", o, count(v))
	}
	return fmt.Sprintf("%s — %s · %s · %s", bot.Escape(bot.Shorten(u.Name, 48)), figure(coinhive.OrderTotal, u.Total),
		figure(coinhive.OrderBalance, u.Balance), figure(coinhive.OrderWithdrawn, u.Withdrawn))
}

// usersPerPage is how many users one /ch_users page shows: the least /user/list returns.
const usersPerPage = coinhive.ListCountMin

// users is /ch_users: the first page of the users with hashes; ◀ ▶ under it page over Coinhive's nextPage.
func (s *Site) users(ctx context.Context, r *bot.Request) error {
	if s.Client == nil {
		return errNoCoinhive
	}
	_ = r.Typing(ctx)
	p, err := s.Client.List(ctx, usersPerPage, "")
	if err != nil {
		return s.serviceError("list", err)
	}
	if len(p.Users) == 0 {
		return r.Reply(ctx, "No Coinhive user has mined yet.")
	}
	if p.NextPage == "" || r.Chat == nil {
		return r.Reply(ctx, usersText(p, 0))
	}
	list := s.pages.start(r.Chat.ID, p.NextPage, s.Now())
	m, err := r.ReplyMessage(ctx, usersText(p, 0), usersKeyboard(list, 0, true)...)
	s.pages.sent(list, m.MessageID)
	return err
}

// usersPage is ◀ or ▶ under /ch_users ("ch_users:<list>:<page>"): the same message shows another page.
func (s *Site) usersPage(ctx context.Context, r *bot.Request) error {
	listText, pageText, _ := strings.Cut(r.Args, ":")
	list, err1 := strconv.ParseUint(listText, 10, 64)
	page, err2 := strconv.Atoi(pageText)
	if err1 != nil || err2 != nil || r.Message == nil || r.Chat == nil {
		return r.Answer(ctx, "This button is no longer in use.", false)
	}
	if s.Client == nil {
		return errNoCoinhive
	}
	tok, ok := s.pages.token(list, r.Chat.ID, r.Message.MessageID, page, s.Now())
	if !ok {
		return r.Answer(ctx, "This list has expired: run /ch_users again.", true)
	}
	_ = r.Typing(ctx)
	p, err := s.Client.List(ctx, usersPerPage, tok)
	if err != nil {
		return s.serviceError("list", err)
	}
	s.pages.learn(list, page, p.NextPage)
	_ = r.Answer(ctx, "", false)
	return r.Edit(ctx, usersText(p, page), usersKeyboard(list, page, p.NextPage != "")...)
}

func usersText(p coinhive.UserPage, page int) string {
	lines := []string{fmt.Sprintf("<b>Coinhive users</b> — page %d", page+1)}
	for _, u := range p.Users {
		lines = append(lines, "• "+userLine(u, coinhive.OrderBalance))
	}
	if p.NextPage == "" {
		lines = append(lines, "That is everyone.")
	}
	return bot.Fit(strings.Join(lines, "\n"))
}

func usersKeyboard(list uint64, page int, more bool) [][]tgbotapi.InlineKeyboardButton {
	return bot.PageButtons("ch_users", page, more, func(p int) string { return fmt.Sprintf("%d:%d", list, p) })
}
