package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
	"github.com/robfig/cron/v3"

	"pitboss/apiclients/secret"
	"pitboss/store"
)

// Config is pitboss's configuration: DefaultConfig, then the TOML file, then PITBOSS_<SECTION>_<KEY>
// environment variables, then secrets read from *_file keys. Field tags name the TOML keys. Credentials
// are secret.String, so printing, logging or marshalling a Config shows [REDACTED] in their place.
type Config struct {
	Telegram TelegramConfig `toml:"telegram"`
	Database DatabaseConfig `toml:"database"`
	History  HistoryConfig  `toml:"history"`
	HiveOS   HiveOSConfig   `toml:"hiveos"`
	Coinhive CoinhiveConfig `toml:"coinhive"`
	ViaBTC   ViaBTCConfig   `toml:"viabtc"`
	HiveAuth HiveAuthConfig `toml:"hiveauth"`
	Alerts   AlertsConfig   `toml:"alerts"`
	Reports  ReportsConfig  `toml:"reports"`
	HTTP     HTTPConfig     `toml:"http"`

	notes []string // what -check-config says of a valid configuration, such as a source left off
}

// Notes are what is worth saying about a valid configuration: a service chosen but left off, and why.
func (cfg *Config) Notes() []string { return cfg.notes }

// TelegramConfig is the bot's identity and who may use it.
type TelegramConfig struct {
	Token       secret.String `toml:"token"`
	TokenFile   string        `toml:"token_file"`
	APIEndpoint string        `toml:"api_endpoint"`
	Admins      []int64       `toml:"admins"`
	Viewers     []int64       `toml:"viewers"`
}

// DatabaseConfig chooses the database: a SQLite file, or a PostgreSQL database, which a second pitboss can
// share as a standby.
type DatabaseConfig struct {
	Driver  string        `toml:"driver"` // "sqlite" or "postgres"
	Path    string        `toml:"path"`   // sqlite: the file
	DSN     secret.String `toml:"dsn"`    // postgres: the connection string, which may hold a password
	DSNFile string        `toml:"dsn_file"`
}

// Store is what store.OpenConfig needs to open the database.
func (d DatabaseConfig) Store() store.Config {
	return store.Config{Driver: d.Driver, Path: d.Path, DSN: d.DSN.Reveal()}
}

// HistoryConfig is how long history is kept.
type HistoryConfig struct {
	RawDays    int `toml:"raw_days"`
	RollupDays int `toml:"rollup_days"`
}

// HiveOSConfig is the Hive OS API: the legacy one (API "legacy", signed with two keys) or API v2 (a
// personal token). Empty credentials turn it off.
type HiveOSConfig struct {
	API           string        `toml:"api"` // "legacy" or "v2"
	URL           string        `toml:"url"` // "": the chosen API's own address
	Token         secret.String `toml:"token"`
	TokenFile     string        `toml:"token_file"`
	Farms         []FarmID      `toml:"farms"` // v2: the farms to watch; empty: all of the account's
	PublicKey     secret.String `toml:"public_key"`
	PublicKeyFile string        `toml:"public_key_file"`
	SecretKey     secret.String `toml:"secret_key"`
	SecretKeyFile string        `toml:"secret_key_file"`
	Poll          string        `toml:"poll"`
}

// CoinhiveConfig is the Coinhive HTTP API. An empty secret turns it off.
type CoinhiveConfig struct {
	URL        string        `toml:"url"`
	Secret     secret.String `toml:"secret"`
	SecretFile string        `toml:"secret_file"`
	Poll       string        `toml:"poll"`
}

// ViaBTCConfig is the ViaBTC pool API. Empty keys turn it off.
type ViaBTCConfig struct {
	URL           string        `toml:"url"`
	APIKey        secret.String `toml:"api_key"`
	APIKeyFile    string        `toml:"api_key_file"`
	SecretKey     secret.String `toml:"secret_key"`
	SecretKeyFile string        `toml:"secret_key_file"`
	Coins         []string      `toml:"coins"`
	Poll          string        `toml:"poll"`
}

// HiveAuthConfig is the Hive blockchain auth API. Empty credentials turn it off.
type HiveAuthConfig struct {
	URL           string        `toml:"url"`
	ID            string        `toml:"id"`
	SecretKey     secret.String `toml:"secret_key"`
	SecretKeyFile string        `toml:"secret_key_file"`
	Poll          string        `toml:"poll"`
}

