// Package fleet is the chat's control of Hive OS through API v2: /farms lists the account's farms, /fs
// applies a flight sheet to workers, /reboot and /miner send worker commands. Each change is previewed and
// confirmed through control, at most once, and audited. Hive OS only queues a change for the rig's next
// check-in: the confirmation's message is updated when the rig reports back, from the worker's messages.
package fleet

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"pitboss/apiclients/hiveos2"
	"pitboss/bot"
	"pitboss/control"
	"pitboss/monitor"
	"pitboss/store"
)

// Client is what the fleet commands ask of Hive OS API v2.
type Client interface {
	Workers(ctx context.Context, farmID int64, filter hiveos2.WorkerFilter) ([]hiveos2.Worker, error)
	Wallets(ctx context.Context, farmID int64) ([]hiveos2.Wallet, error)
	FlightSheets(ctx context.Context, farmID int64) ([]hiveos2.FlightSheet, error)
	SetFlightSheet(ctx context.Context, farmID int64, workerIDs []int64, fsID int64) (hiveos2.CommandsResponse, error)
	Command(ctx context.Context, farmID int64, workerIDs []int64, cmd hiveos2.CommandRequest) (hiveos2.CommandsResponse, error)
	Messages(ctx context.Context, farmID, workerID int64, q hiveos2.MessageQuery) ([]hiveos2.WorkerMessage, error)
}

// Sources is what the fleet commands need of the monitor: the latest Hive OS poll.
type Sources interface {
	Latest(name string) (monitor.Latest, bool)
}

// Fleet registers the API v2 commands. Client is nil when Hive OS is not configured for API v2: the
// commands then say so.
type Fleet struct {
	Client  Client
	Sources Sources
	Control *control.Control
	Log     *slog.Logger
	Now     func() time.Time
	// Legacy is set when Hive OS is configured, through the legacy API.
	Legacy bool

	drafts bot.Drafts[draft, *draft] // /fs walk-throughs in progress
}

// Register adds the commands and buttons, and the actions to Control.
func (f *Fleet) Register(rt *bot.Router) {
	if f.Log == nil {
		f.Log = slog.New(slog.DiscardHandler)
	}
	if f.Now == nil {
		f.Now = time.Now
	}
	v, a := store.RoleViewer, store.RoleAdmin
	rt.Command(bot.Command{Name: "farms", Help: "the Hive OS farms watched", Role: v, Handle: f.farms})
	rt.Command(bot.Command{Name: "fs", Args: "<workers|all> <flight sheet>", Help: "apply a flight sheet to workers (asks first)", Role: a, Handle: f.fs})
	rt.Command(bot.Command{Name: "reboot", Args: "<workers|all>", Help: "reboot workers (asks first)", Role: a, Handle: f.reboot})
	rt.Command(bot.Command{Name: "miner", Args: "<restart|stop|start> <workers|all>", Help: "restart, stop or start the miner (asks first)", Role: a, Handle: f.miner})
	rt.Callback(bot.Callback{Name: "fw", Role: a, Handle: f.walkStep})
	f.Control.Add(control.Kind{Name: "fs", Execute: f.executeFS, Explain: explain, Follow: f.follow})
	f.Control.Add(control.Kind{Name: "worker_command", Execute: f.executeCommand, Explain: explain, Follow: f.follow})
}

// errNotV2 answers a command that needs Hive OS API v2.
func (f *Fleet) errNotV2() error {
	if f.Legacy {
		return bot.UserErrorf("This needs Hive OS API v2; pitboss uses the legacy API. Set api = \"v2\" and a token in [hiveos] to use it.")
	}
	return bot.UserErrorf("Hive OS is not configured: add a token to the config file ([hiveos] api = \"v2\").")
}

// latest is the latest Hive OS v2 poll: the farms and their workers, with the names the chat uses.
func (f *Fleet) latest() (*monitor.HiveOS2Detail, map[string]string, time.Time, error) {
	if f.Client == nil {
		return nil, nil, time.Time{}, f.errNotV2()
	}
	l, ok := f.Sources.Latest("hiveos")
	switch {
	case !ok:
		return nil, nil, time.Time{}, f.errNotV2()
	case l.Observation == nil && l.Err != nil:
		return nil, nil, time.Time{}, bot.UserErrorf("Hive OS has not answered yet (%d failed polls); /sources says more.", l.Failures)
	case l.Observation == nil:
		return nil, nil, time.Time{}, bot.UserErrorf("Hive OS has not been polled yet; try again in a moment.")
	}
	d, ok := l.Observation.Detail.(*monitor.HiveOS2Detail)
	if !ok {
		return nil, nil, time.Time{}, f.errNotV2()
	}
	return d, l.Names, l.At, nil
}

// worker is one worker a command names, with its farm and the name the chat shows.
type worker struct {
	FarmID   int64  `json:"farm_id"`
	Farm     string `json:"farm"`
	WorkerID int64  `json:"worker_id"`
	Name     string `json:"name"`
	w        hiveos2.Worker
}

// workers resolves a list of workers (see resolveWorkers) against the latest poll, and says when that was.
func (f *Fleet) workers(args []string) ([]worker, time.Time, error) {
	d, names, at, err := f.latest()
	if err != nil {
		return nil, at, err
	}
	ws, err := resolveWorkers(d, names, args)
	return ws, at, err
}

