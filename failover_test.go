package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
	"pitboss/sim/simhttp"
	simtelegram "pitboss/sim/telegram"
	"pitboss/store"
	"pitboss/store/storetest"
)

// freeAddr is a loopback address nobody listens on, for a child process's health endpoint.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// child is pitboss run as a process of its own (the test binary, told by TestMain to run pitboss), so that
// it can be killed.
type child struct {
	cmd    *exec.Cmd
	log    *syncBuffer
	health string
}

func startChild(t *testing.T, name, config string) *child {
	t.Helper()
	path := filepath.Join(t.TempDir(), name+".toml")
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: exec.Command(os.Args[0], "-test.run=^$"), log: &syncBuffer{}}
	c.cmd.Env = append(os.Environ(), childConfigVar+"="+path)
	c.cmd.Stderr = c.log
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.cmd.Process.Kill()
		c.cmd.Wait()
	})
	return c
}

func (c *child) role(t *testing.T) string {
	t.Helper()
	code, h := readHealth(t, c.health)
	for deadline := time.Now().Add(wait); code != http.StatusOK && time.Now().Before(deadline); code, h = readHealth(t, c.health) {
		time.Sleep(20 * time.Millisecond)
	}
	if code != http.StatusOK {
		t.Fatalf("%s's health: %d %+v\nlog:\n%s", h.Role, code, h, c.log)
	}
	return h.Role
}

