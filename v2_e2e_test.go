package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
	"pitboss/sim/simhttp"
	simtelegram "pitboss/sim/telegram"
)

// The v2 account of these tests: two farms whose rigs share names (rig01, rig02 in both), so that the chat
// must say "farm / rig".
const (
	mainFarm   = 11
	barnFarm   = 12
	barnName   = "Barn <2>"
	v2Token    = "test-personal-token-0123456789abcdef"
	barnOffset = simhiveos.WorkerIDStride // a Barn worker's id is its rig's plus this
)

// watchedV2 is pitboss watching a simulated Hive OS API v2 account on a test clock.
type watchedV2 struct {
	*watched
	hive2      *simhiveos.SimV2
	main, barn *farm.Farm
}

// startWatchingV2 runs pitboss with [hiveos] api = "v2" against two quiet farms: Main (three rigs, red
// temperature 80 °C, rig01's own red line 75 °C) and Barn <2> (two rigs, red temperature 78 °C), both with
// a red memory temperature of 100 °C. Ada and Otto are admins, Vic a viewer; it polls once.
func startWatchingV2(t *testing.T) *watchedV2 {
	t.Helper()
	clock := simhttp.NewClock(farmStart)
	main := farm.New(farm.Options{Rigs: 3, GPUsPerRig: 4, Seed: 7, Start: farmStart, RedTemp: 80})
	barn := farm.New(farm.Options{Rigs: 2, GPUsPerRig: 4, Seed: 8, Start: farmStart, RedTemp: 78})
	hive := simhiveos.NewV2(simhiveos.OptionsV2{Token: v2Token, Now: clock.Now, Farms: []simhiveos.FarmSpec{
		{ID: mainFarm, Name: "Main", Farm: main, RedMemTemp: 100, WorkerRed: map[string]simhiveos.RedLimits{"10256": {Temp: 75}}},
		{ID: barnFarm, Name: barnName, Farm: barn, RedMemTemp: 100},
	}})
	tg := startTelegram(t)
	s := defaultSetup()
	s.admins = append(s.admins, otto.ID)
	s.extra = fmt.Sprintf("[hiveos]\napi = \"v2\"\nurl = %q\ntoken = %q\n", serveSim(t, hive)+simhiveos.PathV2, v2Token)
	w := &watchedV2{watched: &watched{clock: clock}, hive2: hive, main: main, barn: barn}
	s.hooks.now, s.hooks.manualPolls = clock.Now, true
	s.hooks.started = func(a *App) { w.app = a }
	w.pitboss = startPitboss(t, tg, filepath.Join(t.TempDir(), "p.db"), s)
	for _, u := range []simtelegram.User{ada, vic, otto} {
		w.sayPrivately(u, "/start")
	}
	w.pollAt(0)
	return w
}

// requests returns the calls that changed something, as "METHOD path body".
func (w *watchedV2) changes() []string {
	var out []string
	for _, r := range w.hive2.Recorder.Requests() {
		if r.Method == http.MethodPatch || (r.Method == http.MethodPost && !strings.HasSuffix(r.Path, "/auth/login")) {
			out = append(out, r.Method+" "+strings.TrimPrefix(r.Path, simhiveos.PathV2)+" "+compactJSON(w.t, r.Body))
		}
	}
	return out
}

func compactJSON(t *testing.T, b []byte) string {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("body %q: %v", b, err)
	}
	out, _ := json.Marshal(v) // keys sorted: the comparison does not depend on the client's field order
	return string(out)
}

// followUp moves the clock past the rigs' check-in and lets control look at what they reported.
func (w *watchedV2) followUp(after time.Duration) {
	w.t.Helper()
	w.clock.Set(w.clock.Now().Add(after))
	w.app.ctl.FollowUp(context.Background())
}

