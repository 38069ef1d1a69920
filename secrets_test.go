package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"pitboss/apiclients/secret"
	"pitboss/bot"
	simcoinhive "pitboss/sim/coinhive"
	simhiveauth "pitboss/sim/hiveauth"
	simhiveos "pitboss/sim/hiveos"
	simtelegram "pitboss/sim/telegram"
	simviabtc "pitboss/sim/viabtc"
	"pitboss/store"
)

// The credentials the secrets tests configure: wrong for the simulators (which know their demo keys), and
// of every length, down to two characters.
const (
	leakHivePublic   = "ab"
	leakHiveSecret   = "x9"
	leakCoinhive     = "q7Z"
	leakViaKey       = "k3y9p"
	leakViaSecret    = "wrong-viabtc-secret-0042"
	leakAuthSecret   = "hsk-1234567"
	leakAuthID       = "com.pitboss.secrets-test"
	leakCoinhiveFile = "coinhive.secret" // the Coinhive secret comes from a *_file key
)

// configuredSecrets is every secret the secrets tests configure, by key.
var configuredSecrets = map[string]string{
	"telegram.token": testToken, "telegram.token (after the colon)": strings.SplitN(testToken, ":", 2)[1],
	"hiveos.public_key": leakHivePublic, "hiveos.secret_key": leakHiveSecret, "coinhive.secret": leakCoinhive,
	"viabtc.api_key": leakViaKey, "viabtc.secret_key": leakViaSecret, "hiveauth.secret_key": leakAuthSecret,
}

// shows reports whether text shows value: anywhere for a value of 8 characters or more; for a shorter one
// wherever it stands on its own, as a leaked value does (key=ab&, "ab", ab,), since inside a word it is
// chance (the "ab" of "unavailable").
func shows(text, value string) bool {
	if len(value) >= 8 {
		return strings.Contains(text, value)
	}
	return regexp.MustCompile(`(^|[^\pL\pN])` + regexp.QuoteMeta(value) + `($|[^\pL\pN])`).MatchString(text)
}

func assertShowsNoSecret(t *testing.T, what, text string) {
	t.Helper()
	for key, value := range configuredSecrets {
		if shows(text, value) {
			t.Errorf("%s shows %s (%q):\n%s", what, key, value, text)
		}
	}
}

