package monitor

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"pitboss/alerts"
	"pitboss/store"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// fakeSource answers with whatever the test set: readings of one rig whose GPU runs at temp, or err.
type fakeSource struct {
	mu    sync.Mutex
	temps []float64
	err   error
	empty bool // answer with no rig at all
	polls int
}

func (f *fakeSource) Name() string  { return "hiveos" }
func (f *fakeSource) Title() string { return "Hive OS" }

func (f *fakeSource) Poll(_ context.Context, now time.Time) (*Observation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.polls++
	if f.err != nil {
		return nil, f.err
	}
	if f.empty {
		return &Observation{Summary: "0 rigs"}, nil
	}
	rs := []alerts.Reading{
		{Source: "hiveos", Rig: "10256", GPU: alerts.NoGPU, Metric: alerts.RigOnline, Value: 1, At: now},
		{Source: "hiveos", Rig: "10256", GPU: alerts.NoGPU, Metric: alerts.RigHashrate, Algo: "ethash", Value: 90e6, At: now},
	}
	for i, temp := range f.temps {
		rs = append(rs, alerts.Reading{Source: "hiveos", Rig: "10256", GPU: i, Metric: alerts.GPUTemp, Value: temp, At: now})
	}
	return &Observation{Readings: rs, Names: map[string]string{"10256": "rig01"}, Summary: "1 rig"}, nil
}

func (f *fakeSource) set(err error, temps ...float64) {
	f.mu.Lock()
	f.temps, f.err = temps, err
	f.mu.Unlock()
}

// recorder is the renderer and the notifier: it keeps every notice and counts the wake-ups.
type recorder struct {
	mu      sync.Mutex
	notices []Notice
	wakes   int
}

func (r *recorder) Render(n Notice) []store.OutboxMessage {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notices = append(r.notices, n)
	return []store.OutboxMessage{{ChatID: n.User.ChatID, Text: "alert"}}
}

func (r *recorder) Notify() {
	r.mu.Lock()
	r.wakes++
	r.mu.Unlock()
}

type fixture struct {
	t     *testing.T
	store *store.Store
	src   *fakeSource
	rec   *recorder
	now   time.Time
	m     *Monitor
}

