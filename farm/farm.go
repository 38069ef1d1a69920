// Package farm is the chat's view of the Hive OS farm and its control: /status, /rigs, /rig, /wallets,
// /oc, and /rocket (multiRocket: miner, second miner, wallet and overclocking profile for many rigs, after
// a confirmation).
package farm

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"pitboss/apiclients/hiveos"
	"pitboss/bot"
	"pitboss/control"
	"pitboss/monitor"
	"pitboss/store"
)

// HiveOS is what the farm commands ask of the Hive OS API directly, for what the poller does not read.
type HiveOS interface {
	GetRigs(ctx context.Context) ([]hiveos.Rig, error)
	GetWallets(ctx context.Context) ([]hiveos.Wallet, error)
	GetOC(ctx context.Context) ([]hiveos.OCProfile, error)
	MultiRocket(ctx context.Context, p hiveos.MultiRocketParams) (json.RawMessage, error)
}

// Sources is what the farm commands need of the monitor: what it last learnt of each source.
type Sources interface {
	Latest(name string) (monitor.Latest, bool)
	All() []monitor.Latest
}

// Store is what the farm commands need of the database.
type Store interface {
	UserThresholds(ctx context.Context, userID uint) ([]store.Threshold, error)
	UserAlerts(ctx context.Context, userID uint) ([]store.SourcedState, error)
}

// V2 is what the farm commands hand over to when Hive OS is reached through API v2 (package fleet).
type V2 interface {
	ProposeFS(ctx context.Context, r *bot.Request, workers []string, sheet string) error
	StartFS(ctx context.Context, r *bot.Request) error
	Wallets(ctx context.Context, r *bot.Request) error
	RigSettings(id string) string
}

// Farm registers the farm commands. Client is nil when the config has no Hive OS keys for the legacy
// API; V2 is set when Hive OS is reached through API v2.
type Farm struct {
	Client  HiveOS
	V2      V2
	Sources Sources
	Store   Store
	Control *control.Control
	Rules   monitor.RuleSource
	Log     *slog.Logger
	Now     func() time.Time

	drafts bot.Drafts[draft, *draft] // /rocket walk-throughs in progress
}

// Register adds the commands and buttons, and the rocket action to Control.
func (f *Farm) Register(rt *bot.Router) {
	if f.Log == nil {
		f.Log = slog.New(slog.DiscardHandler)
	}
	if f.Now == nil {
		f.Now = time.Now
	}
	v, a := store.RoleViewer, store.RoleAdmin
	rt.Command(bot.Command{Name: "status", Help: "the farm at a glance", Role: v, Handle: f.status})
	rt.Command(bot.Command{Name: "rigs", Help: "every rig, one line each", Role: v, Handle: f.rigs})
	rt.Command(bot.Command{Name: "rig", Args: "<name|id>", Help: "one rig in detail", Role: v, Handle: f.rig})
	rt.Command(bot.Command{Name: "wallets", Help: "the Hive OS wallets", Role: v, Handle: f.wallets})
	rt.Command(bot.Command{Name: "oc", Help: "the overclocking profiles", Role: v, Handle: f.ocs})
	if f.V2 != nil {
		rt.Command(bot.Command{Name: "rocket", Args: "<rigs|all> fs=<flight sheet>",
			Help: "apply a flight sheet to rigs, as /fs (asks first)", Role: a, Handle: f.rocket})
	} else {
		rt.Command(bot.Command{Name: "rocket", Args: "<rigs|all> [miner=…] [miner2=…] [wallet=…] [oc=…]",
			Help: "apply miner, wallet and OC to rigs (asks first)", Role: a, Handle: f.rocket})
	}
	rt.Callback(bot.Callback{Name: "rigs", Role: v, Handle: f.rigsPage})
	rt.Callback(bot.Callback{Name: "rig", Role: v, Handle: f.rigButton})
	rt.Callback(bot.Callback{Name: "rk", Role: a, Handle: f.rocketStep})
	f.Control.Add(control.Kind{Name: "rocket", Execute: control.Plain(f.executeRocket), Explain: explain})
}

// errNoHiveOS answers a command that needs Hive OS when the config has no keys for it.
var errNoHiveOS = bot.UserErrorf("Hive OS is not configured: add a token ([hiveos] api = \"v2\") or the legacy API keys to the config file.")
