package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"pitboss/alerting"
	"pitboss/alerts"
	"pitboss/bot"
	"pitboss/charts"
	"pitboss/control"
	"pitboss/farm"
	"pitboss/fleet"
	"pitboss/metrics"
	"pitboss/monitor"
	"pitboss/pool"
	"pitboss/reports"
	"pitboss/site"
	"pitboss/status"
	"pitboss/store"
	"pitboss/team"
)

// App is pitboss assembled: the store, the monitor, the bot with its features and its sender, and the
// health endpoint. main builds one from the config; end-to-end tests build one the same way on a temp
// database against the simulators.
type App struct {
	cfgMu   sync.Mutex // guards cfg, which a reload replaces
	cfg     *Config
	log     *slog.Logger
	hooks   appHooks
	store   *store.Store
	svc     *services
	monitor *monitor.Monitor
	reports *reports.Reports
	bot     *bot.Bot
	ctl     *control.Control
	health  *http.Server
	ln      net.Listener
	metrics *metrics.Metrics
	unlock  func()      // releases the SQLite file's lock
	leading atomic.Bool // this process holds the lease: it polls, sends and answers the chat
	// activeSince is when it took the lease, in Unix nanoseconds.
	activeSince atomic.Int64
}

// appHooks lets tests add to what main builds. main passes the zero value.
type appHooks struct {
	features   []bot.Feature // more commands and buttons
	httpClient *http.Client
	now        func() time.Time
	// manualPolls leaves the scheduler off: the test polls with App.monitor.Poll, on its own clock.
	manualPolls bool
	// started receives the app once it is built, before it runs.
	started func(*App)
	// leaseRetry, when set, is how often the lease is tried for and checked; tests of failover shorten it.
	leaseRetry time.Duration
	// chatBurst lets tests send many messages to one chat without waiting a second for each; the
	// simulated Telegram of those tests has its limits off.
	chatBurst int
}

// newApp opens the database, brings the config's users into it, builds the monitor and the features, and
// connects to Telegram.
func newApp(ctx context.Context, cfg *Config, log *slog.Logger, hooks appHooks) (*App, error) {
	db := databaseOf(cfg)
	unlock := func() {}
	if db.Driver != store.Postgres {
		var err error
		if unlock, err = lockDatabase(db.Path); err != nil {
			return nil, err
		}
	}
	st, err := store.OpenConfig(ctx, db, store.Options{Now: hooks.now})
	if err != nil {
		unlock()
		return nil, err
	}
	a := &App{cfg: cfg, log: log, hooks: hooks, store: st, unlock: unlock}
	if err := a.build(ctx); err != nil {
		a.Close()
		return nil, err
	}
	if hooks.started != nil {
		hooks.started(a)
	}
	return a, nil
}

