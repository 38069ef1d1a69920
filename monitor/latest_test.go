package monitor

import (
	"testing"

	"pitboss/alerts"
)

func TestRigLimitsAreTheRigsFarmAndRedLines(t *testing.T) {
	l := Latest{Observation: &Observation{
		Farms: map[string]string{"7": "11", "8": "12"},
		Readings: []alerts.Reading{
			{Metric: alerts.FarmRedTemp, Value: 82},
			{Rig: "7", Metric: alerts.RigRedTemp, Value: 75},
			{Rig: "7", Metric: alerts.RigRedMemTemp, Value: 100},
			{Rig: "8", Metric: alerts.RigRedTemp, Value: 78},
			{Rig: "8", Metric: alerts.RigRedFan, Value: 90},
		},
	}}
	for _, c := range []struct {
		rig             string
		t               alerts.Threshold
		farm            string
		farmRed, rigRed float64
	}{
		{"7", alerts.TempMax, "11", 82, 75},
		{"7", alerts.MemTempMax, "11", 82, 100},
		{"7", alerts.FanMax, "11", 82, 0},
		{"8", alerts.FanMax, "12", 82, 90},
		{"8", alerts.HashrateLow, "12", 82, 0}, // no red line for hashrates
		{"9", alerts.TempMax, "", 82, 0},       // a rig the poll does not know
	} {
		farm, farmRed, rigRed := l.RigLimits(c.rig, c.t)
		if farm != c.farm || farmRed != c.farmRed || rigRed != c.rigRed {
			t.Errorf("rig %s %s: %q %g %g, want %q %g %g", c.rig, c.t, farm, farmRed, rigRed, c.farm, c.farmRed, c.rigRed)
		}
	}
	if farm, farmRed, rigRed := (Latest{}).RigLimits("7", alerts.TempMax); farm != "" || farmRed != 0 || rigRed != 0 {
		t.Errorf("before any poll: %q %g %g", farm, farmRed, rigRed)
	}
}
