package hiveos

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"pitboss/sim/farm"
	"pitboss/sim/simhttp"
)

const (
	pub    = "1111111111111111111111111111111111111111111111111111111111111111"
	secret = "2222222222222222222222222222222222222222222222222222222222222222"
)

var t0 = time.Date(2018, 3, 6, 12, 0, 0, 0, time.UTC)

type answer struct {
	Status  int
	JSONRPC string          `json:"jsonrpc"`
	Result  json.RawMessage `json:"result"`
	Error   *rpcError       `json:"error"`
	ID      json.RawMessage `json:"id"`
}

type fixture struct {
	sim   *Sim
	clock *simhttp.Clock
	url   string
}

func start(t *testing.T, opts Options) *fixture {
	t.Helper()
	clock := simhttp.NewClock(t0)
	if opts.PublicKey == "" {
		opts.PublicKey, opts.SecretKey = pub, secret
	}
	opts.Now = clock.Now
	if opts.Farm == nil {
		opts.Farm = farm.New(farm.Options{Rigs: 3, GPUsPerRig: 4, Seed: 1, Start: t0})
	}
	s := New(opts)
	srv, err := simhttp.Serve(s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return &fixture{sim: s, clock: clock, url: srv.URL + Path}
}

func sign(key, body string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(body))
	return hex.EncodeToString(m.Sum(nil))
}

// post sends body as the API expects it, signed with key.
func (fx *fixture) post(t *testing.T, body, key string) answer {
	t.Helper()
	return fx.send(t, http.MethodPost, body, "application/x-www-form-urlencoded", sign(key, body))
}

func (fx *fixture) call(t *testing.T, method string, extra string) answer {
	t.Helper()
	body := "method=" + method + extra + "&public_key=" + pub
	return fx.post(t, body, secret)
}

func (fx *fixture) send(t *testing.T, verb, body, contentType, mac string) answer {
	t.Helper()
	req, err := http.NewRequest(verb, fx.url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("HMAC", mac)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var a answer
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatalf("answer is not JSON: %v: %s", err, raw)
	}
	if a.JSONRPC != "2.0" || string(a.ID) != "null" {
		t.Fatalf("not a JSON-RPC 2.0 envelope: %s", raw)
	}
	a.Status = resp.StatusCode
	return a
}

func wantError(t *testing.T, a answer, status, code int, msg string) {
	t.Helper()
	if a.Status != status || a.Error == nil || a.Error.Code != code || !strings.Contains(a.Error.Message, msg) || a.Result != nil {
		t.Fatalf("got HTTP %d error %+v result %s, want HTTP %d code %d %q", a.Status, a.Error, a.Result, status, code, msg)
	}
}

func wantResult(t *testing.T, a answer, into any) {
	t.Helper()
	if a.Status != http.StatusOK || a.Error != nil {
		t.Fatalf("HTTP %d error %+v", a.Status, a.Error)
	}
	if err := json.Unmarshal(a.Result, into); err != nil {
		t.Fatalf("result %s: %v", a.Result, err)
	}
}

func TestSignedCallWithTheRightKeysIsAnswered(t *testing.T) {
	fx := start(t, Options{})
	var rigs map[string]map[string]any
	wantResult(t, fx.call(t, "getRigs", ""), &rigs)
	if len(rigs) != 3 || rigs["10256"]["name"] != "rig01" || rigs["10256"]["id_rig"] != float64(10256) {
		t.Fatalf("getRigs result %v", rigs)
	}
}

func TestWrongHMACIsRefused(t *testing.T) {
	fx := start(t, Options{})
	body := "method=getRigs&public_key=" + pub
	for name, mac := range map[string]string{
		"signed with another key":   sign("wrong", body),
		"signed over other bytes":   sign(secret, "public_key="+pub+"&method=getRigs"),
		"upper-case hex":            strings.ToUpper(sign(secret, body)),
		"no header":                 "",
		"the secret key, not a MAC": secret,
	} {
		t.Run(name, func(t *testing.T) {
			a := fx.send(t, http.MethodPost, body, "application/x-www-form-urlencoded", mac)
			wantError(t, a, http.StatusOK, CodeAuth, "Invalid HMAC")
		})
	}
}

func TestWrongOrMissingPublicKeyIsRefused(t *testing.T) {
	fx := start(t, Options{})
	for _, body := range []string{"method=getRigs&public_key=" + strings.Repeat("3", 64), "method=getRigs"} {
		wantError(t, fx.post(t, body, secret), http.StatusOK, CodeAuth, "Invalid public key")
	}
}

