package pool

import (
	"context"
	"fmt"
	"strings"
	"time"

	"pitboss/apiclients/viabtc"
	"pitboss/bot"
	"pitboss/units"
)

const poolUsage = "Usage: /pool [coin], such as /pool LTC. Without a coin it shows the first one in the config."

// summary is /pool [coin]: the hashrate and workers from the latest poll, the rest (profit, balance)
// asked of ViaBTC, which the poller does not read.
func (p *Pool) summary(ctx context.Context, r *bot.Request) error {
	if p.Client == nil {
		return errNoViaBTC
	}
	coin, err := parseCoin(r.Args, p.Coins, false, poolUsage)
	if err != nil {
		return err
	}
	_ = r.Typing(ctx)
	rate, polled, err := p.hashrate(ctx, coin)
	if err != nil {
		return p.serviceError("hashrate", err)
	}
	today, err := p.Client.Profit(ctx, coin)
	if err != nil {
		return p.serviceError("profit", err)
	}
	yesterday, err := p.yesterday(ctx, coin)
	if err != nil {
		return p.serviceError("profit history", err)
	}
	acct, err := p.Client.Account(ctx)
	if err != nil {
		return p.serviceError("account", err)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "<b>ViaBTC · %s</b>\n", bot.Escape(coin))
	fmt.Fprintf(&sb, "Hashrate: %s (10 min) · %s (1 h) · %s (24 h)\n", units.FormatHashrate(rate.Hashrate10Min),
		units.FormatHashrate(rate.Hashrate1Hour), units.FormatHashrate(rate.Hashrate24Hour))
	fmt.Fprintf(&sb, "Workers: %d active, %d inactive\n", rate.ActiveWorkers, rate.InactiveWorkers)
	fmt.Fprintf(&sb, "Profit: %s today · %s yesterday\n", amount(today.Total, coin), yesterday)
	fmt.Fprintf(&sb, "Balance: %s\n", amount(balance(acct, coin), coin))
	if polled.IsZero() {
		sb.WriteString("<i>Hashrate just asked of ViaBTC: the poller has not read it yet.</i>")
	} else {
		fmt.Fprintf(&sb, "<i>Hashrate and workers as polled %s ago.</i>", units.FormatDuration(p.Now().Sub(polled)))
	}
	return r.Reply(ctx, sb.String())
}

// hashrate is coin's hashrate from the poller's latest observation, and when it was taken; when the
// poller has none for coin, it is asked of ViaBTC and the time is zero.
func (p *Pool) hashrate(ctx context.Context, coin string) (viabtc.Hashrate, time.Time, error) {
	if l, ok := p.Sources.Latest(source); ok && l.Observation != nil {
		rates, _ := l.Observation.Detail.([]viabtc.Hashrate)
		for _, h := range rates {
			if strings.EqualFold(h.Coin, coin) {
				return h, l.At, nil
			}
		}
	}
	h, err := p.Client.Hashrate(ctx, coin)
	return h, time.Time{}, err
}

// beijing is where ViaBTC cuts its days, unless asked for UTC: /profit's "today" is a Beijing day, so
// "yesterday" is one too.
func beijing() *time.Location { return time.FixedZone("UTC+8", 8*60*60) }

// yesterday is what coin earned the day before today, or "none listed" when ViaBTC lists no such day.
func (p *Pool) yesterday(ctx context.Context, coin string) (string, error) {
	day := p.Now().In(beijing()).AddDate(0, 0, -1)
	page, err := p.Client.ProfitHistory(ctx, coin, viabtc.HistoryQuery{Start: day, End: day})
	if err != nil {
		return "", err
	}
	for _, row := range page.Items {
		if row.Date == day.Format(time.DateOnly) {
			return amount(row.Total, coin), nil
		}
	}
	return "none listed", nil
}

// balance is coin's unpaid balance; "" when the account lists none.
func balance(acct viabtc.Account, coin string) viabtc.Decimal {
	for _, b := range acct.Balances {
		if strings.EqualFold(b.Coin, coin) {
			return b.Amount
		}
	}
	return ""
}
