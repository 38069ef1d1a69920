package hiveos2

import (
	"errors"
	"math"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"pitboss/apiclients/internal/httpx"
	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
)

// Every decoder must return a value or an *APIError / *httpx.BodyError for any status and body, never
// panic, and never hand back a reading that is not a finite number.

// simBodies are the simulator's answers, by path, for a small farm with a worker offline, a GPU gone,
// numbers as strings, and a command carried out: real-shaped seeds for every decoder.
func simBodies(tb testing.TB) map[string][]byte {
	tb.Helper()
	start := time.Date(2024, 3, 6, 12, 0, 0, 0, time.UTC)
	now := func() time.Time { return start.Add(10 * time.Minute) }
	f := farm.New(farm.Options{Rigs: 3, GPUsPerRig: 3, Seed: 5, Start: start})
	_ = f.Offline("10257", start.Add(time.Minute), start.Add(time.Hour))
	_ = f.LoseGPU("10258", 1, start, start.Add(time.Hour))
	sim := simhiveos.NewV2(simhiveos.OptionsV2{Token: testToken, Login: testLogin, Password: testPassword, Now: now,
		CommandDelay: -1, StringNumbers: true, Farms: []simhiveos.FarmSpec{{ID: 1, Name: "F <1>", Farm: f}}})
	out := map[string][]byte{}
	send := func(method, path, body string) {
		req := httptest.NewRequest(method, simhiveos.PathV2+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+testToken)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		sim.ServeHTTP(rec, req)
		key := method + " " + path
		if _, dup := out[key]; dup {
			key += " (again)"
		}
		out[key] = rec.Body.Bytes()
	}
	send("POST", "/farms/1/workers/command", `{"worker_ids":[10256],"data":{"command":"exec","data":{"cmd":"false"}}}`)
	send("PATCH", "/farms/1/workers", `{"worker_ids":[10256,10258],"data":{"fs_id":10}}`)
	send("PATCH", "/farms/1/workers", `{"worker_ids":[10256],"data":{"fs_id":99999}}`)
	for _, path := range []string{"/farms", "/farms/1", "/farms/1/workers", "/farms/1/workers/10256", "/farms/1/workers/10257",
		"/farms/1/workers/gpus", "/farms/1/wallets", "/farms/1/metrics?period=1d&interval=1h", "/farms/1/fs", "/fs",
		"/farms/1/workers/10256/messages?with_payload=1", "/farms/2", "/farms/1/workers?filter=bad"} {
		send("GET", path, "")
	}
	send("POST", "/auth/login", `{"login":"`+testLogin+`","password":"`+testPassword+`"}`)
	send("POST", "/auth/login", `{"login":"x","password":"y"}`)
	return out
}

// addSeeds seeds f with the given bodies, the simulator's, the reference's, and bodies that are not what
// anyone documents, each with the statuses they come with.
func addSeeds(f *testing.F, bodies ...string) {
	f.Helper()
	for _, b := range simBodies(f) {
		f.Add(200, b)
	}
	for _, b := range append(bodies, "", " ", "null", "[]", "{}", `{"data":null}`, `{"data":{}}`, `{"data":[null,1,"x",{}]}`,
		"<html>502</html>", `{"data":[{"id":1,"stats":{"online":tr`, oddWorkers, referenceWorkers, referenceFarms, referenceMetrics) {
		f.Add(200, []byte(b))
	}
	for _, e := range []struct {
		status int
		body   string
	}{{422, referenceValidation}, {422, referenceBadFS}, {403, referenceTwoFA}, {404, referenceNoWorker}, {429, referenceRateLimit},
		{401, `{"message":"Unauthenticated.","code":401}`}, {502, "<html>502 Bad Gateway</html>"}, {500, `{"message":"Server Error"}`}, {204, ""}} {
		f.Add(e.status, []byte(e.body))
	}
}

// checkErr fails unless err is of a kind the decoders return.
func checkErr(t *testing.T, status int, err error) {
	t.Helper()
	var api *APIError
	var body *httpx.BodyError
	switch {
	case errors.As(err, &api):
		if api.Status != status || api.Status < 400 {
			t.Fatalf("APIError of HTTP %d for an answer of HTTP %d", api.Status, status)
		}
	case errors.As(err, &body):
	default:
		t.Fatalf("error of an unexpected kind: %T %v", err, err)
	}
}

func checkSuccess(t *testing.T, status int) {
	t.Helper()
	if status < 200 || status > 299 {
		t.Fatalf("success on HTTP %d", status)
	}
}

