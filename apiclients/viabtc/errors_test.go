package viabtc

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"pitboss/sim/simhttp"

	"pitboss/apiclients/internal/httpx"
	simviabtc "pitboss/sim/viabtc"
)

func TestServiceRefusalsMatchTheirSentinels(t *testing.T) {
	f, _, _ := farm(t)
	ctx := context.Background()
	wrongKey := f.newClient(t, func(o *Options) { o.APIKey = "0123456789abcdef0123456789abcdef" })
	wrongSecret := f.newClient(t, func(o *Options) { o.SecretKey = "not-the-secret" })
	slowClock := f.newClient(t, func(o *Options) { o.Now = func() time.Time { return start.Add(-2 * time.Minute) } })
	fastClock := f.newClient(t, func(o *Options) { o.Now = func() time.Time { return start.Add(time.Second) } })
	for _, tc := range []struct {
		name string
		call func() error
		want error
		code int
	}{
		{"bad chart interval", func() error { _, err := f.client.HashrateChart(ctx, "BTC", "week", 0); return err }, ErrInvalidArgument, 2},
		{"unsupported coin", func() error { _, err := f.client.Hashrate(ctx, "DOGE"); return err }, ErrInvalidCoin, 5001},
		{"unknown worker", func() error { _, err := f.client.Worker(ctx, 424242); return err }, ErrWorkerNotFound, 5003},
		{"unknown worker's history", func() error { _, err := f.client.WorkerHistory(ctx, 424242, "BTC", HistoryQuery{}); return err }, ErrWorkerNotFound, 5003},
		{"unknown group", func() error { _, err := f.client.Group(ctx, 424242); return err }, ErrGroupNotFound, 5008},
		{"unknown group filter", func() error { _, err := f.client.Workers(ctx, "BTC", WorkerQuery{GroupID: 424242}); return err }, ErrGroupNotFound, 5008},
		{"wrong API key", func() error { return wrongKey.Ping(ctx) }, ErrInvalidAPIKey, 12001},
		{"wrong secret", func() error { _, err := wrongSecret.SubAccounts(ctx, 0, 0); return err }, ErrSignature, 12002},
		{"clock 2 minutes slow", func() error { _, err := slowClock.Sweep(ctx, "BTC"); return err }, ErrInvalidTonce, 12003},
		{"clock ahead of the service", func() error { _, err := fastClock.SubAccounts(ctx, 0, 0); return err }, ErrInvalidTonce, 12003},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var ae *APIError
			if !errors.Is(err, tc.want) || !errors.As(err, &ae) || ae.Code != tc.code || ae.HTTPStatus != http.StatusOK || ae.Message == "" {
				t.Fatalf("err = %v (%#v), want code %d matching %v", err, ae, tc.code, tc.want)
			}
			for _, other := range []error{ErrInvalidArgument, ErrInvalidCoin, ErrWorkerNotFound, ErrGroupNotFound, ErrInvalidAPIKey,
				ErrSignature, ErrInvalidTonce, ErrIPNotAllowed, ErrUnavailable, ErrUnknownOutcome} {
				if other != tc.want && errors.Is(err, other) {
					t.Fatalf("err = %v also matches %v", err, other)
				}
			}
		})
	}
	if f.sim.Balance("BTC") != "0.00184233" {
		t.Fatal("a refused sweep moved money")
	}
}

func TestWhitelistRefusalIsErrIPNotAllowedWithOrWithout403(t *testing.T) {
	for _, status403 := range []bool{false, true} {
		f := newFixture(t, func(o *simviabtc.Options) { o.IPWhitelistFails, o.WhitelistStatus403 = true, status403 })
		err := f.client.Ping(context.Background())
		var ae *APIError
		wantStatus := map[bool]int{false: 200, true: 403}[status403]
		if !errors.Is(err, ErrIPNotAllowed) || !errors.As(err, &ae) || ae.HTTPStatus != wantStatus {
			t.Fatalf("403=%v: err = %v", status403, err)
		}
	}
}

func TestForbiddenPageWithoutEnvelopeIsErrForbidden(t *testing.T) {
	f := newFixture(t, nil)
	f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Status, Status: 403, Body: "<html><h1>403 Forbidden</h1></html>", Times: 1})
	_, err := f.client.Hashrate(context.Background(), "BTC")
	var be *httpx.BodyError
	if !errors.Is(err, ErrForbidden) || !errors.As(err, &be) || be.Status != 403 {
		t.Fatalf("err = %v", err)
	}
	if n := len(f.sim.Recorder.Requests()); n != 1 {
		t.Fatalf("a 403 was retried: %d requests", n)
	}
}

func TestReadsRetryGatewayErrorsThenSucceed(t *testing.T) {
	f, _, _ := farm(t)
	f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Status, Status: 502, Times: 2})
	h, err := f.client.Hashrate(context.Background(), "BTC")
	if err != nil || h.ActiveWorkers != 2 {
		t.Fatalf("hashrate %+v, %v", h, err)
	}
	if n := len(f.sim.Recorder.Requests()); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}
}

func TestReadsThatNeverGetAnAnswerAreUnavailable(t *testing.T) {
	ctx := context.Background()
	t.Run("gateway error to the last attempt", func(t *testing.T) {
		f := newFixture(t, nil)
		f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Status, Status: 503})
		_, err := f.client.Hashrate(ctx, "BTC")
		var be *httpx.BodyError
		if !errors.Is(err, ErrUnavailable) || !errors.As(err, &be) || be.Status != 503 {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("connection dropped", func(t *testing.T) {
		f := newFixture(t, nil)
		f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Drop})
		if _, err := f.client.Hashrate(ctx, "BTC"); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("malformed JSON", func(t *testing.T) {
		f := newFixture(t, nil)
		f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Malformed, Times: 1})
		_, err := f.client.Hashrate(ctx, "BTC")
		var be *httpx.BodyError
		if !errors.As(err, &be) || errors.Is(err, ErrUnavailable) {
			t.Fatalf("err = %v, want a BodyError", err)
		}
	})
}

func TestSweepIsSentOnceAndALostAnswerIsUnknownOutcome(t *testing.T) {
	ctx := context.Background()
	for name, fault := range map[string]simhttp.Fault{
		"gateway error":    {Kind: simhttp.Status, Status: 502},
		"connection reset": {Kind: simhttp.Drop},
		"truncated answer": {Kind: simhttp.Malformed},
		"answer too slow":  {Kind: simhttp.Slow, Delay: time.Minute},
	} {
		t.Run(name, func(t *testing.T) {
			f, _, _ := farm(t)
			f.client = f.newClient(t, func(o *Options) { o.Timeout = 100 * time.Millisecond })
			f.sim.Faults.Inject(fault)
			_, err := f.client.Sweep(ctx, "BTC")
			if !errors.Is(err, ErrUnknownOutcome) {
				t.Fatalf("err = %v, want ErrUnknownOutcome", err)
			}
			if n := len(f.sim.Recorder.Requests()); n != 1 {
				t.Fatalf("sweep sent %d times", n)
			}
		})
	}
}

func TestSweepToAServiceThatIsDownIsUnavailableNotUnknown(t *testing.T) {
	c, err := New(Options{BaseURL: "http://127.0.0.1:1/res/openapi/v1", APIKey: docKey, SecretKey: docSecret})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Sweep(context.Background(), "BTC")
	if !errors.Is(err, ErrUnavailable) || errors.Is(err, ErrUnknownOutcome) {
		t.Fatalf("err = %v", err)
	}
}
