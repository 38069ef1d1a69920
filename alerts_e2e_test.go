package main

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
	"pitboss/sim/simhttp"
	simtelegram "pitboss/sim/telegram"
)

// watched is pitboss watching a simulated Hive OS farm on a test clock: the test moves the clock and polls,
// as the scheduler would every minute, and reads what the users were told.
type watched struct {
	*pitboss
	clock *simhttp.Clock
	hive  *simhiveos.Sim
	farm  *farm.Farm
	app   *App
}

var farmStart = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// startWatching runs pitboss against a quiet farm of three rigs (red temperature 80 °C) with Ada (admin) and
// Vic (viewer), both of whom have opened their chat with the bot.
func startWatching(t *testing.T, dbPath string, extra string) *watched {
	t.Helper()
	clock := simhttp.NewClock(farmStart)
	f := farm.New(farm.Options{Rigs: 3, GPUsPerRig: 4, Seed: 7, Start: farmStart, RedTemp: 80})
	hive := simhiveos.New(simhiveos.Options{PublicKey: simhiveos.DemoPublicKey, SecretKey: simhiveos.DemoSecretKey, Farm: f, Now: clock.Now})
	return startWatchingFarm(t, dbPath, extra, clock, hive)
}

// startWatchingFarm is startWatching on a farm of the test's; more admins may join Ada.
func startWatchingFarm(t *testing.T, dbPath, extra string, clock *simhttp.Clock, hive *simhiveos.Sim, admins ...simtelegram.User) *watched {
	t.Helper()
	tg := startTelegram(t)
	s := defaultSetup()
	for _, a := range admins {
		s.admins = append(s.admins, a.ID)
	}
	s.extra = fmt.Sprintf("[hiveos]\nurl = %q\npublic_key = %q\nsecret_key = %q\n", serveSim(t, hive)+simhiveos.Path,
		simhiveos.DemoPublicKey, simhiveos.DemoSecretKey) + extra
	w := &watched{clock: clock, hive: hive, farm: hive.Farm()}
	s.hooks.now, s.hooks.manualPolls = clock.Now, true
	s.hooks.started = func(a *App) { w.app = a }
	w.pitboss = startPitboss(t, tg, dbPath, s)
	for _, u := range append([]simtelegram.User{ada, vic}, admins...) {
		w.sayPrivately(u, "/start")
	}
	return w
}

// pollAt moves the clock to farmStart+at and polls Hive OS once; it returns once the messages the poll
// queued are delivered.
func (w *watched) pollAt(at time.Duration) {
	w.t.Helper()
	w.clock.Set(farmStart.Add(at))
	if err := w.app.monitor.Poll(context.Background(), "hiveos"); err != nil {
		w.t.Fatalf("poll at +%s: %v", at, err)
	}
	w.settle()
}