func TestV2AlertsOfEveryKindNameTheFarmWhereRigNamesClash(t *testing.T) {
	w := startWatchingV2(t)
	// Ada wants no memory alerts from the Barn; Vic mutes the Main farm.
	mustContain(t, "/set", w.sayPrivately(ada, "/set memtemp 110 farm Barn").Plain,
		"Your GPU memory temperature is now 110 °C for farm Barn <2>.")
	mustContain(t, "/mute", w.sayPrivately(vic, "/mute 1d farm main").Plain, "Muted alerts about farm Main until")

	at := func(m int) time.Time { return farmStart.Add(time.Duration(m) * time.Minute) }
	// Main rig01 GPU 1 at 77 °C: over the rig's own red line (75), under the farm's (80).
	if err := w.main.Overheat("10256", 1, 77, at(60)); err != nil {
		t.Fatal(err)
	}
	// Barn rig02 GPU 2's memory at 105 °C: over the red memory temperature (100).
	if err := w.barn.MemOverheat("10257", 2, 105, at(60)); err != nil {
		t.Fatal(err)
	}
	// Main rig03 goes offline; Main rig02 loses GPU 0; Barn rig01's miner stops.
	if err := w.main.Offline("10258", at(1), at(60)); err != nil {
		t.Fatal(err)
	}
	if err := w.main.LoseGPU("10257", 0, at(1), at(60)); err != nil {
		t.Fatal(err)
	}
	if err := w.barn.StopMiner("10256", at(1)); err != nil {
		t.Fatal(err)
	}
	for m := 1; m <= 8; m++ {
		w.pollAt(time.Duration(m) * time.Minute)
	}
	adaTold := strings.Join(w.alerts(ada), "\n---\n")
	mustContain(t, "Ada's alerts", adaTold,
		"🔥 Hive OS · Main / rig01 · GPU 1: 77 °C, at or over 75 °C (rig's red line)",
		"📴 Hive OS · rig03: offline",
		"🧩 Hive OS · Main / rig02: reports 3 GPUs, it had 4",
		"⚠️ Hive OS · Barn <2> / rig01: Hive OS reports no hashrate")
	mustNotContain(t, "Ada's alerts", adaTold, "memory 105")
	vicTold := strings.Join(w.alerts(vic), "\n---\n")
	mustContain(t, "Vic's alerts", vicTold,
		"🔥 Hive OS · Barn <2> / rig02 · GPU 2: memory 105 °C, at or over 100 °C (rig's red line)",
		"⚠️ Hive OS · Barn <2> / rig01: Hive OS reports no hashrate")
	mustNotContain(t, "Vic's alerts", vicTold, "Main / rig01", "rig03", "Main / rig02")

	// The memory cools: the alert resolves with its peak.
	w.barn.ClearFaults()
	for m := 9; m <= 12; m++ {
		w.pollAt(time.Duration(m) * time.Minute)
	}
	mustContain(t, "Vic's alerts", strings.Join(w.alerts(vic), "\n---\n"), "Barn <2> / rig02 · GPU 2: memory back to")

	// Hive OS stops answering: after three failed polls, one alert for the source.
	w.hive2.Faults.FailWith(http.StatusBadGateway, "<html>502</html>", 0)
	for m := 13; m <= 16; m++ {
		w.pollAt(time.Duration(m) * time.Minute)
	}
	mustContain(t, "Ada's alerts", strings.Join(w.alerts(ada), "\n---\n"), "🔌 Hive OS: unreachable: 3 failed polls in a row")
}

func TestV2ReadCommandsShowFarmsRigsWalletsAndRedLines(t *testing.T) {
	w := startWatchingV2(t)
	farms := w.sayPrivately(vic, "/farms").Plain
	mustContain(t, "/farms", farms, "Farms — 2 watched", "Main (id 11) — 3 of 3 workers online, 12 GPUs",
		"Barn <2> (id 12) — 2 of 2 workers online, 8 GPUs", "Red lines: GPU 80 °C, memory 100 °C, fan 90 %",
		"Red lines: GPU 78 °C", "/set temp 75 farm Main")
	mustContain(t, "/rigs", w.sayPrivately(vic, "/rigs").Plain, "Rigs — 5", "Barn <2> / rig01", "Main / rig01", "rig03 —")
	pick := w.sayPrivately(vic, "/rig rig01")
	mustContain(t, "/rig rig01", pick.Plain, "“rig01” fits 2 rigs. Which one?")
	if len(pick.Keyboard) != 2 {
		t.Fatalf("/rig rig01 offers %d buttons, want 2", len(pick.Keyboard))
	}
	rig := w.sayPrivately(vic, "/rig barn/rig02").Plain
	mustContain(t, "/rig barn/rig02", rig, "Barn <2> / rig02", "Farm: Barn <2>", "Flight sheet: ", "memory ", "Miner: ")
	mustContain(t, "/wallets", w.sayPrivately(vic, "/wallets").Plain, "Main\n", "Barn <2>\n", "ETH - Ethermine")
	th := w.sayPrivately(vic, "/thresholds").Plain
	mustContain(t, "/thresholds", th, "GPU temperature: each rig's red line in Hive OS (75 °C or 78 °C or 80 °C)",
		"GPU memory temperature: each rig's red line in Hive OS (100 °C)", "GPU fan: each rig's red line in Hive OS (90 %)")
	mustContain(t, "/set for an unknown farm", w.sayPrivately(vic, "/set temp 75 farm Nowhere").Plain,
		"There is no farm “Nowhere”. Known farms: Barn <2>, Main.")
	// /status measures the hottest GPU against its rig's own red line, as the alerts do.
	mustContain(t, "/status", w.sayPrivately(vic, "/status").Plain, "Hottest GPU: ", "rig's red line)")
	// A line of the user's for the farm, whichever farm holds the hottest GPU, is the one /status uses.
	w.sayPrivately(vic, "/set temp 95 farm Main")
	w.sayPrivately(vic, "/set temp 95 farm Barn")
	mustContain(t, "/status with lines for the farms", w.sayPrivately(vic, "/status").Plain, "(your line 95 °C, yours for the farm)")
	mustContain(t, "/oc", w.sayPrivately(vic, "/oc").Plain, "through API v2 it applies flight sheets: /fs")
	mustContain(t, "/sources", w.sayPrivately(vic, "/sources").Plain, "Hive OS")
	mustContain(t, "admin's /help", w.sayPrivately(ada, "/help").Plain, "/farms — ", "/fs <workers|all> <flight sheet> — ",
		"/reboot <workers|all> — ", "/miner <restart|stop|start> <workers|all> — ", "/rocket <rigs|all> fs=<flight sheet> — ")
}

