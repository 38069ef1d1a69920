package metrics

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

type fakeState struct {
	counts map[[2]string]int
	n      int
	oldest time.Time
	err    error
}

func (f fakeState) AlertCounts(context.Context) (map[[2]string]int, error) { return f.counts, f.err }
func (f fakeState) OutboxDepth(context.Context) (int, time.Time, error)    { return f.n, f.oldest, f.err }

var now = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func TestCountersFollowWhatComponentsReport(t *testing.T) {
	m := New(Build{Version: "1.2.3", Commit: "abc", Date: "d", GoVersion: "go1.26"}, nil, nil, func() time.Time { return now })
	m.Polled("hiveos", 300*time.Millisecond, nil)
	m.Polled("hiveos", time.Second, errors.New("down"))
	m.Polled("viabtc", time.Second, nil)
	m.Stored(120)
	for _, o := range []string{Sent, Sent, RateLimited, Retried, Dropped, Unreachable, Retried} {
		m.Delivered(o)
	}
	m.Handled("status", 20*time.Millisecond)
	m.Handled("unknown", time.Millisecond)
	m.Acted("rocket", "ok")
	m.Acted("rocket", "unknown")
	m.Leading(true)
	for name, c := range map[string]struct {
		got  float64
		want float64
	}{
		"ok polls":        {testutil.ToFloat64(m.polls.WithLabelValues("hiveos", "ok")), 1},
		"failed polls":    {testutil.ToFloat64(m.polls.WithLabelValues("hiveos", "error")), 1},
		"last success":    {testutil.ToFloat64(m.lastSuccess.WithLabelValues("hiveos")), float64(now.Unix())},
		"readings":        {testutil.ToFloat64(m.readings), 120},
		"sent":            {testutil.ToFloat64(m.sent), 2},
		"429s":            {testutil.ToFloat64(m.limited), 1},
		"retried":         {testutil.ToFloat64(m.sendFailed.WithLabelValues(Retried)), 2},
		"dropped":         {testutil.ToFloat64(m.sendFailed.WithLabelValues(Dropped)), 1},
		"unreachable":     {testutil.ToFloat64(m.sendFailed.WithLabelValues(Unreachable)), 1},
		"commands":        {testutil.ToFloat64(m.commands.WithLabelValues("status")), 1},
		"actions ok":      {testutil.ToFloat64(m.actions.WithLabelValues("rocket", "ok")), 1},
		"actions unknown": {testutil.ToFloat64(m.actions.WithLabelValues("rocket", "unknown")), 1},
		"leader":          {testutil.ToFloat64(m.leader), 1},
	} {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", name, c.got, c.want)
		}
	}
	if n := testutil.CollectAndCount(m.pollTime); n != 2 {
		t.Errorf("poll duration series: %d, want one per source", n)
	}
	problems, err := testutil.GatherAndLint(m.reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("metric %s: %s", p.Metric, p.Text)
	}
}

func TestNilMetricsCountNothing(t *testing.T) {
	var m *Metrics
	m.Polled("hiveos", time.Second, nil)
	m.Stored(1)
	m.Delivered(Sent)
	m.Handled("status", time.Second)
	m.Acted("rocket", "ok")
	m.Leading(true)
}

func TestAlertsAndOutboxAreReadAtScrape(t *testing.T) {
	st := fakeState{counts: map[[2]string]int{{"gpu_temp", "firing"}: 3, {"rig_offline", "pending"}: 1}, n: 4, oldest: now.Add(-90 * time.Second)}
	m := New(Build{}, st, nil, func() time.Time { return now })
	want := `
# HELP pitboss_alerts Alerts by kind and state (pending or firing), summed over users.
# TYPE pitboss_alerts gauge
pitboss_alerts{kind="gpu_temp",state="firing"} 3
pitboss_alerts{kind="rig_offline",state="pending"} 1
# HELP pitboss_outbox_depth Messages queued for Telegram.
# TYPE pitboss_outbox_depth gauge
pitboss_outbox_depth 4
# HELP pitboss_outbox_oldest_age_seconds How long the oldest queued message has waited; 0 when the outbox is empty.
# TYPE pitboss_outbox_oldest_age_seconds gauge
pitboss_outbox_oldest_age_seconds 90
`
	if err := testutil.GatherAndCompare(m.reg, strings.NewReader(want), "pitboss_alerts", "pitboss_outbox_depth", "pitboss_outbox_oldest_age_seconds"); err != nil {
		t.Fatal(err)
	}
	empty := New(Build{}, fakeState{}, nil, func() time.Time { return now })
	if err := testutil.GatherAndCompare(empty.reg, strings.NewReader(`
# HELP pitboss_outbox_oldest_age_seconds How long the oldest queued message has waited; 0 when the outbox is empty.
# TYPE pitboss_outbox_oldest_age_seconds gauge
pitboss_outbox_oldest_age_seconds 0
`), "pitboss_outbox_oldest_age_seconds"); err != nil {
		t.Fatal(err)
	}
}

func TestAStoreThatFailsFailsTheScrapeVisibly(t *testing.T) {
	m := New(Build{}, fakeState{err: errors.New("database is closed")}, nil, nil)
	if _, err := m.reg.Gather(); err == nil || !strings.Contains(err.Error(), "database is closed") {
		t.Fatalf("gathering with a failing store: %v", err)
	}
}
