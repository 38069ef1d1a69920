package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"pitboss/metrics"
)

// buildInfo is the running binary: the version set at link time (-X main.version=…), else the module's
// version, and the commit and its date from the build's VCS stamp. It is read once.
var buildInfo = sync.OnceValue(readBuildInfo)

func readBuildInfo() metrics.Build {
	b := metrics.Build{Version: version, Commit: cmp.Or(commit, "unknown"), Date: cmp.Or(date, "unknown")}
	info, ok := debug.ReadBuildInfo()
	if !ok || commit != "" {
		if ok {
			b.GoVersion = info.GoVersion
		}
		return b
	}
	b.GoVersion = info.GoVersion
	if b.Version == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		b.Version = info.Main.Version
	}
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Commit = s.Value
		case "vcs.time":
			b.Date = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty {
		b.Commit += "-dirty"
	}
	return b
}

// versionText is what -version prints.
func versionText() string {
	b := buildInfo()
	return fmt.Sprintf("pitboss %s\ncommit %s\nbuilt %s\n%s\n", b.Version, b.Commit, b.Date, b.GoVersion)
}

// healthcheck GETs url and reports whether it answered 200: the container's HEALTHCHECK, for images
// that have no curl.
func healthcheck(ctx context.Context, url string, out io.Writer) int {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		fmt.Fprintln(out, "healthcheck:", err)
		return 1
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintln(out, "healthcheck:", err)
		return 1
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(out, "healthcheck: %s\n%s\n", resp.Status, body)
		return 1
	}
	return 0
}

// loopStartGrace is how long after taking the lease the loops may take to go round for the first time.
const loopStartGrace = 10 * time.Second

// health is what GET /healthz answers.
type health struct {
	Status   string         `json:"status"` // "ok" or "failing"
	Role     string         `json:"role"`   // "active", or "standby" while another process holds the lease
	Version  string         `json:"version"`
	Telegram *loopHealth    `json:"telegram,omitempty"`
	Sender   *loopHealth    `json:"sender,omitempty"`
	Store    componentState `json:"store"`
	Sources  []sourceHealth `json:"sources"`
}

type componentState struct {
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

type loopHealth struct {
	OK       bool       `json:"ok"`
	Last     *time.Time `json:"last_round,omitempty"`
	LastOK   *time.Time `json:"last_answer,omitempty"`
	Problem  string     `json:"problem,omitempty"`
	Interval string     `json:"stuck_after,omitempty"`
}

type sourceHealth struct {
	Name        string     `json:"name"`
	LastSuccess *time.Time `json:"last_success,omitempty"`
	LastPoll    *time.Time `json:"last_poll,omitempty"`
	Failures    int        `json:"failures"`
}

func stamp(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

// healthz answers 200 while the store answers and, on the active process, the Telegram loop and the
// sender go round; 503 otherwise. Each source's last success is there to read, but a source that is down
// is the farm's trouble, not pitboss's, and does not fail the check.
func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	h := health{Status: "ok", Role: a.role(), Version: buildInfo().Version, Store: componentState{OK: true}, Sources: []sourceHealth{}}
	if err := a.store.Ping(ctx); err != nil {
		h.Store = componentState{Error: err.Error()}
		h.Status = "failing"
	}
	if h.Role == "active" {
		now, stuck := time.Now(), a.bot.StuckAfter()
		bh := a.bot.Health()
		// The loops start a moment after the lease is taken: one that has not gone round yet is starting.
		starting := now.Sub(time.Unix(0, a.activeSince.Load())) < loopStartGrace
		tg := &loopHealth{OK: bh.Polling && now.Sub(bh.LastPoll) < stuck || starting && bh.LastPoll.IsZero(),
			Last: stamp(bh.LastPoll), LastOK: stamp(bh.LastPollOK), Interval: stuck.String()}
		if !tg.OK {
			tg.Problem = "the Telegram loop is not going round"
		}
		snd := &loopHealth{OK: bh.Sending && now.Sub(bh.LastSendRun) < stuck || starting && bh.LastSendRun.IsZero(),
			Last: stamp(bh.LastSendRun), Interval: stuck.String()}
		if !snd.OK {
			snd.Problem = "the sender is not going round"
		}
		h.Telegram, h.Sender = tg, snd
		if !tg.OK || !snd.OK {
			h.Status = "failing"
		}
	}
	for _, l := range a.monitor.All() {
		h.Sources = append(h.Sources, sourceHealth{Name: l.Source, LastSuccess: stamp(l.At), LastPoll: stamp(l.LastPoll), Failures: l.Failures})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if h.Status != "ok" {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(h)
}
