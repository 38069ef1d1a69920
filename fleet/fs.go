package fleet

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"pitboss/apiclients/hiveos2"
	"pitboss/bot"
	"pitboss/control"
)

const fsUsage = "Usage: /fs &lt;workers|all&gt; &lt;flight sheet&gt;\n" +
	"Workers by name or id, separated by commas (farm/name for a name two farms share); the flight sheet by " +
	"name or id. For example: /fs rig01,rig02 ETH Hiveon. /fs alone asks step by step."

// fsFarm is one farm's part of a flight sheet change: one edit of several workers.
type fsFarm struct {
	FarmID  int64    `json:"farm_id"`
	Farm    string   `json:"farm"`
	SheetID int64    `json:"fs_id"`
	Sheet   string   `json:"fs"`
	Workers []worker `json:"workers"`
}

// fsParams is what a confirmed /fs sends: per farm, the sheet and exactly the workers that change.
type fsParams struct {
	Farms []fsFarm `json:"farms"`
}

func (p fsParams) workers() int {
	n := 0
	for _, f := range p.Farms {
		n += len(f.Workers)
	}
	return n
}

// fs is /fs: with arguments it resolves them and proposes the change; without, it asks step by step.
func (f *Fleet) fs(ctx context.Context, r *bot.Request) error {
	fields := strings.Fields(r.Args)
	if len(fields) == 0 {
		return f.startWalk(ctx, r)
	}
	if len(fields) < 2 {
		return bot.UserErrorf("Say which flight sheet.\n%s", fsUsage)
	}
	return f.ProposeFS(ctx, r, fields[:1], strings.Join(fields[1:], " "))
}

// ProposeFS resolves workers and a flight sheet (name or id) and proposes applying it: /fs, and /rocket
// with fs=.
func (f *Fleet) ProposeFS(ctx context.Context, r *bot.Request, workerArgs []string, sheet string) error {
	ws, _, err := f.workers(workerArgs)
	if err != nil {
		return err
	}
	_ = r.Typing(ctx)
	p, preview, err := f.planFS(ctx, ws, func(sheets []hiveos2.FlightSheet, farm string) (hiveos2.FlightSheet, error) {
		return pickSheet(sheets, sheet, farm)
	})
	if err != nil {
		return err
	}
	if p.workers() == 0 {
		return r.Reply(ctx, preview+"\n\nNothing to change.")
	}
	return f.Control.Propose(ctx, r, "fs", p, preview)
}

// planFS reads each farm's flight sheets and its workers' current ones, picks the sheet, and returns the
// change with its preview: each worker's current → new sheet.
func (f *Fleet) planFS(ctx context.Context, ws []worker, choose func([]hiveos2.FlightSheet, string) (hiveos2.FlightSheet, error)) (fsParams, string, error) {
	var p fsParams
	var lines []string
	total := 0
	for _, group := range byFarm(ws) {
		farm := group[0]
		sheets, err := f.Client.FlightSheets(ctx, farm.FarmID)
		if err != nil {
			return p, "", f.serviceError(err)
		}
		sheet, err := choose(sheets, farm.Farm)
		if err != nil {
			return p, "", err
		}
		current, err := f.Client.Workers(ctx, farm.FarmID, hiveos2.WorkerFilter{})
		if err != nil {
			return p, "", f.serviceError(err)
		}
		part := fsFarm{FarmID: farm.FarmID, Farm: farm.Farm, SheetID: sheet.ID, Sheet: sheet.Name}
		lines = append(lines, fmt.Sprintf("<b>%s</b> → flight sheet <b>%s</b> (#%d)", bot.Escape(farm.Farm), bot.Escape(sheet.Name), sheet.ID))
		for _, w := range group {
			total++
			i := slices.IndexFunc(current, func(c hiveos2.Worker) bool { return c.ID == w.WorkerID })
			if i < 0 {
				lines = append(lines, "• "+bot.Escape(w.Name)+": no longer in the farm, left out")
				continue
			}
			from := "none"
			if fs := current[i].FlightSheet; fs != nil {
				from = cmp.Or(fs.Name, "#"+strconv.FormatInt(fs.ID, 10))
				if fs.ID == sheet.ID {
					lines = append(lines, "• "+bot.Escape(w.Name)+": already on it, nothing changes")
					continue
				}
			}
			lines = append(lines, fmt.Sprintf("• %s: %s → <b>%s</b>", bot.Escape(w.Name), bot.Escape(from), bot.Escape(sheet.Name)))
			part.Workers = append(part.Workers, worker{FarmID: w.FarmID, Farm: w.Farm, WorkerID: w.WorkerID, Name: w.Name})
		}
		if len(part.Workers) > 0 {
			p.Farms = append(p.Farms, part)
		}
	}
	head := fmt.Sprintf("<b>Flight sheet for %d worker%s</b>", total, plural(total))
	return p, head + "\n" + strings.Join(lines, "\n"), nil
}