func TestRequestWithoutMethodGetsMethodNotGiven(t *testing.T) {
	fx := start(t, Options{})
	body := "method=getRigs&public_key=" + pub
	for name, a := range map[string]answer{
		"no method field":         fx.post(t, "public_key="+pub, secret),
		"JSON body":               fx.send(t, http.MethodPost, `{"method":"getRigs"}`, "application/json", sign(secret, body)),
		"GET with a query string": fx.send(t, http.MethodGet, "", "", sign(secret, body)),
	} {
		t.Run(name, func(t *testing.T) { wantError(t, a, http.StatusOK, CodeMethodNotFound, "method not given") })
	}
}

func TestUnknownMethodIs404MethodNotFound(t *testing.T) {
	fx := start(t, Options{})
	wantError(t, fx.call(t, "getBalance", ""), http.StatusNotFound, CodeMethodNotFound, "Method not found")
}

func TestGetWalletsAndOCAreKeyedByID(t *testing.T) {
	fx := start(t, Options{})
	var wallets map[string]struct {
		ID   int64  `json:"id_wal"`
		Name string `json:"name"`
		Coin string `json:"coin"`
		Wal  string `json:"wal"`
	}
	wantResult(t, fx.call(t, "getWallets", ""), &wallets)
	if w := wallets["107800"]; w.ID != 107800 || w.Name != "ETH - Ethermine" || w.Coin != "ETH" || !strings.HasPrefix(w.Wal, "0x") {
		t.Fatalf("wallet 107800: %+v", w)
	}
	var ocs map[string]map[string]any
	wantResult(t, fx.call(t, "getOC", ""), &ocs)
	if oc := ocs["800"]; oc["id_oc"] != float64(800) || oc["name"] != "1070 eth" || oc["nvidia"] == nil {
		t.Fatalf("OC 800: %v", oc)
	}
}

func TestGetCurrentStatsHasTheReferenceShape(t *testing.T) {
	fx := start(t, Options{})
	var res struct {
		Summary struct {
			Algo map[string]struct{ Hash float64 } `json:"algo"`
		} `json:"summary"`
		User struct {
			RedTemp float64 `json:"red_temp"`
		} `json:"user"`
		Rigs map[string]struct {
			Miner        string `json:"miner"`
			IDWal        int64  `json:"id_wal"`
			WalletName   string `json:"wallet_name"`
			TsLastUpdate int64  `json:"ts_last_update"`
			Stats        struct {
				Hash   float64   `json:"hash"`
				Power  float64   `json:"power"`
				Temp   []string  `json:"temp"`
				Fan    []string  `json:"fan"`
				Hashes []float64 `json:"hashes"`
			} `json:"stats"`
			RawStats struct {
				Temp       []string `json:"temp"`
				MinerStats struct {
					HS   []float64 `json:"hs"`
					Temp []float64 `json:"temp"`
					Algo string    `json:"algo"`
				} `json:"miner_stats"`
			} `json:"raw_stats"`
		} `json:"rigs"`
	}
	fx.clock.Advance(time.Minute)
	wantResult(t, fx.call(t, "getCurrentStats", ""), &res)
	if res.User.RedTemp != farm.DefaultRedTemp || len(res.Summary.Algo) == 0 || len(res.Rigs) != 3 {
		t.Fatalf("summary %+v user %+v rigs %d", res.Summary, res.User, len(res.Rigs))
	}
	r := res.Rigs["10256"]
	if r.Miner == "" || r.IDWal < 107800 || r.WalletName == "" || r.TsLastUpdate != t0.Add(time.Minute).Unix() {
		t.Fatalf("rig 10256: %+v", r)
	}
	if len(r.Stats.Temp) != 4 || len(r.Stats.Fan) != 4 || len(r.Stats.Hashes) != 4 || r.Stats.Hash < 4*20000 || r.Stats.Power < 200 {
		t.Fatalf("rig 10256 stats %+v", r.Stats)
	}
	if r.RawStats.Temp[0] != r.Stats.Temp[0] || r.RawStats.MinerStats.HS[0] != r.Stats.Hashes[0] || r.RawStats.MinerStats.Algo == "" {
		t.Fatalf("raw_stats disagrees with stats: %+v vs %+v", r.RawStats, r.Stats)
	}
	var sum float64
	for _, h := range r.Stats.Hashes {
		sum += h
	}
	if d := sum - r.Stats.Hash; d > 0.05 || d < -0.05 {
		t.Fatalf("hashes sum to %.2f, hash %.2f", sum, r.Stats.Hash)
	}
}