// AlertsConfig holds the thresholds of users who have not set their own.
type AlertsConfig struct {
	TempMax      float64       `toml:"temp_max"`
	FanMax       float64       `toml:"fan_max"`
	HashrateDrop float64       `toml:"hashrate_drop"`
	OfflineAfter time.Duration `toml:"offline_after"`
	For          time.Duration `toml:"for"`
	Repeat       time.Duration `toml:"repeat"`
	SourceDown   int           `toml:"source_down"`
}

// ReportsConfig sets the default time of the daily report.
type ReportsConfig struct {
	Daily    string `toml:"daily"`
	Timezone string `toml:"timezone"`
}

// HTTPConfig is the health endpoint's listener.
type HTTPConfig struct {
	Listen string `toml:"listen"`
}

// The Hive OS APIs, and their addresses when hiveos.url is left out.
const (
	HiveOSLegacy    = "legacy"
	HiveOSV2        = "v2"
	HiveOSLegacyURL = "https://api.hiveos.farm/worker/eypiay.php"
	HiveOSV2URL     = "https://api2.hiveos.farm/api/v2"
)

// DefaultTelegramEndpoint is the Bot API's own address, in the form tgbotapi wants.
const DefaultTelegramEndpoint = "https://api.telegram.org/bot%s/%s"

// DefaultConfig is what pitboss uses for every key the file and the environment leave out.
func DefaultConfig() Config {
	return Config{
		Telegram: TelegramConfig{APIEndpoint: DefaultTelegramEndpoint},
		Database: DatabaseConfig{Driver: store.SQLite, Path: "pitboss.db"},
		History:  HistoryConfig{RawDays: 2, RollupDays: 400},
		HiveOS:   HiveOSConfig{API: HiveOSLegacy, Poll: "@every 1m"},
		Coinhive: CoinhiveConfig{URL: "https://api.coinhive.com", Poll: "@every 5m"},
		ViaBTC:   ViaBTCConfig{URL: "https://www.viabtc.net/res/openapi/v1", Coins: []string{"BTC"}, Poll: "@every 5m"},
		HiveAuth: HiveAuthConfig{URL: "https://bc-platform-auth.withhive.com", Poll: "@every 5m"},
		Alerts: AlertsConfig{HashrateDrop: 20, OfflineAfter: 5 * time.Minute, For: 2 * time.Minute,
			Repeat: 4 * time.Hour, SourceDown: 3},
		Reports: ReportsConfig{Daily: "09:00", Timezone: "UTC"},
		HTTP:    HTTPConfig{Listen: "127.0.0.1:9090"},
	}
}

// Problem is one thing wrong with the configuration, located as precisely as pitboss can.
type Problem struct {
	File string // the config file, or "" when the value came from the environment
	Line int    // 0 when unknown
	Key  string // section.key, or the environment variable
	Msg  string
}

func (p *Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	}
	if p.Key != "" {
		b.WriteString(p.Key)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every problem found in one load, so -check-config can print them all at once.
type Problems []*Problem

func (ps Problems) Error() string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "\n")
}

// LoadConfig reads path (a missing file is allowed when allowMissing, so a container can run on the
// environment alone), applies env (os.Environ form) and *_file secrets, and validates the result.
// The error, if any, is Problems.
func LoadConfig(path string, allowMissing bool, env []string) (*Config, error) {
	cfg, problems := loadConfig(path, allowMissing, env)
	if len(problems) > 0 {
		return nil, problems
	}
	return cfg, nil
}

// loadConfig is LoadConfig that also returns the config it read when that has problems, for callers that
// need only part of it; the config is nil only when the file could not be read or parsed at all.
func loadConfig(path string, allowMissing bool, env []string) (*Config, Problems) {
	cfg := DefaultConfig()
	l := &loader{file: path, lines: map[string]int{}, bad: map[string]bool{}}
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		l.decodeFile(&cfg, data)
	case errors.Is(err, os.ErrNotExist) && allowMissing:
		l.file = ""
	case errors.Is(err, os.ErrNotExist):
		return nil, Problems{{File: path, Msg: "no such file (copy config.example.toml to start one)"}}
	default:
		return nil, Problems{{File: path, Msg: err.Error()}}
	}
	if len(l.problems) > 0 && l.fatal {
		return nil, l.problems
	}
	l.applyEnv(&cfg, env)
	l.readSecretFiles(&cfg)
	l.validate(&cfg)
	cfg.notes = l.notes
	return &cfg, l.problems
}

