package coinhive

import (
	"testing"
	"time"

	"pitboss/sim/simhttp"
)

func TestDemoSiteHasUsersAndADailyHashrateCycle(t *testing.T) {
	if len(DemoSecret) != 32 {
		t.Fatalf("DemoSecret has %d characters, want 32 like Coinhive's", len(DemoSecret))
	}
	clock := simhttp.NewClock(day)
	s := Demo(clock.Now)
	srv, err := simhttp.Serve(s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	f := &fixture{sim: s, clock: clock, url: srv.URL}
	p := params()
	p.Set("secret", DemoSecret)
	list := f.get(t, "/user/list", p)
	wantSuccess(t, list)
	if n := len(list.users(t)); n < 6 || n > 10 {
		t.Fatalf("demo lists %d users, want about 8", n)
	}
	site := f.get(t, "/stats/site", p)
	wantSuccess(t, site)
	if site.body["name"] != DemoSiteName || site.int(t, "hashesTotal") < 2_400_000_000 {
		t.Fatalf("demo site %v", site.body)
	}
	lo, hi := 1e9, 0.0
	for _, raw := range site.body["history"].([]any)[:24] {
		hps := (answer{body: raw.(map[string]any)}).float(t, "hashesPerSecond")
		lo, hi = min(lo, hps), max(hi, hps)
	}
	if lo <= 0 || hi < 2*lo {
		t.Fatalf("demo hashrate over a day runs %v..%v H/s, want a clear day/night swing", lo, hi)
	}
	night := demoHashrate(time.Date(2019, 2, 24, 3, 0, 0, 0, time.UTC))
	afternoon := demoHashrate(time.Date(2019, 2, 24, 15, 0, 0, 0, time.UTC))
	if afternoon < 2*night {
		t.Fatalf("demo rate at 15:00 %v, at 03:00 %v: want the afternoon busier", afternoon, night)
	}
}