// settle waits until the outbox is empty: everything queued has reached Telegram.
func (w *watched) settle() {
	w.t.Helper()
	deadline := time.Now().Add(wait)
	for {
		n, _, err := w.app.store.OutboxDepth(context.Background())
		if err != nil {
			w.t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("%d messages still queued after %s\nlog:\n%s", n, wait, w.logs)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// alerts returns the texts of the messages the bot sent to u that are not replies to u's commands.
func (w *watched) alerts(u simtelegram.User) []string {
	var out []string
	for _, m := range w.tg.Messages(u.ID) {
		if m.ReplyTo == 0 && isAlert(m.Plain) {
			out = append(out, m.Plain)
		}
	}
	return out
}

func isAlert(text string) bool {
	for _, mark := range []string{"🔥", "🌀", "📴", "🧩", "📉", "👷", "🔌", "🔑", "✅", "⏰", "⚠️"} {
		if strings.HasPrefix(text, mark) {
			return true
		}
	}
	return false
}

func expectAlerts(t *testing.T, who string, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s got %d alerts, want %d:\n%s", who, len(got), len(want), strings.Join(got, "\n---\n"))
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Fatalf("%s's alert %d:\n%s\nwant it to contain %q", who, i+1, got[i], want[i])
		}
	}
}

func TestHotGPUAlertsOnceAndResolvesOnceWithItsDuration(t *testing.T) {
	w := startWatching(t, filepath.Join(t.TempDir(), "p.db"), "")
	w.pollAt(0)
	if err := w.farm.Overheat("10257", 2, 91, farmStart.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	for m := 1; m <= 4; m++ { // hot from +1m; "for" is 2m: fires at +3m, once
		w.pollAt(time.Duration(m) * time.Minute)
	}
	expectAlerts(t, "Ada", w.alerts(ada), "🔥 Hive OS · rig02 · GPU 2: 91 °C, at or over 80 °C (farm red_temp)")
	m := w.tg.Messages(ada.ID)
	if last := m[len(m)-1]; len(last.Keyboard) != 2 || last.Keyboard[0][0].Data != "mute:hiveos:10257" ||
		last.Keyboard[1][0].Data != "mute:*" || !strings.HasPrefix(last.Keyboard[1][1].Data, "ack:") {
		t.Fatalf("buttons under the alert: %+v", last.Keyboard)
	}
	// Back under the line at +5m, but the card cools slowly: it resolves once it is 3 °C under it.
	for m := 5; m <= 12; m++ {
		w.pollAt(time.Duration(m) * time.Minute)
	}
	got := w.alerts(ada)
	expectAlerts(t, "Ada", got, "🔥 Hive OS · rig02 · GPU 2", "✅ Hive OS · rig02 · GPU 2: back to ")
	if !strings.Contains(got[1], "(peak 91 °C)") || !strings.Contains(got[1], " after ") {
		t.Fatalf("resolved message: %s", got[1])
	}
	expectAlerts(t, "Vic", w.alerts(vic), "🔥 Hive OS · rig02 · GPU 2", "✅ Hive OS · rig02 · GPU 2")
}

func TestTemperatureHoveringAtTheLineDoesNotFlap(t *testing.T) {
	w := startWatching(t, filepath.Join(t.TempDir(), "p.db"), "")
	for m := range 12 {
		temp := 80.0 // at the line, then just under it, every other minute
		if m%2 == 1 {
			temp = 79
		}
		if err := w.farm.Overheat("10256", 0, temp, farmStart.Add(time.Duration(m+1)*time.Minute)); err != nil {
			t.Fatal(err)
		}
		w.pollAt(time.Duration(m) * time.Minute)
	}
	expectAlerts(t, "Ada", w.alerts(ada))
}

func TestOfflineRigAlertsOnceAndRaisesNoTemperatureAlerts(t *testing.T) {
	w := startWatching(t, filepath.Join(t.TempDir(), "p.db"), "")
	w.pollAt(0)
	if err := w.farm.Overheat("10258", 0, 95, farmStart.Add(20*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := w.farm.Offline("10258", farmStart.Add(30*time.Second), farmStart.Add(12*time.Minute)); err != nil {
		t.Fatal(err)
	}
	for m := 1; m <= 11; m++ {
		w.pollAt(time.Duration(m) * time.Minute)
	}
	expectAlerts(t, "Ada", w.alerts(ada), "📴 Hive OS · rig03: offline, no data for 5m")
	w.pollAt(12*time.Minute + 10*time.Second)
	got := w.alerts(ada)
	expectAlerts(t, "Ada", got, "📴 Hive OS · rig03", "✅ Hive OS · rig03: back online after 11m")
}

func TestHiveOSDownGivesOneAlertAndOneRecovery(t *testing.T) {
	w := startWatching(t, filepath.Join(t.TempDir(), "p.db"), "")
	w.pollAt(0)
	w.hive.Faults.FailWith(http.StatusBadGateway, "", 0)
	// Meanwhile a rig drops off the farm for good and another's GPU runs hot: nothing is known of either
	// while the API is down.
	for m := 1; m <= 8; m++ {
		w.pollAt(time.Duration(m) * time.Minute)
	}
	expectAlerts(t, "Ada", w.alerts(ada), "🔌 Hive OS: unreachable: 3 failed polls in a row")
	w.hive.Faults.Clear()
	w.pollAt(9 * time.Minute)
	w.pollAt(10 * time.Minute)
	expectAlerts(t, "Ada", w.alerts(ada), "🔌 Hive OS", "✅ Hive OS: answers again after 8m")
	if !strings.Contains(w.logs.String(), "poll failed") {
		t.Error("the failed polls were not logged")
	}
}

func TestUsersWithDifferentThresholdsGetDifferentAlerts(t *testing.T) {
	w := startWatching(t, filepath.Join(t.TempDir(), "p.db"), "")
	w.pollAt(0)
	mustContain(t, "/set", w.sayPrivately(vic, "/set temp 70 rig02").Plain, "Your GPU temperature is now 70 °C for rig02")
	if err := w.farm.Overheat("10257", 0, 75, farmStart.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for m := 1; m <= 4; m++ {
		w.pollAt(time.Duration(m) * time.Minute)
	}
	expectAlerts(t, "Ada", w.alerts(ada))
	expectAlerts(t, "Vic", w.alerts(vic), "🔥 Hive OS · rig02 · GPU 0: 75 °C, at or over 70 °C (yours, this rig)")
}

func TestMutedRigStaysQuietUntilTheMuteEnds(t *testing.T) {
	w := startWatching(t, filepath.Join(t.TempDir(), "p.db"), "")
	w.pollAt(0)
	mustContain(t, "/mute", w.sayPrivately(ada, "/mute 10m rig02").Plain, "Muted alerts about rig02 until 09:10 (UTC)")
	if err := w.farm.Overheat("10257", 0, 90, farmStart.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for m := 1; m <= 9; m++ {
		w.pollAt(time.Duration(m) * time.Minute)
	}
	expectAlerts(t, "Ada", w.alerts(ada))
	expectAlerts(t, "Vic", w.alerts(vic), "🔥 Hive OS · rig02 · GPU 0")
	mustContain(t, "/alerts while muted", w.sayPrivately(ada, "/alerts").Plain, "1 firing for you", "(muted until 09:10 (UTC))")
	w.pollAt(10 * time.Minute)
	expectAlerts(t, "Ada", w.alerts(ada), "🔥 Hive OS · rig02 · GPU 0: 90 °C")
}

func TestAckedAlertSendsNoReminders(t *testing.T) {
	w := startWatching(t, filepath.Join(t.TempDir(), "p.db"), "[alerts]\nrepeat = \"10m\"\n")
	if err := w.farm.Overheat("10257", 0, 90, farmStart.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	for m := 0; m <= 13; m++ {
		w.pollAt(time.Duration(m) * time.Minute)
	}
	expectAlerts(t, "Ada", w.alerts(ada), "🔥 Hive OS · rig02 · GPU 0", "⏰ Hive OS · rig02 · GPU 0: still 90 °C")
	expectAlerts(t, "Vic", w.alerts(vic), "🔥", "⏰")
	// Ada acknowledges with the button under the reminder; Vic does not.
	msgs := w.tg.Messages(ada.ID)
	reminder := msgs[len(msgs)-1]
	a := w.press(ada, reminder, reminder.Keyboard[1][1].Data)
	mustContain(t, "ack answer", a.Text, "Acknowledged 1 alert: no reminders until it resolves.")
	for m := 14; m <= 40; m++ {
		w.pollAt(time.Duration(m) * time.Minute)
	}
	expectAlerts(t, "Ada", w.alerts(ada), "🔥", "⏰")
	if n := len(w.alerts(vic)); n != 4 { // fired at +2m, reminded at +12m, +22m, +32m
		t.Fatalf("Vic got %d alerts, want the first and three reminders", n)
	}
}

func TestAFiringAlertIsNotRepeatedByARestart(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "p.db")
	clock := simhttp.NewClock(farmStart)
	f := farm.New(farm.Options{Rigs: 3, GPUsPerRig: 4, Seed: 7, Start: farmStart, RedTemp: 80})
	hive := simhiveos.New(simhiveos.Options{PublicKey: simhiveos.DemoPublicKey, SecretKey: simhiveos.DemoSecretKey, Farm: f, Now: clock.Now})
	if err := f.Overheat("10257", 0, 90, farmStart.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	w := startWatchingFarm(t, dbPath, "", clock, hive)
	for m := 0; m <= 3; m++ {
		w.pollAt(time.Duration(m) * time.Minute)
	}
	expectAlerts(t, "Ada", w.alerts(ada), "🔥 Hive OS · rig02 · GPU 0")
	w.stop()

	w2 := startWatchingFarm(t, dbPath, "", clock, hive)
	for m := 4; m <= 6; m++ {
		w2.pollAt(time.Duration(m) * time.Minute)
	}
	expectAlerts(t, "Ada", w2.alerts(ada))
	mustContain(t, "/alerts after the restart", w2.sayPrivately(ada, "/alerts").Plain, "1 firing for you", "rig02 · GPU 0: 90 °C")
}

func TestACardFallingOffRaisesGPULostAndLeavesAnotherCardsAlertAlone(t *testing.T) {
	w := startWatching(t, filepath.Join(t.TempDir(), "p.db"), "")
	// GPU 2 of rig01 runs hot from the start; at +5m the card in slot 1 (GPU 0) falls off the bus, so the
	// hot card becomes GPU 1.
	if err := w.farm.Overheat("10256", 2, 92, farmStart.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := w.farm.LoseGPU("10256", 0, farmStart.Add(5*time.Minute), farmStart.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for m := 0; m <= 9; m++ {
		w.pollAt(time.Duration(m) * time.Minute)
	}
	expectAlerts(t, "Ada", w.alerts(ada),
		"🔥 Hive OS · rig01 · GPU 2: 92 °C",
		"🧩 Hive OS · rig01: reports 3 GPUs, it had 4")
	mustContain(t, "/alerts", w.sayPrivately(ada, "/alerts").Plain, "rig01 · GPU 1: 92 °C", "reports 3 GPUs, it had 4")
}
