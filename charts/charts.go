// Package charts draws history as pictures: /chart sends the farm's hashrate, a rig's GPU temperatures
// over its hashrate, a pool's or the Coinhive site's hashrate, over the last 6 hours to 30 days, with the
// periods when the user's alerts fired shaded. Render is the drawing alone, for anything that wants a
// chart without a chat.
package charts

import (
	"context"
	"log/slog"
	"time"

	"pitboss/bot"
	"pitboss/monitor"
	"pitboss/store"
)

// Store is what charts read from the database.
type Store interface {
	FarmTrend(ctx context.Context, source string, from, to time.Time) (store.FarmTrend, error)
	RigTrend(ctx context.Context, source, rig string, from, to time.Time) (store.RigTrend, error)
	SeriesTrend(ctx context.Context, source, name string, from, to time.Time) (store.SeriesTrend, error)
	AlertLog(ctx context.Context, userID uint, from, to time.Time) ([]store.AlertLogEntry, error)
	UserThresholds(ctx context.Context, userID uint) ([]store.Threshold, error)
}

// Sources is what charts need of the monitor: which sources are configured, the names of their rigs and
// coins, and the farm's red temperature.
type Sources interface {
	Latest(name string) (monitor.Latest, bool)
}

// Charts registers /chart.
type Charts struct {
	Store   Store
	Sources Sources
	Rules   monitor.RuleSource // the config's default thresholds, under the user's own, for the temperature line
	Zone    *time.Location     // for users who have not set theirs; nil means UTC
	Log     *slog.Logger       // nil discards
	Now     func() time.Time   // nil means time.Now
}

// Register adds /chart and the buttons that pick a rig among several.
func (c *Charts) Register(rt *bot.Router) {
	rt.Command(bot.Command{Name: "chart", Args: usageArgs, Help: "a chart of the farm, a rig, a pool or the site",
		Role: store.RoleViewer, Handle: c.chart})
	rt.Callback(bot.Callback{Name: "chart", Role: store.RoleViewer, Handle: c.pickRig})
}

// The fields' defaults are read through these, never written: FarmChart may be called from other
// goroutines than the chat's.

func (c *Charts) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

func (c *Charts) log() *slog.Logger {
	if c.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Log
}

// The sources a chart reads, by their names in the monitor.
const (
	hiveSource = "hiveos"
	poolSource = "viabtc"
	siteSource = "coinhive"
	siteID     = monitor.SiteID
)

// chart is /chart: it checks what was asked, shows that a picture is coming, draws it and sends it.
func (c *Charts) chart(ctx context.Context, r *bot.Request) error {
	q, err := parseArgs(r.Args)
	if err != nil {
		return err
	}
	t, err := c.target(q)
	if err != nil {
		return err
	}
	if len(t.choices) > 0 {
		return r.Reply(ctx, t.question, t.choices...)
	}
	return c.send(ctx, r, t, q.window)
}

// pickRig is a rig picked among several ("chart:<window> <rig id>").
func (c *Charts) pickRig(ctx context.Context, r *bot.Request) error {
	w, id, ok := parseButton(r.Args)
	if !ok {
		return r.Answer(ctx, "This button is no longer in use.", false)
	}
	rigs, err := c.rigs()
	if err != nil {
		return r.Answer(ctx, bot.StripTags(err.Error()), true)
	}
	_ = r.Answer(ctx, "", false)
	return c.send(ctx, r, rigTarget(id, rigs.Names), w)
}

// send draws t over the window ending now and sends it as a photo.
func (c *Charts) send(ctx context.Context, r *bot.Request, t target, w window) error {
	if err := r.UploadingPhoto(ctx); err != nil {
		c.log().Warn("showing that a chart is coming failed", "error", err)
	}
	to := c.now()
	ch, caption, err := c.build(ctx, r.User, t, to.Add(-w.length), to, w)
	if err != nil {
		return err
	}
	png, err := Render(ch)
	if err != nil {
		return err
	}
	return r.ReplyPhoto(ctx, png, caption)
}

// zoneOf is the user's time zone, else the default, else UTC.
func (c *Charts) zoneOf(u *store.User) *time.Location {
	if u != nil && u.Timezone != "" {
		if z, err := time.LoadLocation(u.Timezone); err == nil {
			return z
		}
	}
	if c.Zone == nil {
		return time.UTC
	}
	return c.Zone
}
