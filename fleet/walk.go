package fleet

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"pitboss/apiclients/hiveos2"
	"pitboss/bot"
)

// The /fs walk-through: the farm (when there are several), the workers (toggles, then Next), then the
// flight sheet, which proposes the change. The choices are kept in memory, one walk-through per chat; they
// end with the proposal, a cancel, or after draftTTL.

const draftTTL = 15 * time.Minute

// maxWorkerButtons bounds the worker toggles: past them the one-line form is the way.
const maxWorkerButtons = 45

type draft struct {
	bot.Draft
	workers []worker
	farms   []string // farm names, when there are several to choose from
	farm    string   // the chosen farm
	picked  []int64
	sheets  []hiveos2.FlightSheet // the chosen farm's, once the workers are picked
}

// startWalk asks the first question: which farm, or which workers.
func (f *Fleet) startWalk(ctx context.Context, r *bot.Request) error {
	all, _, err := f.workers([]string{"all"})
	if err != nil {
		return err
	}
	dr := &draft{workers: all}
	for _, g := range byFarm(all) {
		dr.farms = append(dr.farms, g[0].Farm)
	}
	if len(dr.farms) == 1 {
		dr.farm = dr.farms[0]
	}
	if dr.farm != "" && len(all) > maxWorkerButtons {
		return bot.UserErrorf("This farm has %d workers, too many to pick with buttons. Name them instead.\n%s", len(all), fsUsage)
	}
	text, kb := dr.render()
	return f.drafts.Ask(ctx, r, dr, f.Now().Add(draftTTL), text, kb...)
}

// walkStep is a button of the walk-through: "fw:f:<i>" picks a farm, "fw:t:<worker>" toggles a worker,
// "fw:all", "fw:next", "fw:s:<sheet id>" picks the sheet, "fw:x" cancels.
func (f *Fleet) walkStep(ctx context.Context, r *bot.Request) error {
	d, unlock, err := f.drafts.Step(ctx, r, f.Now(), "This question has expired: send /fs again.")
	if d == nil {
		return err
	}
	defer unlock()
	key := r.Chat.ID
	verb, value, _ := strings.Cut(r.Args, ":")
	switch verb {
	case "x":
		f.drafts.Drop(key)
		return r.Edit(ctx, "Flight sheet: cancelled, nothing was changed.")
	case "f":
		i, err := strconv.Atoi(value)
		if err != nil || i < 0 || i >= len(d.farms) {
			return r.Answer(ctx, "This button is no longer in use.", false)
		}
		if n := len(d.farmWorkers(d.farms[i])); n > maxWorkerButtons {
			f.drafts.Drop(key)
			return r.Edit(ctx, fmt.Sprintf("Farm %s has %d workers, too many to pick with buttons. Name them instead.\n%s",
				bot.Escape(d.farms[i]), n, fsUsage))
		}
		d.farm = d.farms[i]
	case "t":
		id, _ := strconv.ParseInt(value, 10, 64)
		if i := slices.Index(d.picked, id); i >= 0 {
			d.picked = slices.Delete(d.picked, i, i+1)
		} else if slices.ContainsFunc(d.farmWorkers(d.farm), func(w worker) bool { return w.WorkerID == id }) {
			d.picked = append(d.picked, id)
		}
	case "all":
		d.picked = nil
		for _, w := range d.farmWorkers(d.farm) {
			d.picked = append(d.picked, w.WorkerID)
		}
	case "next":
		if len(d.picked) == 0 {
			return r.Answer(ctx, "Pick at least one worker.", false)
		}
		ws := d.chosen()
		_ = r.Answer(ctx, "", false)
		sheets, err := f.Client.FlightSheets(ctx, ws[0].FarmID)
		if err != nil {
			return f.serviceError(err)
		}
		if len(sheets) == 0 {
			f.drafts.Drop(key)
			return r.Edit(ctx, "Farm "+bot.Escape(d.farm)+" has no flight sheets.")
		}
		d.sheets = sheets
	case "s":
		id, err := strconv.ParseInt(value, 10, 64)
		if err != nil || d.sheets == nil {
			return r.Answer(ctx, "This button is no longer in use.", false)
		}
		f.drafts.Drop(key)
		_ = r.Answer(ctx, "", false)
		p, preview, err := f.planFS(ctx, d.chosen(), func(sheets []hiveos2.FlightSheet, farm string) (hiveos2.FlightSheet, error) {
			return pickSheet(sheets, strconv.FormatInt(id, 10), farm)
		})
		if err != nil {
			return err
		}
		if p.workers() == 0 {
			return r.Edit(ctx, preview+"\n\nNothing to change.")
		}
		return f.Control.Propose(ctx, r, "fs", p, preview)
	default:
		return r.Answer(ctx, "This button is no longer in use.", false)
	}
	text, kb := d.render()
	return r.Edit(ctx, text, kb...)
}

func (d *draft) farmWorkers(farm string) []worker {
	var out []worker
	for _, w := range d.workers {
		if w.Farm == farm {
			out = append(out, w)
		}
	}
	return out
}

// chosen is the picked workers, in the farm's order.
func (d *draft) chosen() []worker {
	var out []worker
	for _, w := range d.farmWorkers(d.farm) {
		if slices.Contains(d.picked, w.WorkerID) {
			out = append(out, w)
		}
	}
	return out
}

// render is the current question with its buttons.
func (d *draft) render() (string, [][]tgbotapi.InlineKeyboardButton) {
	cancel := bot.Button("✖ Cancel", "fw", "x")
	var choices []tgbotapi.InlineKeyboardButton
	switch {
	case d.farm == "":
		for i, name := range d.farms {
			choices = append(choices, bot.Button(name, "fw", "f:"+strconv.Itoa(i)))
		}
		return "<b>Flight sheet</b> — which farm?", append(bot.Grid(2, choices...), tgbotapi.NewInlineKeyboardRow(cancel))
	case d.sheets == nil:
		for _, w := range d.farmWorkers(d.farm) {
			mark := ""
			if slices.Contains(d.picked, w.WorkerID) {
				mark = "✓ "
			}
			choices = append(choices, bot.Button(mark+w.w.Name, "fw", "t:"+strconv.FormatInt(w.WorkerID, 10)))
		}
		kb := append(bot.Grid(3, choices...), tgbotapi.NewInlineKeyboardRow(bot.Button("All", "fw", "all"), bot.Button("Next ▶", "fw", "next"), cancel))
		return fmt.Sprintf("<b>Flight sheet</b> in %s — which workers? (%d picked)", bot.Escape(d.farm), len(d.picked)), kb
	}
	for _, s := range d.sheets {
		choices = append(choices, bot.Button(s.Name, "fw", "s:"+strconv.FormatInt(s.ID, 10)))
	}
	kb := append(bot.Grid(2, choices...), tgbotapi.NewInlineKeyboardRow(cancel))
	return fmt.Sprintf("<b>Flight sheet</b> for %d worker%s in %s — which sheet?", len(d.picked), plural(len(d.picked)), bot.Escape(d.farm)), kb
}
