package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
	simtelegram "pitboss/sim/telegram"
)

// childConfigVar, when set, makes the test binary run pitboss with that config instead of the tests: the
// crash test starts it as a process of its own, to kill it.
const childConfigVar = "PITBOSSTEST_CHILD_CONFIG"

func TestMain(m *testing.M) {
	if cfg := os.Getenv(childConfigVar); cfg != "" {
		os.Exit(run(context.Background(), []string{"-config", cfg}, os.Stdin, os.Stdout, os.Stderr, nil))
	}
	os.Exit(m.Run())
}

func TestAnAlertQueuedWhenPitbossIsKilledIsDeliveredOnceAfterARestart(t *testing.T) {
	tg := startTelegram(t)
	f := farm.New(farm.Options{Rigs: 2, GPUsPerRig: 2, Seed: 7, RedTemp: 80})
	if err := f.Overheat("10256", 0, 95, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	hive := simhiveos.New(simhiveos.Options{PublicKey: simhiveos.DemoPublicKey, SecretKey: simhiveos.DemoSecretKey, Farm: f})
	dbPath := filepath.Join(t.TempDir(), "p.db")
	hiveConfig := fmt.Sprintf("[hiveos]\nurl = %q\npublic_key = %q\nsecret_key = %q\npoll = \"@every 1s\"\n[alerts]\nfor = \"0s\"\n",
		serveSim(t, hive)+simhiveos.Path, simhiveos.DemoPublicKey, simhiveos.DemoSecretKey)

	// Ada has opened her chat with the bot before; pitboss will alert her on its first poll.
	st := openStore(t, dbPath)
	if err := st.SyncConfigUsers(context.Background(), []int64{ada.ID}, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.SeenInPrivate(context.Background(), ada.ID, ada.ID, "Ada", "ada"); err != nil {
		t.Fatal(err)
	}
	// Telegram will hold back the next message to Ada: a 429 with retry_after 5 s. So the alert is
	// queued and in the outbox when the process dies.
	tg.SetLimits(simtelegram.Limits{PerChatRate: 0.2, PerChatBurst: 1})
	tg.AddChat(simtelegram.PrivateChat(ada))
	sendAsBot(t, tg, ada.ID, "the last message before the crash")

	cfgPath := filepath.Join(t.TempDir(), "child.toml")
	cfg := fmt.Sprintf("[telegram]\ntoken = %q\napi_endpoint = %q\nadmins = [%d]\n[database]\npath = %q\n[http]\nlisten = \"\"\n",
		testToken, tg.Endpoint(), ada.ID, dbPath) + hiveConfig
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	var childLog syncBuffer
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), childConfigVar+"="+cfgPath)
	child.Stderr = &childLog
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if _, err := tg.WaitCall(ctx, "sendMessage", func(c simtelegram.Call) bool { return c.Status == http.StatusTooManyRequests }); err != nil {
		child.Process.Kill()
		t.Fatalf("pitboss never tried to send the alert: %v\nits log:\n%s", err, childLog.String())
	}
	if err := child.Process.Kill(); err != nil { // SIGKILL: no shutdown, no draining
		t.Fatal(err)
	}
	child.Wait()
	if n, _, err := st.OutboxDepth(context.Background()); err != nil || n != 1 {
		t.Fatalf("outbox after the kill: %d rows, %v\nlog:\n%s", n, err, childLog.String())
	}
	if alerts := alertTexts(tg.Messages(ada.ID)); len(alerts) != 0 {
		t.Fatalf("the alert went out before the kill: %q", alerts)
	}

	// Telegram takes messages again; pitboss starts again on the same database.
	tg.SetLimits(simtelegram.Limits{Disabled: true})
	s := setup{admins: []int64{ada.ID}, extra: hiveConfig, hooks: appHooks{manualPolls: true}}
	var app *App
	s.hooks.started = func(a *App) { app = a }
	p := startPitboss(t, tg, dbPath, s)
	if _, err := tg.WaitMessage(ctx, ada.ID, func(m simtelegram.Message) bool { return isAlert(m.Plain) }); err != nil {
		t.Fatalf("the queued alert never came: %v\nlog:\n%s", err, p.logs)
	}
	// A poll now finds the GPU still hot: the alert is not told again.
	if err := app.monitor.Poll(context.Background(), "hiveos"); err != nil {
		t.Fatal(err)
	}
	(&watched{pitboss: p, app: app}).settle()
	got := alertTexts(tg.Messages(ada.ID))
	if len(got) != 1 || !strings.Contains(got[0], "🔥 Hive OS · rig01 · GPU 0: 95 °C") {
		t.Fatalf("Ada's alerts: %q", got)
	}
}

func alertTexts(msgs []simtelegram.Message) []string {
	var out []string
	for _, m := range msgs {
		if isAlert(m.Plain) {
			out = append(out, m.Plain)
		}
	}
	return out
}

// sendAsBot sends a message to chatID through the Bot API, as the bot would.
func sendAsBot(t *testing.T, tg *simtelegram.Server, chatID int64, text string) {
	t.Helper()
	resp, err := http.PostForm(fmt.Sprintf(tg.Endpoint(), testToken, "sendMessage"),
		url.Values{"chat_id": {fmt.Sprint(chatID)}, "text": {text}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("sendMessage: HTTP %d", resp.StatusCode)
	}
}
