package coinhive

import (
	"hash/fnv"
	"math"
	"time"
)

// DemoSecret is the secret key of the Demo site; demo mode gives it to the client.
const DemoSecret = "demo0coinhive0secret0key0pitboss"

// DemoSiteName is the Demo site's name.
const DemoSiteName = "pitboss demo"

// Demo returns a site with eight users and a hashrate that follows the day: visitors mine in the
// afternoon (UTC) far more than at night, with some noise from hour to hour.
func Demo(now func() time.Time) *Sim {
	s := New(Options{Secret: DemoSecret, Now: now, SiteName: DemoSiteName})
	s.site = newSite(s.now(), 2_400_000_000, demoHashrate)
	s.site.xmrPaid = 0.12
	for _, u := range []struct {
		name             string
		total, withdrawn int64
	}{
		{"alice", 18_874_368, 16_777_216},
		{"bob", 4_194_304, 0},
		{"carol", 52_428_800, 41_943_040},
		{"dave", 1_048_576, 1_048_576},
		{"erin", 786_432, 262_144},
		{"frank", 9_437_184, 4_194_304},
		{"grace", 0, 0}, // connected once, never mined: known to balance, absent from list
		{"heidi", 131_072, 0},
	} {
		s.AddUser(u.name, u.total, u.withdrawn)
	}
	return s
}

// demoHashrate peaks at 15:00 UTC around 3200 H/s and bottoms out at 03:00 near 800 H/s.
func demoHashrate(hour time.Time) float64 {
	h := float64(hour.UTC().Hour())
	rate := 2000 + 1200*math.Sin(2*math.Pi*(h-9)/24)
	f := fnv.New32a()
	_, _ = f.Write([]byte(hour.UTC().Format(time.RFC3339)))
	noise := float64(f.Sum32()%1000)/1000*0.16 - 0.08 // ±8 %
	return rate * (1 + noise)
}
