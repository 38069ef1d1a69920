package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"pitboss/bot"
	"pitboss/store"
)

// App is pitboss assembled: the store, the bot and the health endpoint. main builds one from the
// config; end-to-end tests build one the same way on a temp database against the simulators.
type App struct {
	cfg    *Config
	log    *slog.Logger
	store  *store.Store
	svc    *services
	bot    *bot.Bot
	health *http.Server
	ln     net.Listener
}

// appHooks lets tests add to what main builds. main passes the zero value.
type appHooks struct {
	commands   []bot.Command
	callbacks  []bot.Callback
	httpClient *http.Client
	now        func() time.Time
}

// newApp opens the database, brings the config's users into it, and connects to Telegram.
func newApp(ctx context.Context, cfg *Config, log *slog.Logger, hooks appHooks) (*App, error) {
	st, err := store.Open(ctx, cfg.Database.Path, store.Options{Now: hooks.now})
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, log: log, store: st}
	if err := st.SyncConfigUsers(ctx, cfg.Telegram.Admins, cfg.Telegram.Viewers); err != nil {
		a.Close()
		return nil, fmt.Errorf("adding the config's users: %w", err)
	}
	if len(cfg.Telegram.Admins) == 0 {
		log.Warn("no admins configured: send /start to the bot to learn your Telegram id, then add it to telegram.admins")
	}
	svc, err := newServices(cfg, hooks.httpClient)
	if err != nil {
		a.Close()
		return nil, err
	}
	a.svc = svc
	a.bot, err = bot.New(ctx, bot.Options{
		Token: cfg.Telegram.Token, Endpoint: cfg.Telegram.APIEndpoint, HTTPClient: hooks.httpClient,
		Store: st, Log: log.With("component", "bot"), Now: hooks.now,
		DefaultZone: cfg.Reports.Timezone,
		Sources:     svc.sources(), Commands: hooks.commands, Callbacks: hooks.callbacks,
	})
	if err != nil {
		a.Close()
		return nil, err
	}
	if cfg.HTTP.Listen != "" {
		if a.ln, err = net.Listen("tcp", cfg.HTTP.Listen); err != nil {
			a.Close()
			return nil, fmt.Errorf("http.listen: %w", err)
		}
		a.health = &http.Server{Handler: a.healthHandler(), ReadHeaderTimeout: 5 * time.Second}
	}
	return a, nil
}

// Run serves until ctx ends, then shuts down in order: the bot stops taking updates and lets its
// handlers finish, then the health endpoint stops. The store stays open until Close.
func (a *App) Run(ctx context.Context) error {
	a.log.Info("pitboss started", "bot", "@"+a.bot.Username(), "database", a.cfg.Database.Path)
	if a.health != nil {
		go func() {
			if err := a.health.Serve(a.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				a.log.Error("health endpoint stopped", "error", err)
			}
		}()
	}
	err := a.bot.Run(ctx)
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
