package main

import (
	"context"
	"path/filepath"
	"testing"
)

func TestThresholdCommandsRejectBadValuesAndStoreNothing(t *testing.T) {
	w := startWatching(t, filepath.Join(t.TempDir(), "p.db"), "")
	w.pollAt(0)
	for in, want := range map[string]string{
		"/set":               "Usage: /set <temp|fan|hashrate|offline|pool|workers|site|memtemp> <value> [rig]",
		"/set temp":          "Usage: /set",
		"/set heat 80":       "There is no threshold “heat”",
		"/set temp 150":      "“150” is not a valid GPU temperature. Give °C from 30 to 120, such as 80 or 80C.",
		"/set temp 80F":      "Give °C from 30 to 120",
		"/set fan 120%":      "Give % from 1 to 100",
		"/set hashrate 20":   "Give a drop under the rig's usual hashrate from 1% to 99%, such as 20%, or a hashrate such as 150M.",
		"/set offline 10":    "Give from 1m to 24h, such as 10m or 1h30m.",
		"/set pool 40":       "Give a hashrate such as 40T or 500G.",
		"/set workers many":  "Give a whole number from 0",
		"/set site <script>": "“<script>” is not a valid site hashrate",
		"/set temp 80 rig9":  "There is no rig “rig9”. Known: rig01, rig02, rig03.",
		"/set temp 80 rig":   "“rig” could be rig01, rig02, rig03: say which.",
		"/set pool 40T DOGE": "No coin is known yet",
		"/unset":             "Usage: /unset <temp|fan|hashrate|offline|pool|workers|site|memtemp> [rig]",
		"/unset temp":        "You have no GPU temperature of your own: nothing to undo.",
		"/mute forever":      "“forever” is not a duration from 1m to 30d, such as 30m, 2h or 1d.",
		"/mute 40d":          "not a duration from 1m to 30d",
		"/mute 1h nowhere":   "There is no rig, coin or site “nowhere”.",
		"/unmute":            "Nothing to unmute.",
		"/ack":               "Nothing is firing that needs acknowledging.",
		"/alerts":            "Nothing is firing for you.",
	} {
		mustContain(t, in, w.sayPrivately(vic, in).Plain, want)
	}
	u, err := w.app.store.User(context.Background(), vic.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ts, _ := w.app.store.UserThresholds(context.Background(), u.ID); len(ts) != 0 {
		t.Fatalf("bad values stored thresholds: %+v", ts)
	}
}

func TestThresholdsShowWhereEachComesFrom(t *testing.T) {
	w := startWatching(t, filepath.Join(t.TempDir(), "p.db"), "[alerts]\nfan_max = 90\n")
	w.pollAt(0)
	mustContain(t, "/set", w.sayPrivately(ada, "/set hashrate 150M").Plain, "Your rig hashrate is now under 150 MH/s for every rig.")
	mustContain(t, "/set", w.sayPrivately(ada, "/set temp 75c RIG02").Plain, "Your GPU temperature is now 75 °C for rig02.")
	mustContain(t, "/thresholds", w.sayPrivately(ada, "/thresholds").Plain,
		"GPU temperature: 80 °C (farm red_temp)", "GPU fan: 90 % (default)", "Rig hashrate: under 150 MH/s (yours)",
		"Rig offline after: 5m (default)", "Pool hashrate: off", "rig02: temp 75 °C")
	mustContain(t, "/unset", w.sayPrivately(ada, "/unset temp rig02").Plain, "Removed your GPU temperature for rig02. It is now 80 °C (farm red_temp).")
	mustContain(t, "/thresholds for Vic", w.sayPrivately(vic, "/thresholds").Plain, "Rig hashrate: 20 % under the rig's usual (default)")
}
