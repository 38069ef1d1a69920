package viabtc

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"pitboss/apiclients/secret"
	"pitboss/sim/simhttp"
)

// The signatures the fixture's client sends at start for SubAccounts(ctx, 0, 0) and Sweep(ctx, "BTC"),
// known in advance because the clock is stopped; a hostile answer echoes them back.
var (
	subAccountsSig = Sign(docSecret, []byte("tonce=1710072000000"))
	sweepSig       = Sign(docSecret, []byte(`{"coin":"BTC","tonce":1710072000000}`))
)

// assertNoSecret fails if err is nil or shows the key, the secret or sig (the signature its call sent),
// even in part: any 16 characters in a row of one of them count as a leak, which catches a secret cut
// short by a snippet's length limit (and so missed by redaction). They are hex, so URL-encoding cannot
// disguise them.
func assertNoSecret(t *testing.T, err error, sig string) {
	t.Helper()
	if err == nil {
		t.Fatal("want an error")
	}
	msg := err.Error()
	for name, s := range map[string]string{"API key": docKey, "secret key": docSecret, "signature": sig} {
		for i := 0; i+16 <= len(s); i++ {
			if strings.Contains(msg, s[i:i+16]) {
				t.Fatalf("error leaks part of the %s: %v", name, msg)
			}
		}
	}
}

func TestErrorsNeverContainTheKeysOrASignature(t *testing.T) {
	ctx := context.Background()
	calls := map[string]struct {
		sig  string
		call func(c *Client) error
	}{
		"unsigned read": {"", func(c *Client) error { _, err := c.Hashrate(ctx, "BTC"); return err }},
		"signed GET":    {subAccountsSig, func(c *Client) error { _, err := c.SubAccounts(ctx, 0, 0); return err }},
		"signed POST":   {sweepSig, func(c *Client) error { _, err := c.Sweep(ctx, "BTC"); return err }},
	}
	// A hostile or buggy answer that echoes what it was sent.
	echo := func(sig string) string { return "key=" + docKey + " secret=" + docSecret + " sig=" + sig }
	failures := map[string]struct {
		fault func(sig string) *simhttp.Fault
		want  error
	}{
		"API error echoing what was sent": {func(sig string) *simhttp.Fault {
			return &simhttp.Fault{Kind: simhttp.Status, Status: 200,
				Body: `{"code":12002,"data":{},"message":"Signature error: ` + echo(sig) + `"}`}
		}, ErrSignature},
		"gateway page echoing what was sent": {func(sig string) *simhttp.Fault {
			return &simhttp.Fault{Kind: simhttp.Status, Status: 502, Body: "<html>bad gateway " + echo(sig) + "</html>"}
		}, nil},
		"403 page echoing what was sent": {func(sig string) *simhttp.Fault {
			return &simhttp.Fault{Kind: simhttp.Status, Status: 403, Body: "<html>forbidden " + echo(sig) + "</html>"}
		}, ErrForbidden},
		"connection dropped": {func(string) *simhttp.Fault { return &simhttp.Fault{Kind: simhttp.Drop} }, nil},
		"timeout": {func(string) *simhttp.Fault {
			return &simhttp.Fault{Kind: simhttp.Slow, Delay: time.Minute}
		}, nil},
		"plain API error": {nil, ErrInvalidAPIKey},
	}
	for fname, failure := range failures {
		for cname, c := range calls {
			t.Run(fname+"/"+cname, func(t *testing.T) {
				f := newFixture(t, nil)
				f.client = f.newClient(t, func(o *Options) { o.Timeout = 100 * time.Millisecond })
				if failure.fault != nil {
					f.sim.Faults.Inject(*failure.fault(c.sig))
				} else {
					f.client = f.newClient(t, func(o *Options) { o.APIKey = secret.String(strings.Repeat("f", 32)) })
				}
				err := c.call(f.client)
				assertNoSecret(t, err, c.sig)
				if failure.want != nil && !errors.Is(err, failure.want) {
					t.Fatalf("redaction lost the classification: %v", err)
				}
			})
		}
	}
}

func TestErrorsToAnUnreachableServiceCarryNoSecret(t *testing.T) {
	c, err := New(Options{BaseURL: "http://127.0.0.1:1/res/openapi/v1", APIKey: docKey, SecretKey: docSecret,
		Now: func() time.Time { return start }, RetryBase: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.SubAccounts(context.Background(), 0, 0)
	assertNoSecret(t, err, subAccountsSig)
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v", err)
	}
}
