// Package site is the chat's view of the Coinhive site and its control: /coinhive, /ch_balance, /ch_top,
// /ch_users and /ch_history for everyone, and, after a confirmation, /ch_withdraw, /ch_reset,
// /ch_resetall, /ch_link and /ch_verify for admins.
package site

import (
	"context"
	"errors"
	"iter"
	"log/slog"
	"time"

	"pitboss/apiclients/coinhive"
	"pitboss/bot"
	"pitboss/control"
	"pitboss/monitor"
	"pitboss/store"
)

// Coinhive is what the site commands ask of the Coinhive API. The site's own statistics are not here:
// the poller reads them, and the chat answers from its latest observation.
type Coinhive interface {
	PayoutStats(ctx context.Context) (coinhive.Payout, error)
	History(ctx context.Context, begin, end time.Time) ([]coinhive.HistoryPoint, error)
	Balance(ctx context.Context, name string) (coinhive.User, error)
	Top(ctx context.Context, count int, order coinhive.Order) ([]coinhive.User, error)
	List(ctx context.Context, count int, page string) (coinhive.UserPage, error)
	AllUsers(ctx context.Context, count int) iter.Seq2[coinhive.User, error]
	Withdraw(ctx context.Context, name string, amount int64) (coinhive.Withdrawal, error)
	Reset(ctx context.Context, name string) error
	ResetAll(ctx context.Context) (int64, error)
	CreateLink(ctx context.Context, target string, hashes int64) (string, error)
	VerifyToken(ctx context.Context, token string, hashes int64) (coinhive.TokenResult, error)
}

// Sources is what the site commands need of the monitor: what it last learnt of the Coinhive source.
type Sources interface {
	Latest(name string) (monitor.Latest, bool)
}

// source is the monitor's name for the Coinhive source (monitor.Coinhive.Name).
const source = "coinhive"

// Site registers the Coinhive commands. Client is nil when the config has no Coinhive secret; Control
// is required.
type Site struct {
	Client  Coinhive
	Sources Sources
	Control *control.Control
	Log     *slog.Logger
	Now     func() time.Time

	pages userPages // /ch_users messages and the nextPage tokens behind their buttons
}

// Register adds the commands and buttons, and the Coinhive actions to Control.
func (s *Site) Register(rt *bot.Router) {
	if s.Log == nil {
		s.Log = slog.New(slog.DiscardHandler)
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	v, a := store.RoleViewer, store.RoleAdmin
	bot.Routes{Commands: []bot.Command{
		{Name: "coinhive", Help: "the Coinhive site: hashrate, hashes, XMR and the payout rate", Role: v, Handle: s.stats},
		{Name: "ch_balance", Args: "<name>", Help: "a Coinhive user's hashes", Role: v, Handle: s.balance},
		{Name: "ch_top", Args: "[count] [total|balance|withdrawn]", Help: "the Coinhive users with the most hashes", Role: v, Handle: s.top},
		{Name: "ch_users", Help: "every Coinhive user with hashes, page by page", Role: v, Handle: s.users},
		{Name: "ch_history", Args: "[hours]", Help: "the site's hashrate hour by hour", Role: v, Handle: s.history},
		{Name: "ch_withdraw", Args: "<name> <amount>", Help: "withdraw a user's hashes (asks first)", Role: a, Handle: s.withdraw},
		{Name: "ch_reset", Args: "<name>", Help: "reset a user's hashes to zero (asks first)", Role: a, Handle: s.reset},
		{Name: "ch_resetall", Help: "reset every user's hashes to zero (asks first)", Role: a, Handle: s.resetAll},
		{Name: "ch_link", Args: "<url> <hashes>", Help: "make a shortlink that asks for hashes (asks first)", Role: a, Handle: s.link},
		{Name: "ch_verify", Args: "<token> <hashes>", Help: "verify a miner's token, using it up (asks first)", Role: a, Handle: s.verify},
	}, Callbacks: []bot.Callback{{Name: "ch_users", Role: v, Handle: s.usersPage}}}.Register(rt)
	for _, k := range []control.Kind{
		{Name: "ch_withdraw", Execute: control.Plain(s.executeWithdraw), Explain: explainAction},
		{Name: "ch_reset", Execute: control.Plain(s.executeReset), Explain: explainAction},
		{Name: "ch_resetall", Execute: control.Plain(s.executeResetAll), Explain: explainAction},
		{Name: "ch_link", Execute: control.Plain(s.executeLink), Explain: explainAction},
		{Name: "ch_verify", Execute: control.Plain(s.executeVerify), Explain: explainAction},
	} {
		s.Control.Add(k)
	}
}

// errNoCoinhive answers a command when the config has no Coinhive secret.
var errNoCoinhive = bot.UserErrorf("Coinhive is not configured: add its secret to the config file.")

// errNotConfigured is what an action finds when the config lost its Coinhive secret since it was proposed.
var errNotConfigured = errors.New("coinhive is not configured")

// explain says, for the chat, why Coinhive refused a call; "" when there is nothing more useful to say
// than that it failed.
func explain(err error) string {
	for _, e := range explanations {
		if errors.Is(err, e.err) {
			return e.text
		}
	}
	return ""
}

// explainAction is explain for a confirmed action. A state-changing call is unavailable only when it
// certainly never left (the transport classifies every other failure as an unknown outcome), so it
// can say that nothing changed.
func explainAction(err error) string {
	if errors.Is(err, coinhive.ErrUnavailable) {
		return "Coinhive could not be reached, so nothing was changed. Try again later."
	}
	return explain(err)
}

// explanations are checked in order: the first match explains the error.
var explanations = []struct {
	err  error
	text string
}{
	{coinhive.ErrInvalidSecret, "Coinhive refuses our secret key: check it in the config."},
	{coinhive.ErrUnknownUser, "Coinhive does not know that user: they have never mined on the site."},
	{coinhive.ErrInsufficientFunds, "The user does not have that many hashes (any more): nothing was withdrawn."},
	{coinhive.ErrInvalidAmount, "Coinhive refuses that amount."},
	{coinhive.ErrInvalidToken, "Coinhive says the token is not valid: unknown, older than an hour, already verified, or short of the hashes asked."},
	{coinhive.ErrInvalidURL, "Coinhive refuses the URL: it must be a valid http:// or https:// address."},
	{coinhive.ErrInvalidPage, "That page of users is gone (the users changed): run /ch_users again."},
	{coinhive.ErrMissingInput, "Coinhive says something was missing from the request (the details are in the log)."},
	{coinhive.ErrInternal, "Coinhive failed on its side. Try again later."},
	{coinhive.ErrUnavailable, "Coinhive did not answer. Try again later."},
	{coinhive.ErrBadAnswer, "Coinhive answered with something pitboss cannot read (the details are in the log)."},
}

// serviceError is what a command shows when a Coinhive call it made failed; the full error goes to the log.
func (s *Site) serviceError(op string, err error) error {
	return bot.ServiceError(s.Log, "Coinhive", explain, err, "call", op)
}