// TestStandbyTakesOverWhenTheActiveOneIsKilled runs two pitboss processes on one PostgreSQL database:
// the first holds the lease and serves; the second stands by. The first is killed (SIGKILL: no shutdown,
// its session dropped with it), and the standby takes over within the lease's bound: it answers the
// chat and delivers the next alert, once.
func TestStandbyTakesOverWhenTheActiveOneIsKilled(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	tg := startTelegram(t)
	f := farm.New(farm.Options{Rigs: 2, GPUsPerRig: 2, Seed: 7, RedTemp: 95})
	hive := simhiveos.New(simhiveos.Options{PublicKey: simhiveos.DemoPublicKey, SecretKey: simhiveos.DemoSecretKey, Farm: f})
	hiveURL := serveSim(t, hive) + simhiveos.Path
	config := func(listen string) string {
		return fmt.Sprintf("[telegram]\ntoken = %q\napi_endpoint = %q\nadmins = [%d]\n[database]\ndriver = \"postgres\"\ndsn = %q\n"+
			"[http]\nlisten = %q\n[hiveos]\nurl = %q\npublic_key = %q\nsecret_key = %q\npoll = \"@every 1s\"\n[alerts]\nfor = \"0s\"\ntemp_max = 80\n",
			testToken, tg.Endpoint(), ada.ID, dsn, listen, hiveURL, simhiveos.DemoPublicKey, simhiveos.DemoSecretKey)
	}
	activeAddr, standbyAddr := freeAddr(t), freeAddr(t)
	active := startChild(t, "active", config(activeAddr))
	active.health = activeAddr
	active.log.waitFor(t, "pitboss started")
	if r := active.role(t); r != "active" {
		t.Fatalf("the first process is %s", r)
	}
	standby := startChild(t, "standby", config(standbyAddr))
	standby.health = standbyAddr
	standby.log.waitFor(t, "waiting for the database lease")
	if r := standby.role(t); r != "standby" {
		t.Fatalf("the second process is %s", r)
	}

	p := &pitboss{t: t, tg: tg, logs: active.log}
	mustContain(t, "Ada's /start", p.sayPrivately(ada, "/start").Plain, "Ada")

	// Telegram holds back the next message to Ada (a 429 with retry_after 5 s), so the alert the active
	// process queues is still in the outbox when it is killed.
	tg.SetLimits(simtelegram.Limits{PerChatRate: 0.2, PerChatBurst: 1})
	sendAsBot(t, tg, ada.ID, "the last message before the kill")
	if err := f.Overheat("10256", 0, 88, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if _, err := tg.WaitCall(ctx, "sendMessage", func(c simtelegram.Call) bool { return c.Status == http.StatusTooManyRequests }); err != nil {
		t.Fatalf("the active process never tried to send the alert: %v\nlog:\n%s", err, active.log)
	}
	if err := active.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	active.cmd.Wait()
	killed := time.Now()
	st, err := store.OpenConfig(ctx, store.Config{Driver: store.Postgres, DSN: dsn}, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, _, err := st.OutboxDepth(ctx); err != nil || n != 1 {
		t.Fatalf("outbox after the kill: %d rows, %v", n, err)
	}
	if got := hot(tg); len(got) != 0 {
		t.Fatalf("the alert went out before the kill: %q", got)
	}
	tg.SetLimits(simtelegram.Limits{Disabled: true})

	p.logs = standby.log
	standby.log.waitFor(t, "pitboss started")
	took := time.Since(killed)
	code, h := readHealth(t, standby.health)
	for deadline := time.Now().Add(wait); code != http.StatusOK && time.Now().Before(deadline); code, h = readHealth(t, standby.health) {
		time.Sleep(20 * time.Millisecond)
	}
	if code != http.StatusOK || h.Role != "active" {
		t.Fatalf("after the takeover the standby's health: %d %+v", code, h)
	}
	waitUntil(t, "the queued alert, from the new active process", func() bool { return len(hot(tg)) > 0 })
	mustContain(t, "Ada's /status after the takeover", p.sayPrivately(ada, "/status").Plain, "Hive OS")
	time.Sleep(2 * time.Second) // more polls of the hot GPU: the alert is not told again
	if got := hot(tg); len(got) != 1 || !strings.Contains(got[0], "88 °C") {
		t.Fatalf("Ada's temperature alerts, want one of 88 °C:\n%s", strings.Join(got, "\n---\n"))
	}
	if n, _, err := st.OutboxDepth(ctx); err != nil || n != 0 {
		t.Fatalf("outbox after the takeover: %d rows, %v", n, err)
	}
	t.Logf("the standby took over %s after the kill", took.Round(10*time.Millisecond))
	if took > 3*leaseRetryDefault {
		t.Errorf("the takeover took %s, more than three lease retries", took)
	}
}

func hot(tg *simtelegram.Server) []string {
	var out []string
	for _, m := range tg.Messages(ada.ID) {
		if strings.HasPrefix(m.Plain, "🔥 Hive OS") && m.ReplyTo == 0 {
			out = append(out, m.Plain)
		}
	}
	return out
}

// TestSIGTERMDrainsAndStopsWithinItsBound stops a running pitboss as systemd and Docker do, while a slow
// Telegram holds a message in flight: it is delivered, the process ends cleanly, and well within the
// 30 s those give it before SIGKILL.
func TestSIGTERMDrainsAndStopsWithinItsBound(t *testing.T) {
	tg := startTelegram(t)
	f := farm.New(farm.Options{Rigs: 2, GPUsPerRig: 2, Seed: 7, RedTemp: 95})
	hive := simhiveos.New(simhiveos.Options{PublicKey: simhiveos.DemoPublicKey, SecretKey: simhiveos.DemoSecretKey, Farm: f})
	c := startChild(t, "pitboss", fmt.Sprintf("[telegram]\ntoken = %q\napi_endpoint = %q\nadmins = [%d]\n[database]\npath = %q\n"+
		"[http]\nlisten = \"\"\n[hiveos]\nurl = %q\npublic_key = %q\nsecret_key = %q\npoll = \"@every 1s\"\n",
		testToken, tg.Endpoint(), ada.ID, filepath.Join(t.TempDir(), "p.db"), serveSim(t, hive)+simhiveos.Path,
		simhiveos.DemoPublicKey, simhiveos.DemoSecretKey))
	c.log.waitFor(t, "pitboss started")
	p := &pitboss{t: t, tg: tg, logs: c.log}
	mustContain(t, "/start", p.sayPrivately(ada, "/start").Plain, "Ada")
	// Hive OS answers slowly from now on: when the signal comes, a poll and Ada's /rig, which asks Hive OS
	// for the rig's miner and wallet, are in flight.
	hive.Faults.Inject(simhttp.Fault{Kind: simhttp.Slow, Delay: 2 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	typing := len(tg.Calls("sendChatAction"))
	tg.SendText(ada, simtelegram.PrivateChat(ada), "/rig rig01")
	if _, err := tg.WaitCall(ctx, "sendChatAction", func(simtelegram.Call) bool { return len(tg.Calls("sendChatAction")) > typing }); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- c.cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("pitboss exited with %v after SIGTERM\nlog:\n%s", err, c.log)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("pitboss still running 20 s after SIGTERM\nlog:\n%s", c.log)
	}
	took := time.Since(start)
	mustContain(t, "log", c.log.String(), "pitboss stopped")
	if !strings.Contains(strings.Join(messageTexts(tg.Messages(ada.ID)), "\n"), "GPU 0") {
		t.Fatalf("the /rig answer in flight was lost:\n%q", messageTexts(tg.Messages(ada.ID)))
	}
	if took < time.Second {
		t.Errorf("stopped %s after SIGTERM: sooner than the answer in flight could be", took)
	}
	t.Logf("stopped %s after SIGTERM", took.Round(10*time.Millisecond))
}

func messageTexts(msgs []simtelegram.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.Plain
	}
	return out
}
