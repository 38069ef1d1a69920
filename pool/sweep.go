package pool

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"pitboss/apiclients/viabtc"
	"pitboss/bot"
)

const sweepUsage = "Usage: /pool_sweep &lt;coin&gt;, such as /pool_sweep BTC."

// sweepParams is a confirmed sweep: the coin, and the balance the preview showed, for the audit.
type sweepParams struct {
	Coin    string `json:"coin"`
	Balance string `json:"balance_shown"`
}

// sweep is /pool_sweep <coin>. It reads the account first, so that the preview shows the balance that
// will be settled and where it goes, and so that a sweep ViaBTC would refuse (nothing to settle, no
// address to pay) is refused here instead.
func (p *Pool) sweep(ctx context.Context, r *bot.Request) error {
	if p.Client == nil {
		return errNoViaBTC
	}
	coin, err := parseCoin(r.Args, p.Coins, true, sweepUsage)
	if err != nil {
		return err
	}
	_ = r.Typing(ctx)
	acct, err := p.Client.Account(ctx)
	if err != nil {
		return p.serviceError("account", err)
	}
	bal := balance(acct, coin)
	if bal.Float64() <= 0 {
		return bot.UserErrorf("Nothing to settle: the ViaBTC %s balance is %s.", bot.Escape(coin), amount(bal, coin))
	}
	address := withdrawAddress(acct, coin)
	if address == "" {
		return bot.UserErrorf("ViaBTC has no withdraw address for %s, so it would refuse to settle: set one on ViaBTC's site first.",
			bot.Escape(coin))
	}
	preview := fmt.Sprintf("<b>Settle the ViaBTC %s balance</b>\nAmount: <b>%s</b> (the balance now)\nTo: <code>%s</code>\n"+
		"ViaBTC settles the balance as it is when you confirm.", bot.Escape(coin), amount(bal, coin), bot.Escape(address))
	return p.Control.Propose(ctx, r, "pool_sweep", sweepParams{Coin: coin, Balance: bal.String()}, preview)
}

// withdrawAddress is where coin's payouts go; "" when the account has none.
func withdrawAddress(acct viabtc.Account, coin string) string {
	for _, a := range acct.WithdrawAddresses {
		if strings.EqualFold(a.Coin, coin) {
			return a.Address
		}
	}
	return ""
}

// executeSweep sends the confirmed sweep, once.
func (p *Pool) executeSweep(ctx context.Context, raw json.RawMessage) (string, error) {
	var sp sweepParams
	if err := json.Unmarshal(raw, &sp); err != nil {
		return "", fmt.Errorf("sweep params: %w", err)
	}
	if p.Client == nil {
		return "", errNotConfigured
	}
	res, err := p.Client.Sweep(ctx, sp.Coin)
	if err != nil {
		return "", err
	}
	if res.Balance.Float64() == 0 {
		return fmt.Sprintf("ViaBTC had nothing left to settle in %s.", bot.Escape(sp.Coin)), nil
	}
	return fmt.Sprintf("ViaBTC settled %s. /payouts lists it.", amount(res.Balance, sp.Coin)), nil
}