// About returns the problems of one section ("database"), whether set in the file or the environment,
// and those of the file itself.
func (ps Problems) About(section string) Problems {
	var out Problems
	for _, p := range ps {
		if p.Key == "" || strings.HasPrefix(p.Key, section+".") || strings.HasPrefix(p.Key, envName(section+".")) {
			out = append(out, p)
		}
	}
	return out
}

type loader struct {
	file     string
	lines    map[string]int  // "section.key" and "section" -> line in the file
	fromEnv  map[string]bool // keys set by the environment
	unread   map[string]bool // secrets whose *_file could not be read (already reported)
	bad      map[string]bool // keys whose value was refused (already reported)
	problems Problems
	notes    []string
	fatal    bool // the file could not be parsed at all
}

// note records something -check-config should say about a valid configuration.
func (l *loader) note(msg string) { l.notes = append(l.notes, msg) }

func (l *loader) add(key, format string, args ...any) {
	p := &Problem{Key: key, Msg: fmt.Sprintf(format, args...)}
	if l.fromEnv[key] {
		p.Key = envName(key)
	} else if l.file != "" {
		p.File, p.Line = l.file, l.lines[key]
	}
	l.problems = append(l.problems, p)
}

func (l *loader) decodeFile(cfg *Config, data []byte) {
	tree := map[string]any{}
	if err := toml.NewDecoder(bytes.NewReader(data)).Decode(&tree); err != nil {
		p := &Problem{File: l.file, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			p.Line, _ = de.Position()
		}
		l.problems, l.fatal = append(l.problems, p), true
		return
	}
	l.indexLines(data)
	root := reflect.ValueOf(cfg).Elem()
	sections := fieldsByTag(root)
	for _, name := range sortedKeys(tree) {
		sec, ok := sections[name]
		if _, isTable := tree[name].(map[string]any); !ok && !isTable {
			l.add(name, "is outside any [section]: put it under its section, such as [telegram]")
			continue
		}
		if !ok {
			l.add(name, "unknown section [%s]", name)
			continue
		}
		table, ok := tree[name].(map[string]any)
		if !ok {
			l.add(name, "must be a [%s] table", name)
			continue
		}
		keys := fieldsByTag(sec)
		for _, key := range sortedKeys(table) {
			full := name + "." + key
			field, ok := keys[key]
			if !ok {
				l.add(full, "unknown key")
				continue
			}
			if err := setFromTOML(field, table[key]); err != nil {
				l.add(full, "%v", err)
				l.bad[full] = true
			}
		}
	}
}

// indexLines records the line of every table and key, so that problems found after decoding
// (a bad cron spec, say) can still point at their line.
func (l *loader) indexLines(data []byte) {
	var p unstable.Parser
	p.Reset(data)
	section := ""
	for p.NextExpression() {
		e := p.Expression()
		if e.Kind != unstable.Table && e.Kind != unstable.KeyValue {
			continue
		}
		var parts []string
		line := 0
		for it := e.Key(); it.Next(); {
			n := it.Node()
			if line == 0 && n.Raw.Length > 0 {
				line = p.Shape(n.Raw).Start.Line
			}
			parts = append(parts, string(n.Data))
		}
		key := strings.Join(parts, ".")
		if e.Kind == unstable.Table {
			section = key
		} else if section != "" {
			key = section + "." + key
		}
		l.lines[key] = line
	}
}

var (
	durationType = reflect.TypeOf(time.Duration(0))
	farmIDType   = reflect.TypeOf(FarmID(0))
)

// FarmID is a Hive OS farm's id. The config's other whole-number lists are Telegram user ids.
type FarmID int64

// idKind names what a whole number in a list stands for, with an example.
func idKind(v reflect.Value) string {
	if v.Type() == farmIDType {
		return "a farm id (a whole number such as 1631951)"
	}
	return "a Telegram user id (a whole number such as 123456789)"
}

