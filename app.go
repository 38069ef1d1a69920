package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"

	"pitboss/alerting"
	"pitboss/alerts"
	"pitboss/bot"
	"pitboss/charts"
	"pitboss/control"
	"pitboss/farm"
	"pitboss/fleet"
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
	// chatBurst lets tests send many messages to one chat without waiting a second for each; the
	// simulated Telegram of those tests has its limits off.
	chatBurst int
}

// newApp opens the database, brings the config's users into it, builds the monitor and the features, and
// connects to Telegram.
func newApp(ctx context.Context, cfg *Config, log *slog.Logger, hooks appHooks) (*App, error) {
	st, err := store.Open(ctx, cfg.Database.Path, store.Options{Now: hooks.now})
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, log: log, hooks: hooks, store: st}
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
	rules := alertRules(cfg.Alerts)
	a.monitor, err = monitor.New(monitor.Options{Store: a.store, Renderer: alerting.Renderer{}, Notifier: a, Rules: rules,
		Log: log.With("component", "monitor"), Now: now,
		Retention: monitor.Retention{RawDays: cfg.History.RawDays, RollupDays: cfg.History.RollupDays}}, svc.polled...)
	if err != nil {
		return err
	}
	zone, _ := time.LoadLocation(cfg.Reports.Timezone) // checked with the config
	a.ctl = &control.Control{Store: a.store, Log: log.With("component", "control"), Now: now}
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
		Features: append(features, a.hooks.features...),
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

// Run serves until ctx ends, then shuts down in order: the bot stops taking updates and lets its handlers
// finish while the scheduler stops and lets its polls finish; then the sender delivers what it can within
// its bound; then the health endpoint stops. The store stays open until Close.
func (a *App) Run(ctx context.Context) error {
	a.log.Info("pitboss started", "bot", "@"+a.bot.Username(), "database", a.cfg.Database.Path,
		"sources", len(a.svc.polled))
	if a.health != nil {
		go func() {
			if err := a.health.Serve(a.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				a.log.Error("health endpoint stopped", "error", err)
			}
		}()
	}
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
	err = errors.Join(err, <-sent)
	if a.health != nil {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = a.health.Shutdown(sctx)
	}
	a.log.Info("pitboss stopped")
	return err
}

// Close releases what newApp opened. Call it after Run returns.
func (a *App) Close() error {
	if a.ln != nil {
		a.ln.Close() // already closed if Run served on it; still open if Run never ran
	}
	if a.svc != nil {
		a.svc.close()
	}
	return a.store.Close()
}

func (a *App) healthHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := a.store.Ping(ctx); err != nil {
			http.Error(w, "database: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	return mux
}

// v2Farm is the farm commands' API v2 side: fl when Hive OS is reached through API v2, else nil.
func v2Farm(svc *services, fl *fleet.Fleet) farm.V2 {
	if svc.hiveos2 == nil {
		return nil
	}
	return fl
}
