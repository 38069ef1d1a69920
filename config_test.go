package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"pitboss/store"
)

const validToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// problems loads body and returns the problem strings, with the temp path replaced by "config.toml".
func problems(t *testing.T, body string, env ...string) []string {
	t.Helper()
	path := writeConfig(t, body)
	_, err := LoadConfig(path, false, env)
	if err == nil {
		return nil
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error is %T, want Problems: %v", err, err)
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = strings.ReplaceAll(p.Error(), path, "config.toml")
	}
	return out
}

func TestConfigProblemsNameKeyAndLine(t *testing.T) {
	tok := "[telegram]\ntoken = \"" + validToken + "\"\n"
	cases := []struct {
		name string
		body string
		want string
	}{
		{"unknown key", tok + "tokn = \"x\"\n", `config.toml:3: telegram.tokn: unknown key`},
		{"unknown section", tok + "[hiveoss]\nurl = \"x\"\n", `config.toml:3: hiveoss: unknown section [hiveoss]`},
		{"bad cron spec", tok + "[hiveos]\npoll = \"every minute\"\n", `config.toml:4: hiveos.poll: "every minute" is not a schedule: `},
		{"bad duration", tok + "[alerts]\nfor = \"2 minutes\"\n", `config.toml:4: alerts.for: "2 minutes" is not a duration (use forms such as "90s", "5m", "1h30m")`},
		{"duration not a string", tok + "[alerts]\nrepeat = 4\n", `config.toml:4: alerts.repeat: must be a duration in quotes`},
		{"non-numeric user id", tok + "admins = [123, \"bob\"]\n", `config.toml:3: telegram.admins: item 2: "bob" is not a Telegram user id (a whole number such as 123456789)`},
		{"float user id", tok + "viewers = [1.5]\n", `config.toml:3: telegram.viewers: item 1: 1.5 is not a Telegram user id`},
		{"negative user id", tok + "admins = [-5]\n", `config.toml:3: telegram.admins: -5 is not a Telegram user id (user ids are positive)`},
		{"user in both lists", tok + "admins = [7]\nviewers = [7]\n", `config.toml:4: telegram.viewers: 7 is also listed in telegram.admins`},
		{"endpoint with one %s", tok + "api_endpoint = \"http://127.0.0.1:8081/bot%s\"\n", `config.toml:3: telegram.api_endpoint: must contain %s twice, for the token and the method`},
		{"endpoint not a url", tok + "api_endpoint = \"localhost/bot%s/%s\"\n", `config.toml:3: telegram.api_endpoint: must be an http:// or https:// URL`},
		{"half-configured service", tok + "[viabtc]\napi_key = \"abc\"\n", `viabtc.secret_key: is empty but viabtc.api_key is set: set both to use viabtc, or neither to turn it off`},
		{"bad time of day", tok + "[reports]\ndaily = \"9am\"\n", `config.toml:4: reports.daily: "9am" is not a time of day such as "09:00"`},
		{"bad time zone", tok + "[reports]\ntimezone = \"Mars/Olympus\"\n", `config.toml:4: reports.timezone: "Mars/Olympus" is not a time zone`},
		{"out of range", tok + "[alerts]\nfan_max = 120\n", `config.toml:4: alerts.fan_max: 120 is out of range: 0 to 100 % (0 = off)`},
		{"bad listen", tok + "[http]\nlisten = \"9090\"\n", `config.toml:4: http.listen: "9090" is not host:port`},
		{"syntax error", tok + "admins = [1,\n", `config.toml:3: array is incomplete`},
		{"wrong type", tok + "[database]\npath = 5\n", `config.toml:4: database.path: must be a string in quotes; it is a number`},
		{"key outside a section", "token = \"x\"\n", `config.toml:1: token: is outside any [section]: put it under its section, such as [telegram]`},
		{"bad coin", tok + "[viabtc]\napi_key = \"a\"\nsecret_key = \"b\"\ncoins = [\"btc\"]\n", `config.toml:6: viabtc.coins: "btc" is not a coin symbol`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := problems(t, tc.body)
			for _, p := range got {
				if strings.Contains(p, tc.want) {
					return
				}
			}
			t.Fatalf("no problem contains %q; got:\n%s", tc.want, strings.Join(got, "\n"))
		})
	}
}

