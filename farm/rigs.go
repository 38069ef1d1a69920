package farm

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"pitboss/alerts"
	"pitboss/bot"
	"pitboss/monitor"
	"pitboss/units"
)

// rigsPerPage is how many rigs one /rigs page lists; more get ◀ ▶ buttons.
const rigsPerPage = 20

// rigs lists every rig on one line each, from the monitor's latest state.
func (f *Farm) rigs(ctx context.Context, r *bot.Request) error {
	text, kb, err := f.rigsText(0)
	if err != nil {
		return err
	}
	return r.Reply(ctx, text, kb...)
}

// rigsPage is ◀ or ▶ under /rigs ("rigs:<page>"): the same message shows another page.
func (f *Farm) rigsPage(ctx context.Context, r *bot.Request) error {
	page, err := strconv.Atoi(r.Args)
	if err != nil || page < 0 {
		return r.Answer(ctx, "This button is no longer in use.", false)
	}
	text, kb, err := f.rigsText(page)
	if err != nil {
		return err
	}
	_ = r.Answer(ctx, "", false)
	return r.Edit(ctx, text, kb...)
}

func (f *Farm) rigsText(page int) (string, [][]tgbotapi.InlineKeyboardButton, error) {
	fv, l, ok := f.latestFarm()
	if !ok {
		return "", nil, noData(l)
	}
	rigs := sortedRigs(fv)
	lo, hi, page, pages := bot.Page(len(rigs), rigsPerPage, page)
	now := f.Now()
	var sb strings.Builder
	fmt.Fprintf(&sb, "<b>Rigs</b> — %d, data %s old", len(rigs), units.FormatDuration(now.Sub(fv.at)))
	if pages > 1 {
		fmt.Fprintf(&sb, " (page %d of %d)", page+1, pages)
	}
	sb.WriteString("\n")
	for _, rg := range rigs[lo:hi] {
		sb.WriteString(rigLine(fv, rg, now) + "\n")
	}
	return sb.String(), bot.PageButtons("rigs", page, page < pages-1, strconv.Itoa), nil
}

// rig shows one rig in detail. A name that fits several rigs offers them as buttons; one that fits none
// lists the closest.
func (f *Farm) rig(ctx context.Context, r *bot.Request) error {
	arg := strings.TrimSpace(r.Args)
	if arg == "" {
		return bot.UserErrorf("Usage: /rig &lt;name|id&gt;, such as /rig rig01. /rigs lists them.")
	}
	fv, l, ok := f.latestFarm()
	if !ok {
		return noData(l)
	}
	rigs := monitor.RigsOf(l).Only(fv.view.HasRig)
	matches := rigs.Match(arg)
	switch {
	case len(matches) == 1:
		return r.Reply(ctx, f.rigDetail(ctx, r, fv, matches[0]))
	case len(matches) > 1:
		var kb [][]tgbotapi.InlineKeyboardButton
		for i, id := range matches {
			if i == 12 {
				break
			}
			kb = append(kb, tgbotapi.NewInlineKeyboardRow(bot.Button(fv.name(id), "rig", id)))
		}
		return r.Reply(ctx, fmt.Sprintf("%s fits %d rigs. Which one?", bot.Quote(arg), len(matches)), kb...)
	}
	return bot.UserErrorf("There is no rig %s.%s", bot.Quote(arg), suggest(rigs.Closest(arg, 5)))
}

// rigButton is a rig picked among several ("rig:<id>").
func (f *Farm) rigButton(ctx context.Context, r *bot.Request) error {
	fv, l, ok := f.latestFarm()
	if !ok {
		return noData(l)
	}
	if !fv.view.HasRig(r.Args) {
		return r.Answer(ctx, "That rig is no longer in the farm.", true)
	}
	_ = r.Answer(ctx, "", false)
	return r.Edit(ctx, f.rigDetail(ctx, r, fv, r.Args))
}

// rigDetail is one rig: its miner(s), wallet and OC profile (asked of Hive OS), then its GPUs and last
// update (from the latest poll).
func (f *Farm) rigDetail(ctx context.Context, r *bot.Request, fv farmView, id string) string {
	now := f.Now()
	var rg alerts.RigView
	for _, x := range fv.view.Rigs {
		if x.ID == id {
			rg = x
		}
	}
	var sb strings.Builder
	sb.WriteString(rigLine(fv, rg, now) + "\n")
	sb.WriteString(f.rigSettings(ctx, r, id))
	if !rg.DataAt.IsZero() {
		fmt.Fprintf(&sb, "Last update: %s ago (id %s)\n", units.FormatDuration(now.Sub(rg.DataAt)), bot.Escape(id))
	}
	gpuRates := map[int]float64{}
	for _, rd := range fv.view.Readings {
		if rd.Rig == id && rd.Metric == alerts.GPUHashrate {
			gpuRates[rd.GPU] = rd.Value
		}
	}
	for i, g := range rg.GPUs {
		mem := ""
		if g.HasMem {
			mem = fmt.Sprintf(" · memory %g °C", g.MemTemp)
		}
		fmt.Fprintf(&sb, "GPU %d: %s%s · fan %s · %s\n", i, orDash(g.HasTemp, "%g °C", g.Temp), mem, orDash(g.HasFan, "%g %%", g.Fan),
			units.FormatHashrate(gpuRates[i]))
	}
	return sb.String()
}

func orDash(ok bool, format string, v float64) string {
	if !ok {
		return "—"
	}
	return fmt.Sprintf(format, v)
}

// rigSettings asks Hive OS for the rig's miners, wallet and OC profile; on failure it says so in a line.
func (f *Farm) rigSettings(ctx context.Context, r *bot.Request, id string) string {
	if f.V2 != nil {
		return f.V2.RigSettings(id)
	}
	if f.Client == nil {
		return ""
	}
	_ = r.Typing(ctx)
	cat, err := f.loadCatalog(ctx, false, true)
	if err != nil {
		f.Log.Warn("reading a rig's settings failed", "rig", id, "error", err)
		return "(Hive OS did not say which miner, wallet and OC profile it runs.)\n"
	}
	rig := cat.rig(id)
	miner := orNone(rig.Miner)
	if rig.Miner2 != "" {
		miner += " + " + rig.Miner2
	}
	return fmt.Sprintf("Miner: %s\nWallet: %s\nOC: %s\n", bot.Escape(miner), bot.Escape(cmp.Or(rig.WalletName, cat.walletName(rig.WalletID))),
		bot.Escape(cat.ocName(rig.OCID)))
}

// suggest offers the names near what the user typed, or /rigs.
func suggest(near []string) string {
	if len(near) == 0 {
		return " /rigs lists them."
	}
	for i, n := range near {
		near[i] = bot.Escape(n)
	}
	return " Did you mean " + strings.Join(near, ", ") + "?"
}
