package monitor_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pitboss/alerting"
	"pitboss/alerts"
	"pitboss/apiclients/hiveos"
	"pitboss/apiclients/hiveos2"
	"pitboss/monitor"
	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
	"pitboss/store"
)

var benchStart = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// farmBody is the simulator's getCurrentStats answer for rigs rigs of gpus GPUs, three of them hot.
func farmBody(b *testing.B, rigs, gpus int) []byte {
	b.Helper()
	f := farm.New(farm.Options{Rigs: rigs, GPUsPerRig: gpus, Seed: 1, Start: benchStart})
	for i := range 3 {
		if err := f.Overheat(fmt.Sprint(farm.FirstRigID+i*97), 1, 90, benchStart.Add(time.Hour)); err != nil {
			b.Fatal(err)
		}
	}
	sim := simhiveos.New(simhiveos.Options{PublicKey: simhiveos.DemoPublicKey, SecretKey: simhiveos.DemoSecretKey, Farm: f,
		Now: func() time.Time { return benchStart.Add(time.Minute) }})
	c, err := hiveos.New(hiveos.Options{BaseURL: "http://sim" + simhiveos.Path, PublicKey: simhiveos.DemoPublicKey,
		SecretKey: simhiveos.DemoSecretKey, HTTPClient: &http.Client{Transport: captureTransport{sim}}})
	if err != nil {
		b.Fatal(err)
	}
	var body []byte
	captured = func(p []byte) { body = p }
	if _, err := c.GetCurrentStats(context.Background()); err != nil {
		b.Fatal(err)
	}
	return body
}

var captured func([]byte)

// captureTransport answers requests with a handler in process and keeps the body it answered.
type captureTransport struct{ h http.Handler }

func (t captureTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	captured(bytes.Clone(rec.Body.Bytes()))
	return rec.Result(), nil
}

// BenchmarkCycle2000Rigs8GPUs100Users is one full poll of a 2,000-rig farm of 8 GPUs each, watched by
// 100 users, ten of whom have thresholds of their own: the answer fetched over loopback HTTP and decoded,
// normalised, judged for every user, rendered, and written (history, alert states, outbox) in one
// transaction. Three GPUs run hot, so alerts fire and are queued.
func BenchmarkCycle2000Rigs8GPUs100Users(b *testing.B) {
	body := farmBody(b, 2000, 8)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	defer srv.Close()
	c, err := hiveos.New(hiveos.Options{BaseURL: srv.URL + simhiveos.Path, PublicKey: simhiveos.DemoPublicKey, SecretKey: simhiveos.DemoSecretKey})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	benchCycle(b, &monitor.HiveOS{Client: c}, func(i int) string { return fmt.Sprint(farm.FirstRigID + i) })
}

// BenchmarkCycleV2_2000Workers8GPUs100Users is the same poll through Hive OS API v2: the farm list, then
// the farm's 2,000 workers of 8 GPUs, each with its red lines, memory temperatures and problems.
func BenchmarkCycleV2_2000Workers8GPUs100Users(b *testing.B) {
	farms, workers := v2Bodies(b, 2000, 8)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/workers") {
			w.Write(workers)
			return
		}
		w.Write(farms)
	}))
	defer srv.Close()
	c, err := hiveos2.New(hiveos2.Options{BaseURL: srv.URL + simhiveos.PathV2, Token: "bench-token"})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(farms) + len(workers)))
	benchCycle(b, &monitor.HiveOS2{Client: c}, func(i int) string { return fmt.Sprint(farm.FirstRigID + i) })
}

// v2Bodies are the v2 simulator's answers to GET /farms and GET /farms/{id}/workers for one farm of rigs
// rigs of gpus GPUs, three of them hot.
func v2Bodies(b *testing.B, rigs, gpus int) (farms, workers []byte) {
	b.Helper()
	f := farm.New(farm.Options{Rigs: rigs, GPUsPerRig: gpus, Seed: 1, Start: benchStart})
	for i := range 3 {
		if err := f.Overheat(fmt.Sprint(farm.FirstRigID+i*97), 1, 90, benchStart.Add(time.Hour)); err != nil {
			b.Fatal(err)
		}
	}
	sim := simhiveos.NewV2(simhiveos.OptionsV2{Token: "bench-token", Farms: []simhiveos.FarmSpec{{ID: 1, Name: "Bench", Farm: f}},
		Now: func() time.Time { return benchStart.Add(time.Minute) }})
	get := func(path string) []byte {
		r := httptest.NewRequest(http.MethodGet, simhiveos.PathV2+path, nil)
		r.Header.Set("Authorization", "Bearer bench-token")
		rec := httptest.NewRecorder()
		sim.ServeHTTP(rec, r)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: HTTP %d: %s", path, rec.Code, rec.Body)
		}
		return bytes.Clone(rec.Body.Bytes())
	}
	return get("/farms"), get("/farms/1/workers")
}

// benchCycle polls src as the monitor does, for 100 users (two admins, 98 viewers), one in ten with a
// temperature line of their own and one for the rig rigID(i); it fails unless alerts were queued.
func benchCycle(b *testing.B, src monitor.Source, rigID func(i int) string) {
	now := benchStart
	st, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "p.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	ids := make([]int64, 100)
	for i := range ids {
		ids[i] = int64(5000 + i)
	}
	if err := st.SyncConfigUsers(ctx, ids[:2], ids[2:]); err != nil {
		b.Fatal(err)
	}
	for i, id := range ids {
		if err := st.SeenInPrivate(ctx, id, id, "user", ""); err != nil {
			b.Fatal(err)
		}
		if i%10 == 0 {
			u, _ := st.User(ctx, id)
			st.SetThreshold(ctx, store.Threshold{UserID: u.ID, Name: "temp", Value: 85})
			st.SetThreshold(ctx, store.Threshold{UserID: u.ID, Source: "hiveos", Rig: rigID(i), Name: "temp", Value: 70})
		}
	}
	var d alerts.Limits
	d[alerts.HashrateLow] = alerts.Limit{Value: 20, Percent: true, Set: true}
	d[alerts.OfflineAfter] = alerts.Limit{Value: 3600 * 24 * 365 * 20, Set: true} // the body's timestamps stay put
	m, err := monitor.New(monitor.Options{Store: st, Renderer: alerting.Renderer{}, Now: func() time.Time { return now },
		Rules: monitor.Rules{Defaults: d, For: 0, Repeat: time.Hour, SourceDownAfter: 3}},
		monitor.Scheduled{Source: src, Spec: "@every 1m"})
	if err != nil {
		b.Fatal(err)
	}
	if err := m.Poll(ctx, "hiveos"); err != nil { // the first poll numbers 2,000 rigs
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		now = now.Add(time.Minute)
		if err := m.Poll(ctx, "hiveos"); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if n, _, _ := st.OutboxDepth(ctx); n == 0 {
		b.Fatal("no alert was queued: the benchmark did not exercise rendering")
	}
}