func TestConfigReportsEveryProblemAtOnce(t *testing.T) {
	got := problems(t, `
[telegram]
tokn = "x"
admins = ["bob"]
[hiveos]
poll = "sometimes"
[alerts]
for = "soon"
`)
	want := []string{"telegram.tokn: unknown key", "telegram.admins: item 1", "hiveos.poll:", "alerts.for:", "telegram.token: missing"}
	for _, w := range want {
		found := false
		for _, p := range got {
			found = found || strings.Contains(p, w)
		}
		if !found {
			t.Errorf("missing problem %q in:\n%s", w, strings.Join(got, "\n"))
		}
	}
}

func TestConfigMissingTokenSaysWhereToPutIt(t *testing.T) {
	got := problems(t, "")
	if len(got) != 1 || !strings.Contains(got[0], "telegram.token: missing: put the token from @BotFather in the config file, in PITBOSS_TELEGRAM_TOKEN, or in a file named by telegram.token_file") {
		t.Fatalf("got %q", got)
	}
}

func TestConfigExampleFileIsValidButForTheToken(t *testing.T) {
	_, err := LoadConfig("config.example.toml", false, nil)
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Key != "telegram.token" {
		t.Fatalf("config.example.toml: want exactly the missing token, got %v", err)
	}
}

func TestConfigExampleDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile("config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	l := &loader{lines: map[string]int{}}
	l.indexLines(data)
	cfg := DefaultConfig()
	for sname, sec := range fieldsByTag(reflect.ValueOf(&cfg).Elem()) {
		for kname := range fieldsByTag(sec) {
			key := sname + "." + kname
			line := l.lines[key]
			if line == 0 {
				t.Errorf("config.example.toml lacks %s", key)
				continue
			}
			lines := strings.Split(string(data), "\n")
			prev := strings.TrimSpace(lines[line-2])
			if !strings.HasPrefix(prev, "#") && !strings.Contains(lines[line-1], "#") && !isFileVariant(kname) && !isPairedWithPrevious(lines, line) {
				t.Errorf("config.example.toml:%d: %s has no comment", line, key)
			}
		}
	}
}

// A *_file key is documented by its secret's comment; viewers share the admins' comment.
func isFileVariant(k string) bool { return strings.HasSuffix(k, "_file") }
func isPairedWithPrevious(lines []string, line int) bool {
	prev := strings.TrimSpace(lines[line-2])
	return strings.Contains(prev, "=") && !strings.HasPrefix(prev, "[")
}

