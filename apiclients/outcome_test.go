// Package apiclients_test holds the tests that run across every service client at once: the policy for
// a failed call is decided in one place (httpx.Classify), so it is checked in one place too.
package apiclients_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"pitboss/apiclients/coinhive"
	"pitboss/apiclients/hiveauth"
	"pitboss/apiclients/hiveos"
	"pitboss/apiclients/hiveos2"
	"pitboss/apiclients/secret"
	"pitboss/apiclients/viabtc"
	simcoinhive "pitboss/sim/coinhive"
	simhiveauth "pitboss/sim/hiveauth"
	simhiveos "pitboss/sim/hiveos"
	simviabtc "pitboss/sim/viabtc"
)

const (
	hivePublic     = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
	hiveSecret     = "5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5"
	coinhiveSecret = "0123456789abcdef0123456789abcdef"
	viaKey         = "16289e05354c3c3814b8f3045950395f"
	viaSecret      = "d186ababcb0eb1f6af5c1519424f462b84c631f86c06309992ae1f15604668b0"
	authID         = "com.example.pitboss.outcome"
	authSecret     = "outcome-test-secret-key"
	hive2Token     = "outcome-test-personal-token-0123456789"
)

// fault is one way a call can go wrong after its request left. inject arms it on the simulator, for
// every request until the test ends; timeout is the client's per-attempt timeout (0: the default) and
// ctx, when set, makes the caller's context. A read that meets it fails with readClass; every call
// that meets it also matches cause, when set.
type fault struct {
	name      string
	inject    func(*service)
	timeout   time.Duration
	ctx       func(*testing.T, *service) context.Context
	readClass error
	cause     error
}

// slowTimeout is the per-attempt timeout of the clients that meet a slow answer. The answer is an hour
// away, so the timeout always strikes; it is long enough that connecting and sending never hit it.
const slowTimeout = 300 * time.Millisecond

var faults = []fault{
	{name: "200 with a truncated body", inject: func(s *service) { s.faults.Malform(0) }, readClass: hiveos.ErrBadAnswer},
	{name: "connection dropped", inject: func(s *service) { s.faults.Drop(0) }, readClass: hiveos.ErrUnavailable},
	{name: "per-attempt timeout after sending", inject: func(s *service) { s.faults.Delay(time.Hour, 0) }, timeout: slowTimeout,
		readClass: hiveos.ErrUnavailable, cause: context.DeadlineExceeded},
	{name: "caller's deadline after sending", inject: func(s *service) { s.faults.Delay(time.Hour, 0) }, ctx: deadlineOnArrival,
		readClass: hiveos.ErrUnavailable, cause: context.DeadlineExceeded},
	{name: "502 from a gateway", inject: func(s *service) { s.faults.FailWith(http.StatusBadGateway, "", 0) },
		readClass: hiveos.ErrUnavailable},
}

// target is one call of one client against its own simulator.
type target struct {
	svc  *service
	path string                      // where the call goes on the simulator
	send func(context.Context) error // the call as it succeeds when nothing goes wrong
	// refused is the call made so that the service refuses it with a documented error matching refusal.
	refused func(context.Context) error
	refusal error
	unknown error // the client's own re-export of httpx.ErrUnknownOutcome
}