func setFromTOML(field reflect.Value, v any) error {
	switch {
	case field.Type() == durationType:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("must be a duration in quotes, such as \"90s\", \"5m\" or \"1h30m\"")
		}
		return setFromString(field, s)
	case field.Kind() == reflect.String: // secret.String too: SetString sets any string kind
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("must be a string in quotes; it is %s", tomlKind(v))
		}
		field.SetString(s)
	case field.Kind() == reflect.Float64:
		switch n := v.(type) {
		case int64:
			field.SetFloat(float64(n))
		case float64:
			field.SetFloat(n)
		default:
			return fmt.Errorf("must be a number; it is %s", tomlKind(v))
		}
	case field.Kind() == reflect.Int:
		n, ok := v.(int64)
		if !ok {
			return fmt.Errorf("must be a whole number; it is %s", tomlKind(v))
		}
		field.SetInt(n)
	case field.Kind() == reflect.Slice:
		items, ok := v.([]any)
		if !ok {
			return fmt.Errorf("must be a list in brackets, such as [1, 2]")
		}
		return setSlice(field, items, setElem)
	default:
		return fmt.Errorf("unsupported type %s", field.Type())
	}
	return nil
}

// setSlice fills the slice field with items, each set by set; every bad item is reported, by position.
func setSlice[T any](field reflect.Value, items []T, set func(reflect.Value, T) error) error {
	out := reflect.MakeSlice(field.Type(), len(items), len(items))
	var errs []error
	for i, item := range items {
		if err := set(out.Index(i), item); err != nil {
			errs = append(errs, fmt.Errorf("item %d: %w", i+1, err))
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	field.Set(out)
	return nil
}

func setElem(elem reflect.Value, v any) error {
	switch elem.Kind() {
	case reflect.Int64:
		switch n := v.(type) {
		case int64:
			elem.SetInt(n)
			return nil
		case string:
			return setFromString(elem, n)
		}
		if _, isFloat := v.(float64); isFloat {
			return fmt.Errorf("%v is not %s", v, idKind(elem))
		}
		return fmt.Errorf("is %s, not %s", tomlKind(v), idKind(elem))
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("must be a string in quotes; it is %s", tomlKind(v))
		}
		elem.SetString(s)
		return nil
	}
	return fmt.Errorf("unsupported type %s", elem.Type())
}

// tomlKind names the type of a decoded TOML value. Problems name types, not values: a value in the wrong
// place may be a secret.
func tomlKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64, float64:
		return "a number"
	case bool:
		return "true or false"
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return "a date or time"
}

// setFromString parses s, from the environment or a list item, into field.
func setFromString(field reflect.Value, s string) error {
	switch {
	case field.Type() == durationType:
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("%q is not a duration (use forms such as \"90s\", \"5m\", \"1h30m\")", s)
		}
		field.SetInt(int64(d))
	case field.Kind() == reflect.String:
		field.SetString(s)
	case field.Kind() == reflect.Float64:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return fmt.Errorf("%q is not a number", s)
		}
		field.SetFloat(f)
	case field.Kind() == reflect.Int64:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not %s", s, idKind(field))
		}
		field.SetInt(n)
	case field.Kind() == reflect.Int:
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("%q is not a whole number", s)
		}
		field.SetInt(int64(n))
	case field.Kind() == reflect.Slice:
		var parts []string
		for p := range strings.SplitSeq(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
		return setSlice(field, parts, setFromString)
	default:
		return fmt.Errorf("unsupported type %s", field.Type())
	}
	return nil
}

const envPrefix = "PITBOSS_"

func envName(key string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// applyEnv lets PITBOSS_<SECTION>_<KEY> override any key. Lists are comma-separated. A variable with the
// prefix that names no key is a problem: it is most likely a typo that would otherwise pass unnoticed.
func (l *loader) applyEnv(cfg *Config, env []string) {
	l.fromEnv = map[string]bool{}
	type target struct {
		key   string
		field reflect.Value
	}
	known := map[string]target{}
	root := reflect.ValueOf(cfg).Elem()
	for sname, sec := range fieldsByTag(root) {
		for kname, field := range fieldsByTag(sec) {
			key := sname + "." + kname
			known[envName(key)] = target{key, field}
		}
	}
	sort.Strings(env)
	for _, kv := range env {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, envPrefix) {
			continue
		}
		t, ok := known[name]
		if !ok {
			l.problems = append(l.problems, &Problem{Key: name, Msg: "names no configuration key"})
			continue
		}
		if strings.TrimSpace(value) == "" && t.field.Kind() != reflect.String {
			continue // Compose files often set VAR= to mean "not set"; only a string can be empty on purpose
		}
		l.fromEnv[t.key] = true
		if err := setFromString(t.field, value); err != nil {
			l.add(t.key, "%v", err)
			l.bad[t.key] = true
		}
	}
}