func (a *App) build(ctx context.Context) error {
	cfg, log, now := a.cfg, a.log, a.hooks.now
	if now == nil {
		now = time.Now
	}
	if err := a.store.SyncConfigUsers(ctx, cfg.Telegram.Admins, cfg.Telegram.Viewers); err != nil {
		return fmt.Errorf("adding the config's users: %w", err)
	}
	if len(cfg.Telegram.Admins) == 0 {
		log.Warn("no admins configured: send /start to the bot to learn your Telegram id, then add it to telegram.admins")
	}
	svc, err := newServices(cfg, a.hooks.httpClient)
	if err != nil {
		return err
	}
	a.svc = svc
	a.metrics = metrics.New(buildInfo(), a.store, log.With("component", "metrics"), now)
	a.monitor, err = monitor.New(monitor.Options{Store: a.store, Renderer: alerting.Renderer{}, Notifier: a,
		Rules: alertRules(cfg.Alerts), Counter: a.metrics, Log: log.With("component", "monitor"), Now: now,
		Retention: monitor.Retention{RawDays: cfg.History.RawDays, RollupDays: cfg.History.RollupDays}}, svc.polled...)
	if err != nil {
		return err
	}
	zone, _ := time.LoadLocation(cfg.Reports.Timezone) // checked with the config
	rules := a.monitor                                 // the rules in force, which a reload changes
	a.ctl = &control.Control{Store: a.store, Log: log.With("component", "control"), Now: now, Counter: a.metrics}
	ctl := a.ctl
	fl := &fleet.Fleet{Client: orNil[fleet.Client](svc.hiveos2), Sources: a.monitor, Control: ctl, Legacy: svc.hiveos != nil,
		Log: log.With("component", "fleet"), Now: now}
	charter := &charts.Charts{Store: a.store, Sources: a.monitor, Rules: rules, Zone: zone, Log: log.With("component", "charts"), Now: now}
	a.reports = &reports.Reports{Store: a.store, Sources: a.monitor, Pool: orNil[reports.Pool](svc.viabtc), Charter: charter,
		Coins: cfg.ViaBTC.Coins, Notifier: a, Daily: cfg.Reports.Daily, Zone: zone, Log: log.With("component", "reports"), Now: now}
	features := []bot.Feature{
		&farm.Farm{Client: orNil[farm.HiveOS](svc.hiveos), V2: v2Farm(svc, fl), Sources: a.monitor, Store: a.store, Control: ctl,
			Rules: rules, Log: log.With("component", "farm"), Now: now},
		&alerting.Alerting{Store: a.store, Sources: a.monitor, Rules: rules, Now: now, Zone: zone},
		a.reports,
		charter,
		&site.Site{Client: orNil[site.Coinhive](svc.coinhive), Sources: a.monitor, Control: ctl, Log: log.With("component", "site"), Now: now},
		&pool.Pool{Client: orNil[pool.ViaBTC](svc.viabtc), Coins: cfg.ViaBTC.Coins, Sources: a.monitor, Control: ctl,
			Log: log.With("component", "pool"), Now: now},
		&pool.Auth{Sources: a.monitor, Now: now},
		&status.Status{Services: svc.all, Monitor: a.monitor, Log: log.With("component", "status"), Now: now},
		&team.Team{Store: a.store, Members: a.store, Log: log.With("component", "team"), Now: now, DefaultZone: cfg.Reports.Timezone},
		ctl,
	}
	if svc.hiveos2 != nil { // the API v2 commands, after the farm's: the legacy API has none of them
		features = slices.Insert(features, 1, bot.Feature(fl))
	}
	a.bot, err = bot.New(ctx, bot.Options{
		Token: cfg.Telegram.Token.Reveal(), Endpoint: cfg.Telegram.APIEndpoint, HTTPClient: a.hooks.httpClient,
		Store: a.store, Log: log.With("component", "bot"), Now: now, ChatBurst: a.hooks.chatBurst,
		Features: append(features, a.hooks.features...), Counter: a.metrics,
	})
	if err != nil {
		return err
	}
	ctl.Editor = a.bot
	if cfg.HTTP.Listen != "" {
		if a.ln, err = net.Listen("tcp", cfg.HTTP.Listen); err != nil {
			return fmt.Errorf("http.listen: %w", err)
		}
		a.health = &http.Server{Handler: a.healthHandler(), ReadHeaderTimeout: 5 * time.Second}
	}
	return nil
}

// alertRules are the config's [alerts] as the engine takes them.
func alertRules(c AlertsConfig) monitor.Rules {
	var d alerts.Limits
	if c.TempMax > 0 {
		d[alerts.TempMax] = alerts.Limit{Value: c.TempMax, Set: true}
	}
	if c.FanMax > 0 {
		d[alerts.FanMax] = alerts.Limit{Value: c.FanMax, Set: true}
	}
	if c.HashrateDrop > 0 {
		d[alerts.HashrateLow] = alerts.Limit{Value: c.HashrateDrop, Percent: true, Set: true}
	}
	d[alerts.OfflineAfter] = alerts.Limit{Value: c.OfflineAfter.Seconds(), Set: true}
	return monitor.Rules{Defaults: d, For: c.For, Repeat: c.Repeat, SourceDownAfter: c.SourceDown}
}

// Notify wakes the sender: the monitor calls it after a poll queued messages.
func (a *App) Notify() { a.bot.Sender().Notify() }

