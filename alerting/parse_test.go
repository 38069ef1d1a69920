package alerting

import (
	"errors"
	"strings"
	"testing"

	"pitboss/alerts"
	"pitboss/bot"
)

func TestParseSetReadsEveryForm(t *testing.T) {
	cases := []struct {
		in   string
		want setting
	}{
		{"temp 80", setting{alerts.TempMax, alerts.Limit{Value: 80, Set: true}, ""}},
		{"TEMP 80C rig02", setting{alerts.TempMax, alerts.Limit{Value: 80, Set: true}, "rig02"}},
		{"temp 72.5°C", setting{alerts.TempMax, alerts.Limit{Value: 72.5, Set: true}, ""}},
		{"fan 90%", setting{alerts.FanMax, alerts.Limit{Value: 90, Set: true}, ""}},
		{"fan 90", setting{alerts.FanMax, alerts.Limit{Value: 90, Set: true}, ""}},
		{"hashrate 20%", setting{alerts.HashrateLow, alerts.Limit{Value: 20, Percent: true, Set: true}, ""}},
		{"hashrate 150M Rig 01", setting{alerts.HashrateLow, alerts.Limit{Value: 150e6, Set: true}, "Rig 01"}},
		{"offline 10m", setting{alerts.OfflineAfter, alerts.Limit{Value: 600, Set: true}, ""}},
		{"offline 1h30m rig05", setting{alerts.OfflineAfter, alerts.Limit{Value: 5400, Set: true}, "rig05"}},
		{"pool 40T BTC", setting{alerts.PoolLow, alerts.Limit{Value: 40e12, Set: true}, "BTC"}},
		{"workers 0", setting{alerts.WorkersMax, alerts.Limit{Value: 0, Set: true}, ""}},
		{"site 1k", setting{alerts.SiteLow, alerts.Limit{Value: 1000, Set: true}, ""}},
		{"memtemp 100C rig02", setting{alerts.MemTempMax, alerts.Limit{Value: 100, Set: true}, "rig02"}},
	}
	for _, c := range cases {
		got, err := parseSet(c.in)
		if err != nil || got != c.want {
			t.Errorf("%q: %+v %v, want %+v", c.in, got, err, c.want)
		}
	}
}

func TestParseSetRefusesBadValuesWithTheRightForm(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", "Usage: /set &lt;temp|fan|hashrate|offline|pool|workers|site|memtemp&gt; &lt;value&gt; [rig]"},
		{"temp", "Usage: /set"},
		{"heat 80", "There is no threshold “heat”. The thresholds are: temp, fan, hashrate, offline, pool, workers, site, memtemp."},
		{"temp 150", "“150” is not a valid GPU temperature. Give °C from 30 to 120, such as 80 or 80C."},
		{"temp 20", "°C from 30 to 120"},
		{"temp hot", "°C from 30 to 120"},
		{"temp NaN", "°C from 30 to 120"},
		{"fan 0", "% from 1 to 100"},
		{"fan 101%", "% from 1 to 100"},
		{"hashrate 20", "a drop under the rig's usual hashrate from 1% to 99%, such as 20%, or a hashrate such as 150M"},
		{"hashrate 100%", "from 1% to 99%"},
		{"hashrate -5M", "such as 150M"},
		{"offline 30s", "from 1m to 24h"},
		{"offline 2d", "from 1m to 24h"},
		{"offline 10", "from 1m to 24h"},
		{"pool 40", "a hashrate such as 40T"},
		{"workers 1.5", "a whole number from 0"},
		{"workers -1", "a whole number from 0"},
		{"site <b>", "“&lt;b&gt;” is not a valid site hashrate"},
		{"memtemp 140", "“140” is not a valid GPU memory temperature. Give °C from 30 to 130"},
	}
	for _, c := range cases {
		_, err := parseSet(c.in)
		var ue *bot.UserError
		if !errors.As(err, &ue) || !strings.Contains(ue.Msg, c.want) {
			t.Errorf("%q: %v, want a user error containing %q", c.in, err, c.want)
		}
	}
}

func TestParseMuteDuration(t *testing.T) {
	for in, ok := range map[string]bool{"30m": true, "2h": true, "1d": true, "30d": true, "31d": false, "213504d": false, "30s": false, "x": false, "": false, "-1h": false} {
		if _, err := parseMuteDuration(in); (err == nil) != ok {
			t.Errorf("%q: %v", in, err)
		}
	}
}

// FuzzParseSet: any text is either a setting whose value is in its threshold's range, or a user error;
// never a panic, never an internal error.
func FuzzParseSet(f *testing.F) {
	for _, s := range []string{"temp 80", "hashrate 20%", "hashrate 1.5GH/s rig 01", "offline 1h30m", "workers 0", "site 1e3k", "fan 90% x", "pool ∞T"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := parseSet(in)
		if err != nil {
			var ue *bot.UserError
			if !errors.As(err, &ue) {
				t.Fatalf("%q: not a user error: %v", in, err)
			}
			return
		}
		v := s.limit.Value
		ok := map[alerts.Threshold]bool{
			alerts.TempMax: v >= 30 && v <= 120, alerts.FanMax: v >= 1 && v <= 100,
			alerts.HashrateLow:  (s.limit.Percent && v >= 1 && v <= 99) || (!s.limit.Percent && v > 0 && v <= 1e21),
			alerts.OfflineAfter: v >= 60 && v <= 86400, alerts.PoolLow: v > 0 && v <= 1e21,
			alerts.WorkersMax: v >= 0 && v <= 10000 && v == float64(int(v)), alerts.SiteLow: v > 0 && v <= 1e21,
		}[s.threshold]
		if !ok || !s.limit.Set {
			t.Fatalf("%q: out-of-range setting %+v", in, s)
		}
	})
}