// secretKey pairs a secret key with its *_file variant.
type secretKey struct {
	key       string
	value     *secret.String
	fileKey   string
	fileValue *string
}

func (cfg *Config) secrets() []secretKey {
	return []secretKey{
		{"telegram.token", &cfg.Telegram.Token, "telegram.token_file", &cfg.Telegram.TokenFile},
		{"database.dsn", &cfg.Database.DSN, "database.dsn_file", &cfg.Database.DSNFile},
		{"hiveos.token", &cfg.HiveOS.Token, "hiveos.token_file", &cfg.HiveOS.TokenFile},
		{"hiveos.public_key", &cfg.HiveOS.PublicKey, "hiveos.public_key_file", &cfg.HiveOS.PublicKeyFile},
		{"hiveos.secret_key", &cfg.HiveOS.SecretKey, "hiveos.secret_key_file", &cfg.HiveOS.SecretKeyFile},
		{"coinhive.secret", &cfg.Coinhive.Secret, "coinhive.secret_file", &cfg.Coinhive.SecretFile},
		{"viabtc.api_key", &cfg.ViaBTC.APIKey, "viabtc.api_key_file", &cfg.ViaBTC.APIKeyFile},
		{"viabtc.secret_key", &cfg.ViaBTC.SecretKey, "viabtc.secret_key_file", &cfg.ViaBTC.SecretKeyFile},
		{"hiveauth.secret_key", &cfg.HiveAuth.SecretKey, "hiveauth.secret_key_file", &cfg.HiveAuth.SecretKeyFile},
	}
}

// readSecretFiles resolves every *_file key. The environment outranks the file: a secret given in the
// environment in either form replaces both forms from the file.
func (l *loader) readSecretFiles(cfg *Config) {
	l.unread = map[string]bool{}
	for _, s := range cfg.secrets() {
		switch {
		case l.fromEnv[s.key] && !l.fromEnv[s.fileKey]:
			*s.fileValue = ""
		case l.fromEnv[s.fileKey] && !l.fromEnv[s.key]:
			*s.value = ""
		}
		if *s.fileValue == "" {
			continue
		}
		if *s.value != "" {
			l.add(s.fileKey, "set either %s or %s, not both", s.key, s.fileKey)
			continue
		}
		data, err := os.ReadFile(*s.fileValue)
		if err != nil {
			l.add(s.fileKey, "cannot read the secret: %v", err)
			l.unread[s.key] = true
			continue
		}
		v := strings.TrimSpace(string(data))
		if v == "" {
			l.add(s.fileKey, "%s is empty", *s.fileValue)
			l.unread[s.key] = true
			continue
		}
		*s.value = secret.String(v)
	}
}

var (
	botTokenRE   = regexp.MustCompile(`^[0-9]{5,}:[A-Za-z0-9_-]{30,}$`)
	timeOfDayRE  = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
	coinSymbolRE = regexp.MustCompile(`^[A-Z0-9]{2,10}$`)
)