func allFinite(t *testing.T, what string, vs ...float64) {
	t.Helper()
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%s is %v", what, v)
		}
	}
}

func checkRates(t *testing.T, rates []AlgoRate) {
	t.Helper()
	for _, r := range rates {
		if r.Algo == "" {
			t.Fatalf("hashrate without an algorithm: %+v", r)
		}
		allFinite(t, "hashrate", r.Rate)
	}
}

func FuzzDecodeWorkers(f *testing.F) {
	addSeeds(f, referenceWorkers)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		workers, err := decodeWorkers(status, body)
		if err != nil {
			checkErr(t, status, err)
			return
		}
		checkSuccess(t, status)
		for _, w := range workers {
			checkWorker(t, w)
		}
	})
}

func FuzzDecodeWorker(f *testing.F) {
	addSeeds(f, referenceWorker)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		w, err := decodeWorker(status, body)
		if err != nil {
			checkErr(t, status, err)
			return
		}
		checkSuccess(t, status)
		checkWorker(t, w)
	})
}

func checkWorker(t *testing.T, w Worker) {
	t.Helper()
	if w.ID <= 0 {
		t.Fatalf("worker without an id: %+v", w)
	}
	if !w.Online && (w.GPUs != nil || w.Hashrates != nil || w.PowerDraw != 0 || w.Overheated || !w.MinerStart.IsZero()) {
		t.Fatalf("offline worker with live data: %+v", w)
	}
	allFinite(t, "worker reading", w.RedTemp, w.RedFan, w.RedMemTemp, w.PowerDraw)
	checkRates(t, w.Hashrates)
	for _, g := range w.GPUs {
		allFinite(t, "GPU reading", g.Temp, g.Fan, g.MemTemp, g.Power, g.Hash)
	}
	if w.FlightSheet != nil && w.FlightSheet.ID <= 0 {
		t.Fatalf("flight sheet without an id: %+v", w.FlightSheet)
	}
}

func FuzzDecodeFarms(f *testing.F) {
	addSeeds(f, referenceFarms)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		farms, err := decodeFarms(status, body)
		if err != nil {
			checkErr(t, status, err)
			return
		}
		checkSuccess(t, status)
		for _, fm := range farms {
			if fm.ID <= 0 {
				t.Fatalf("farm without an id: %+v", fm)
			}
			allFinite(t, "farm reading", fm.GPURedTemp, fm.GPURedFan, fm.GPURedMemTemp, fm.Stats.PowerDraw, fm.Stats.ASR)
			checkRates(t, fm.Hashrates)
		}
	})
}

func FuzzDecodeFarm(f *testing.F) {
	addSeeds(f, strings.TrimSuffix(strings.TrimPrefix(referenceFarms, "{\n  \"data\": ["), "],\n  \"tags\": []\n}"))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		fm, err := decodeFarm(status, body)
		if err != nil {
			checkErr(t, status, err)
			return
		}
		checkSuccess(t, status)
		if fm.ID <= 0 {
			t.Fatalf("farm without an id: %+v", fm)
		}
		checkRates(t, fm.Hashrates)
	})
}

func FuzzDecodeGPUs(f *testing.F) {
	addSeeds(f, referenceGPUs)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		gpus, err := decodeGPUs(status, body)
		if err != nil {
			checkErr(t, status, err)
			return
		}
		checkSuccess(t, status)
		for _, g := range gpus {
			if !g.HasStats && (g.Temp != 0 || g.Fan != 0 || g.MemTemp != 0) {
				t.Fatalf("readings without stats: %+v", g)
			}
			allFinite(t, "GPU reading", g.Temp, g.Fan, g.MemTemp, g.Power, g.Hash)
		}
	})
}

func FuzzDecodeWallets(f *testing.F) {
	addSeeds(f, referenceWallets)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		wallets, err := decodeWallets(status, body)
		if err != nil {
			checkErr(t, status, err)
			return
		}
		checkSuccess(t, status)
		for _, w := range wallets {
			if w.ID <= 0 {
				t.Fatalf("wallet without an id: %+v", w)
			}
		}
	})
}

func FuzzDecodeMetrics(f *testing.F) {
	addSeeds(f, referenceMetrics)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		ms, err := decodeMetrics(status, body)
		if err != nil {
			checkErr(t, status, err)
			return
		}
		checkSuccess(t, status)
		for _, m := range ms {
			if m.Time.IsZero() {
				t.Fatalf("metric without a time: %+v", m)
			}
			allFinite(t, "power", m.Power)
			checkRates(t, m.Hashrates)
		}
	})
}

