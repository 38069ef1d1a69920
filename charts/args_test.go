package charts

import (
	"errors"
	"strings"
	"testing"
	"time"

	"pitboss/bot"
)

func TestParseArgsReadsKindNameAndWindow(t *testing.T) {
	for _, tc := range []struct {
		args   string
		kind   kind
		name   string
		window string
	}{
		{"", kindFarm, "", "24h"},
		{"7d", kindFarm, "", "7d"},
		{"farm 30D", kindFarm, "", "30d"},
		{"rig rig02 6h", kindRig, "rig02", "6h"},
		{"RIG rig02", kindRig, "rig02", "24h"},
		{"rig big rig 7d", kindRig, "big rig", "7d"},
		{"rig 12h", kindRig, "12h", "24h"}, // a rig's only word is its name, whatever it looks like
		{"pool btc", kindPool, "BTC", "24h"},
		{"pool", kindPool, "", "24h"},
		{"pool ltc 6h", kindPool, "LTC", "6h"},
		{"site 30d", kindSite, "", "30d"},
	} {
		q, err := parseArgs(tc.args)
		if err != nil || q.kind != tc.kind || q.name != tc.name || q.window.name != tc.window {
			t.Errorf("%q: %+v %v; want kind %d, name %q, window %s", tc.args, q, err, tc.kind, tc.name, tc.window)
		}
	}
}

func TestParseArgsExplainsWhatIsWrong(t *testing.T) {
	for _, tc := range []struct{ args, says string }{
		{"12h", "use 6h, 24h, 7d or 30d"},
		{"rig rig02 1w", "There is no window “1w”: use 6h, 24h, 7d or 30d."},
		{"pool BTC 2d", "use 6h, 24h, 7d or 30d"},
		{"rig", "Which rig?"},
		{"rig 6h", ""}, // accepted: a rig called 6h
		{"weather", "Usage: /chart"},
		{"farm rig01", "Usage: /chart"},
		{"site example.com", "Usage: /chart"},
		{"rig <b> 5x", "There is no window “5x”"},
		{"rig x 1<b>", "There is no window “1&lt;b&gt;”"},
	} {
		_, err := parseArgs(tc.args)
		if tc.says == "" {
			if err != nil {
				t.Errorf("%q: %v", tc.args, err)
			}
			continue
		}
		var ue *bot.UserError
		if !errors.As(err, &ue) || !strings.Contains(ue.Msg, tc.says) {
			t.Errorf("%q: %v; want a message saying %q", tc.args, err, tc.says)
		}
	}
}

func TestParseButtonReadsTheWindowAndTheRig(t *testing.T) {
	w, id, ok := parseButton("6h 10256")
	if !ok || w.length != 6*time.Hour || id != "10256" {
		t.Fatalf("%+v %q %v", w, id, ok)
	}
	for _, bad := range []string{"", "6h", "6h ", "1w 10256"} {
		if _, _, ok := parseButton(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestTimeTicksAreWholeHoursInTheZone(t *testing.T) {
	kolkata, err := time.LoadLocation("Asia/Kolkata") // UTC+5:30: its whole hours are half past in UTC
	if err != nil {
		t.Skip("no time zone database")
	}
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	ticks := timeTicks{zone: kolkata}.Ticks(unix(from), unix(from.Add(24*time.Hour)))
	var labels []string
	for _, tk := range ticks {
		if tk.Label == "" {
			continue
		}
		at := time.Unix(int64(tk.Value), 0)
		if at.In(kolkata).Minute() != 0 || at.UTC().Minute() != 30 {
			t.Fatalf("a label at %v", at.In(kolkata))
		}
		labels = append(labels, tk.Label)
	}
	if got := strings.Join(labels, " "); got != "06:00 09:00 12:00 15:00 18:00 21:00 Mon 2 03:00" {
		t.Fatalf("labels %q", got)
	}
}

func TestTimeTicksStayOnTheHourAcrossADaylightSavingChange(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database")
	}
	// Clocks went forward at 02:00 on 29 March 2026.
	from := time.Date(2026, 3, 28, 22, 0, 0, 0, time.UTC)
	for _, tk := range (timeTicks{zone: berlin}).Ticks(unix(from), unix(from.Add(6*time.Hour))) {
		if at := time.Unix(int64(tk.Value), 0).In(berlin); tk.Label != "" && (at.Minute() != 0 || tk.Label != at.Format("15:04") && tk.Label != at.Format("Mon 2")) {
			t.Fatalf("%q at %v", tk.Label, at)
		}
	}
}

func TestValueTicksUseOneUnitForTheWholeAxis(t *testing.T) {
	for _, tc := range []struct {
		unit   Unit
		lo, hi float64
		want   string
	}{
		{Hashrate, 0, 55e12, "0 TH/s,10 TH/s,20 TH/s,30 TH/s,40 TH/s,50 TH/s"},
		{Hashrate, 0, 1.1e9, "0.0 GH/s,0.2 GH/s,0.4 GH/s,0.6 GH/s,0.8 GH/s,1.0 GH/s"},
		{Hashrate, 0, 1.5e9, "0.00 GH/s,0.25 GH/s,0.50 GH/s,0.75 GH/s,1.00 GH/s,1.25 GH/s,1.50 GH/s"},
		{Hashrate, 0, 900, "0 H/s,200 H/s,400 H/s,600 H/s,800 H/s"},
		{Celsius, 52, 83, "60 °C,70 °C,80 °C"},
	} {
		var labels []string
		for _, tk := range (valueTicks{unit: tc.unit}).Ticks(tc.lo, tc.hi) {
			labels = append(labels, tk.Label)
		}
		if got := strings.Join(labels, ","); got != tc.want {
			t.Errorf("%g..%g: %s; want %s", tc.lo, tc.hi, got, tc.want)
		}
	}
}