// newFixture is a monitor of the fake source over a real database with two users: Ada, who has opened
// her chat with the bot, and Vic, who has not.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.db")
	f := &fixture{t: t, src: &fakeSource{temps: []float64{60, 60}}, rec: &recorder{}, now: t0}
	st, err := store.Open(context.Background(), path, store.Options{Now: func() time.Time { return f.now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f.store = st
	ctx := context.Background()
	if err := st.SyncConfigUsers(ctx, []int64{1001}, []int64{1002}); err != nil {
		t.Fatal(err)
	}
	if err := st.SeenInPrivate(ctx, 1001, 1001, "Ada", "ada"); err != nil {
		t.Fatal(err)
	}
	var d alerts.Limits
	d[alerts.OfflineAfter] = alerts.Limit{Value: 300, Set: true}
	f.m, err = New(Options{Store: st, Renderer: f.rec, Notifier: f.rec, Now: func() time.Time { return f.now },
		Rules: Rules{Defaults: d, For: 2 * time.Minute, SourceDownAfter: 3}}, Scheduled{Source: f.src, Spec: "@every 1m"})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) pollAt(minutes int) {
	f.t.Helper()
	f.now = t0.Add(time.Duration(minutes) * time.Minute)
	if err := f.m.Poll(context.Background(), "hiveos"); err != nil {
		f.t.Fatal(err)
	}
}

func TestCycleStoresHistoryAndTellsOnlyWhoCanBeTold(t *testing.T) {
	f := newFixture(t)
	f.src.set(nil, 60, 90)
	for m := 0; m <= 2; m++ {
		f.pollAt(m)
	}
	if len(f.rec.notices) != 1 || f.rec.notices[0].User.TelegramID != 1001 || f.rec.wakes != 1 {
		t.Fatalf("notices %+v, wakes %d: want one, for Ada", f.rec.notices, f.rec.wakes)
	}
	n := f.rec.notices[0]
	if n.Title != "Hive OS" || n.Names["10256"] != "rig01" || len(n.Transitions) != 1 ||
		n.Transitions[0].State.Key != (alerts.Key{Kind: alerts.KindGPUTemp, Rig: "10256", GPU: 1}) {
		t.Fatalf("notice %+v", n)
	}
	ctx := context.Background()
	samples, err := f.store.RigSamples(ctx, "hiveos", "10256", t0, t0.Add(time.Hour))
	if err != nil || len(samples) != 3 {
		t.Fatalf("history: %d samples, %v", len(samples), err)
	}
	if depth, _, _ := f.store.OutboxDepth(ctx); depth != 1 {
		t.Fatalf("outbox depth %d", depth)
	}
	// Vic has never opened his chat: his alert fired all the same, untold until he can be reached.
	states, _ := f.store.AlertStates(ctx, "hiveos")
	vic, _ := f.store.User(ctx, 1002)
	if st := states[vic.ID][alerts.Key{Kind: alerts.KindGPUTemp, Rig: "10256", GPU: 1}]; st.Phase != alerts.Firing || !st.NotifiedAt.IsZero() {
		t.Fatalf("Vic's state %+v", st)
	}
}

func TestFailedPollsCountTowardsSourceDownAndShowInLatest(t *testing.T) {
	f := newFixture(t)
	f.pollAt(0)
	down := errors.New("connection refused")
	f.src.set(down)
	for m := 1; m <= 4; m++ {
		f.pollAt(m)
	}
	l, _ := f.m.Latest("hiveos")
	if l.Failures != 4 || !errors.Is(l.Err, down) || !l.At.Equal(t0) || l.Observation == nil || l.Names["10256"] != "rig01" {
		t.Fatalf("latest %+v", l)
	}
	if len(f.rec.notices) != 1 || f.rec.notices[0].Transitions[0].State.Kind != alerts.KindSourceDown {
		t.Fatalf("notices %+v", f.rec.notices)
	}
	if !f.rec.notices[0].Transitions[0].State.Since.Equal(t0.Add(time.Minute)) {
		t.Fatalf("down since %v, want the first failure", f.rec.notices[0].Transitions[0].State.Since)
	}
}

func TestARestartedMonitorKnowsTheRigsGPUsAndHashrates(t *testing.T) {
	f := newFixture(t)
	f.src.set(nil, 60, 60, 60)
	for m := 0; m < 10; m++ {
		f.pollAt(m)
	}
	// A new monitor on the same database: the rig had three GPUs and hashes 90 MH/s.
	m2, err := New(Options{Store: f.store, Renderer: f.rec, Now: func() time.Time { return f.now }}, Scheduled{Source: f.src, Spec: "@every 1m"})
	if err != nil {
		t.Fatal(err)
	}
	w := m2.byName["hiveos"]
	if err := m2.loadFacts(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	facts := w.facts.forPoll(f.now)
	if facts.ExpectedGPUs["10256"] != 3 || facts.Baselines[alerts.BaselineKey("10256", "ethash")] != 90e6 {
		t.Fatalf("facts after a restart: %+v", facts)
	}
	if l, _ := m2.Latest("hiveos"); l.Names["10256"] != "rig01" {
		t.Fatalf("names after a restart: %+v", l.Names)
	}
}

func TestPollTimeoutIsShorterThanTheInterval(t *testing.T) {
	for spec, want := range map[string]time.Duration{"@every 1m": 48 * time.Second, "@every 15s": 12 * time.Second,
		"*/5 * * * *": 2 * time.Minute, "@every 1s": time.Second} {
		s, err := cron.ParseStandard(spec)
		if err != nil {
			t.Fatal(err)
		}
		if got := pollTimeout(s, t0); got != want {
			t.Errorf("%s: %s, want %s", spec, got, want)
		}
	}
}

func TestRunPollsAtOnceAndStopsWhenAsked(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.m.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		f.src.mu.Lock()
		polls := f.src.polls
		f.src.mu.Unlock()
		if polls > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("Run did not poll at once")
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop")
	}
}

func TestRetentionRollsUpThenPrunesOldPolls(t *testing.T) {
	f := newFixture(t)
	f.m.opts.Retention = Retention{RawDays: 1, RollupDays: 2}
	for m := 0; m < 3; m++ {
		f.pollAt(m)
	}
	f.now = t0.Add(26 * time.Hour)
	f.m.retain(context.Background())
	ctx := context.Background()
	raw, _ := f.store.RigSamples(ctx, "hiveos", "10256", t0, f.now)
	ups, _ := f.store.RigRollups(ctx, "hiveos", "10256", t0, f.now)
	if len(raw) != 0 || len(ups) != 1 || ups[0].Polls != 3 {
		t.Fatalf("after a day: %d raw polls, rollups %+v", len(raw), ups)
	}
	f.now = t0.Add(49 * time.Hour)
	f.m.retain(ctx)
	if ups, _ := f.store.RigRollups(ctx, "hiveos", "10256", t0, f.now); len(ups) != 0 {
		t.Fatalf("rollups past rollup_days left: %+v", ups)
	}
}

func TestAnAnswerWithoutRigsFromAKnownFarmIsAFailedPoll(t *testing.T) {
	f := newFixture(t)
	f.src.set(nil, 90)
	for m := 0; m <= 2; m++ {
		f.pollAt(m)
	}
	if len(f.rec.notices) != 1 {
		t.Fatalf("notices %+v", f.rec.notices)
	}
	f.src.mu.Lock()
	f.src.empty = true
	f.src.mu.Unlock()
	f.pollAt(3)
	if l, _ := f.m.Latest("hiveos"); !errors.Is(l.Err, errNoRigs) || l.Failures != 1 {
		t.Fatalf("latest after an empty answer: %+v", l)
	}
	if len(f.rec.notices) != 1 {
		t.Fatalf("an empty answer told the user something: %+v", f.rec.notices[1:])
	}
}
