package monitor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"pitboss/alerts"
	"pitboss/store"
)

// Store is what the monitor needs of the database.
type Store interface {
	Users(ctx context.Context) ([]store.User, error)
	Thresholds(ctx context.Context) ([]store.Threshold, error)
	Mutes(ctx context.Context, userID uint, now time.Time) ([]store.Mute, error)
	AlertStates(ctx context.Context, source string) (map[uint]map[alerts.Key]alerts.State, error)
	Rigs(ctx context.Context, source string) ([]store.RigFact, error)
	RigHashrates(ctx context.Context, source string, since time.Time) (map[string][]store.RateSample, error)
	SaveCycle(ctx context.Context, c store.Cycle) error
}

// Notifier is woken after a cycle queued messages: the sender.
type Notifier interface{ Notify() }

// Notice is what one cycle has to tell one user about one source.
type Notice struct {
	User        store.User
	Source      string // the source's name, "hiveos"
	Title       string // as the chat calls it, "Hive OS"
	Names       map[string]string
	Transitions []alerts.Transition
	At          time.Time
}

// Renderer turns a notice into the messages that tell it (split to Telegram's limits, with buttons).
type Renderer interface {
	Render(n Notice) []store.OutboxMessage
}

// Rules are the alerting settings every user shares: the config's [alerts].
type Rules struct {
	Defaults        alerts.Limits
	For             time.Duration
	Repeat          time.Duration
	SourceDownAfter int
}

// Options configure a Monitor. Store and Renderer are required.
type Options struct {
	Store    Store
	Renderer Renderer
	Notifier Notifier // nil: nobody to wake
	Rules    Rules
	Log      *slog.Logger
	Now      func() time.Time
	// Grace is how long polls in progress may finish once shutdown begins; default 5 s.
	Grace time.Duration
	// Retention, when set, rolls up and prunes history every hour; Store must then be a RetentionStore.
	Retention Retention
	// Counter counts polls and stored readings; nil counts nothing.
	Counter Counter
}

// Counter counts what the monitor does, for the metrics.
type Counter interface {
	Polled(source string, took time.Duration, err error)
	Stored(readings int)
}

// Scheduled is a source with its cron schedule ("@every 1m", "*/5 * * * *").
type Scheduled struct {
	Source Source
	Spec   string
}

// Monitor polls its sources and keeps their latest state.
type Monitor struct {
	opts    Options
	log     *slog.Logger
	now     func() time.Time
	sources []*watched
	byName  map[string]*watched

	mu    sync.Mutex // guards what follows, which a reload changes while polls run
	rules Rules
	cron  *cron.Cron // nil unless Run is running
	job   func(*watched) cron.Job
}

// watched is one source with everything the monitor keeps of it.
type watched struct {
	src Source

	// Guarded by the monitor's mu.
	spec     string
	schedule cron.Schedule
	timeout  time.Duration
	entry    cron.EntryID

	run sync.Mutex // one cycle at a time, whoever starts it

	mu        sync.Mutex
	latest    Latest
	failures  int
	downSince time.Time
	facts     *facts // nil until loaded
}

// New checks the schedules and builds a monitor. It does no I/O.
func New(opts Options, sources ...Scheduled) (*Monitor, error) {
	if opts.Store == nil || opts.Renderer == nil {
		return nil, errors.New("monitor: a store and a renderer are required")
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Grace <= 0 {
		opts.Grace = 5 * time.Second
	}
	m := &Monitor{opts: opts, log: opts.Log, now: opts.Now, byName: map[string]*watched{}, rules: opts.Rules}
	for _, s := range sources {
		sched, err := cron.ParseStandard(s.Spec)
		if err != nil {
			return nil, fmt.Errorf("monitor: %s schedule %q: %w", s.Source.Name(), s.Spec, err)
		}
		w := &watched{src: s.Source, spec: s.Spec, schedule: sched, timeout: pollTimeout(sched, opts.Now()),
			latest: Latest{Source: s.Source.Name(), Title: s.Source.Title()}}
		m.sources = append(m.sources, w)
		m.byName[s.Source.Name()] = w
	}
	return m, nil
}

// pollTimeout bounds one poll: well under the interval to the next, so that polls never pile up.
func pollTimeout(s cron.Schedule, now time.Time) time.Duration {
	next := s.Next(now)
	interval := s.Next(next).Sub(next)
	return min(max(interval*8/10, time.Second), 2*time.Minute)
}

// Run polls every source at once, then on its schedule, until ctx ends; then it stops the scheduler and
// lets polls in progress finish within the grace period.
func (m *Monitor) Run(ctx context.Context) error {
	jobs, cancelJobs := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelJobs()
	logger := cronLogger{m.log}
	chain := cron.NewChain(cron.SkipIfStillRunning(logger), cron.Recover(logger))
	c := cron.New(cron.WithLogger(logger))
	var first sync.WaitGroup
	if m.opts.Retention.RawDays > 0 {
		sched, err := cron.ParseStandard(retentionSpec)
		if err != nil {
			return err
		}
		job := chain.Then(cron.FuncJob(func() { m.retain(jobs) }))
		c.Schedule(sched, job)
		first.Add(1)
		go func() {
			defer first.Done()
			job.Run() // history left from before a restart is rolled up now, not in an hour
		}()
	}
	m.mu.Lock()
	m.cron = c
	m.job = func(w *watched) cron.Job { return chain.Then(cron.FuncJob(func() { m.cycle(jobs, w) })) }
	for _, w := range m.sources {
		job := m.job(w)
		w.entry = c.Schedule(w.schedule, job)
		first.Add(1)
		go func() {
			defer first.Done()
			job.Run()
		}()
	}
	m.mu.Unlock()
	c.Start()
	<-ctx.Done()
	m.mu.Lock()
	m.cron = nil
	m.mu.Unlock()
	stopped := c.Stop()
	done := make(chan struct{})
	go func() { <-stopped.Done(); first.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(m.opts.Grace):
		m.log.Warn("polls still running after the grace period; cancelling them", "grace", m.opts.Grace)
		cancelJobs()
		<-done
	}
	return nil
}

// Poll runs one cycle of the named source now, as the scheduler would; tests and the demo call it.
func (m *Monitor) Poll(ctx context.Context, name string) error {
	w, ok := m.byName[name]
	if !ok {
		return fmt.Errorf("monitor: no source %q", name)
	}
	return m.cycle(ctx, w)
}

// cronLogger writes cron's own messages (a recovered panic, a skipped run) to the log.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "error", err)...)
}
