package main

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"pitboss/store"
)

// Reload puts in force what of a new, valid config can change while pitboss runs: the alert defaults,
// the poll schedules and the users the config lists. The chat keeps going meanwhile; no update is dropped,
// since the long poll is not touched. What else changed (credentials, the database, the listener, ...) is
// named in the log as waiting for a restart. On an error nothing of the new config is in force.
func (a *App) Reload(ctx context.Context, cfg *Config) error {
	old := a.current()
	specs := map[string]string{}
	for _, s := range a.svc.all {
		if s.Source != nil {
			specs[s.Source.Name()] = pollSpec(cfg, s.Title)
		}
	}
	if err := a.monitor.Reschedule(specs); err != nil {
		return err
	}
	a.monitor.SetRules(alertRules(cfg.Alerts))
	if !slices.Equal(old.Telegram.Admins, cfg.Telegram.Admins) || !slices.Equal(old.Telegram.Viewers, cfg.Telegram.Viewers) {
		before, err := a.store.Users(ctx)
		if err != nil {
			return fmt.Errorf("reading the users: %w", err)
		}
		if err := a.store.SyncConfigUsers(ctx, cfg.Telegram.Admins, cfg.Telegram.Viewers); err != nil {
			return fmt.Errorf("updating the config's users: %w", err)
		}
		after, err := a.store.Users(ctx)
		if err != nil {
			return fmt.Errorf("reading the users: %w", err)
		}
		var gone []int64
		for _, u := range before {
			if u.ChatID != 0 && !slices.ContainsFunc(after, func(v store.User) bool { return v.TelegramID == u.TelegramID }) {
				gone = append(gone, u.ChatID)
			}
		}
		if a.leading.Load() {
			go a.bot.ResetMenus(context.WithoutCancel(ctx), gone)
		}
		a.log.Info("users reloaded", "admins", len(cfg.Telegram.Admins), "viewers", len(cfg.Telegram.Viewers), "removed", len(gone))
	}
	if waiting := restartOnly(old, cfg); len(waiting) > 0 {
		a.log.Warn("config changes that take effect only after a restart", "sections", waiting)
	}
	a.cfgMu.Lock()
	a.cfg = cfg
	a.cfgMu.Unlock()
	a.log.Info("config reloaded")
	return nil
}

// current is the config in force.
func (a *App) current() *Config {
	a.cfgMu.Lock()
	defer a.cfgMu.Unlock()
	return a.cfg
}

// pollSpec is the poll schedule the config gives the service of this title.
func pollSpec(cfg *Config, title string) string {
	switch title {
	case "Hive OS":
		return cfg.HiveOS.Poll
	case "ViaBTC":
		return cfg.ViaBTC.Poll
	case "Coinhive":
		return cfg.Coinhive.Poll
	case "Hive blockchain auth":
		return cfg.HiveAuth.Poll
	}
	panic("pollSpec: unknown service " + title)
}

// restartOnly names the config's sections whose changes a reload does not apply.
func restartOnly(old, cfg *Config) []string {
	o, n := *old, *cfg
	// What a reload applies is left out of the comparison.
	o.Alerts, n.Alerts = AlertsConfig{}, AlertsConfig{}
	o.Telegram.Admins, o.Telegram.Viewers, n.Telegram.Admins, n.Telegram.Viewers = nil, nil, nil, nil
	o.HiveOS.Poll, o.ViaBTC.Poll, o.Coinhive.Poll, o.HiveAuth.Poll = "", "", "", ""
	n.HiveOS.Poll, n.ViaBTC.Poll, n.Coinhive.Poll, n.HiveAuth.Poll = "", "", "", ""
	o.notes, n.notes = nil, nil
	var out []string
	ov, nv := reflect.ValueOf(o), reflect.ValueOf(n)
	for i := range ov.NumField() {
		f := ov.Type().Field(i)
		if f.IsExported() && !reflect.DeepEqual(ov.Field(i).Interface(), nv.Field(i).Interface()) {
			out = append(out, f.Tag.Get("toml"))
		}
	}
	return out
}
