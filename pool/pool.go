// Package pool is the chat's view of the ViaBTC pool account and its one control: /pool, /workers and
// /payouts for everyone, /pool_sweep for admins after a confirmation. It also holds /auth (the Hive
// blockchain auth token), in its own feature, as the other account pitboss holds credentials for.
package pool

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"pitboss/apiclients/viabtc"
	"pitboss/bot"
	"pitboss/control"
	"pitboss/monitor"
	"pitboss/store"
)

// ViaBTC is what the pool commands ask of the ViaBTC API. The hashrate is asked only for a coin the
// poller has not read yet: the chat answers from the latest poll where there is one.
type ViaBTC interface {
	Hashrate(ctx context.Context, coin string) (viabtc.Hashrate, error)
	Workers(ctx context.Context, coin string, q viabtc.WorkerQuery) (viabtc.Page[viabtc.Worker], error)
	PaymentHistory(ctx context.Context, coin string, q viabtc.HistoryQuery) (viabtc.Page[viabtc.Payment], error)
	Profit(ctx context.Context, coin string) (viabtc.Profit, error)
	ProfitHistory(ctx context.Context, coin string, q viabtc.HistoryQuery) (viabtc.Page[viabtc.ProfitRow], error)
	Account(ctx context.Context) (viabtc.Account, error)
	Sweep(ctx context.Context, coin string) (viabtc.SweepResult, error)
}

// Sources is what the pool commands need of the monitor: what it last learnt of a source.
type Sources interface {
	Latest(name string) (monitor.Latest, bool)
}

// source is the monitor's name for the ViaBTC source (monitor.ViaBTC.Name).
const source = "viabtc"

// Pool registers the ViaBTC commands. Client is nil when the config has no ViaBTC keys; Coins are the
// config's viabtc.coins, the first being the one a command means when it names none. Control is required.
type Pool struct {
	Client  ViaBTC
	Coins   []string
	Sources Sources
	Control *control.Control
	Log     *slog.Logger
	Now     func() time.Time
}

// Register adds the commands and buttons, and the sweep action to Control.
func (p *Pool) Register(rt *bot.Router) {
	if p.Log == nil {
		p.Log = slog.New(slog.DiscardHandler)
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	v, a := store.RoleViewer, store.RoleAdmin
	bot.Routes{Commands: []bot.Command{
		{Name: "pool", Args: "[coin]", Help: "the ViaBTC account: hashrate, workers, profit, balance", Role: v, Handle: p.summary},
		{Name: "workers", Args: "[coin]", Help: "the ViaBTC workers, inactive ones first", Role: v, Handle: p.workers},
		{Name: "payouts", Args: "[coin]", Help: "the latest ViaBTC payouts", Role: v, Handle: p.payouts},
		{Name: "pool_sweep", Args: "<coin>", Help: "settle a ViaBTC balance now (asks first)", Role: a, Handle: p.sweep},
	}, Callbacks: []bot.Callback{{Name: "workers", Role: v, Handle: p.workersButton}}}.Register(rt)
	p.Control.Add(control.Kind{Name: "pool_sweep", Execute: control.Plain(p.executeSweep), Explain: explainSweep})
}

// errNoViaBTC answers a command when the config has no ViaBTC keys.
var errNoViaBTC = bot.UserErrorf("ViaBTC is not configured: add its API key and secret key to the config file.")

// errNotConfigured is what an action finds when the config lost its ViaBTC keys since it was proposed.
var errNotConfigured = errors.New("viabtc is not configured")

// explain says, for the chat, why ViaBTC refused a call; "" when there is nothing more useful to say than
// that it failed.
func explain(err error) string {
	for _, e := range explanations {
		if errors.Is(err, e.err) {
			return e.text
		}
	}
	// The service's own message is left to the log: it is free text, and the chat shows none of it.
	var api *viabtc.APIError
	if errors.As(err, &api) {
		return fmt.Sprintf("ViaBTC refused it (code %d; the details are in the log).", api.Code)
	}
	return ""
}

// explanations are checked in order: the first match explains the error.
var explanations = []struct {
	err  error
	text string
}{
	{viabtc.ErrInvalidAPIKey, "ViaBTC refuses our API key: check it in the config."},
	{viabtc.ErrSignature, "ViaBTC refuses our signature: check the secret key in the config."},
	{viabtc.ErrInvalidTonce, "ViaBTC refuses our timestamp: make sure this host's clock is in sync."},
	{viabtc.ErrIPNotAllowed, "ViaBTC refuses this host's IP address: add it to the API key's whitelist on ViaBTC."},
	{viabtc.ErrForbidden, "ViaBTC refuses this host (HTTP 403): add its IP address to the API key's whitelist on ViaBTC."},
	{viabtc.ErrInvalidCoin, "ViaBTC does not know that coin: check viabtc.coins in the config."},
	{viabtc.ErrUnavailable, "ViaBTC did not answer. Try again later."},
	{viabtc.ErrBadAnswer, "ViaBTC answered with something pitboss cannot read (the details are in the log)."},
}

// explainSweep is explain for a confirmed sweep. A sweep is unavailable only when its request certainly
// never left (the transport classifies every other failure as an unknown outcome), so nothing moved.
func explainSweep(err error) string {
	switch {
	case errors.Is(err, viabtc.ErrUnavailable):
		return "ViaBTC could not be reached, so nothing was settled. Try again later."
	case errors.Is(err, viabtc.ErrInvalidArgument):
		return "ViaBTC refused it: a sweep needs a withdraw address for the coin, set on ViaBTC's site."
	}
	return explain(err)
}

// serviceError is what a command shows when a ViaBTC call it made failed; the full error goes to the log.
func (p *Pool) serviceError(op string, err error) error {
	return bot.ServiceError(p.Log, "ViaBTC", explain, err, "call", op)
}