func (l *loader) validate(cfg *Config) {
	t := cfg.Telegram
	switch {
	case l.unread["telegram.token"]:
	case t.Token == "":
		l.add("telegram.token", "missing: put the token from @BotFather in the config file, in PITBOSS_TELEGRAM_TOKEN, or in a file named by telegram.token_file")
	case !botTokenRE.MatchString(t.Token.Reveal()): // only its shape is checked, and never printed
		l.add("telegram.token", "does not look like a token from @BotFather (digits, a colon, then letters)")
	}
	l.checkEndpoint(t.APIEndpoint)
	l.checkIDs(t.Admins, t.Viewers)
	l.checkDatabase(cfg.Database)

	if h := cfg.History; h.RawDays < 1 || h.RawDays > 90 {
		l.add("history.raw_days", "%d is out of range: 1 to 90 days", h.RawDays)
	} else if h.RollupDays < h.RawDays || h.RollupDays > 3650 {
		l.add("history.rollup_days", "%d is out of range: from history.raw_days (%d) to 3650 days", h.RollupDays, h.RawDays)
	}
	l.checkHiveOS(&cfg.HiveOS)
	l.checkService("coinhive", cfg.Coinhive.URL, cfg.Coinhive.Poll, map[string]bool{"secret": cfg.Coinhive.Secret != ""})
	l.checkService("viabtc", cfg.ViaBTC.URL, cfg.ViaBTC.Poll, map[string]bool{
		"api_key": cfg.ViaBTC.APIKey != "", "secret_key": cfg.ViaBTC.SecretKey != ""})
	if cfg.ViaBTC.APIKey != "" {
		if len(cfg.ViaBTC.Coins) == 0 {
			l.add("viabtc.coins", "name at least one coin, such as [\"BTC\"]")
		}
		for _, c := range cfg.ViaBTC.Coins {
			if !coinSymbolRE.MatchString(c) {
				l.add("viabtc.coins", "%q is not a coin symbol (upper case, such as \"BTC\")", c)
			}
		}
	}
	l.checkService("hiveauth", cfg.HiveAuth.URL, cfg.HiveAuth.Poll, map[string]bool{
		"id": cfg.HiveAuth.ID != "", "secret_key": cfg.HiveAuth.SecretKey != ""})

	a := cfg.Alerts
	l.checkRange("alerts.temp_max", a.TempMax, 0, 150, "°C (0 = the farm's red_temp)")
	l.checkRange("alerts.fan_max", a.FanMax, 0, 100, "% (0 = off)")
	l.checkRange("alerts.hashrate_drop", a.HashrateDrop, 0, 100, "%")
	if a.OfflineAfter <= 0 {
		l.add("alerts.offline_after", "must be longer than 0s")
	}
	if a.For < 0 {
		l.add("alerts.for", "must not be negative")
	}
	if a.Repeat < 0 {
		l.add("alerts.repeat", "must not be negative (\"0s\" turns reminders off)")
	}
	if a.SourceDown < 1 || a.SourceDown > 100 {
		l.add("alerts.source_down", "%d is out of range: 1 to 100 failed polls in a row", a.SourceDown)
	}

	if !timeOfDayRE.MatchString(cfg.Reports.Daily) {
		l.add("reports.daily", "%q is not a time of day such as \"09:00\"", cfg.Reports.Daily)
	}
	if _, err := time.LoadLocation(cfg.Reports.Timezone); err != nil || cfg.Reports.Timezone == "" {
		l.add("reports.timezone", "%q is not a time zone (use a name such as \"UTC\" or \"Europe/Berlin\")", cfg.Reports.Timezone)
	}
	if ln := cfg.HTTP.Listen; ln != "" {
		if _, port, err := net.SplitHostPort(ln); err != nil || port == "" {
			l.add("http.listen", "%q is not host:port, such as \"127.0.0.1:9090\" (\"\" turns it off)", ln)
		}
	}
}

// checkDatabase checks that the chosen database has what it needs, and that a DSN is not left over for a
// SQLite database, where it would be ignored.
func (l *loader) checkDatabase(d DatabaseConfig) {
	switch d.Driver {
	case store.SQLite:
		if strings.TrimSpace(d.Path) == "" {
			l.add("database.path", "must name the SQLite file, such as \"pitboss.db\"")
		}
		if d.DSN != "" && !l.bad["database.driver"] {
			l.add("database.dsn", "is set, but database.driver is \"sqlite\": set driver = \"postgres\" to use PostgreSQL, or remove the DSN")
		}
	case store.Postgres:
		if d.DSN == "" && !l.unread["database.dsn"] {
			l.add("database.dsn", "missing: driver = \"postgres\" needs a connection string, such as \"postgres://pitboss:PASSWORD@db.example.com:5432/pitboss\", in database.dsn, PITBOSS_DATABASE_DSN, or a file named by database.dsn_file")
		}
	default:
		l.add("database.driver", "%q is not a database: use \"sqlite\" (a file) or \"postgres\" (a server)", d.Driver)
	}
}