// changes is every state-changing call of every client. Hive blockchain auth has none: issuing and
// refreshing tokens are retried as idempotent (see TestReadsAndTokenCallsAreNeverUnknownOutcome).
var changes = map[string]func(t *testing.T, timeout time.Duration) target{
	"hiveos multiRocket": hiveosMultiRocket,
	"coinhive withdraw": coinhiveCall("/user/withdraw", func(ctx context.Context, c *coinhive.Client) error {
		_, err := c.Withdraw(ctx, "johnd", 1024)
		return err
	}, func(ctx context.Context, c, _ *coinhive.Client) error {
		_, err := c.Withdraw(ctx, "johnd", 1<<40)
		return err
	}, coinhive.ErrInsufficientFunds),
	"coinhive reset": coinhiveCall("/user/reset", func(ctx context.Context, c *coinhive.Client) error {
		return c.Reset(ctx, "johnd")
	}, func(ctx context.Context, _, wrongSecret *coinhive.Client) error {
		return wrongSecret.Reset(ctx, "johnd")
	}, coinhive.ErrInvalidSecret),
	"coinhive reset-all": coinhiveCall("/user/reset-all", func(ctx context.Context, c *coinhive.Client) error {
		_, err := c.ResetAll(ctx)
		return err
	}, func(ctx context.Context, _, wrongSecret *coinhive.Client) error {
		_, err := wrongSecret.ResetAll(ctx)
		return err
	}, coinhive.ErrInvalidSecret),
	"coinhive link/create": coinhiveCall("/link/create", func(ctx context.Context, c *coinhive.Client) error {
		_, err := c.CreateLink(ctx, "https://example.org/", 256)
		return err
	}, func(ctx context.Context, _, wrongSecret *coinhive.Client) error {
		_, err := wrongSecret.CreateLink(ctx, "https://example.org/", 256)
		return err
	}, coinhive.ErrInvalidSecret),
	"coinhive token/verify": coinhiveCall("/token/verify", func(ctx context.Context, c *coinhive.Client) error {
		_, err := c.VerifyToken(ctx, "tok-johnd", 1024)
		return err
	}, func(ctx context.Context, c, _ *coinhive.Client) error {
		_, err := c.VerifyToken(ctx, "no-such-token", 1024)
		return err
	}, coinhive.ErrInvalidToken),
	"viabtc sweep":           viabtcSweep,
	"hiveos2 SetFlightSheet": hiveos2SetFlightSheet,
	"hiveos2 Command":        hiveos2Command,
}

// TestStateChangingCallsAreUnknownOutcomeOnlyWhenTheAnswerIsLost runs every state-changing call of every
// client into every way its answer can be lost after the request left (an unknown outcome), into a
// documented refusal (a plain failure, matching the client's sentinel) and into no fault at all (a
// success, so the faults are what made the others fail). Each call is sent exactly once.
func TestStateChangingCallsAreUnknownOutcomeOnlyWhenTheAnswerIsLost(t *testing.T) {
	for name, newTarget := range changes {
		for _, f := range faults {
			t.Run(name+"/"+f.name, func(t *testing.T) {
				t.Parallel()
				tg := newTarget(t, f.timeout)
				f.inject(tg.svc)
				ctx := t.Context()
				if f.ctx != nil {
					ctx = f.ctx(t, tg.svc)
				}
				err := tg.send(ctx)
				if !errors.Is(err, tg.unknown) {
					t.Fatalf("err = %v, want ErrUnknownOutcome", err)
				}
				if f.cause != nil && !errors.Is(err, f.cause) {
					t.Fatalf("err = %v, want it caused by %v", err, f.cause)
				}
				tg.svc.assertSentOnce(t, tg.path)
			})
		}
		t.Run(name+"/documented refusal", func(t *testing.T) {
			t.Parallel()
			tg := newTarget(t, 0)
			err := tg.refused(t.Context())
			if !errors.Is(err, tg.refusal) || errors.Is(err, tg.unknown) {
				t.Fatalf("err = %v, want %v and not an unknown outcome", err, tg.refusal)
			}
			tg.svc.assertSentOnce(t, tg.path)
		})
		t.Run(name+"/answered", func(t *testing.T) {
			t.Parallel()
			tg := newTarget(t, 0)
			if err := tg.send(t.Context()); err != nil {
				t.Fatal(err)
			}
			tg.svc.assertSentOnce(t, tg.path)
		})
	}
}