// secretsConfig is the TOML of every service with the test's credentials, at the simulators' URLs.
func secretsConfig(t *testing.T, hive, site, auth, pool string) string {
	t.Helper()
	secretFile := filepath.Join(t.TempDir(), leakCoinhiveFile)
	if err := os.WriteFile(secretFile, []byte(leakCoinhive+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf(`
[hiveos]
url = %q
public_key = %q
secret_key = %q
[coinhive]
url = %q
secret_file = %q
[hiveauth]
url = %q
id = %q
secret_key = %q
[viabtc]
url = %q
api_key = %q
secret_key = %q
coins = ["BTC"]
[alerts]
source_down = 1
`, hive+simhiveos.Path, leakHivePublic, leakHiveSecret, site, secretFile, auth, leakAuthID, leakAuthSecret,
		pool+simviabtc.BasePath, leakViaKey, leakViaSecret)
}

func TestNoConfiguredSecretOfAnyLengthReachesTheLogTheChatOrAPanic(t *testing.T) {
	hive, site := simhiveos.Demo(time.Now), simcoinhive.Demo(time.Now)
	auth, pool := simhiveauth.Demo(time.Now), simviabtc.Demo(time.Now)
	s := defaultSetup()
	s.extra = secretsConfig(t, serveSim(t, hive), serveSim(t, site), serveSim(t, auth), serveSim(t, pool))
	s.hooks.manualPolls = true
	var cfg *Config // set before the bot takes its first update
	apps := make(chan *App, 1)
	s.hooks.started = func(a *App) { cfg = a.cfg; apps <- a }
	s.hooks.features = []bot.Feature{bot.Routes{Commands: []bot.Command{{Name: "leak", Help: "panics with the keys",
		Role: store.RoleViewer, Handle: func(context.Context, *bot.Request) error {
			panic(signingFailure{Service: "viabtc", Key: cfg.ViaBTC.SecretKey, Section: cfg.HiveOS})
		}}}}}
	tg := startTelegram(t)
	p := startPitboss(t, tg, filepath.Join(t.TempDir(), "p.db"), s)
	app := <-apps

	// Wrong credentials: every service refuses them, in its documented way.
	m := askSources(t, p)
	mustContain(t, "/sources with wrong keys", m.Plain, "🔴 Hive OS — refuses our credentials", "🔴 ViaBTC — refuses our credentials",
		"🔴 Coinhive — refuses our credentials", "🔴 Hive blockchain auth — refuses our credentials")
	pollEverySource(t, app)

	// Failing services that echo what they were sent, and a connection cut with the secret in its URL.
	hive.Faults.FailWith(http.StatusBadGateway, fmt.Sprintf("<html>502: public_key=%s (HMAC key %s)</html>",
		leakHivePublic, leakHiveSecret), 0)
	auth.Faults.FailWith(http.StatusInternalServerError, fmt.Sprintf(`<html>500: {"id":%q,"secretKey":%q}</html>`,
		leakAuthID, leakAuthSecret), 0)
	pool.Faults.FailWith(http.StatusOK, fmt.Sprintf(`{"code":12001,"data":{},"message":"Invalid API key %s, %s"}`,
		leakViaKey, leakViaSecret), 0)
	site.Faults.Drop(0)
	m = askSources(t, p)
	mustContain(t, "/sources with failing services", m.Plain, "🔴 Hive OS — no answer", "🔴 Coinhive — no answer",
		"🔴 ViaBTC — refuses our credentials", "🔴 Hive blockchain auth — no answer")
	pollEverySource(t, app)

	m = p.sayPrivately(vic, "/leak")
	mustContain(t, "answer to a panic", m.Plain, "Internal error")
	p.stop()

	logs := p.logs.String()
	mustContain(t, "log", logs, "source check failed", "poll failed", "handler panicked", "{viabtc [REDACTED] {legacy http")
	assertShowsNoSecret(t, "the log", logs)
	for _, c := range tg.Calls("") {
		assertShowsNoSecret(t, "the Bot API call "+c.Method, fmt.Sprint(c.Params))
	}
}

// signingFailure is a panic value that carries secrets, as a careless handler might panic with.
type signingFailure struct {
	Service string
	Key     secret.String
	Section HiveOSConfig
}

// askSources sends /sources as Ada and returns the answer, passing over the source-down alerts that the
// polls may have queued for her meanwhile.
func askSources(t *testing.T, p *pitboss) simtelegram.Message {
	t.Helper()
	chat := simtelegram.PrivateChat(ada)
	id := p.tg.SendText(ada, chat, "/sources")
	ctx, cancel := context.WithTimeout(t.Context(), wait)
	defer cancel()
	m, err := p.tg.WaitNewMessage(ctx, chat.ID, id, func(m simtelegram.Message) bool { return strings.HasPrefix(m.Plain, "Sources") })
	if err != nil {
		t.Fatalf("/sources: no answer: %v\nlog:\n%s", err, p.logs)
	}
	return m
}

// pollEverySource runs one poll of each source, as the scheduler would; each fails and logs why.
func pollEverySource(t *testing.T, app *App) {
	t.Helper()
	for _, name := range []string{"hiveos", "coinhive", "viabtc", "hiveauth"} {
		if err := app.monitor.Poll(t.Context(), name); err != nil {
			t.Fatalf("poll %s: %v", name, err)
		}
	}
}

func TestConfigShowsNoSecretWhenPrintedOrMarshalled(t *testing.T) {
	path := writeConfig(t, "[telegram]\ntoken = \""+testToken+"\"\n"+secretsConfig(t, "http://hive", "http://site", "http://auth", "http://pool"))
	cfg, err := LoadConfig(path, false, []string{"PITBOSS_VIABTC_API_KEY=" + leakViaKey})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Coinhive.Secret.Reveal() != leakCoinhive || cfg.HiveOS.PublicKey.Reveal() != leakHivePublic ||
		cfg.ViaBTC.APIKey.Reveal() != leakViaKey || cfg.Telegram.Token.Reveal() != testToken {
		t.Fatal("a secret was not loaded as configured")
	}
	asJSON, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for what, text := range map[string]string{
		"%v": fmt.Sprintf("%v", cfg), "%+v": fmt.Sprintf("%+v", *cfg), "%#v": fmt.Sprintf("%#v", cfg),
		"%s": fmt.Sprintf("%s", cfg.Coinhive), "%q": fmt.Sprintf("%q", cfg.ViaBTC), "%x": fmt.Sprintf("%x", cfg.HiveOS),
		"JSON": string(asJSON),
	} {
		assertShowsNoSecret(t, what, text)
		mustContain(t, what, text, "[REDACTED]")
	}
}
