package site

import (
	"context"
	"encoding/json"
	"fmt"

	"pitboss/bot"
)

// withdrawParams is a confirmed withdrawal: whose hashes, and how many.
type withdrawParams struct {
	Name   string `json:"name"`
	Amount int64  `json:"amount"`
}

// withdraw is /ch_withdraw <name> <amount>. Everything that can be refused is refused here, before the
// action is proposed: an amount that is not a positive whole number without asking Coinhive anything,
// and one over the balance after reading it.
func (s *Site) withdraw(ctx context.Context, r *bot.Request) error {
	if s.Client == nil {
		return errNoCoinhive
	}
	name, amount, err := parseWithdraw(r.Args)
	if err != nil {
		return err
	}
	u, err := s.userBalance(ctx, r, name)
	if err != nil {
		return err
	}
	if amount > u.Balance {
		return bot.UserErrorf("%s has only %s hashes to withdraw, not %s.", quote(name), count(u.Balance), count(amount))
	}
	preview := fmt.Sprintf("<b>Withdraw from Coinhive</b>\nUser: <b>%s</b>\nAmount: %s hashes\nBalance: %s → <b>%s</b> hashes",
		bot.Escape(name), count(amount), count(u.Balance), count(u.Balance-amount))
	return s.Control.Propose(ctx, r, "ch_withdraw", withdrawParams{Name: name, Amount: amount}, preview)
}

// executeWithdraw sends the confirmed withdrawal, once.
func (s *Site) executeWithdraw(ctx context.Context, raw json.RawMessage) (string, error) {
	var p withdrawParams
	if err := decodeParams(raw, &p); err != nil {
		return "", err
	}
	if s.Client == nil {
		return "", errNotConfigured
	}
	wd, err := s.Client.Withdraw(ctx, p.Name, p.Amount)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Withdrew %s hashes from %s.", count(wd.Amount), bot.Escape(p.Name)), nil
}

// decodeParams reads an action's stored parameters.
func decodeParams(raw json.RawMessage, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("coinhive action params: %w", err)
	}
	return nil
}