func (l *loader) checkEndpoint(ep string) {
	const key = "telegram.api_endpoint"
	if strings.Count(ep, "%s") != 2 || strings.Count(strings.ReplaceAll(ep, "%s", ""), "%") != 0 {
		l.add(key, "must contain %%s twice, for the token and the method, such as %q", DefaultTelegramEndpoint)
		return
	}
	u, err := url.Parse(fmt.Sprintf(ep, "TOKEN", "getMe"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		l.add(key, "must be an http:// or https:// URL, such as %q", DefaultTelegramEndpoint)
	}
}

func (l *loader) checkIDs(admins, viewers []int64) {
	seen := map[int64]string{}
	for _, list := range []struct {
		key string
		ids []int64
	}{{"telegram.admins", admins}, {"telegram.viewers", viewers}} {
		for _, id := range list.ids {
			if id <= 0 {
				l.add(list.key, "%d is not a Telegram user id (user ids are positive)", id)
			}
			if prev, dup := seen[id]; dup {
				l.add(list.key, "%d is also listed in %s", id, prev)
			}
			seen[id] = list.key
		}
	}
}

// checkService validates a service's URL and poll schedule, and that its credentials (whether each is
// set) are all set or all empty: a half-configured service is a mistake, not a wish to turn it off.
func (l *loader) checkService(name, rawURL, poll string, creds map[string]bool) {
	var set, unset []string
	for _, k := range sortedKeys(creds) {
		if creds[k] {
			set = append(set, name+"."+k)
		} else {
			unset = append(unset, name+"."+k)
		}
	}
	if len(set) > 0 && len(unset) > 0 && !l.bad[unset[0]] && !l.unread[unset[0]] {
		l.add(unset[0], "is empty but %s is set: set both to use %s, or neither to turn it off", strings.Join(set, ", "), name)
	}
	if u, err := url.Parse(rawURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		l.add(name+".url", "%q is not an http:// or https:// URL", rawURL)
	}
	if _, err := cron.ParseStandard(poll); err != nil {
		l.add(name+".poll", "%q is not a schedule: %v (use \"@every 1m\" or a cron line such as \"*/5 * * * *\")", poll, err)
	}
}

// checkHiveOS checks the [hiveos] section for the API it chooses, and fills in that API's address when
// hiveos.url is left out.
func (l *loader) checkHiveOS(h *HiveOSConfig) {
	legacyKeys := h.PublicKey != "" || h.SecretKey != ""
	// Without credentials Hive OS is off; when the file or the environment names an API, -check-config
	// says what that API needs.
	_, inFile := l.lines["hiveos.api"]
	chosen := inFile || l.fromEnv["hiveos.api"]
	switch h.API {
	case HiveOSLegacy:
		if chosen && !legacyKeys && h.Token == "" {
			l.note("hiveos: off: api = \"legacy\" needs the account's public and secret API keys (Hive OS: Account → API keys) in hiveos.public_key and hiveos.secret_key, their PITBOSS_HIVEOS_* variables, or files named by their *_file keys")
		}
		if h.URL == "" {
			h.URL = HiveOSLegacyURL
		}
		l.checkService("hiveos", h.URL, h.Poll, map[string]bool{"public_key": h.PublicKey != "", "secret_key": h.SecretKey != ""})
		if h.Token != "" && !legacyKeys {
			l.add("hiveos.api", "is \"legacy\", which takes hiveos.public_key and hiveos.secret_key, but only hiveos.token is set: set api = \"v2\" to use the token")
		}
		if len(h.Farms) > 0 {
			l.add("hiveos.farms", "applies to api = \"v2\" only: the legacy API sees the one farm its keys belong to")
		}
	case HiveOSV2:
		if h.URL == "" {
			h.URL = HiveOSV2URL
		}
		l.checkService("hiveos", h.URL, h.Poll, map[string]bool{"token": h.Token != ""})
		if chosen && h.Token == "" {
			l.note("hiveos: off: api = \"v2\" needs a personal API token (Hive OS: Account → Authentication tokens) in hiveos.token, PITBOSS_HIVEOS_TOKEN, or a file named by hiveos.token_file")
		}
		if legacyKeys {
			l.add("hiveos.public_key", "belongs to api = \"legacy\"; API v2 takes a personal token in hiveos.token (Hive OS: Account → Authentication tokens)")
		}
		for _, id := range h.Farms {
			if id <= 0 {
				l.add("hiveos.farms", "%d is not a farm id (farm ids are positive; /farms lists them)", id)
			}
		}
	default:
		l.add("hiveos.api", "%q is not an API: use \"v2\" (a personal token) or \"legacy\" (two keys)", h.API)
	}
}

func (l *loader) checkRange(key string, v, lo, hi float64, unit string) {
	if v < lo || v > hi {
		l.add(key, "%g is out of range: %g to %g %s", v, lo, hi, unit)
	}
}

// fieldsByTag maps the toml tags of a struct value's fields to the fields.
func fieldsByTag(v reflect.Value) map[string]reflect.Value {
	out := map[string]reflect.Value{}
	for i := range v.NumField() {
		if tag := v.Type().Field(i).Tag.Get("toml"); tag != "" {
			out[tag] = v.Field(i)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
