package pool

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"pitboss/apiclients/viabtc"
	"pitboss/bot"
	"pitboss/units"
)

const workersUsage = "Usage: /workers [coin], such as /workers LTC. Without a coin it shows the first one in the config."

// workersPerPage is how many workers one /workers page lists; more get ◀ ▶ buttons.
const workersPerPage = 20

// The worker list is read whole, a hundred at a time, up to maxWorkerPages: ViaBTC cannot sort by
// status, and asking it to filter by status is a parameter its doc does not list. Reading all of them
// puts the inactive ones first across every page, whatever the service does.
const (
	workersPerCall = 100
	maxWorkerCalls = 50
)

// workers is /workers [coin]: every worker of coin, inactive ones first, a page at a time.
func (p *Pool) workers(ctx context.Context, r *bot.Request) error {
	if p.Client == nil {
		return errNoViaBTC
	}
	coin, err := parseCoin(r.Args, p.Coins, false, workersUsage)
	if err != nil {
		return err
	}
	text, kb, err := p.workersPage(ctx, r, coin, 0)
	if err != nil {
		return err
	}
	return r.Reply(ctx, text, kb...)
}

// workersButton is ◀ or ▶ under /workers ("workers:<coin>:<page>"): the same message shows another page,
// read afresh.
func (p *Pool) workersButton(ctx context.Context, r *bot.Request) error {
	coinText, pageText, _ := strings.Cut(r.Args, ":")
	page, err := strconv.Atoi(pageText)
	if err != nil || page < 0 || !slices.Contains(p.Coins, coinText) {
		return r.Answer(ctx, "This button is no longer in use.", false)
	}
	if p.Client == nil {
		return errNoViaBTC
	}
	text, kb, err := p.workersPage(ctx, r, coinText, page)
	if err != nil {
		return err
	}
	_ = r.Answer(ctx, "", false)
	return r.Edit(ctx, text, kb...)
}

func (p *Pool) workersPage(ctx context.Context, r *bot.Request, coin string, page int) (string, [][]tgbotapi.InlineKeyboardButton, error) {
	_ = r.Typing(ctx)
	ws, complete, err := p.allWorkers(ctx, coin)
	if err != nil {
		return "", nil, p.serviceError("workers", err)
	}
	if len(ws) == 0 {
		return fmt.Sprintf("ViaBTC lists no %s workers.", bot.Escape(coin)), nil, nil
	}
	sortWorkers(ws)
	lo, hi, page, pages := bot.Page(len(ws), workersPerPage, page)
	inactive := 0
	for _, w := range ws {
		if !w.Active() {
			inactive++
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "<b>ViaBTC · %s workers</b> — %d inactive, %d active", bot.Escape(coin), inactive, len(ws)-inactive)
	if pages > 1 {
		fmt.Fprintf(&sb, " (page %d of %d)", page+1, pages)
	}
	sb.WriteString("\n")
	now := p.Now()
	for _, w := range ws[lo:hi] {
		sb.WriteString(workerLine(w, now) + "\n")
	}
	if !complete {
		fmt.Fprintf(&sb, "<i>Only the first %d workers were read.</i>\n", len(ws))
	}
	return bot.Fit(sb.String()), workersKeyboard(coin, page, pages), nil
}

// allWorkers reads coin's workers, page after page; complete is false when it stopped at maxWorkerCalls.
func (p *Pool) allWorkers(ctx context.Context, coin string) (ws []viabtc.Worker, complete bool, err error) {
	for call := 1; call <= maxWorkerCalls; call++ {
		pg, err := p.Client.Workers(ctx, coin, viabtc.WorkerQuery{Page: call, Limit: workersPerCall})
		if err != nil {
			return nil, false, err
		}
		ws = append(ws, pg.Items...)
		if !pg.HasNext || len(pg.Items) == 0 {
			return ws, true, nil
		}
	}
	return ws, false, nil
}

// sortWorkers puts the inactive workers first, the ones that need looking at, then each kind by name.
func sortWorkers(ws []viabtc.Worker) {
	slices.SortStableFunc(ws, func(a, b viabtc.Worker) int {
		if a.Active() != b.Active() {
			if a.Active() {
				return 1
			}
			return -1
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
}

// workerLine is a worker on one line: inactive with its last share, or active with its hashrate.
func workerLine(w viabtc.Worker, now time.Time) string {
	name := "<b>" + bot.Escape(bot.Shorten(w.Name, 40)) + "</b>"
	group := ""
	if w.GroupName != "" {
		group = " · " + bot.Escape(bot.Shorten(w.GroupName, 24))
	}
	if !w.Active() {
		line := "🔴 " + name + " — inactive"
		if !w.LastActive.IsZero() {
			line += ", last share " + units.FormatDuration(now.Sub(w.LastActive)) + " ago"
		}
		return line + group
	}
	return fmt.Sprintf("🟢 %s — %s · 1 h %s · reject %.2f%%%s", name, units.FormatHashrate(w.Hashrate10Min),
		units.FormatHashrate(w.Hashrate1Hour), w.RejectRate*100, group)
}

func workersKeyboard(coin string, page, pages int) [][]tgbotapi.InlineKeyboardButton {
	if len("workers:"+coin+":") > 50 {
		return nil // a coin name no ticker has: its buttons would not fit Telegram's 64 bytes
	}
	return bot.PageButtons("workers", page, page < pages-1, func(p int) string { return coin + ":" + strconv.Itoa(p) })
}