func TestV2FlightSheetIsPreviewedSentOncePerFarmAndFollowedUp(t *testing.T) {
	w := startWatchingV2(t)
	mustContain(t, "ambiguous", w.sayPrivately(ada, "/fs rig01 RVN").Plain, "“rig01” could be Main/rig01, Barn <2>/rig01: say which.")
	mustContain(t, "no such sheet", w.sayPrivately(ada, "/fs rig03 Bitcoin").Plain, "Farm Main has no flight sheet “Bitcoin”. Its sheets:")
	mustContain(t, "viewer", w.sayPrivately(vic, "/fs rig03 RVN").Plain, "admin")

	preview := w.sayPrivately(ada, "/fs main/rig01,rig03 owner's")
	mustContain(t, "preview", preview.Plain, "Flight sheet for 2 workers", `Main → flight sheet Owner's "backup" <RVN> & t-rex (#10)`,
		"• Main / rig01: ", `→ Owner's "backup" <RVN> & t-rex`, "• rig03: ")
	if n := len(w.changes()); n != 0 {
		t.Fatalf("%d changes sent before the confirmation", n)
	}
	w.press(ada, preview, confirmData(preview))
	done := w.waitEdit(ada.ID, preview.ID, "Done")
	mustContain(t, "outcome", done.Plain, "✅ Done: Hive OS took the flight sheet for 2 workers; each runs it when it next checks in.",
		"Waiting for the rigs to report back")
	want := []string{`PATCH /farms/11/workers {"data":{"fs_id":10},"worker_ids":[10256,10258]}`}
	if got := w.changes(); !slices.Equal(got, want) {
		t.Fatalf("changes %q, want %q", got, want)
	}
	w.followUp(time.Second) // too soon: the rigs have not checked in
	for _, m := range w.tg.Messages(ada.ID) {
		if m.ID == preview.ID && strings.Contains(m.Plain, "📬") {
			t.Fatalf("followed up before the rigs reported:\n%s", m.Plain)
		}
	}
	w.followUp(30 * time.Second)
	followed := w.waitEdit(ada.ID, preview.ID, "📬")
	mustContain(t, "follow-up", followed.Plain, "✅ Main / rig01: Rig config changed", "✅ rig03: Rig config changed")
	if r, _ := w.main.Rig("10258"); r.Miner != "t-rex" {
		t.Fatalf("rig03 after the sheet: %+v", r)
	}

	// /rocket with fs= does the same, here across both farms: one edit per farm.
	preview = w.sayPrivately(otto, "/rocket all fs=10")
	mustContain(t, "rocket preview", preview.Plain, "Flight sheet for 5 workers", "already on it, nothing changes", "Barn <2> → flight sheet")
	w.press(otto, preview, confirmData(preview))
	w.waitEdit(otto.ID, preview.ID, "Done")
	got := w.changes()[1:]
	want = []string{`PATCH /farms/11/workers {"data":{"fs_id":10},"worker_ids":[10257]}`,
		fmt.Sprintf(`PATCH /farms/12/workers {"data":{"fs_id":10},"worker_ids":[%d,%d]}`, barnOffset+10256, barnOffset+10257)}
	if !slices.Equal(got, want) {
		t.Fatalf("changes %q, want %q", got, want)
	}
	entries, err := w.app.store.AuditLog(context.Background(), 5)
	if err != nil || len(entries) < 2 || entries[0].Action != "fs" || entries[0].ActorID != otto.ID {
		t.Fatalf("audit log: %+v %v", entries, err)
	}
}