// pickSheet finds a flight sheet among a farm's (its own and its owner's) by id, by name in any case, or
// by the unique start of a name.
func pickSheet(sheets []hiveos2.FlightSheet, arg, farm string) (hiveos2.FlightSheet, error) {
	arg = strings.TrimSpace(arg)
	s, prefixed, ok := bot.Pick(sheets, arg, func(s hiveos2.FlightSheet) (string, string) { return strconv.FormatInt(s.ID, 10), s.Name })
	list := func(ss []hiveos2.FlightSheet) string {
		ns := make([]string, len(ss))
		for i, s := range ss {
			ns[i] = bot.Quote(s.Name)
		}
		return bot.Few(ns, 12)
	}
	switch {
	case ok:
		return s, nil
	case len(prefixed) > 1:
		return s, bot.UserErrorf("%s could be the flight sheet %s: say which.", bot.Quote(arg), list(prefixed))
	case len(sheets) == 0:
		return s, bot.UserErrorf("Farm %s has no flight sheets.", bot.Escape(farm))
	}
	return s, bot.UserErrorf("Farm %s has no flight sheet %s. Its sheets: %s.", bot.Escape(farm), bot.Quote(arg), list(sheets))
}

// sent is one command Hive OS queued for a worker, to follow: its id comes back in the worker's messages.
type sent struct {
	FarmID   int64  `json:"farm_id"`
	WorkerID int64  `json:"worker_id"`
	Name     string `json:"name"`
	CmdID    int64  `json:"cmd_id"`
}

// follow is what a queued action waits for.
type follow struct {
	Sent []sent `json:"sent"`
}

// maxFollowed bounds the workers a follow-up asks about: each look costs a request per worker.
const maxFollowed = 25

// executeFS sends the confirmed change: one edit per farm, never retried.
func (f *Fleet) executeFS(ctx context.Context, raw json.RawMessage) (control.Result, error) {
	var p fsParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return control.Result{}, fmt.Errorf("fs params: %w", err)
	}
	if f.Client == nil {
		return control.Result{}, f.errNotV2()
	}
	var done []string
	var fl follow
	for _, part := range p.Farms {
		ids := make([]int64, len(part.Workers))
		for i, w := range part.Workers {
			ids[i] = w.WorkerID
		}
		q, err := f.Client.SetFlightSheet(ctx, part.FarmID, ids, part.SheetID)
		if err != nil {
			return control.Result{Text: strings.Join(done, "\n")}, fmt.Errorf("farm %s: %w", part.Farm, err)
		}
		done = append(done, fmt.Sprintf("%s: queued for %d worker%s.", bot.Escape(part.Farm), len(ids), plural(len(ids))))
		fl.Sent = append(fl.Sent, sentOf(q, part.FarmID, part.Workers)...)
	}
	text := fmt.Sprintf("Hive OS took the flight sheet for %d worker%s; ", p.workers(), plural(p.workers())) + whenCheckedIn(p.workers())
	if len(p.Farms) > 1 {
		text += "\n" + strings.Join(done, "\n")
	}
	return control.Result{Text: text, Follow: followOrNil(fl)}, nil
}

// sentOf pairs the commands Hive OS queued with the workers they are for.
func sentOf(q hiveos2.CommandsResponse, farmID int64, ws []worker) []sent {
	var out []sent
	for _, wc := range q.Commands {
		i := slices.IndexFunc(ws, func(w worker) bool { return w.WorkerID == wc.WorkerID })
		if i < 0 && len(ws) == 1 && wc.WorkerID == 0 {
			i = 0 // a one-worker answer may not name the worker
		}
		if i < 0 {
			continue
		}
		for _, c := range wc.Commands {
			if c.ID != 0 {
				out = append(out, sent{FarmID: farmID, WorkerID: ws[i].WorkerID, Name: ws[i].Name, CmdID: c.ID})
			}
		}
	}
	return out
}

func followOrNil(fl follow) any {
	if len(fl.Sent) == 0 {
		return nil
	}
	if len(fl.Sent) > maxFollowed {
		fl.Sent = fl.Sent[:maxFollowed]
	}
	return fl
}