func TestPlainNumbersRendersTemperaturesAsNumbers(t *testing.T) {
	fx := start(t, Options{PlainNumbers: true})
	var res struct {
		Rigs map[string]struct {
			Stats struct {
				Temp []float64 `json:"temp"`
				Fan  []float64 `json:"fan"`
			} `json:"stats"`
		} `json:"rigs"`
	}
	wantResult(t, fx.call(t, "getCurrentStats", ""), &res)
	if s := res.Rigs["10257"].Stats; len(s.Temp) != 4 || s.Temp[0] < 40 || s.Fan[0] < 20 {
		t.Fatalf("stats %+v", s)
	}
}

func TestOmitRedTempLeavesTheUserSectionOut(t *testing.T) {
	fx := start(t, Options{OmitRedTemp: true})
	var res map[string]json.RawMessage
	wantResult(t, fx.call(t, "getCurrentStats", ""), &res)
	if _, ok := res["user"]; ok || res["rigs"] == nil {
		t.Fatalf("result keys %v", res)
	}
}

func TestOfflineRigHasNullStatsAndItsLastUpdateFromBeforeTheOutage(t *testing.T) {
	fx := start(t, Options{})
	if err := fx.sim.Farm().Offline("10258", t0.Add(time.Minute), t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	fx.clock.Advance(20 * time.Minute)
	var res struct {
		Rigs map[string]map[string]json.RawMessage `json:"rigs"`
	}
	wantResult(t, fx.call(t, "getCurrentStats", ""), &res)
	r := res.Rigs["10258"]
	if string(r["stats"]) != "null" || string(r["raw_stats"]) != "null" || string(r["miner"]) == "" {
		t.Fatalf("offline rig %v", r)
	}
	var ts int64
	_ = json.Unmarshal(r["ts_last_update"], &ts)
	if ts != t0.Add(time.Minute).Unix() {
		t.Fatalf("ts_last_update %d, want the outage's start %d", ts, t0.Add(time.Minute).Unix())
	}
}

func TestMultiRocketChangesTheListedRigs(t *testing.T) {
	fx := start(t, Options{})
	a := fx.call(t, "multiRocket", "&rig_ids_str=10256%2C10258&miner=t-rex&miner2=xmrig&id_wal=107803&id_oc=803")
	var ok bool
	wantResult(t, a, &ok)
	if !ok {
		t.Fatalf("result %s", a.Result)
	}
	for _, id := range []string{"10256", "10258"} {
		r, _ := fx.sim.Farm().Rig(id)
		if r.Miner != "t-rex" || r.Miner2 != "xmrig" || r.WalletID != 107803 || r.OCID != 803 {
			t.Fatalf("rig %s: %+v", id, r)
		}
	}
	wantResult(t, fx.call(t, "multiRocket", "&rig_ids_str=10256&miner2=0"), &ok)
	if r, _ := fx.sim.Farm().Rig("10256"); r.Miner2 != "" || r.Miner != "t-rex" {
		t.Fatalf("after miner2=0: %+v", r)
	}
}

func TestMultiRocketWithBadParametersChangesNothing(t *testing.T) {
	fx := start(t, Options{})
	before := fx.sim.Farm().Rigs()
	for name, c := range map[string]struct{ extra, msg string }{
		"no rig_ids_str":    {"&miner=t-rex", "rig_ids_str not given"},
		"non-numeric id":    {"&rig_ids_str=10256,abc&miner=t-rex", "Invalid rig id"},
		"unknown rig":       {"&rig_ids_str=10256,99999&miner=t-rex", "Rig not found: 99999"},
		"nothing to change": {"&rig_ids_str=10256", "Nothing to change"},
		"empty fields":      {"&rig_ids_str=10256&miner=&id_wal=", "Nothing to change"},
		"unknown wallet":    {"&rig_ids_str=10256&id_wal=1", "Wallet not found: 1"},
		"wallet not a num":  {"&rig_ids_str=10256&id_wal=eth", "Invalid id_wal"},
		"unknown OC":        {"&rig_ids_str=10256&id_oc=799", "OC profile not found: 799"},
		"unknown miner":     {"&rig_ids_str=10256&miner=notaminer", "Unknown miner"},
		"miner 0":           {"&rig_ids_str=10256&miner=0", "Unknown miner"},
	} {
		t.Run(name, func(t *testing.T) {
			wantError(t, fx.call(t, "multiRocket", c.extra), http.StatusOK, CodeInvalidParams, c.msg)
		})
	}
	after := fx.sim.Farm().Rigs()
	for i := range before {
		if before[i] != after[i] {
			t.Fatalf("rig %s changed: %+v -> %+v", before[i].ID, before[i], after[i])
		}
	}
}

func TestRecorderKeepsTheExactBodyAndHMAC(t *testing.T) {
	fx := start(t, Options{})
	body := "method=getOC&public_key=" + pub
	fx.post(t, body, secret)
	req, ok := fx.sim.Recorder.Last()
	if !ok || string(req.Body) != body || req.Header.Get("HMAC") != sign(secret, body) || req.Path != Path || !req.At.Equal(t0) {
		t.Fatalf("recorded %+v", req)
	}
}

func TestFaultHelpersFailRequestsThenRecover(t *testing.T) {
	fx := start(t, Options{})
	fx.sim.Faults.FailWith(http.StatusBadGateway, "", 1)
	fx.sim.Faults.Malform(1)
	fx.sim.Faults.Drop(1)
	body := "method=getRigs&public_key=" + pub
	post := func() (int, string, error) {
		req, _ := http.NewRequest(http.MethodPost, fx.url, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("HMAC", sign(secret, body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), nil
	}
	if status, b, _ := post(); status != http.StatusBadGateway || !strings.Contains(b, "nginx") {
		t.Fatalf("first: %d %q", status, b)
	}
	if status, b, _ := post(); status != http.StatusOK || json.Valid([]byte(b)) {
		t.Fatalf("second: %d %q, want malformed JSON", status, b)
	}
	if _, _, err := post(); err == nil {
		t.Fatal("third: want the connection dropped")
	}
	if status, b, err := post(); err != nil || status != http.StatusOK || !strings.Contains(b, `"result"`) {
		t.Fatalf("fourth: %d %q %v", status, b, err)
	}
	if n := len(fx.sim.Recorder.Requests()); n != 4 {
		t.Fatalf("recorded %d requests, want 4", n)
	}
}

func TestDelayHoldsTheAnswerUntilTheClientGivesUp(t *testing.T) {
	fx := start(t, Options{})
	fx.sim.Faults.Delay(time.Hour, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	body := "method=getRigs&public_key=" + pub
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, fx.url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HMAC", sign(secret, body))
	if _, err := http.DefaultClient.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v, want the client's deadline", err)
	}
	fx.sim.Faults.Clear()
	var rigs map[string]any
	wantResult(t, fx.call(t, "getRigs", ""), &rigs)
}

func TestDemoAnswersTheDemoKeysWithSixRigsThatMisbehave(t *testing.T) {
	clock := simhttp.NewClock(t0)
	s := Demo(clock.Now)
	srv, err := simhttp.Serve(s)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	fx := &fixture{sim: s, clock: clock, url: srv.URL + Path}
	if len(DemoPublicKey) != 64 || len(DemoSecretKey) != 64 {
		t.Fatal("demo keys are not 64 characters")
	}
	if _, err := hex.DecodeString(DemoPublicKey + DemoSecretKey); err != nil {
		t.Fatalf("demo keys are not hex: %v", err)
	}
	stats := func() map[string]map[string]json.RawMessage {
		body := "method=getCurrentStats&public_key=" + DemoPublicKey
		var res struct {
			Rigs map[string]map[string]json.RawMessage `json:"rigs"`
		}
		wantResult(t, fx.post(t, body, DemoSecretKey), &res)
		return res.Rigs
	}
	if rigs := stats(); len(rigs) != 6 || string(rigs[farm.DemoOfflineRig]["stats"]) == "null" {
		t.Fatalf("demo at start: %d rigs, offline rig %v", len(rigs), rigs[farm.DemoOfflineRig])
	}
	clock.Advance(20 * time.Minute)
	if rigs := stats(); string(rigs[farm.DemoOfflineRig]["stats"]) != "null" {
		t.Fatalf("demo rig %s still online 20 minutes in", farm.DemoOfflineRig)
	}
}

func TestConcurrentCallsAreSafe(t *testing.T) {
	fx := start(t, Options{})
	var wg sync.WaitGroup
	errs := make(chan error, 80)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 10 {
				fx.clock.Advance(time.Second)
				body := "method=getCurrentStats&public_key=" + pub
				if (i+j)%3 == 0 {
					body = "method=multiRocket&rig_ids_str=10257&miner=claymore&public_key=" + pub
				}
				req, _ := http.NewRequest(http.MethodPost, fx.url, strings.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("HMAC", sign(secret, body))
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					errs <- err
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `"result"`) {
					errs <- fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, b)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if r, _ := fx.sim.Farm().Rig("10257"); r.Miner != "claymore" {
		t.Fatalf("miner %q", r.Miner)
	}
	if n := len(fx.sim.Recorder.Requests()); n != 80 {
		t.Fatalf("recorded %d requests, want 80", n)
	}
}