// reads is one idempotent call of every client, Hive blockchain auth's token issue among them. Their
// clients try once, so that a slow answer costs one timeout; retries are each client's own tests' business.
var reads = map[string]func(t *testing.T, timeout time.Duration) (*service, func(context.Context) error){
	"hiveos getRigs": func(t *testing.T, timeout time.Duration) (*service, func(context.Context) error) {
		svc, c, _ := newHiveOS(t, timeout)
		return svc, func(ctx context.Context) error { _, err := c.GetRigs(ctx); return err }
	},
	"coinhive stats/site": func(t *testing.T, timeout time.Duration) (*service, func(context.Context) error) {
		svc, c, _ := newCoinhive(t, timeout)
		return svc, func(ctx context.Context) error { _, err := c.SiteStats(ctx); return err }
	},
	"viabtc hashrate": func(t *testing.T, timeout time.Duration) (*service, func(context.Context) error) {
		svc, c := newViaBTC(t, timeout)
		return svc, func(ctx context.Context) error { _, err := c.Hashrate(ctx, "BTC"); return err }
	},
	"hiveos2 workers": func(t *testing.T, timeout time.Duration) (*service, func(context.Context) error) {
		svc, c := newHiveOS2(t, timeout)
		return svc, func(ctx context.Context) error { _, err := c.Workers(ctx, 1, hiveos2.WorkerFilter{}); return err }
	},
	"hiveauth auth-token": func(t *testing.T, timeout time.Duration) (*service, func(context.Context) error) {
		sim := simhiveauth.New(simhiveauth.Options{ID: authID, SecretKey: authSecret})
		svc := serve(t, sim, sim.Recorder, sim.Faults)
		c, err := hiveauth.New(hiveauth.Options{BaseURL: svc.url, ID: authID, SecretKey: authSecret, Timeout: timeout, Attempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		return svc, func(ctx context.Context) error { _, err := c.Issue(ctx); return err }
	},
}

func TestReadsAndTokenCallsAreNeverUnknownOutcome(t *testing.T) {
	for name, newRead := range reads {
		for _, f := range faults {
			t.Run(name+"/"+f.name, func(t *testing.T) {
				t.Parallel()
				svc, read := newRead(t, f.timeout)
				f.inject(svc)
				ctx := t.Context()
				if f.ctx != nil {
					ctx = f.ctx(t, svc)
				}
				err := read(ctx)
				if !errors.Is(err, f.readClass) || errors.Is(err, hiveos.ErrUnknownOutcome) {
					t.Fatalf("err = %v, want %v and not an unknown outcome", err, f.readClass)
				}
				if f.cause != nil && !errors.Is(err, f.cause) {
					t.Fatalf("err = %v, want it caused by %v", err, f.cause)
				}
			})
		}
	}
}

func newHiveOS(t *testing.T, timeout time.Duration) (*service, *hiveos.Client, *simhiveos.Sim) {
	t.Helper()
	sim := simhiveos.New(simhiveos.Options{PublicKey: hivePublic, SecretKey: hiveSecret})
	svc := serve(t, sim, sim.Recorder, sim.Faults)
	c, err := hiveos.New(hiveos.Options{BaseURL: svc.url + simhiveos.Path, PublicKey: hivePublic, SecretKey: hiveSecret,
		Timeout: timeout, Attempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	return svc, c, sim
}

func hiveosMultiRocket(t *testing.T, timeout time.Duration) target {
	svc, c, sim := newHiveOS(t, timeout)
	rig, miner := sim.Farm().Rigs()[0].ID, sim.Farm().Miners()[0]
	rocket := func(ctx context.Context, rigID string) error {
		_, err := c.MultiRocket(ctx, hiveos.MultiRocketParams{RigIDs: []string{rigID}, Miner: &miner})
		return err
	}
	return target{svc: svc, path: simhiveos.Path,
		send:    func(ctx context.Context) error { return rocket(ctx, rig) },
		refused: func(ctx context.Context) error { return rocket(ctx, "999999") }, // no such rig: -32602
		refusal: hiveos.ErrInvalidParams, unknown: hiveos.ErrUnknownOutcome}
}

func newCoinhive(t *testing.T, timeout time.Duration) (*service, *coinhive.Client, *coinhive.Client) {
	t.Helper()
	sim := simcoinhive.New(simcoinhive.Options{Secret: coinhiveSecret})
	sim.AddUser("johnd", 8192, 0)
	sim.AddToken("tok-johnd", 2048)
	svc := serve(t, sim, sim.Recorder, sim.Faults)
	client := func(key secret.String) *coinhive.Client {
		c, err := coinhive.New(coinhive.Options{BaseURL: svc.url, Secret: key, Timeout: timeout, Attempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	return svc, client(coinhiveSecret), client("not-the-secret")
}

// coinhiveCall is a Coinhive call that send makes and refuse makes the site refuse, with the right
// client or one whose secret is wrong.
func coinhiveCall(path string, send func(context.Context, *coinhive.Client) error,
	refuse func(ctx context.Context, c, wrongSecret *coinhive.Client) error, refusal error) func(*testing.T, time.Duration) target {
	return func(t *testing.T, timeout time.Duration) target {
		svc, c, wrong := newCoinhive(t, timeout)
		return target{svc: svc, path: path,
			send:    func(ctx context.Context) error { return send(ctx, c) },
			refused: func(ctx context.Context) error { return refuse(ctx, c, wrong) },
			refusal: refusal, unknown: coinhive.ErrUnknownOutcome}
	}
}

func newViaBTC(t *testing.T, timeout time.Duration) (*service, *viabtc.Client) {
	t.Helper()
	sim := simviabtc.New(simviabtc.Options{APIKey: viaKey, SecretKey: viaSecret, Coins: []string{"BTC"}})
	sim.SetBalance("BTC", "0.5")
	sim.SetWithdrawAddress("BTC", "bc1qoutcometestaddress")
	svc := serve(t, sim, sim.Recorder, sim.Faults)
	c, err := viabtc.New(viabtc.Options{BaseURL: svc.url + simviabtc.BasePath, APIKey: viaKey, SecretKey: viaSecret,
		Timeout: timeout, Attempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	return svc, c
}

func viabtcSweep(t *testing.T, timeout time.Duration) target {
	svc, c := newViaBTC(t, timeout)
	sweep := func(coin string) func(context.Context) error {
		return func(ctx context.Context) error { _, err := c.Sweep(ctx, coin); return err }
	}
	return target{svc: svc, path: simviabtc.BasePath + "/wallet/sweep",
		send: sweep("BTC"), refused: sweep("DOGE"), // a coin the pool does not mine: code 5001
		refusal: viabtc.ErrInvalidCoin, unknown: viabtc.ErrUnknownOutcome}
}

func newHiveOS2(t *testing.T, timeout time.Duration) (*service, *hiveos2.Client) {
	t.Helper()
	sim := simhiveos.NewV2(simhiveos.OptionsV2{Token: hive2Token, Farms: []simhiveos.FarmSpec{{ID: 1, Name: "outcome"}}})
	svc := serve(t, sim, sim.Recorder, sim.Faults)
	c, err := hiveos2.New(hiveos2.Options{BaseURL: svc.url + simhiveos.PathV2, Token: hive2Token, Timeout: timeout, Attempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return svc, c
}

// hiveos2SetFlightSheet applies the owner's sheet to a worker; a sheet the farm cannot see is a 422.
func hiveos2SetFlightSheet(t *testing.T, timeout time.Duration) target {
	svc, c := newHiveOS2(t, timeout)
	apply := func(fsID int64) func(context.Context) error {
		return func(ctx context.Context) error { _, err := c.SetFlightSheet(ctx, 1, []int64{10256}, fsID); return err }
	}
	return target{svc: svc, path: simhiveos.PathV2 + "/farms/1/workers",
		send: apply(simhiveos.OwnerSheetID), refused: apply(999999),
		refusal: hiveos2.ErrValidation, unknown: hiveos2.ErrUnknownOutcome}
}

// hiveos2Command reboots a worker; a command the service does not know is a 422.
func hiveos2Command(t *testing.T, timeout time.Duration) target {
	svc, c := newHiveOS2(t, timeout)
	command := func(cmd hiveos2.CommandRequest) func(context.Context) error {
		return func(ctx context.Context) error { _, err := c.Command(ctx, 1, []int64{10256}, cmd); return err }
	}
	return target{svc: svc, path: simhiveos.PathV2 + "/farms/1/workers/command",
		send: command(hiveos2.Reboot()), refused: command(hiveos2.CommandRequest{Command: "selfdestruct"}),
		refusal: hiveos2.ErrValidation, unknown: hiveos2.ErrUnknownOutcome}
}
