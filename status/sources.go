// Package status is the chat's view of the services pitboss watches: /sources asks each whether it answers
// now, and says how its polls have gone. The farm's own state (/status and the rig commands) is package farm.
package status

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"pitboss/apiclients/coinhive"
	"pitboss/apiclients/hiveauth"
	"pitboss/apiclients/hiveos"
	"pitboss/apiclients/viabtc"
	"pitboss/bot"
	"pitboss/monitor"
	"pitboss/store"
	"pitboss/units"
)

// Service is one service /sources lists: its source, or nil when the config leaves it off.
type Service struct {
	Title  string
	Source monitor.Source
}

// Latest is what the status commands need of the monitor.
type Latest interface {
	Latest(name string) (monitor.Latest, bool)
}

// Status registers /sources.
type Status struct {
	Services []Service
	Monitor  Latest
	Log      *slog.Logger
	Now      func() time.Time
}

// Register adds the commands.
func (s *Status) Register(rt *bot.Router) {
	if s.Log == nil {
		s.Log = slog.New(slog.DiscardHandler)
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	rt.Command(bot.Command{Name: "sources", Help: "the services pitboss watches, and whether they answer", Role: store.RoleViewer, Handle: s.sources})
}

// checkTimeout bounds each service's check; they run at once, so /sources answers within it.
const checkTimeout = 10 * time.Second

// sources asks every configured service at once and shows which answer, and how the polls have gone.
func (s *Status) sources(ctx context.Context, r *bot.Request) error {
	if err := r.Typing(ctx); err != nil {
		s.Log.Debug("typing indicator failed", "error", err)
	}
	lines := make([]string, len(s.Services))
	var wg sync.WaitGroup
	for i, svc := range s.Services {
		if svc.Source == nil {
			lines[i] = fmt.Sprintf("⚪ <b>%s</b> — off (no credentials)", bot.Escape(svc.Title))
			continue
		}
		wg.Go(func() { lines[i] = s.check(ctx, svc) })
	}
	wg.Wait()
	return r.Reply(ctx, "<b>Sources</b>\n"+strings.Join(lines, "\n"))
}

// check is one service's line: whether it answers now, what it holds, and its polls.
func (s *Status) check(ctx context.Context, svc Service) string {
	cctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	start := s.Now()
	obs, err := svc.Source.Poll(cctx, start)
	took := s.Now().Sub(start).Round(time.Millisecond)
	if err == nil && obs.Problem != nil {
		err = obs.Problem
	}
	title := bot.Escape(svc.Title)
	var line string
	if err != nil {
		s.Log.Warn("source check failed", "source", svc.Title, "error", err)
		line = fmt.Sprintf("🔴 <b>%s</b> — %s", title, bot.Escape(explain(cctx, err)))
	} else {
		line = fmt.Sprintf("🟢 <b>%s</b> — answers in %s", title, took)
		if obs.Summary != "" {
			line += "; " + bot.Escape(obs.Summary)
		}
	}
	return line + s.pollLine(svc.Source.Name())
}

// pollLine says how the scheduled polls of the source have gone.
func (s *Status) pollLine(name string) string {
	if s.Monitor == nil {
		return ""
	}
	l, ok := s.Monitor.Latest(name)
	if !ok || l.LastPoll.IsZero() {
		return ""
	}
	ago := units.FormatDuration(s.Now().Sub(l.LastPoll))
	if l.Failures > 0 {
		return fmt.Sprintf("\n    last poll %s ago failed (%d in a row)", ago, l.Failures)
	}
	return fmt.Sprintf("\n    last poll %s ago", ago)
}

// explain is what the chat shows of a client's error: its class, in words a miner can act on. The
// error chain itself (URLs, addresses, transport details) is for the log only.
func explain(ctx context.Context, err error) string {
	switch {
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		return fmt.Sprintf("no answer within %s", units.FormatDuration(checkTimeout))
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, hiveos.ErrUnavailable):
		return "no answer (unreachable, timing out, or failing on its side)"
	case errors.Is(err, viabtc.ErrIPNotAllowed), errors.Is(err, viabtc.ErrForbidden):
		return "refuses this machine's IP address: add it to the pool's API whitelist"
	case errors.Is(err, viabtc.ErrInvalidTonce):
		return "refuses our timestamps: check this machine's clock"
	case errors.Is(err, hiveos.ErrAuth), errors.Is(err, coinhive.ErrInvalidSecret), errors.Is(err, viabtc.ErrInvalidAPIKey),
		errors.Is(err, viabtc.ErrSignature), errors.Is(err, hiveauth.ErrInvalidCredentials):
		return "refuses our credentials: check the keys in the config"
	case errors.Is(err, hiveos.ErrBadAnswer):
		return "answers, but not with data pitboss can read"
	}
	return "answers with an error (the details are in the log)"
}