// Run serves until ctx ends. The health endpoint serves at once; the rest waits for the lease, which on
// SQLite is at once and on PostgreSQL is when no other pitboss holds it: until then this process is the
// standby. Holding it, Run polls, sends and answers the chat until ctx ends or the lease is lost (the
// database connection that holds it died, so another process may be taking over), then shuts down in
// order: the bot stops taking updates and lets its handlers finish while the scheduler stops and lets
// its polls finish; then the sender delivers what it can within its bound; then the health endpoint
// stops. The store stays open until Close. Losing the lease is an error: a supervisor restarts the
// process, which comes back as the standby.
func (a *App) Run(ctx context.Context) error {
	if a.health != nil {
		go func() {
			if err := a.health.Serve(a.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				a.log.Error("health endpoint stopped", "error", err)
			}
		}()
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = a.health.Shutdown(sctx)
		}()
	}
	lease, err := a.acquire(ctx)
	if err != nil || lease == nil {
		return err
	}
	a.activeSince.Store(time.Now().UnixNano())
	a.leading.Store(true)
	a.metrics.Leading(true)
	defer func() {
		a.leading.Store(false)
		a.metrics.Leading(false)
		if err := lease.Release(); err != nil {
			a.log.Warn("releasing the lease failed; the server releases it when the connection ends", "error", err)
		}
	}()
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	lost := make(chan struct{})
	go func() {
		select {
		case <-lease.Lost():
			a.log.Error("lost the database lease: another pitboss may be taking over; stopping")
			close(lost)
			stop()
		case <-runCtx.Done():
		}
	}()
	a.log.Info("pitboss started", "bot", "@"+a.bot.Username(), "database", databaseOf(a.current()),
		"sources", len(a.svc.polled))
	err = a.serve(runCtx)
	a.log.Info("pitboss stopped")
	select {
	case <-lost:
		return errors.Join(err, errLeaseLost)
	default:
		return err
	}
}

var errLeaseLost = errors.New("the database lease was lost")

// acquire waits for the lease; nil without an error means ctx ended first.
func (a *App) acquire(ctx context.Context) (*store.Lease, error) {
	if a.store.Driver() == store.Postgres {
		// Said once it is clear that another process holds the lease, not for the moment the first try takes.
		waiting := time.AfterFunc(time.Second, func() {
			a.log.Info("waiting for the database lease: another pitboss is active; this one is the standby until it holds the lease")
		})
		defer waiting.Stop()
	}
	lease, err := a.store.AcquireLease(ctx, a.leaseRetry())
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil
		}
		return nil, fmt.Errorf("acquiring the database lease: %w", err)
	}
	return lease, nil
}

// leaseRetry is how often the standby tries for the lease, and the active one checks it still holds it:
// what bounds a takeover.
func (a *App) leaseRetry() time.Duration {
	if a.hooks.leaseRetry > 0 {
		return a.hooks.leaseRetry
	}
	return leaseRetryDefault
}

// leaseRetryDefault bounds a takeover at about twice its length: the standby's next try after the active
// one's session ends.
const leaseRetryDefault = 5 * time.Second

// serve runs the bot, the sender and the schedules until ctx ends, then shuts them down in order.
func (a *App) serve(ctx context.Context) error {
	sendCtx, stopSending := context.WithCancel(context.WithoutCancel(ctx))
	sent := make(chan error, 1)
	go func() { sent <- a.bot.Sender().Run(sendCtx) }()

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return a.bot.Run(gctx) })
	if !a.hooks.manualPolls {
		g.Go(func() error { return a.monitor.Run(gctx) })
		g.Go(func() error { return a.reports.Run(gctx) })
		g.Go(func() error { return a.ctl.Run(gctx) })
	}
	err := g.Wait()
	stopSending()
	return errors.Join(err, <-sent)
}

// Close releases what newApp opened. Call it after Run returns.
func (a *App) Close() error {
	if a.ln != nil {
		a.ln.Close() // already closed if Run served on it; still open if Run never ran
	}
	if a.svc != nil {
		a.svc.close()
	}
	err := a.store.Close()
	a.unlock()
	return err
}

func (a *App) healthHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", a.healthz)
	mux.Handle("GET /metrics", a.metrics.Handler())
	return mux
}

// role is "active" while this process holds the lease, else "standby".
func (a *App) role() string {
	if a.leading.Load() {
		return "active"
	}
	return "standby"
}

// v2Farm is the farm commands' API v2 side: fl when Hive OS is reached through API v2, else nil.
func v2Farm(svc *services, fl *fleet.Fleet) farm.V2 {
	if svc.hiveos2 == nil {
		return nil
	}
	return fl
}
