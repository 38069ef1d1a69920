package hiveos

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"pitboss/apiclients/internal/httpx"
	"pitboss/apiclients/secret"
	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
)

func TestNewRefusesMissingKeysAndNonHTTPURLs(t *testing.T) {
	for name, o := range map[string]Options{
		"no public key":    {SecretKey: testSecret},
		"no secret key":    {PublicKey: testPublic},
		"relative URL":     {PublicKey: testPublic, SecretKey: testSecret, BaseURL: "/worker/eypiay.php"},
		"ftp URL":          {PublicKey: testPublic, SecretKey: testSecret, BaseURL: "ftp://api.hiveos.farm/x"},
		"no host":          {PublicKey: testPublic, SecretKey: testSecret, BaseURL: "https:///worker/eypiay.php"},
		"not a URL at all": {PublicKey: testPublic, SecretKey: testSecret, BaseURL: "http://[::1"},
	} {
		if _, err := New(o); err == nil {
			t.Errorf("%s: want an error", name)
		} else {
			assertNoSecret(t, err)
		}
	}
	c, err := New(Options{PublicKey: testPublic, SecretKey: testSecret})
	if err != nil || c.url != DefaultURL {
		t.Fatalf("default URL: %v, %v", c, err)
	}
}

func TestEveryMethodPostsAFormSignedOverTheExactBytesSent(t *testing.T) {
	fx := setup(t, nil, func(o *Options) { o.UserAgent = "pitboss-test/1" })
	ctx := context.Background()
	for _, c := range []struct {
		name string
		call func() error
		body string
	}{
		{"getRigs", func() error { _, err := fx.client.GetRigs(ctx); return err }, "method=getRigs&public_key=" + testPublic},
		{"getWallets", func() error { _, err := fx.client.GetWallets(ctx); return err }, "method=getWallets&public_key=" + testPublic},
		{"getOC", func() error { _, err := fx.client.GetOC(ctx); return err }, "method=getOC&public_key=" + testPublic},
		{"getCurrentStats", func() error { _, err := fx.client.GetCurrentStats(ctx); return err }, "method=getCurrentStats&public_key=" + testPublic},
		{"ping", func() error { return fx.client.Ping(ctx) }, "method=getRigs&public_key=" + testPublic},
		{"multiRocket", func() error {
			_, err := fx.client.MultiRocket(ctx, MultiRocketParams{RigIDs: []string{"10256", "10257"}, Miner: ptr("phoenixminer")})
			return err
		}, "method=multiRocket&rig_ids_str=10256%2C10257&miner=phoenixminer&public_key=" + testPublic},
	} {
		t.Run(c.name, func(t *testing.T) {
			fx.sim.Recorder.Reset()
			if err := c.call(); err != nil {
				t.Fatal(err)
			}
			req, ok := fx.sim.Recorder.Last()
			if !ok || fx.requests() != 1 {
				t.Fatalf("%d requests recorded, want 1", fx.requests())
			}
			if string(req.Body) != c.body {
				t.Fatalf("body %q, want %q", req.Body, c.body)
			}
			if got, want := req.Header.Get("HMAC"), hmacHex(testSecret, string(req.Body)); got != want {
				t.Fatalf("HMAC %q, want HMAC-SHA256 of the body %q", got, want)
			}
			if req.Method != http.MethodPost || req.Path != simhiveos.Path || req.RawQuery != "" ||
				req.Header.Get("Content-Type") != "application/x-www-form-urlencoded" || req.Header.Get("User-Agent") != "pitboss-test/1" {
				t.Fatalf("request %s %s?%s headers %v", req.Method, req.Path, req.RawQuery, req.Header)
			}
			if strings.Contains(string(req.Body), testSecret) {
				t.Fatal("the secret key was sent")
			}
		})
	}
}

