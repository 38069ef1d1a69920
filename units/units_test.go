package units

import (
	"testing"
	"time"
)

func TestFormatHashrate(t *testing.T) {
	for hps, want := range map[float64]string{0: "0 H/s", 812: "812 H/s", 1234.5: "1.23 kH/s", 44625511932668: "44.6 TH/s",
		125430e3: "125 MH/s", 5e18: "5.00 EH/s"} {
		if got := FormatHashrate(hps); got != want {
			t.Errorf("%g: %q, want %q", hps, got, want)
		}
	}
}

func TestParseHashrate(t *testing.T) {
	for in, want := range map[string]float64{"150M": 150e6, "150MH/s": 150e6, "40T": 40e12, "1.5 GH/s": 1.5e9, "900k": 900e3,
		"500H/s": 500, "500H": 500, "2.5kh/s": 2500} {
		got, err := ParseHashrate(in)
		if err != nil || got != want {
			t.Errorf("%q: %g %v, want %g", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "20", "M", "fast", "1e400T", "NaNM", "150X"} {
		if v, err := ParseHashrate(bad); err == nil {
			t.Errorf("%q: %g, want an error", bad, v)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0s", 45 * time.Second: "45s", 5 * time.Minute: "5m",
		5*time.Minute + 12*time.Second: "5m 12s", 12*time.Minute + 30*time.Second: "12m", 2*time.Hour + 5*time.Minute: "2h 5m",
		3 * time.Hour: "3h", 76 * time.Hour: "3d 4h", 72 * time.Hour: "3d"} {
		if got := FormatDuration(d); got != want {
			t.Errorf("%s: %q, want %q", d, got, want)
		}
	}
}
