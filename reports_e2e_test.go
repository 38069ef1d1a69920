package main

import (
	"testing"
	"time"
)

func TestReportCommands(t *testing.T) {
	w := startControlling(t, 3)
	for m := 1; m <= 5; m++ {
		w.pollAt(time.Duration(m) * time.Minute)
	}
	mustContain(t, "/report", w.sayPrivately(vic, "/report").Plain,
		"Your daily report goes out at 09:00 UTC (the default); the next on Tue 24 Nov.", "Usage: /report at HH:MM [zone]")
	mustContain(t, "/report at", w.sayPrivately(vic, "/report at 08:30 Europe/Berlin").Plain,
		"Your daily report goes out at 08:30 Europe/Berlin; the next on Tue 24 Nov.")
	mustContain(t, "/report at 7:05", w.sayPrivately(vic, "/report at 7:05").Plain, "at 07:05 Europe/Berlin")
	for in, want := range map[string]string{
		"/report at 25:00":           "Give a time of day such as 08:30",
		"/report at 08:30 Mars/Base": "“Mars/Base” is not a time zone",
		"/report sometimes":          "Usage: /report at HH:MM [zone]",
		"/report off please":         "Usage: /report at HH:MM [zone]",
	} {
		mustContain(t, in, w.sayPrivately(vic, in).Plain, want)
	}
	mustContain(t, "/report off", w.sayPrivately(vic, "/report off").Plain, "You get no daily report.")
	now := w.sayPrivately(vic, "/report now")
	text := now.Plain
	if len(now.Photo) > 0 {
		text = now.Caption
	}
	mustContain(t, "/report now", text, "Daily report", "⛏ ", "🟢 Uptime 100 %", "✅ No alerts")
	mustContain(t, "/whoami after /report at", w.sayPrivately(vic, "/whoami").Plain, "Time zone: Europe/Berlin")
}
