package bot

import "fmt"

// FormatHashrate writes a hashrate in H/s with the unit a miner would use: 44.63 TH/s, 812 H/s.
func FormatHashrate(hps float64) string {
	units := []string{"H/s", "kH/s", "MH/s", "GH/s", "TH/s", "PH/s", "EH/s"}
	i := 0
	for hps >= 1000 && i < len(units)-1 {
		hps /= 1000
		i++
	}
	switch {
	case i == 0:
		return fmt.Sprintf("%.0f %s", hps, units[i])
	case hps >= 100:
		return fmt.Sprintf("%.0f %s", hps, units[i])
	case hps >= 10:
		return fmt.Sprintf("%.1f %s", hps, units[i])
	}
	return fmt.Sprintf("%.2f %s", hps, units[i])
}
