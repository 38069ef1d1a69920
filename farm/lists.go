package farm

import (
	"context"
	"fmt"
	"strings"

	"pitboss/bot"
)

// wallets lists the Hive OS wallets, asked of Hive OS.
func (f *Farm) wallets(ctx context.Context, r *bot.Request) error {
	if f.V2 != nil {
		return f.V2.Wallets(ctx, r)
	}
	if f.Client == nil {
		return errNoHiveOS
	}
	_ = r.Typing(ctx)
	ws, err := f.Client.GetWallets(ctx)
	if err != nil {
		return f.serviceError(err)
	}
	if len(ws) == 0 {
		return r.Reply(ctx, "Hive OS lists no wallets.")
	}
	lines := []string{fmt.Sprintf("<b>Wallets</b> — %d", len(ws))}
	for _, w := range ws {
		lines = append(lines, WalletLine(w.ID, w.Name, w.Coin, w.Address))
	}
	return r.Reply(ctx, strings.Join(lines, "\n")+"\nUse a wallet's id or name with /rocket wallet=….")
}

// ocs lists the overclocking profiles, asked of Hive OS.
func (f *Farm) ocs(ctx context.Context, r *bot.Request) error {
	if f.V2 != nil {
		return bot.UserErrorf("pitboss lists overclocking profiles through the legacy Hive OS API only; through API v2 it applies flight sheets: /fs.")
	}
	if f.Client == nil {
		return errNoHiveOS
	}
	_ = r.Typing(ctx)
	ps, err := f.Client.GetOC(ctx)
	if err != nil {
		return f.serviceError(err)
	}
	if len(ps) == 0 {
		return r.Reply(ctx, "Hive OS lists no overclocking profiles.")
	}
	lines := []string{fmt.Sprintf("<b>Overclocking profiles</b> — %d", len(ps))}
	for _, p := range ps {
		lines = append(lines, fmt.Sprintf("<code>%d</code> %s", p.ID, bot.Escape(p.Name)))
	}
	return r.Reply(ctx, strings.Join(lines, "\n")+"\nUse a profile's id or name with /rocket oc=….")
}

// WalletLine is one wallet as /wallets lists it: its id (which /rocket takes), name, coin and a shortened
// address.
func WalletLine(id int64, name, coin, address string) string {
	line := fmt.Sprintf("<code>%d</code> %s", id, bot.Escape(name))
	if coin != "" {
		line += " · " + bot.Escape(coin)
	}
	if address != "" {
		line += " · <code>" + bot.Escape(bot.Middle(address)) + "</code>"
	}
	return line
}