// resolveWorkers reads a list of workers: "all", or names or ids separated by commas or spaces. A name
// two farms share is "farm/name".
func resolveWorkers(d *monitor.HiveOS2Detail, names map[string]string, args []string) ([]worker, error) {
	var all []worker
	for _, fm := range d.Farms {
		for _, w := range fm.Workers {
			id := strconv.FormatInt(w.ID, 10)
			all = append(all, worker{FarmID: fm.Farm.ID, Farm: fm.Farm.Name, WorkerID: w.ID, Name: cmp.Or(names[id], w.Name, id), w: w})
		}
	}
	if len(all) == 0 {
		return nil, bot.UserErrorf("Hive OS lists no workers in the farms pitboss watches.")
	}
	var out []worker
	add := func(w worker) {
		if !slices.ContainsFunc(out, func(x worker) bool { return x.WorkerID == w.WorkerID }) {
			out = append(out, w)
		}
	}
	var tokens []string
	for _, a := range args {
		for t := range strings.SplitSeq(a, ",") {
			if t = strings.TrimSpace(t); t != "" {
				tokens = append(tokens, t)
			}
		}
	}
	if len(tokens) == 0 {
		return nil, bot.UserErrorf("Say which workers: names or ids, or all.")
	}
	for _, t := range tokens {
		if strings.EqualFold(t, "all") {
			for _, w := range all {
				add(w)
			}
			continue
		}
		w, err := pickWorker(all, t)
		if err != nil {
			return nil, err
		}
		add(w)
	}
	return out, nil
}

// pickWorker finds one worker as /rig finds a rig (monitor.Rigs.Match): by id, by name in any case
// ("farm/name" too), or by the unique start of a name.
func pickWorker(all []worker, arg string) (worker, error) {
	rs := monitor.Rigs{IDs: make([]string, len(all)), Names: map[string]string{}, Farms: map[string]string{}}
	byID := make(map[string]worker, len(all))
	for i, w := range all {
		id := strconv.FormatInt(w.WorkerID, 10)
		rs.IDs[i], rs.Names[id], rs.Farms[id], byID[id] = id, w.Name, w.Farm, w
	}
	ids := rs.Match(arg)
	switch len(ids) {
	case 1:
		return byID[ids[0]], nil
	case 0:
		return worker{}, bot.UserErrorf("There is no worker %s. /rigs lists them.", bot.Quote(arg))
	}
	names := make([]string, len(ids))
	for i, id := range ids {
		w := byID[id]
		names[i] = bot.Escape(w.Farm + "/" + w.w.Name)
	}
	return worker{}, bot.UserErrorf("%s could be %s: say which.", bot.Quote(arg), bot.Few(names, 12))
}

// byFarm groups workers by farm, in the order the farms first appear.
func byFarm(ws []worker) [][]worker {
	var out [][]worker
	for _, w := range ws {
		i := slices.IndexFunc(out, func(g []worker) bool { return g[0].FarmID == w.FarmID })
		if i < 0 {
			out = append(out, nil)
			i = len(out) - 1
		}
		out[i] = append(out[i], w)
	}
	return out
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// explain says why Hive OS refused a call, for the chat (HTML).
func explain(err error) string {
	var api *hiveos2.APIError
	switch {
	case errors.Is(err, hiveos2.ErrUnauthenticated):
		return "Hive OS refuses pitboss's token: check hiveos.token in the config."
	case errors.Is(err, hiveos2.ErrTwoFARequired):
		return "Hive OS asks for a two-factor code: use a personal API token, which needs none."
	case errors.Is(err, hiveos2.ErrRateLimited):
		return "Hive OS is limiting pitboss's requests just now, and nothing was changed. Try again in a minute."
	case errors.Is(err, hiveos2.ErrNotFound):
		return "Hive OS does not know that worker any more (removed, or moved to another farm?), and nothing was changed there."
	case errors.As(err, &api) && len(api.Fields) > 0:
		var parts []string
		for field, msgs := range api.Fields {
			parts = append(parts, field+": "+strings.Join(msgs, " "))
		}
		slices.Sort(parts)
		return "Hive OS refused it: " + bot.Escape(strings.Join(parts, "; "))
	case errors.As(err, &api) && api.Message != "":
		return "Hive OS refused it: " + bot.Escape(api.Message)
	case errors.Is(err, hiveos2.ErrUnavailable):
		return "Hive OS did not answer, and nothing was changed. Try again later."
	}
	return ""
}

// serviceError is what a command shows when a Hive OS call it made failed.
func (f *Fleet) serviceError(err error) error {
	return bot.ServiceError(f.Log, "Hive OS", explain, err)
}

// farmsLine names the farms of a list of workers: "Main" or "Main and Garage".
func farmsLine(groups [][]worker) string {
	var names []string
	for _, g := range groups {
		names = append(names, bot.Escape(g[0].Farm))
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// workersNoun is "rig01" or "3 workers".
func workersNoun(ws []worker) string {
	if len(ws) == 1 {
		return bot.Escape(ws[0].Name)
	}
	return fmt.Sprintf("%d workers", len(ws))
}
