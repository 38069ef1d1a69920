package farm

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"pitboss/apiclients/hiveos"
	"pitboss/bot"
)

// The /rocket walk-through: pick rigs (toggles, then Next), then the miner, the wallet and the OC profile,
// each with "keep". The choices are kept in memory, by the message the walk-through edits; they end with
// the proposal, a cancel, or after draftTTL.

const draftTTL = 15 * time.Minute

// maxRigButtons bounds the rig toggles: past them the one-line form is the way.
const maxRigButtons = 45

type draft struct {
	bot.Draft
	cat    *catalog
	picked []string // rig ids, in the catalog's order
	step   int      // 0 rigs, 1 miner, 2 wallet, 3 OC
	args   rocketArgs
}

// startWalk asks the first question: which rigs.
func (f *Farm) startWalk(ctx context.Context, r *bot.Request) error {
	_ = r.Typing(ctx)
	cat, err := f.loadCatalog(ctx, true, true)
	if err != nil {
		return f.serviceError(err)
	}
	if len(cat.rigs) == 0 {
		return bot.UserErrorf("Hive OS lists no rigs.")
	}
	if len(cat.rigs) > maxRigButtons {
		return bot.UserErrorf("This farm has %d rigs, too many to pick with buttons. Name them instead.\n%s", len(cat.rigs), rocketUsage)
	}
	d := &draft{cat: cat}
	text, kb := d.render()
	return f.drafts.Ask(ctx, r, d, f.Now().Add(draftTTL), text, kb...)
}

// rocketStep is a button of the walk-through: "rk:t:<rig>" toggles a rig, "rk:all", "rk:next", "rk:x"
// cancels; "rk:v:<value>" answers the current question ("" keeps).
func (f *Farm) rocketStep(ctx context.Context, r *bot.Request) error {
	d, unlock, err := f.drafts.Step(ctx, r, f.Now(), "This question has expired: send /rocket again.")
	if d == nil {
		return err
	}
	defer unlock()
	key := r.Chat.ID
	verb, value, _ := strings.Cut(r.Args, ":")
	switch verb {
	case "x":
		f.drafts.Drop(key)
		return r.Edit(ctx, "multiRocket: cancelled, nothing was changed.")
	case "t":
		if i := slices.Index(d.picked, value); i >= 0 {
			d.picked = slices.Delete(d.picked, i, i+1)
		} else if slices.ContainsFunc(d.cat.rigs, func(rg hiveos.Rig) bool { return rg.ID == value }) {
			d.picked = d.ordered(append(d.picked, value))
		}
	case "all":
		d.picked = nil
		for _, rg := range d.cat.rigs {
			d.picked = append(d.picked, rg.ID)
		}
	case "next":
		if len(d.picked) == 0 {
			return r.Answer(ctx, "Pick at least one rig.", false)
		}
		d.step = 1
	case "v":
		d.answer(value)
		d.step++
	default:
		return r.Answer(ctx, "This button is no longer in use.", false)
	}
	if d.step > 3 {
		f.drafts.Drop(key)
		if d.args.miner == nil && d.args.wallet == nil && d.args.oc == nil {
			return r.Edit(ctx, "multiRocket: everything kept, nothing to change.")
		}
		d.args.rigs = d.picked
		p, err := d.cat.resolve(d.args)
		if err != nil {
			return err
		}
		return f.Control.Propose(ctx, r, "rocket", p, d.cat.preview(p))
	}
	text, kb := d.render()
	return r.Edit(ctx, text, kb...)
}

// answer records the reply to the current question: "" keeps the current setting.
func (d *draft) answer(value string) {
	if value == "" {
		return
	}
	v := value
	switch d.step {
	case 1:
		d.args.miner = &v
	case 2:
		d.args.wallet = &v
	case 3:
		d.args.oc = &v
	}
}

// ordered sorts rig ids in the catalog's order.
func (d *draft) ordered(ids []string) []string {
	var out []string
	for _, rg := range d.cat.rigs {
		if slices.Contains(ids, rg.ID) {
			out = append(out, rg.ID)
		}
	}
	return out
}

// render is the question of the current step, with its buttons.
func (d *draft) render() (string, [][]tgbotapi.InlineKeyboardButton) {
	cancel := bot.Button("✖ Cancel", "rk", "x")
	switch d.step {
	case 0:
		var toggles []tgbotapi.InlineKeyboardButton
		for _, rg := range d.cat.rigs {
			mark := ""
			if slices.Contains(d.picked, rg.ID) {
				mark = "✓ "
			}
			toggles = append(toggles, bot.Button(mark+cmp.Or(rg.Name, rg.ID), "rk", "t:"+rg.ID))
		}
		kb := append(bot.Grid(3, toggles...), tgbotapi.NewInlineKeyboardRow(bot.Button("All", "rk", "all"), bot.Button("Next ▶", "rk", "next"), cancel))
		return fmt.Sprintf("<b>multiRocket</b> — 1/4: which rigs? (%d picked)", len(d.picked)), kb
	case 1:
		var miners []string
		for _, rg := range d.cat.rigs {
			if rg.Miner != "" && !slices.Contains(miners, rg.Miner) {
				miners = append(miners, rg.Miner)
			}
		}
		slices.Sort(miners)
		choices := make([]choice, len(miners))
		for i, m := range miners {
			choices[i] = choice{m, m}
		}
		return d.question("2/4: which miner?", choices, cancel)
	case 2:
		choices := make([]choice, len(d.cat.wallets))
		for i, w := range d.cat.wallets {
			choices[i] = choice{w.Name, strconv.FormatInt(w.ID, 10)}
		}
		return d.question("3/4: which wallet?", choices, cancel)
	}
	choices := make([]choice, len(d.cat.ocs))
	for i, o := range d.cat.ocs {
		choices[i] = choice{o.Name, strconv.FormatInt(o.ID, 10)}
	}
	return d.question("4/4: which overclocking profile?", choices, cancel)
}

// choice is an answer to a question: its button's label, and the value it answers with.
type choice struct{ label, value string }

// question is a step with one button per choice, and Keep.
func (d *draft) question(q string, choices []choice, cancel tgbotapi.InlineKeyboardButton) (string, [][]tgbotapi.InlineKeyboardButton) {
	var answers []tgbotapi.InlineKeyboardButton
	for _, c := range choices {
		if len("rk:v:"+c.value) > 64 {
			continue
		}
		answers = append(answers, bot.Button(c.label, "rk", "v:"+c.value))
	}
	kb := append(bot.Grid(2, answers...), tgbotapi.NewInlineKeyboardRow(bot.Button("Keep as it is", "rk", "v:"), cancel))
	return fmt.Sprintf("<b>multiRocket</b> on %d rig%s — %s", len(d.picked), plural(len(d.picked)), q), kb
}