func TestV2FlightSheetWalkThroughReachesTheSamePreview(t *testing.T) {
	w := startWatchingV2(t)
	q := w.sayPrivately(ada, "/fs")
	mustContain(t, "farm question", q.Plain, "which farm?")
	w.press(ada, q, "fw:f:1")
	q = w.waitEdit(ada.ID, q.ID, "which workers?")
	w.press(ada, q, fmt.Sprintf("fw:t:%d", barnOffset+10257))
	w.press(ada, q, "fw:next")
	q = w.waitEdit(ada.ID, q.ID, "which sheet?")
	var sheet string
	for _, row := range q.Keyboard {
		for _, b := range row {
			if strings.HasPrefix(b.Text, "Owner's") {
				sheet = b.Data
			}
		}
	}
	if sheet == "" {
		t.Fatalf("no owner's sheet among %+v", q.Keyboard)
	}
	w.press(ada, q, sheet)
	p := w.waitEdit(ada.ID, q.ID, "Confirm within")
	mustContain(t, "preview", p.Plain, "Flight sheet for 1 worker", "Barn <2> → flight sheet Owner's", "• Barn <2> / rig02: ")
}

func TestV2WorkerCommandsAreConfirmedSentOnceAndFollowedUp(t *testing.T) {
	w := startWatchingV2(t)
	mustContain(t, "usage", w.sayPrivately(ada, "/miner dance rig03").Plain, "“dance” is not something a miner does: restart, stop or start.")
	preview := w.sayPrivately(ada, "/reboot rig03")
	mustContain(t, "preview", preview.Plain, "Reboot rig03", "• rig03: ", "miner up")
	w.press(ada, preview, confirmData(preview))
	mustContain(t, "outcome", w.waitEdit(ada.ID, preview.ID, "Done").Plain, "Hive OS queued it for rig03; it runs it when it next checks in.")
	want := []string{`POST /farms/11/workers/command {"data":{"command":"reboot"},"worker_ids":[10258]}`}
	if got := w.changes(); !slices.Equal(got, want) {
		t.Fatalf("changes %q, want %q", got, want)
	}
	w.followUp(30 * time.Second)
	mustContain(t, "follow-up", w.waitEdit(ada.ID, preview.ID, "📬").Plain, "rig03: ")
	w.pollAt(45 * time.Second)
	mustContain(t, "/rigs after the reboot", w.sayPrivately(ada, "/rigs").Plain, "🔴 rig03 — offline")

	preview = w.sayPrivately(ada, "/miner stop barn/rig01")
	mustContain(t, "stop preview", preview.Plain, "Stop the miner of Barn <2> / rig01", "mines nothing until /miner start")
	w.press(ada, preview, confirmData(preview))
	w.waitEdit(ada.ID, preview.ID, "Done")
	w.followUp(30 * time.Second)
	w.pollAt(2 * time.Minute)
	mustContain(t, "/rig after the stop", w.sayPrivately(ada, "/rig barn/rig01").Plain, "Hive OS reports: no_hashrate")

	preview = w.sayPrivately(ada, "/miner start barn/rig01")
	w.press(ada, preview, confirmData(preview))
	w.waitEdit(ada.ID, preview.ID, "Done")
	got := w.changes()
	want = []string{
		fmt.Sprintf(`POST /farms/12/workers/command {"data":{"command":"miner","data":{"action":"stop"}},"worker_ids":[%d]}`, barnOffset+10256),
		fmt.Sprintf(`POST /farms/12/workers/command {"data":{"command":"miner","data":{"action":"restart"}},"worker_ids":[%d]}`, barnOffset+10256),
	}
	if !slices.Equal(got[1:], want) {
		t.Fatalf("changes %q, want %q", got[1:], want)
	}

	// An answer lost on the way back: the outcome is unknown, and nothing is sent again.
	preview = w.sayPrivately(ada, "/miner restart main/rig02")
	w.hive2.Faults.Drop(1)
	w.press(ada, preview, confirmData(preview))
	mustContain(t, "lost answer", w.waitEdit(ada.ID, preview.ID, "Outcome unknown").Plain, "Check before retrying")
	if n := len(w.changes()); n != 4 {
		t.Fatalf("%d changes after a lost answer, want 4 (the lost one counted once)", n)
	}
}

func TestV2ReportAndChartCoverBothFarms(t *testing.T) {
	w := startWatchingV2(t)
	for m := 1; m <= 5; m++ {
		w.pollAt(time.Duration(m) * time.Minute)
	}
	now := w.sayPrivately(vic, "/report now")
	text := now.Plain
	if len(now.Photo) > 0 {
		text = now.Caption
	}
	mustContain(t, "/report now", text, "Daily report", "🟢 Uptime 100 %", "Hottest ")
	chart := w.sayPrivately(vic, "/chart rig main/rig01 6h")
	if len(chart.Photo) == 0 {
		t.Fatalf("/chart sent no picture: %q", chart.Plain)
	}
	mustContain(t, "/chart caption", chart.Caption, "Main / rig01")
}
