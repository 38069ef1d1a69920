package pool

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"pitboss/apiclients/viabtc"
	"pitboss/bot"
)

const payoutsUsage = "Usage: /payouts [coin], such as /payouts LTC. Without a coin it shows the first one in the config."

// payoutsShown is how many payouts /payouts lists: the first page ViaBTC gives.
const payoutsShown = 20

// payouts is /payouts [coin]: the latest payouts of coin, newest first.
func (p *Pool) payouts(ctx context.Context, r *bot.Request) error {
	if p.Client == nil {
		return errNoViaBTC
	}
	coin, err := parseCoin(r.Args, p.Coins, false, payoutsUsage)
	if err != nil {
		return err
	}
	_ = r.Typing(ctx)
	page, err := p.Client.PaymentHistory(ctx, coin, viabtc.HistoryQuery{Page: 1, Limit: payoutsShown})
	if err != nil {
		return p.serviceError("payment history", err)
	}
	if len(page.Items) == 0 {
		return r.Reply(ctx, fmt.Sprintf("ViaBTC lists no %s payouts yet.", bot.Escape(coin)))
	}
	// The doc does not say in which order the list comes; the message is newest first whatever it is.
	pays := slices.Clone(page.Items)
	slices.SortStableFunc(pays, func(a, b viabtc.Payment) int { return b.Created.Compare(a.Created) })
	var sb strings.Builder
	fmt.Fprintf(&sb, "<b>ViaBTC · %s payouts</b>", bot.Escape(coin))
	if page.Total > len(pays) {
		fmt.Fprintf(&sb, " — %d of %d", len(pays), page.Total)
	}
	sb.WriteString("\n")
	for _, pay := range pays {
		fmt.Fprintf(&sb, "<code>%s</code> %s → <code>%s</code>", pay.Created.UTC().Format("2006-01-02 15:04"),
			amount(pay.Amount, coin), bot.Escape(bot.Middle(pay.Address)))
		if pay.TxID != "" {
			fmt.Fprintf(&sb, " · tx <code>%s</code>", bot.Escape(bot.Middle(pay.TxID)))
		}
		sb.WriteString("\n")
	}
	sb.WriteString("<i>Times are UTC.</i>")
	return r.Reply(ctx, sb.String())
}