func TestConfigEnvOverridesFileAndParsesLists(t *testing.T) {
	path := writeConfig(t, "[telegram]\ntoken = \"1:bad\"\nadmins = [1]\n[alerts]\nfor = \"1m\"\n")
	cfg, err := LoadConfig(path, false, []string{
		"PITBOSS_TELEGRAM_TOKEN=" + validToken,
		"PITBOSS_TELEGRAM_ADMINS=10, 20",
		"PITBOSS_ALERTS_FOR=3m",
		"PITBOSS_VIABTC_COINS=BTC,LTC",
		"HOME=/root",
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Telegram.Token != validToken || !reflect.DeepEqual(cfg.Telegram.Admins, []int64{10, 20}) ||
		cfg.Alerts.For != 3*time.Minute || !reflect.DeepEqual(cfg.ViaBTC.Coins, []string{"BTC", "LTC"}) {
		t.Fatalf("overrides not applied: %+v", cfg)
	}
}

func TestConfigEnvProblemsNameTheVariable(t *testing.T) {
	got := problems(t, "[telegram]\ntoken = \""+validToken+"\"\n", "PITBOSS_TELEGRAM_ADMINS=12,x", "PITBOSS_HIVEOS_POL=@every 1m")
	want := []string{`PITBOSS_TELEGRAM_ADMINS: item 2: "x" is not a Telegram user id`, `PITBOSS_HIVEOS_POL: names no configuration key`}
	if len(got) != 2 {
		t.Fatalf("got %q", got)
	}
	for _, w := range want {
		if !strings.Contains(strings.Join(got, "\n"), w) {
			t.Errorf("missing %q in %q", w, got)
		}
	}
}

func TestConfigSecretFromFile(t *testing.T) {
	dir := t.TempDir()
	secretPath := filepath.Join(dir, "token")
	os.WriteFile(secretPath, []byte(validToken+"\n"), 0o600)
	path := writeConfig(t, "[telegram]\ntoken_file = \""+secretPath+"\"\n")
	cfg, err := LoadConfig(path, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Telegram.Token != validToken {
		t.Fatalf("token %q", cfg.Telegram.Token)
	}

	got := problems(t, "[telegram]\ntoken = \""+validToken+"\"\ntoken_file = \""+secretPath+"\"\n")
	if len(got) != 1 || !strings.Contains(got[0], "config.toml:3: telegram.token_file: set either telegram.token or telegram.token_file, not both") {
		t.Fatalf("both set: %q", got)
	}
	got = problems(t, "[telegram]\ntoken_file = \""+filepath.Join(dir, "nope")+"\"\n")
	if len(got) != 1 || !strings.Contains(got[0], "telegram.token_file: cannot read the secret") {
		t.Fatalf("missing file: %q", got)
	}
}

func TestConfigEnvSecretOutranksFileSecretFile(t *testing.T) {
	path := writeConfig(t, "[telegram]\ntoken_file = \"/nonexistent\"\n")
	cfg, err := LoadConfig(path, false, []string{"PITBOSS_TELEGRAM_TOKEN=" + validToken})
	if err != nil || cfg.Telegram.Token != validToken {
		t.Fatalf("cfg %+v err %v", cfg, err)
	}
}

func TestConfigProblemsNeverShowTheToken(t *testing.T) {
	const tok = "999:not a token"
	got := problems(t, "[telegram]\ntoken = \""+tok+"\"\n")
	if len(got) != 1 || strings.Contains(got[0], tok) || !strings.Contains(got[0], "does not look like a token") {
		t.Fatalf("got %q", got)
	}
}

func TestConfigMissingFile(t *testing.T) {
	_, err := LoadConfig(filepath.Join(t.TempDir(), "config.toml"), false, nil)
	if err == nil || !strings.Contains(err.Error(), "no such file (copy config.example.toml to start one)") {
		t.Fatalf("err %v", err)
	}
	cfg, err := LoadConfig(filepath.Join(t.TempDir(), "config.toml"), true, []string{"PITBOSS_TELEGRAM_TOKEN=" + validToken})
	if err != nil || cfg.Telegram.Token != validToken {
		t.Fatalf("environment-only config: %v", err)
	}
}

func TestConfigTypeProblemsNeverShowTheValue(t *testing.T) {
	got := problems(t, "[telegram]\ntoken = \""+validToken+"\"\n[hiveauth]\nid = \"me\"\nsecret_key = 987654321123\n")
	if len(got) != 1 || !strings.Contains(got[0], "hiveauth.secret_key: must be a string in quotes; it is a number") {
		t.Fatalf("want exactly the type problem, got %q", got)
	}
	if strings.Contains(got[0], "987654321123") {
		t.Fatalf("the value was printed: %q", got[0])
	}
}

func TestConfigEmptyEnvironmentValueIsUnsetForNonStrings(t *testing.T) {
	path := writeConfig(t, "[telegram]\ntoken = \""+validToken+"\"\n[alerts]\ntemp_max = 85\n")
	cfg, err := LoadConfig(path, false, []string{"PITBOSS_ALERTS_TEMP_MAX=", "PITBOSS_ALERTS_FOR=", "PITBOSS_HTTP_LISTEN="})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Alerts.TempMax != 85 || cfg.Alerts.For != 2*time.Minute || cfg.HTTP.Listen != "" {
		t.Fatalf("temp_max %v, for %v, listen %q", cfg.Alerts.TempMax, cfg.Alerts.For, cfg.HTTP.Listen)
	}
}

func TestConfigHiveOSAPIChoosesItsKeysAndAddress(t *testing.T) {
	tok := "[telegram]\ntoken = \"" + validToken + "\"\n"
	cases := []struct {
		name, body string
		want       string // a problem; "" for none
	}{
		{"v2 with a token", tok + "[hiveos]\napi = \"v2\"\ntoken = \"t\"\nfarms = [1631951]\n", ""},
		{"no api, no keys: off", tok + "[hiveos]\npoll = \"@every 2m\"\n", ""},

		{"v2 with legacy keys", tok + "[hiveos]\napi = \"v2\"\ntoken = \"t\"\npublic_key = \"p\"\n",
			`config.toml:6: hiveos.public_key: belongs to api = "legacy"; API v2 takes a personal token in hiveos.token`},
		{"token on legacy", tok + "[hiveos]\ntoken = \"t\"\n",
			`hiveos.api: is "legacy", which takes hiveos.public_key and hiveos.secret_key, but only hiveos.token is set`},
		{"unknown api", tok + "[hiveos]\napi = \"v3\"\n", `config.toml:4: hiveos.api: "v3" is not an API: use "v2" (a personal token) or "legacy" (two keys)`},
		{"farms on legacy", tok + "[hiveos]\nfarms = [1]\n", `config.toml:4: hiveos.farms: applies to api = "v2" only`},
		{"bad farm id", tok + "[hiveos]\napi = \"v2\"\ntoken = \"t\"\nfarms = [\"main\"]\n", `config.toml:6: hiveos.farms: item 1: "main" is not a farm id (a whole number such as 1631951)`},
		{"negative farm id", tok + "[hiveos]\napi = \"v2\"\ntoken = \"t\"\nfarms = [-3]\n", `config.toml:6: hiveos.farms: -3 is not a farm id`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := problems(t, c.body)
			if c.want == "" {
				if len(got) > 0 {
					t.Fatalf("problems: %q", got)
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0], c.want) {
				t.Fatalf("problems: %q\nwant one containing %q", got, c.want)
			}
		})
	}
}

func TestConfigHiveOSURLDefaultsToTheChosenAPIs(t *testing.T) {
	tok := "[telegram]\ntoken = \"" + validToken + "\"\n"
	for body, want := range map[string]string{
		tok: HiveOSLegacyURL,
		tok + "[hiveos]\napi = \"v2\"\ntoken = \"t\"\n":                                      HiveOSV2URL,
		tok + "[hiveos]\napi = \"v2\"\ntoken = \"t\"\nurl = \"http://127.0.0.1:9/api/v2\"\n": "http://127.0.0.1:9/api/v2",
	} {
		cfg, err := LoadConfig(writeConfig(t, body), false, nil)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.HiveOS.URL != want {
			t.Errorf("%q: url %q, want %q", body, cfg.HiveOS.URL, want)
		}
	}
	cfg, err := LoadConfig(writeConfig(t, tok), false, []string{"PITBOSS_HIVEOS_API=v2", "PITBOSS_HIVEOS_TOKEN=tkn", "PITBOSS_HIVEOS_FARMS=7, 9"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.HiveOS.Token.Reveal() != "tkn" || !reflect.DeepEqual(cfg.HiveOS.Farms, []FarmID{7, 9}) {
		t.Fatalf("from the environment: %+v", cfg.HiveOS)
	}
}

func TestCheckConfigSaysWhatTheChosenHiveOSAPINeeds(t *testing.T) {
	tok := "[telegram]\ntoken = \"" + validToken + "\"\n"
	cases := map[string]string{
		tok + "[hiveos]\napi = \"v2\"\n":                "hiveos: off: api = \"v2\" needs a personal API token (Hive OS: Account → Authentication tokens) in hiveos.token, PITBOSS_HIVEOS_TOKEN, or a file named by hiveos.token_file\n",
		tok + "[hiveos]\napi = \"legacy\"\n":            "hiveos: off: api = \"legacy\" needs the account's public and secret API keys",
		tok + "[hiveos]\napi = \"v2\"\ntoken = \"t\"\n": "",
		tok: "",
	}
	for body, want := range cases {
		var stdout, stderr syncBuffer
		if code := run(context.Background(), []string{"-check-config", "-config", writeConfig(t, body)}, strings.NewReader(""), &stdout, &stderr, nil); code != 0 {
			t.Fatalf("%q: exit status %d: %s", body, code, stderr.String())
		}
		out, ok := strings.CutPrefix(stdout.String(), "OK\n")
		if !ok || (want == "" && out != "") || !strings.Contains(out, want) {
			t.Errorf("%q: stdout %q, want OK then %q", body, stdout.String(), want)
		}
	}
}

func TestConfigDatabaseDriverChoosesWhatItNeeds(t *testing.T) {
	tok := "[telegram]\ntoken = \"" + validToken + "\"\n"
	const dsn = "postgres://pitboss:pw-0042@db:5432/pitboss"
	for _, tc := range []struct {
		name, body string
		env        []string
		want       string // the one problem; "" for none
	}{
		{"unknown driver", tok + "[database]\ndriver = \"mysql\"\n", nil,
			`config.toml:4: database.driver: "mysql" is not a database: use "sqlite" (a file) or "postgres" (a server)`},
		{"postgres without a DSN", tok + "[database]\ndriver = \"postgres\"\n", nil,
			`config.toml: database.dsn: missing: driver = "postgres" needs a connection string, such as "postgres://pitboss:PASSWORD@db.example.com:5432/pitboss", in database.dsn, PITBOSS_DATABASE_DSN, or a file named by database.dsn_file`},
		{"postgres with a DSN", tok + "[database]\ndriver = \"postgres\"\ndsn = \"" + dsn + "\"\n", nil, ""},
		{"postgres from the environment", tok, []string{"PITBOSS_DATABASE_DRIVER=postgres", "PITBOSS_DATABASE_DSN=" + dsn}, ""},
		{"sqlite without a path", tok + "[database]\npath = \"\"\n", nil,
			`config.toml:4: database.path: must name the SQLite file, such as "pitboss.db"`},
		{"sqlite with a DSN", tok + "[database]\ndsn = \"" + dsn + "\"\n", nil,
			`config.toml:4: database.dsn: is set, but database.driver is "sqlite": set driver = "postgres" to use PostgreSQL, or remove the DSN`},
		{"a DSN in the environment only", tok, []string{"PITBOSS_DATABASE_DSN=" + dsn},
			`PITBOSS_DATABASE_DSN: is set, but database.driver is "sqlite"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := problems(t, tc.body, tc.env...)
			switch {
			case tc.want == "" && len(got) != 0:
				t.Fatalf("problems %q", got)
			case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
				t.Fatalf("problems %q, want one with %q", got, tc.want)
			}
			for _, p := range got {
				if strings.Contains(p, "pw-0042") {
					t.Fatalf("a problem shows the DSN's password: %q", p)
				}
			}
		})
	}
	cfg, err := LoadConfig(writeConfig(t, tok), false, nil)
	if err != nil || cfg.Database.Store() != (store.Config{Driver: store.SQLite, Path: "pitboss.db"}) {
		t.Fatalf("the default: %+v %v", cfg.Database.Store(), err)
	}
	cfg, err = LoadConfig(writeConfig(t, tok+"[database]\ndriver = \"postgres\"\n"), false, []string{"PITBOSS_DATABASE_DSN=" + dsn})
	if err != nil || cfg.Database.Store() != (store.Config{Driver: store.Postgres, Path: "pitboss.db", DSN: dsn}) {
		t.Fatalf("postgres: %+v %v", cfg.Database.Store(), err)
	}
}

func TestConfigDatabaseDSNIsASecret(t *testing.T) {
	tok := "[telegram]\ntoken = \"" + validToken + "\"\n"
	const dsn = "postgres://pitboss:pw-0042@db:5432/pitboss"
	dsnFile := filepath.Join(t.TempDir(), "dsn")
	if err := os.WriteFile(dsnFile, []byte(dsn+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, load := range map[string]func() (*Config, error){
		"dsn_file": func() (*Config, error) {
			return LoadConfig(writeConfig(t, tok+"[database]\ndriver = \"postgres\"\ndsn_file = \""+dsnFile+"\"\n"), false, nil)
		},
		"PITBOSS_DATABASE_DSN_FILE": func() (*Config, error) {
			return LoadConfig(writeConfig(t, tok+"[database]\ndriver = \"postgres\"\ndsn = \"postgres://other\"\n"), false,
				[]string{"PITBOSS_DATABASE_DSN_FILE=" + dsnFile})
		},
	} {
		cfg, err := load()
		if err != nil || cfg.Database.DSN.Reveal() != dsn {
			t.Fatalf("%s: %v", name, err)
		}
		asJSON, _ := json.Marshal(cfg)
		for _, text := range []string{fmt.Sprintf("%v %+v %#v", cfg, *cfg, cfg), fmt.Sprint(cfg.Database), string(asJSON)} {
			if strings.Contains(text, "pw-0042") {
				t.Fatalf("%s: the config shows the DSN: %s", name, text)
			}
		}
	}
	got := problems(t, tok+"[database]\ndriver = \"postgres\"\ndsn = \""+dsn+"\"\ndsn_file = \""+dsnFile+"\"\n")
	if len(got) != 1 || !strings.Contains(got[0], "config.toml:6: database.dsn_file: set either database.dsn or database.dsn_file, not both") {
		t.Fatalf("both set: %q", got)
	}
	got = problems(t, tok+"[database]\ndriver = \"postgres\"\ndsn_file = \""+filepath.Join(t.TempDir(), "nope")+"\"\n")
	if len(got) != 1 || !strings.Contains(got[0], "database.dsn_file: cannot read the secret") {
		t.Fatalf("an unreadable dsn_file: %q", got)
	}
}

func TestProblemsAboutOneSectionKeepThoseOfTheFileAndTheEnvironment(t *testing.T) {
	ps := Problems{
		{File: "c.toml", Line: 2, Key: "telegram.token", Msg: "missing"},
		{File: "c.toml", Line: 5, Key: "database.path", Msg: "empty"},
		{Key: "PITBOSS_DATABASE_DSN", Msg: "missing"},
		{Key: "PITBOSS_DATABASES_X", Msg: "no such key"},
		{File: "c.toml", Msg: "not TOML"},
	}
	got := ps.About("database")
	if len(got) != 3 || got[0] != ps[1] || got[1] != ps[2] || got[2] != ps[4] {
		t.Fatalf("About(database) = %v", got)
	}
}
