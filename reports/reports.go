// Package reports sends each user a daily report at their own time, in their own zone: the last 24 hours
// of the farm, the site and the pool, each figure against the day before, with a chart; and /report to
// set it, turn it off, or get one now.
package reports

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"pitboss/apiclients/viabtc"
	"pitboss/bot"
	"pitboss/monitor"
	"pitboss/store"
)

// Store is what reports need of the database.
type Store interface {
	Users(ctx context.Context) ([]store.User, error)
	User(ctx context.Context, telegramID int64) (*store.User, error)
	SetReport(ctx context.Context, userID uint, at, zone string) error
	QueueReport(ctx context.Context, userID uint, due time.Time, msgs []store.OutboxMessage) (bool, error)
	FarmDay(ctx context.Context, source string, from, to time.Time) (store.Day, error)
	AlertLog(ctx context.Context, userID uint, from, to time.Time) ([]store.AlertLogEntry, error)
	Series(ctx context.Context, source, name string, from, to time.Time) ([]store.RateSample, error)
}

// Pool is what reports ask ViaBTC: a day's profit and the payouts.
type Pool interface {
	ProfitHistory(ctx context.Context, coin string, q viabtc.HistoryQuery) (viabtc.Page[viabtc.ProfitRow], error)
	PaymentHistory(ctx context.Context, coin string, q viabtc.HistoryQuery) (viabtc.Page[viabtc.Payment], error)
}

// Charter draws the chart a report goes out with: the farm's hashrate over the day, for the user.
type Charter interface {
	FarmChart(ctx context.Context, u store.User, from, to time.Time) ([]byte, error)
}

// Sources is what reports need of the monitor: rig names.
type Sources interface {
	Latest(name string) (monitor.Latest, bool)
}

// Notifier wakes the sender once a report is queued.
type Notifier interface{ Notify() }

// Reports registers /report and runs every user's schedule.
type Reports struct {
	Store    Store
	Sources  Sources
	Pool     Pool // nil when ViaBTC is off
	Coins    []string
	Charter  Charter // nil: reports go out as text
	Notifier Notifier
	// Daily and Zone are the config's default time ("09:00") and zone of the report.
	Daily string
	Zone  *time.Location
	Log   *slog.Logger
	Now   func() time.Time

	mu      sync.Mutex
	cron    *cron.Cron
	entries map[uint]cron.EntryID
	ctx     context.Context // the jobs' context, once Run has started
}

// Register adds /report.
func (rp *Reports) Register(rt *bot.Router) {
	rp.defaults()
	rt.Command(bot.Command{Name: "report", Args: "[at HH:MM [zone] | off | now]",
		Help: "your daily report: when, or one now", Role: store.RoleViewer, Handle: rp.report})
}

func (rp *Reports) defaults() {
	if rp.Log == nil {
		rp.Log = slog.New(slog.DiscardHandler)
	}
	if rp.Now == nil {
		rp.Now = time.Now
	}
	if rp.Zone == nil {
		rp.Zone = time.UTC
	}
	if rp.Daily == "" {
		rp.Daily = "09:00"
	}
}

// names are the rigs' names by id, from the monitor.
func (rp *Reports) names(source string) map[string]string {
	if l, ok := rp.Sources.Latest(source); ok {
		return l.Names
	}
	return nil
}