func TestGetRigsListsTheFarmsRigsByID(t *testing.T) {
	fx := setup(t, nil, nil)
	fx.clock.Advance(time.Minute)
	rigs, err := fx.client.GetRigs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := fx.farm.Rigs()
	if len(rigs) != len(want) {
		t.Fatalf("%d rigs, want %d", len(rigs), len(want))
	}
	for i, r := range rigs {
		w := want[i]
		wallet, _ := fx.farm.Wallet(w.WalletID)
		if r.ID != w.ID || r.Name != w.Name || r.Miner != w.Miner || r.Miner2 != w.Miner2 || r.WalletID != w.WalletID ||
			r.OCID != w.OCID || r.WalletName != wallet.Name || !r.LastUpdate.Equal(t0.Add(time.Minute)) {
			t.Fatalf("rig %d: %+v, farm %+v", i, r, w)
		}
	}
}

func TestGetWalletsAndGetOCListTheFarmsCatalogue(t *testing.T) {
	fx := setup(t, nil, nil)
	wallets, err := fx.client.GetWallets(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := fx.farm.Wallets()
	if len(wallets) != len(want) {
		t.Fatalf("%d wallets, want %d", len(wallets), len(want))
	}
	for i, w := range wallets {
		if w.ID != want[i].ID || w.Name != want[i].Name || w.Coin != want[i].Coin || w.Address != want[i].Address {
			t.Fatalf("wallet %+v, want %+v", w, want[i])
		}
	}
	ocs, err := fx.client.GetOC(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	wantOC := fx.farm.OCProfiles()
	if len(ocs) != len(wantOC) || ocs[0].ID != wantOC[0].ID || ocs[0].Name != wantOC[0].Name || !strings.Contains(string(ocs[0].Raw), `"id_oc":800`) {
		t.Fatalf("OC profiles %+v, want %+v", ocs, wantOC)
	}
}

func TestGetCurrentStatsMatchesTheFarm(t *testing.T) {
	for _, plain := range []bool{false, true} {
		fx := setup(t, func(o *simhiveos.Options) { o.PlainNumbers = plain }, nil)
		fx.clock.Advance(5 * time.Minute)
		stats, err := fx.client.GetCurrentStats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		snap := fx.farm.Snapshot(fx.clock.Now())
		if !stats.HasRedTemp || stats.RedTemp != snap.RedTemp || len(stats.Algos) == 0 || len(stats.Rigs) != len(snap.Rigs) {
			t.Fatalf("plain=%v: red %v/%v algos %v rigs %d", plain, stats.RedTemp, stats.HasRedTemp, stats.Algos, len(stats.Rigs))
		}
		for i, r := range stats.Rigs {
			w := snap.Rigs[i]
			if r.ID != w.ID || r.Name != w.Name || r.Miner != w.Miner || r.WalletID != w.WalletID || r.WalletName != w.WalletName ||
				!r.Online || !r.LastUpdate.Equal(w.LastUpdate) || r.Algo != w.Algo || len(r.GPUs) != len(w.GPUs) ||
				math.Abs(r.HashKHs-w.HashKHs) > 0.01 || math.Abs(r.PowerW-w.PowerW) > 0.5 {
				t.Fatalf("plain=%v rig %s: %+v, farm %+v", plain, w.ID, r, w)
			}
			for g, gs := range r.GPUs {
				wg := w.GPUs[g]
				if gs.Index != g || gs.Temp != math.Round(wg.Temp) || gs.Fan != math.Round(wg.Fan) || math.Abs(gs.HashKHs-wg.HashKHs) > 0.006 {
					t.Fatalf("plain=%v rig %s GPU %d: %+v, farm %+v", plain, w.ID, g, gs, wg)
				}
			}
		}
	}
}

func TestGetCurrentStatsWithoutRedTempSaysSo(t *testing.T) {
	fx := setup(t, func(o *simhiveos.Options) { o.OmitRedTemp = true }, nil)
	stats, err := fx.client.GetCurrentStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if stats.HasRedTemp || stats.RedTemp != 0 || len(stats.Rigs) == 0 {
		t.Fatalf("red temp %v/%v, %d rigs", stats.RedTemp, stats.HasRedTemp, len(stats.Rigs))
	}
}

func TestOfflineRigIsOfflineSinceItWasLastSeen(t *testing.T) {
	fx := setup(t, nil, nil)
	from := t0.Add(2 * time.Minute)
	if err := fx.farm.Offline("10257", from, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	fx.clock.Advance(12 * time.Minute)
	stats, err := fx.client.GetCurrentStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r := stats.Rigs[1]
	if r.ID != "10257" || r.Online || !r.LastUpdate.Equal(from) || r.GPUs != nil || r.HashKHs != 0 || r.Miner == "" {
		t.Fatalf("offline rig %+v", r)
	}
	if !stats.Rigs[0].Online {
		t.Fatal("the other rigs went offline too")
	}
}

func TestOverheatedGPUShowsItsTemperature(t *testing.T) {
	fx := setup(t, nil, nil)
	if err := fx.farm.Overheat("10258", 2, 94, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	stats, err := fx.client.GetCurrentStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if g := stats.Rigs[2].GPUs[2]; g.Temp != 94 || g.Fan < 90 {
		t.Fatalf("overheated GPU %+v", g)
	}
}

func TestMultiRocketSendsOnlyTheFieldsSetAndChangesTheRigs(t *testing.T) {
	fx := setup(t, nil, nil)
	for _, c := range []struct {
		name   string
		params MultiRocketParams
		body   string
		check  func(farm.Rig) bool
	}{
		{"wallet only", MultiRocketParams{RigIDs: []string{"10256"}, WalletID: ptr[int64](107803)},
			"rig_ids_str=10256&id_wal=107803", func(r farm.Rig) bool { return r.WalletID == 107803 }},
		{"everything", MultiRocketParams{RigIDs: []string{"10256", "10257", "10259"}, Miner: ptr("t-rex"), Miner2: ptr("xmrig"), WalletID: ptr[int64](107800), OCID: ptr[int64](803)},
			"rig_ids_str=10256%2C10257%2C10259&miner=t-rex&miner2=xmrig&id_wal=107800&id_oc=803",
			func(r farm.Rig) bool {
				return r.Miner == "t-rex" && r.Miner2 == "xmrig" && r.WalletID == 107800 && r.OCID == 803
			}},
		{"unset the second miner", MultiRocketParams{RigIDs: []string{"10257"}, Miner2: ptr("0")},
			"rig_ids_str=10257&miner2=0", func(r farm.Rig) bool { return r.Miner2 == "" && r.Miner == "t-rex" }},
		{"OC only", MultiRocketParams{RigIDs: []string{"10259"}, OCID: ptr[int64](800)},
			"rig_ids_str=10259&id_oc=800", func(r farm.Rig) bool { return r.OCID == 800 && r.Miner == "t-rex" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			fx.sim.Recorder.Reset()
			res, err := fx.client.MultiRocket(context.Background(), c.params)
			if err != nil {
				t.Fatal(err)
			}
			if string(res) != "true" {
				t.Fatalf("result %s", res)
			}
			req, _ := fx.sim.Recorder.Last()
			if want := "method=multiRocket&" + c.body + "&public_key=" + testPublic; string(req.Body) != want || fx.requests() != 1 {
				t.Fatalf("sent %q (%d requests), want %q", req.Body, fx.requests(), want)
			}
			for _, id := range c.params.RigIDs {
				if r, _ := fx.farm.Rig(id); !c.check(r) {
					t.Fatalf("rig %s after multiRocket: %+v", id, r)
				}
			}
		})
	}
}

func TestMultiRocketWithImpossibleParamsSendsNothing(t *testing.T) {
	fx := setup(t, nil, nil)
	for name, p := range map[string]MultiRocketParams{
		"no rig":               {Miner: ptr("claymore")},
		"non-numeric rig id":   {RigIDs: []string{"10256", "rig02"}, Miner: ptr("claymore")},
		"empty rig id":         {RigIDs: []string{""}, Miner: ptr("claymore")},
		"negative rig id":      {RigIDs: []string{"-1"}, Miner: ptr("claymore")},
		"nothing to change":    {RigIDs: []string{"10256"}},
		"empty miner":          {RigIDs: []string{"10256"}, Miner: ptr("")},
		"empty second miner":   {RigIDs: []string{"10256"}, Miner2: ptr("")},
		"zero wallet id":       {RigIDs: []string{"10256"}, WalletID: ptr[int64](0)},
		"negative OC id":       {RigIDs: []string{"10256"}, OCID: ptr[int64](-800)},
		"comma inside rig ids": {RigIDs: []string{"10256,10257"}, Miner: ptr("claymore")},
	} {
		_, err := fx.client.MultiRocket(context.Background(), p)
		if !errors.Is(err, ErrInvalidParams) {
			t.Errorf("%s: err %v, want ErrInvalidParams", name, err)
		}
	}
	if n := fx.requests(); n != 0 {
		t.Fatalf("%d requests sent for refused parameters", n)
	}
}

func TestMultiRocketRefusedByTheServiceIsAnRPCError(t *testing.T) {
	fx := setup(t, nil, nil)
	_, err := fx.client.MultiRocket(context.Background(), MultiRocketParams{RigIDs: []string{"10256"}, WalletID: ptr[int64](1)})
	var rpc *RPCError
	if !errors.As(err, &rpc) || rpc.Code != -32602 || rpc.HTTPStatus != 200 || !strings.Contains(rpc.Message, "Wallet not found") {
		t.Fatalf("err %v, want the service's -32602", err)
	}
	if !errors.Is(err, ErrInvalidParams) || errors.Is(err, ErrAuth) {
		t.Fatalf("err %v does not classify as invalid params only", err)
	}
}

func TestWrongKeysAreErrAuth(t *testing.T) {
	for name, o := range map[string]func(*Options){
		"wrong secret key": func(o *Options) { o.SecretKey = secret.String(strings.Repeat("0", 64)) },
		"wrong public key": func(o *Options) { o.PublicKey = secret.String(strings.Repeat("f", 64)) },
	} {
		t.Run(name, func(t *testing.T) {
			fx := setup(t, nil, o)
			_, err := fx.client.GetCurrentStats(context.Background())
			var rpc *RPCError
			if !errors.Is(err, ErrAuth) || !errors.As(err, &rpc) || rpc.HTTPStatus != 200 {
				t.Fatalf("err %v, want ErrAuth", err)
			}
			if fx.requests() != 1 {
				t.Fatalf("%d requests: an API error must not be retried", fx.requests())
			}
			if err := fx.client.Ping(context.Background()); !errors.Is(err, ErrAuth) {
				t.Fatalf("Ping: %v, want ErrAuth", err)
			}
		})
	}
}

func TestUnknownMethodIsMethodNotFoundFromA404(t *testing.T) {
	fx := setup(t, nil, nil)
	_, err := call(context.Background(), fx.client, "getBalance", nil, true, decodeMultiRocket)
	var rpc *RPCError
	if !errors.Is(err, ErrMethodNotFound) || !errors.As(err, &rpc) || rpc.HTTPStatus != http.StatusNotFound || rpc.Message != "Method not found" {
		t.Fatalf("err %v, want -32601 Method not found on HTTP 404", err)
	}
}

func TestReadRetriesAfterA5xxAndRecovers(t *testing.T) {
	fx := setup(t, nil, nil)
	fx.sim.Faults.FailWith(http.StatusBadGateway, "", 2)
	stats, err := fx.client.GetCurrentStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(stats.Rigs) != 4 || fx.requests() != 3 {
		t.Fatalf("%d rigs after %d requests, want 4 after 3", len(stats.Rigs), fx.requests())
	}
}

func TestReadFailingEveryAttemptIsUnavailable(t *testing.T) {
	fx := setup(t, nil, nil)
	fx.sim.Faults.FailWith(http.StatusServiceUnavailable, "", 0)
	_, err := fx.client.GetRigs(context.Background())
	var body *httpx.BodyError
	if !errors.Is(err, httpx.ErrUnavailable) || !errors.As(err, &body) || body.Status != 503 {
		t.Fatalf("err %v, want ErrUnavailable with the 503 page", err)
	}
	if fx.requests() != 3 {
		t.Fatalf("%d attempts, want 3", fx.requests())
	}
}

func TestMultiRocketIsNotRetriedAfterA5xx(t *testing.T) {
	fx := setup(t, nil, nil)
	before, _ := fx.farm.Rig("10256")
	fx.sim.Faults.FailWith(http.StatusBadGateway, "", 1)
	_, err := fx.client.MultiRocket(context.Background(), MultiRocketParams{RigIDs: []string{"10256"}, Miner: ptr("ethminer")})
	if !errors.Is(err, httpx.ErrUnknownOutcome) || errors.Is(err, httpx.ErrUnavailable) {
		t.Fatalf("err %v, want ErrUnknownOutcome", err)
	}
	if fx.requests() != 1 {
		t.Fatalf("%d requests, want exactly 1", fx.requests())
	}
	if after, _ := fx.farm.Rig("10256"); after != before {
		t.Fatalf("rig changed: %+v", after)
	}
}

func TestMultiRocketWhoseAnswerIsLostIsUnknownOutcome(t *testing.T) {
	for name, fault := range map[string]func(*simhiveos.Sim){
		"timeout":            func(s *simhiveos.Sim) { s.Faults.Delay(time.Hour, 1) },
		"connection dropped": func(s *simhiveos.Sim) { s.Faults.Drop(1) },
	} {
		t.Run(name, func(t *testing.T) {
			fx := setup(t, nil, func(o *Options) { o.Timeout = 50 * time.Millisecond })
			fault(fx.sim)
			_, err := fx.client.MultiRocket(context.Background(), MultiRocketParams{RigIDs: []string{"10256"}, OCID: ptr[int64](804)})
			if !errors.Is(err, httpx.ErrUnknownOutcome) {
				t.Fatalf("err %v, want ErrUnknownOutcome", err)
			}
			if fx.requests() != 1 {
				t.Fatalf("%d requests, want exactly 1", fx.requests())
			}
		})
	}
}

func TestDroppedConnectionsOnEveryAttemptAreUnavailable(t *testing.T) {
	fx := setup(t, nil, nil)
	fx.sim.Faults.Drop(0)
	if _, err := fx.client.GetWallets(context.Background()); !errors.Is(err, httpx.ErrUnavailable) || fx.requests() != 3 {
		t.Fatalf("err %v after %d requests, want ErrUnavailable after 3", err, fx.requests())
	}
}

func TestMalformedJSONIsABodyError(t *testing.T) {
	fx := setup(t, nil, nil)
	fx.sim.Faults.Malform(1)
	_, err := fx.client.GetCurrentStats(context.Background())
	var body *httpx.BodyError
	if !errors.As(err, &body) || body.Status != 200 || errors.Is(err, httpx.ErrUnavailable) {
		t.Fatalf("err %v, want a BodyError", err)
	}
	if fx.requests() != 1 {
		t.Fatalf("%d requests: a 200 answer must not be retried", fx.requests())
	}
	if _, err := fx.client.GetCurrentStats(context.Background()); err != nil {
		t.Fatalf("after the fault: %v", err)
	}
}

func TestSlowAnswerTimesOutOnEveryAttempt(t *testing.T) {
	fx := setup(t, nil, func(o *Options) { o.Timeout = 50 * time.Millisecond; o.Attempts = 2 })
	fx.sim.Faults.Delay(time.Hour, 0)
	_, err := fx.client.GetCurrentStats(context.Background())
	if !errors.Is(err, httpx.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v, want ErrUnavailable from a deadline", err)
	}
	if fx.requests() != 2 {
		t.Fatalf("%d attempts, want 2", fx.requests())
	}
}

func TestCancelledContextStopsTheCall(t *testing.T) {
	fx := setup(t, nil, nil)
	fx.sim.Faults.Delay(time.Hour, 0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := fx.client.GetRigs(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
}

func TestEmptyBodyIsABodyError(t *testing.T) {
	for _, status := range []int{http.StatusOK, http.StatusNotFound} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) }))
		c, err := New(Options{BaseURL: srv.URL, PublicKey: testPublic, SecretKey: testSecret})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.GetRigs(context.Background())
		srv.Close()
		var body *httpx.BodyError
		if !errors.As(err, &body) || body.Status != status || body.Snippet != "" {
			t.Fatalf("HTTP %d: err %v, want an empty-body BodyError", status, err)
		}
	}
}

func TestErrorsNeverShowTheKeysOrTheSignature(t *testing.T) {
	// echo plays a hostile or buggy service that repeats the request, headers included, in its answers.
	var mu sync.Mutex
	var lastMAC string
	echo := func(status int, jsonError bool, pad int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			lastMAC = r.Header.Get("HMAC")
			mu.Unlock()
			w.WriteHeader(status)
			if jsonError {
				_, _ = w.Write([]byte(`{"jsonrpc":"2.0","error":{"code":-32600,"message":"bad HMAC ` + lastMAC + ` for ` + string(b) + `"},"id":null}`))
				return
			}
			_, _ = w.Write([]byte("<html>" + strings.Repeat("x", pad) + lastMAC + " body " + string(b) + "</html>"))
		}
	}
	for name, h := range map[string]http.HandlerFunc{
		"API error echoing the request":         echo(200, true, 0),
		"5xx page echoing the request":          echo(502, false, 0),
		"200 page echoing the request":          echo(200, false, 0),
		"page whose snippet cuts the signature": echo(200, false, 94),
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(h)
			defer srv.Close()
			c, err := New(Options{BaseURL: srv.URL + "/" + testPublic + "/" + testSecret, PublicKey: testPublic, SecretKey: testSecret, RetryBase: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.MultiRocket(context.Background(), MultiRocketParams{RigIDs: []string{"1"}, Miner: ptr("claymore")})
			mu.Lock()
			defer mu.Unlock()
			if lastMAC == "" {
				t.Fatal("the request never reached the server")
			}
			assertNoSecret(t, err, lastMAC)
		})
	}

	fx := setup(t, nil, func(o *Options) { o.Timeout = 50 * time.Millisecond })
	lastSent := func() string {
		req, _ := fx.sim.Recorder.Last()
		return req.Header.Get("HMAC")
	}
	for name, fault := range map[string]func(){
		"bad status":  func() { fx.sim.Faults.FailWith(http.StatusInternalServerError, "", 0) },
		"malformed":   func() { fx.sim.Faults.Malform(0) },
		"dropped":     func() { fx.sim.Faults.Drop(0) },
		"timeout":     func() { fx.sim.Faults.Delay(time.Hour, 0) },
		"unknown rig": func() {},
	} {
		t.Run(name, func(t *testing.T) {
			fx.sim.Faults.Clear()
			fault()
			_, err := fx.client.MultiRocket(context.Background(), MultiRocketParams{RigIDs: []string{"99"}, Miner: ptr("claymore")})
			assertNoSecret(t, err, lastSent())
			_, err = fx.client.GetCurrentStats(context.Background())
			if name != "unknown rig" {
				assertNoSecret(t, err, lastSent())
			}
		})
	}

	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close() // nothing listens: a network error, whose *url.Error carries the URL
	c, err := New(Options{BaseURL: srv.URL + "/" + testSecret, PublicKey: testPublic, SecretKey: testSecret, RetryBase: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetRigs(context.Background())
	assertNoSecret(t, err)
	if !errors.Is(err, httpx.ErrUnavailable) {
		t.Fatalf("err %v, want ErrUnavailable", err)
	}
}
