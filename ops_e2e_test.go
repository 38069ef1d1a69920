package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"pitboss/alerts"
	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
	"pitboss/sim/simhttp"
)

// scrape reads the metrics at addr as name{labels} → value.
func scrape(t *testing.T, addr string) map[string]float64 {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("/metrics: %s\n%s", resp.Status, b)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("metric line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out
}

// readHealth reads /healthz at addr.
func readHealth(t *testing.T, addr string) (int, health) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h health
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatalf("/healthz is not JSON: %v", err)
	}
	return resp.StatusCode, h
}

func TestMetricsAndHealthFollowAnEndToEndRun(t *testing.T) {
	clock := simhttp.NewClock(farmStart)
	f := farm.New(farm.Options{Rigs: 3, GPUsPerRig: 4, Seed: 7, Start: farmStart, RedTemp: 80})
	hive := simhiveos.New(simhiveos.Options{PublicKey: simhiveos.DemoPublicKey, SecretKey: simhiveos.DemoSecretKey, Farm: f, Now: clock.Now})
	tg := startTelegram(t)
	s := defaultSetup()
	s.listen = "127.0.0.1:0"
	s.extra = fmt.Sprintf("[hiveos]\nurl = %q\npublic_key = %q\nsecret_key = %q\n[alerts]\nfor = \"0s\"\n",
		serveSim(t, hive)+simhiveos.Path, simhiveos.DemoPublicKey, simhiveos.DemoSecretKey)
	w := &watched{clock: clock, hive: hive, farm: f}
	s.hooks.now, s.hooks.manualPolls = clock.Now, true
	s.hooks.started = func(a *App) { w.app = a }
	w.pitboss = startPitboss(t, tg, filepath.Join(t.TempDir(), "p.db"), s)
	addr := w.app.ln.Addr().String()

	before := scrape(t, addr)
	if before[`pitboss_leader`] != 1 || !hasPrefix(before, `pitboss_build_info{`) {
		t.Fatalf("leader and build info missing: %v", before)
	}
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes", "pitboss_outbox_depth", "pitboss_outbox_oldest_age_seconds"} {
		if _, ok := before[name]; !ok {
			t.Fatalf("%s is not exported", name)
		}
	}
	code, h := readHealth(t, addr)
	if code != http.StatusOK || h.Status != "ok" || h.Role != "active" || len(h.Sources) != 1 || h.Sources[0].LastSuccess != nil {
		t.Fatalf("health before the first poll: %d %+v", code, h)
	}

	w.sayPrivately(ada, "/start")
	w.sayPrivately(vic, "/start")
	w.pollAt(0)
	if err := f.Overheat("10257", 2, 91, farmStart.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	w.pollAt(time.Minute)
	w.sayPrivately(ada, "/status")
	preview := w.sayPrivately(ada, "/rocket rig01 miner=t-rex")
	w.press(ada, preview, confirmData(preview))
	w.waitEdit(ada.ID, preview.ID, "Done")

	// A reply reaches the chat a moment before its handler returns and is counted: scrape until it is.
	var after map[string]float64
	moved := func(name string, atLeast float64) {
		t.Helper()
		deadline := time.Now().Add(wait)
		for after = scrape(t, addr); after[name]-before[name] < atLeast; after = scrape(t, addr) {
			if time.Now().After(deadline) {
				t.Fatalf("%s moved by %v, want at least %v", name, after[name]-before[name], atLeast)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	moved(`pitboss_polls_total{result="ok",source="hiveos"}`, 2)
	moved(`pitboss_poll_duration_seconds_count{source="hiveos"}`, 2)
	moved(`pitboss_readings_stored_total`, 2*(3+3*4)) // at least each rig's and each GPU's temperature, twice
	moved(`pitboss_telegram_messages_sent_total`, 2)  // the alert, to Ada and to Vic
	moved(`pitboss_commands_total{command="status"}`, 1)
	moved(`pitboss_commands_total{command="start"}`, 2)
	moved(`pitboss_command_duration_seconds_count{command="status"}`, 1)
	moved(`pitboss_commands_total{command="act"}`, 1) // the Confirm button
	moved(`pitboss_control_actions_total{kind="rocket",result="ok"}`, 1)
	if got := after[`pitboss_alerts{kind="gpu_temp",state="firing"}`]; got != 2 {
		t.Errorf("firing GPU temperature alerts: %v, want 2 (one for each user)", got)
	}
	if after[`pitboss_source_last_success_timestamp_seconds{source="hiveos"}`] <= 0 {
		t.Error("the source's last success is not set")
	}
	code, h = readHealth(t, addr)
	if code != http.StatusOK || h.Sources[0].LastSuccess == nil || !h.Sources[0].LastSuccess.Equal(farmStart.Add(time.Minute)) {
		t.Fatalf("health after the polls: %d %+v", code, h)
	}

	// A poll that fails counts as one, and the health says the source is failing, not pitboss.
	hive.Faults.FailWith(http.StatusBadGateway, "bad gateway", 10)
	w.clock.Set(farmStart.Add(2 * time.Minute))
	_ = w.app.monitor.Poll(context.Background(), "hiveos")
	failed := scrape(t, addr)
	if got := failed[`pitboss_polls_total{result="error",source="hiveos"}`]; got != 1 {
		t.Errorf("failed polls: %v, want 1", got)
	}
	code, h = readHealth(t, addr)
	if code != http.StatusOK || h.Sources[0].Failures != 1 {
		t.Errorf("health with a source failing: %d %+v", code, h)
	}
}

func hasPrefix(m map[string]float64, prefix string) bool {
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// TestSIGHUPReloadsThresholdsSchedulesAndUsersAndRefusesABadConfig sends the process a real SIGHUP: the
// handler is in place from the moment pitboss runs, so the signal cannot end the test binary.
func TestSIGHUPReloadsThresholdsSchedulesAndUsersAndRefusesABadConfig(t *testing.T) {
	f := farm.New(farm.Options{Rigs: 2, GPUsPerRig: 2, Seed: 7, RedTemp: 95})
	if err := f.Overheat("10256", 0, 85, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	hive := simhiveos.New(simhiveos.Options{PublicKey: simhiveos.DemoPublicKey, SecretKey: simhiveos.DemoSecretKey, Farm: f})
	hiveURL := serveSim(t, hive) + simhiveos.Path
	section := func(poll string, tempMax int) string {
		return fmt.Sprintf("[hiveos]\nurl = %q\npublic_key = %q\nsecret_key = %q\npoll = %q\n[alerts]\nfor = \"0s\"\ntemp_max = %d\n",
			hiveURL, simhiveos.DemoPublicKey, simhiveos.DemoSecretKey, poll, tempMax)
	}
	tg := startTelegram(t)
	s := defaultSetup()
	s.extra = section("@every 1h", 90) // 85 °C is under the line; and after the first poll, none for an hour
	var app *App
	s.hooks.started = func(a *App) { app = a }
	p := startPitboss(t, tg, filepath.Join(t.TempDir(), "p.db"), s)
	p.sayPrivately(ada, "/start")
	polls := func() int {
		n := 0
		for _, r := range hive.Recorder.Requests() {
			if strings.Contains(string(r.Body), "getCurrentStats") {
				n++
			}
		}
		return n
	}
	waitUntil(t, "the first poll", func() bool { return polls() >= 1 })
	time.Sleep(1500 * time.Millisecond)
	if n := polls(); n != 1 {
		t.Fatalf("%d polls before the reload, want 1 (the schedule is hourly)", n)
	}
	rewrite := func(extra string) {
		cfg := fmt.Sprintf("[telegram]\ntoken = %q\napi_endpoint = %q\nadmins = %s\nviewers = %s\n[database]\npath = %q\n[http]\nlisten = \"\"\n",
			testToken, tg.Endpoint(), tomlList(s.admins), tomlList(s.viewers), p.dbPath) + extra
		if err := os.WriteFile(p.cfgPath, []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	hup := func() {
		if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
	}

	// The new config: polls every second, the line at 80 °C, and Eve a viewer.
	s.viewers = append(s.viewers, eve.ID)
	rewrite(section("@every 1s", 80))
	hup()
	p.logs.waitFor(t, "config reloaded")
	if got := app.monitor.Rules().Defaults; got[alerts.TempMax].Value != 80 {
		t.Fatalf("temp_max after the reload: %+v", got[alerts.TempMax])
	}
	waitUntil(t, "polls every second", func() bool { return polls() >= 3 })
	alerted := func() bool {
		for _, m := range tg.Messages(ada.ID) {
			if strings.HasPrefix(m.Plain, "🔥 Hive OS") && strings.Contains(m.Plain, "85 °C") {
				return true
			}
		}
		return false
	}
	waitUntil(t, "the alert under the new line", alerted)
	// No update was dropped: the chat answers throughout, and Eve, added by the reload, is a viewer.
	mustContain(t, "Eve's /help", p.sayPrivately(eve, "/help").Plain, "/status")

	// A config that does not load changes nothing.
	rewrite(section("every second, please", 80))
	hup()
	p.logs.waitFor(t, "the new config is refused; the running one stays")
	mustContain(t, "log", p.logs.String(), `hiveos.poll`)
	n := polls()
	waitUntil(t, "polls going on every second", func() bool { return polls() >= n+2 })
	if got := app.monitor.Rules().Defaults; got[alerts.TempMax].Value != 80 {
		t.Fatalf("temp_max after a refused reload: %+v", got[alerts.TempMax])
	}
	mustContain(t, "Ada's /status", p.sayPrivately(ada, "/status").Plain, "Hive OS")
}

// waitUntil polls cond until it holds, for at most the tests' wait.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, wait)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestBackupWhileRunningAndRestoreOnlyOnceStopped(t *testing.T) {
	tg := startTelegram(t)
	dbPath := filepath.Join(t.TempDir(), "p.db")
	p := startPitboss(t, tg, dbPath, defaultSetup())
	p.sayPrivately(ada, "/start")
	mustContain(t, "/set", p.sayPrivately(ada, "/set temp 75").Plain, "75 °C")

	cli := func(args ...string) (int, string) {
		var out, errs strings.Builder
		code := runWith(context.Background(), append([]string{"-config", p.cfgPath}, args...), strings.NewReader(""), &out, &errs, nil, appHooks{})
		return code, out.String() + errs.String()
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	code, out := cli("-backup", backup)
	if code != 0 {
		t.Fatalf("-backup while pitboss runs: %d\n%s", code, out)
	}
	mustContain(t, "-backup", out, "backed up "+dbPath+" to "+backup, "2 users, 1 thresholds")
	// A backup job needs only the database: a config without the bot's token will do.
	dbOnly := filepath.Join(t.TempDir(), "db-only.toml")
	if err := os.WriteFile(dbOnly, []byte(fmt.Sprintf("[database]\npath = %q\n", dbPath)), 0o600); err != nil {
		t.Fatal(err)
	}
	var out2, errs2 strings.Builder
	second := filepath.Join(t.TempDir(), "second.db")
	if code := runWith(context.Background(), []string{"-config", dbOnly, "-backup", second}, strings.NewReader(""), &out2, &errs2, nil, appHooks{}); code != 0 {
		t.Fatalf("-backup with a config of the database alone: %d\n%s%s", code, &out2, &errs2)
	}
	code, out = cli("-restore", backup)
	if code != 1 {
		t.Fatalf("-restore while pitboss runs: %d, want 1\n%s", code, out)
	}
	mustContain(t, "-restore while running", out, "another pitboss is using", "Stop pitboss before restoring")

	// After the backup Ada changes her line; the restore brings back the one she had.
	mustContain(t, "/set", p.sayPrivately(ada, "/set temp 88").Plain, "88 °C")
	if code := p.stop(); code != 0 {
		t.Fatalf("pitboss stopped with %d", code)
	}
	code, out = cli("-restore", backup)
	if code != 0 {
		t.Fatalf("-restore once stopped: %d\n%s", code, out)
	}
	mustContain(t, "-restore", out, "restored "+dbPath+" from "+backup, "the database it replaced is kept as "+dbPath+".before-restore-")
	p = startPitboss(t, tg, dbPath, defaultSetup())
	mustContain(t, "/thresholds after the restore", p.sayPrivately(ada, "/thresholds").Plain, "75 °C")
	mustNotContain(t, "/thresholds after the restore", p.sayPrivately(ada, "/thresholds").Plain, "88 °C")
}