func FuzzDecodeMessages(f *testing.F) {
	addSeeds(f, referenceMessages)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		msgs, err := decodeMessages(status, body)
		if err != nil {
			checkErr(t, status, err)
			return
		}
		checkSuccess(t, status)
		for _, m := range msgs {
			if m.ID <= 0 || m.CmdID < 0 || string(m.CommandResult) == "null" {
				t.Fatalf("message %+v", m)
			}
		}
	})
}

func FuzzDecodeFlightSheets(f *testing.F) {
	addSeeds(f, referenceSheets)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		sheets, err := decodeFlightSheets(status, body)
		if err != nil {
			checkErr(t, status, err)
			return
		}
		checkSuccess(t, status)
		for _, sh := range sheets {
			if sh.ID <= 0 || sh.FarmID < 0 {
				t.Fatalf("sheet %+v", sh)
			}
		}
	})
}

func FuzzDecodeCommands(f *testing.F) {
	addSeeds(f, referenceCommand, referenceCommands)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		res, err := decodeCommands(status, body)
		if err != nil {
			checkErr(t, status, err)
			return
		}
		checkSuccess(t, status)
		if res.ID < 0 {
			t.Fatalf("receipt %+v", res)
		}
	})
}

func FuzzDecodeAuthToken(f *testing.F) {
	addSeeds(f, referenceAuthToken, referencePersonal, `{"access_token":"x","expires_in":"-5"}`, `{"access_token":"x","expires_in":1e300}`)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		tok, err := decodeAuthToken(status, body)
		if err != nil {
			checkErr(t, status, err)
			return
		}
		checkSuccess(t, status)
		if tok.token == "" || tok.ttl <= 0 || tok.ttl > maxTTL {
			t.Fatalf("token %q for %v", tok.token, tok.ttl)
		}
	})
}

func FuzzDecodeError(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 400 || status > 599 {
			status = 400 + (status%200+200)%200
		}
		err := decodeError(status, body)
		var api *APIError
		if !errors.As(err, &api) || api.Status != status {
			t.Fatalf("decodeError(%d) = %v", status, err)
		}
		if status >= 500 && !errors.Is(err, ErrBadAnswer) {
			t.Fatalf("a %d is not ErrBadAnswer: %v", status, err)
		}
		_ = err.Error()
	})
}

// TestSimulatorBodiesDecode holds the seeds to what they are for: every simulator answer decodes.
func TestSimulatorBodiesDecode(t *testing.T) {
	bodies := simBodies(t)
	for path, decode := range map[string]func([]byte) error{
		"GET /farms":                                         func(b []byte) error { _, err := decodeFarms(200, b); return err },
		"GET /farms/1":                                       func(b []byte) error { _, err := decodeFarm(200, b); return err },
		"GET /farms/1/workers":                               func(b []byte) error { _, err := decodeWorkers(200, b); return err },
		"GET /farms/1/workers/10256":                         func(b []byte) error { _, err := decodeWorker(200, b); return err },
		"GET /farms/1/workers/gpus":                          func(b []byte) error { _, err := decodeGPUs(200, b); return err },
		"GET /farms/1/wallets":                               func(b []byte) error { _, err := decodeWallets(200, b); return err },
		"GET /farms/1/metrics?period=1d&interval=1h":         func(b []byte) error { _, err := decodeMetrics(200, b); return err },
		"GET /farms/1/fs":                                    func(b []byte) error { _, err := decodeFlightSheets(200, b); return err },
		"GET /farms/1/workers/10256/messages?with_payload=1": func(b []byte) error { _, err := decodeMessages(200, b); return err },
		"PATCH /farms/1/workers":                             func(b []byte) error { _, err := decodeCommands(200, b); return err },
		"PATCH /farms/1/workers (again)":                     func(b []byte) error { _, err := decodeCommands(422, b); return err },
		"POST /farms/1/workers/command":                      func(b []byte) error { _, err := decodeCommands(200, b); return err },
	} {
		err := decode(bodies[path])
		if path == "PATCH /farms/1/workers (again)" {
			if !errors.Is(err, ErrValidation) {
				t.Errorf("%s: %v, want the 422 the seed holds", path, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
	if r := bodies["GET /farms/2"]; !strings.Contains(string(r), "Farm not found") {
		t.Fatalf("unknown farm answered %s", r)
	}
}
