package main

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	simcoinhive "pitboss/sim/coinhive"
	simhiveauth "pitboss/sim/hiveauth"
	simhiveos "pitboss/sim/hiveos"
	"pitboss/sim/simhttp"
	simviabtc "pitboss/sim/viabtc"
)

func serveSim(t *testing.T, h http.Handler) string {
	t.Helper()
	s, err := simhttp.Serve(h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s.URL
}

func TestSourcesShowsEachServiceAndWhetherItAnswers(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	hive := simhiveos.Demo(now)
	site := simcoinhive.Demo(now)
	auth := simhiveauth.Demo(now)
	pool := simviabtc.Demo(now)
	s := defaultSetup()
	s.hooks.manualPolls = true // the simulators' clocks stand still: polls would find every rig stale
	s.extra = fmt.Sprintf(`
[hiveos]
url = %q
public_key = %q
secret_key = %q
[coinhive]
url = %q
secret = %q
[hiveauth]
url = %q
id = %q
secret_key = %q
[viabtc]
url = %q
api_key = %q
secret_key = %q
coins = ["BTC", "LTC"]
`, serveSim(t, hive)+simhiveos.Path, simhiveos.DemoPublicKey, simhiveos.DemoSecretKey,
		serveSim(t, site), simcoinhive.DemoSecret,
		serveSim(t, auth), simhiveauth.DemoID, simhiveauth.DemoSecretKey,
		serveSim(t, pool)+simviabtc.BasePath, simviabtc.DemoAPIKey, simviabtc.DemoSecretKey)
	tg := startTelegram(t)
	p := startPitboss(t, tg, filepath.Join(t.TempDir(), "p.db"), s)

	m := p.sayPrivately(vic, "/sources")
	mustContain(t, "/sources", m.Plain,
		"🟢 Hive OS — answers in", "6 rigs (6 online)", "red temperature 80 °C",
		"🟢 ViaBTC — answers in", "BTC ", "6 of 6 workers active", "LTC ",
		"🟢 Coinhive — answers in", `"pitboss demo" at`,
		"🟢 Hive blockchain auth — answers in", "token issued", "valid until 2026-11-23 09:10 UTC")
	if len(tg.Calls("sendChatAction")) == 0 {
		t.Error("no typing indicator while the sources were checked")
	}

	// Coinhive fails behind its gateway; the chat says so, briefly, and shows no secret.
	site.Faults.FailWith(http.StatusBadGateway, "", 0)
	m = p.sayPrivately(vic, "/sources")
	mustContain(t, "/sources with Coinhive down", m.Plain, "🔴 Coinhive — no answer (unreachable, timing out, or failing on its side)", "🟢 Hive OS")
	mustNotContain(t, "/sources with Coinhive down", m.Plain, simcoinhive.DemoSecret, "http", "127.0.0.1", "HTTP 502")
	mustContain(t, "log", p.logs.String(), "source check failed", "source=Coinhive")

	mustNotContain(t, "log", p.logs.String(), simcoinhive.DemoSecret, simhiveos.DemoSecretKey, simhiveauth.DemoSecretKey,
		simviabtc.DemoSecretKey)
}

func TestSourcesWithoutCredentialsShowsEachServiceOff(t *testing.T) {
	tg := startTelegram(t)
	p := startPitboss(t, tg, filepath.Join(t.TempDir(), "p.db"), defaultSetup())
	m := p.sayPrivately(ada, "/sources")
	mustContain(t, "/sources", m.Plain, "⚪ Hive OS — off (no credentials)", "⚪ ViaBTC — off", "⚪ Coinhive — off",
		"⚪ Hive blockchain auth — off")
}

func TestSourcesSaysWhenAServiceRefusesTheKeys(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	s := defaultSetup()
	s.hooks.manualPolls = true
	wrong := strings.Repeat("0", 64)
	s.extra = fmt.Sprintf("[hiveos]\nurl = %q\npublic_key = %q\nsecret_key = %q\n",
		serveSim(t, simhiveos.Demo(now))+simhiveos.Path, simhiveos.DemoPublicKey, wrong)
	tg := startTelegram(t)
	p := startPitboss(t, tg, filepath.Join(t.TempDir(), "p.db"), s)
	m := p.sayPrivately(ada, "/sources")
	mustContain(t, "/sources", m.Plain, "🔴 Hive OS — refuses our credentials: check the keys in the config")
	mustNotContain(t, "log", p.logs.String(), wrong)
}
