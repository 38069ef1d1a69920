package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"pitboss/bot"
	simtelegram "pitboss/sim/telegram"
	"pitboss/store"
)

const testToken = "7000000001:TEST-token-abcdefghijklmnopqrstuv"

var (
	ada      = simtelegram.User{ID: 1001, FirstName: "Ada", Username: "ada"}   // admin in the config
	vic      = simtelegram.User{ID: 1002, FirstName: "Vic", Username: "vic"}   // viewer in the config
	eve      = simtelegram.User{ID: 6666, FirstName: "Eve", Username: "eve"}   // nobody
	nina     = simtelegram.User{ID: 3003, FirstName: "Nina", Username: "nina"} // joins with an invite
	farmRoom = simtelegram.Chat{ID: -100777, Type: simtelegram.ChatSupergroup, Title: "Farm room"}
)

// wait is how long a test waits for the bot to do something before it fails.
const wait = 10 * time.Second

// syncBuffer is a bytes.Buffer that the program's log and the test can share; a test can wait for text.
type syncBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	changed chan struct{} // closed and replaced on every write
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.changed != nil {
		close(s.changed)
		s.changed = nil
	}
	return s.b.Write(p)
}

// waitFor blocks until the buffer contains want, or fails the test after wait.
func (s *syncBuffer) waitFor(t *testing.T, want string) {
	t.Helper()
	s.waitForCount(t, want, 1)
}

// waitForCount blocks until the buffer contains want n times, or fails the test after wait.
func (s *syncBuffer) waitForCount(t *testing.T, want string, n int) {
	t.Helper()
	timeout := time.After(wait)
	for {
		s.mu.Lock()
		if strings.Count(s.b.String(), want) >= n {
			s.mu.Unlock()
			return
		}
		if s.changed == nil {
			s.changed = make(chan struct{})
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-timeout:
			t.Fatalf("never saw %q in:\n%s", want, s.String())
		}
	}
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// pitboss is the whole program, started as main starts it, against a simulated Telegram.
type pitboss struct {
	t       *testing.T
	tg      *simtelegram.Server
	dbPath  string
	cfgPath string
	logs    *syncBuffer
	cancel  context.CancelFunc
	done    chan int
	once    sync.Once
	code    int
}

func startTelegram(t *testing.T) *simtelegram.Server {
	t.Helper()
	tg, err := simtelegram.Start(simtelegram.Options{Token: testToken, Limits: simtelegram.Limits{Disabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tg.Close() })
	return tg
}

type setup struct {
	admins, viewers []int64
	hooks           appHooks
	extra           string // more TOML, e.g. service sections
	listen          string // [http] listen; "" turns the endpoint off
}

// defaultSetup has Ada as admin and Vic as viewer, on a Telegram whose limits are off (startTelegram), so
// pitboss may send to a chat as fast as the test wants.
func defaultSetup() setup {
	return setup{admins: []int64{ada.ID}, viewers: []int64{vic.ID}, hooks: appHooks{chatBurst: 1000}}
}

// startPitboss writes a config for tg and dbPath and runs the program until the test ends (or stop).
func startPitboss(t *testing.T, tg *simtelegram.Server, dbPath string, s setup) *pitboss {
	t.Helper()
	cfgPath := filepath.Join(t.TempDir(), "config.toml")
	cfg := fmt.Sprintf("[telegram]\ntoken = %q\napi_endpoint = %q\nadmins = %s\nviewers = %s\n[database]\npath = %q\n[http]\nlisten = %q\n",
		testToken, tg.Endpoint(), tomlList(s.admins), tomlList(s.viewers), dbPath, s.listen) + s.extra
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &pitboss{t: t, tg: tg, dbPath: dbPath, cfgPath: cfgPath, logs: &syncBuffer{}, cancel: cancel, done: make(chan int, 1)}
	go func() {
		p.done <- runWith(ctx, []string{"-config", cfgPath}, strings.NewReader(""), io.Discard, p.logs, nil, s.hooks)
	}()
	t.Cleanup(func() { p.stop() })
	wctx, wcancel := context.WithTimeout(context.Background(), wait)
	defer wcancel()
	if err := tg.WaitPoll(wctx); err != nil {
		t.Fatalf("pitboss never polled for updates: %v\nlog:\n%s", err, p.logs)
	}
	return p
}

func tomlList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprint(id)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// stop shuts the program down as a signal would and returns its exit status.
func (p *pitboss) stop() int {
	p.once.Do(func() {
		p.cancel()
		select {
		case p.code = <-p.done:
		case <-time.After(wait):
			p.t.Errorf("pitboss did not stop within %s", wait)
		}
	})
	return p.code
}

// say sends text as from in chat and returns the bot's first message after it.
func (p *pitboss) say(from simtelegram.User, chat simtelegram.Chat, text string) simtelegram.Message {
	p.t.Helper()
	id := p.tg.SendText(from, chat, text)
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	m, err := p.tg.WaitNewMessage(ctx, chat.ID, id, nil)
	if err != nil {
		p.t.Fatalf("%s said %q: no answer: %v\nlog:\n%s", from.FirstName, text, err, p.logs)
	}
	return m
}

func (p *pitboss) sayPrivately(from simtelegram.User, text string) simtelegram.Message {
	p.t.Helper()
	return p.say(from, simtelegram.PrivateChat(from), text)
}

func (p *pitboss) press(from simtelegram.User, m simtelegram.Message, data string) simtelegram.Answer {
	p.t.Helper()
	qid, err := p.tg.PressButton(from, m.ChatID, m.ID, data)
	if err != nil {
		p.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	a, err := p.tg.WaitAnswer(ctx, qid)
	if err != nil {
		p.t.Fatalf("button %q was never answered: %v", data, err)
	}
	return a
}

func mustContain(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

func mustNotContain(t *testing.T, what, got string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(got, w) {
			t.Errorf("%s contains %q:\n%s", what, w, got)
		}
	}
}

func openStore(t *testing.T, path string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestAdminStartIsGreeted(t *testing.T) {
	tg := startTelegram(t)
	p := startPitboss(t, tg, filepath.Join(t.TempDir(), "p.db"), defaultSetup())

	m := p.sayPrivately(ada, "/start")
	mustContain(t, "greeting", m.Plain, "Hello, Ada! You are an admin of this pitboss.", "/help")
	if m.ParseMode != "HTML" {
		t.Errorf("parse mode %q, want HTML", m.ParseMode)
	}
	cmds := commandNames(tg.Commands(fmt.Sprintf("chat:%d", ada.ID)))
	if cmds != "help status rigs rig wallets oc rocket alerts thresholds set unset mute unmute ack report chart coinhive ch_balance ch_top ch_users ch_history ch_withdraw ch_reset ch_resetall ch_link ch_verify pool workers payouts pool_sweep auth sources whoami invite team revoke audit" {
		t.Errorf("admin's menu = %q", cmds)
	}
	if code := p.stop(); code != 0 {
		t.Fatalf("exit status %d\n%s", code, p.logs)
	}
	if strangers := commandNames(tg.Commands("default")); strangers != "start" {
		t.Errorf("default menu = %q, want only start", strangers)
	}
}

func commandNames(cmds []simtelegram.BotCommand) string {
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = c.Command
	}
	return strings.Join(names, " ")
}

func TestViewerHelpListsOnlyViewerCommands(t *testing.T) {
	tg := startTelegram(t)
	p := startPitboss(t, tg, filepath.Join(t.TempDir(), "p.db"), defaultSetup())

	m := p.sayPrivately(vic, "/help")
	mustContain(t, "viewer's help", m.Plain, "you are a viewer", "/help", "/whoami", "/sources")
	mustNotContain(t, "viewer's help", m.Plain, "/invite", "/start")
	if menu := commandNames(tg.Commands(fmt.Sprintf("chat:%d", vic.ID))); menu != "help status rigs rig wallets oc alerts thresholds set unset mute unmute ack report chart coinhive ch_balance ch_top ch_users ch_history pool workers payouts auth sources whoami" {
		t.Errorf("viewer's menu = %q, want what /help lists", menu)
	}
	m = p.sayPrivately(vic, "/invite viewer")
	mustContain(t, "viewer's /invite", m.Plain, "Only admins can use /invite.")
}

func TestStrangerMessageIsRefusedWithTheirIDAndNothingElse(t *testing.T) {
	tg := startTelegram(t)
	dbPath := filepath.Join(t.TempDir(), "p.db")
	p := startPitboss(t, tg, dbPath, defaultSetup())

	m := p.sayPrivately(eve, "let me in please")
	mustContain(t, "refusal", m.Plain, "not authorised", "6666")
	if len(m.Keyboard) != 0 {
		t.Errorf("refusal has buttons: %v", m.Keyboard)
	}
	// A second message soon after is not answered again: one reply, not a flood. The bot logs each
	// refusal once it is handled; stop only after the second.
	tg.SendText(eve, simtelegram.PrivateChat(eve), "/help")
	p.logs.waitForCount(t, "refused a stranger", 2)
	p.stop()

	if msgs := tg.Messages(eve.ID); len(msgs) != 1 {
		t.Fatalf("the stranger got %d messages, want 1: %+v", len(msgs), msgs)
	}
	if cmds := tg.Commands(fmt.Sprintf("chat:%d", eve.ID)); len(cmds) != 0 {
		t.Errorf("the stranger got a command menu: %v", cmds)
	}
	mustNotContain(t, "log", p.logs.String(), "let me in please")
	if _, err := openStore(t, dbPath).User(context.Background(), eve.ID); err == nil {
		t.Error("the stranger became a user")
	}
}

func TestStrangerButtonPressIsRefusedWithTheirIDAndNothingElse(t *testing.T) {
	tg := startTelegram(t)
	dbPath := filepath.Join(t.TempDir(), "p.db")
	s := defaultSetup()
	ran := make(chan struct{}, 1)
	s.hooks.features = []bot.Feature{bot.Routes{
		Commands: []bot.Command{{Name: "panel", Help: "a button for the group", Role: store.RoleAdmin,
			Handle: func(ctx context.Context, r *bot.Request) error {
				return r.Reply(ctx, "Panel", []tgbotapi.InlineKeyboardButton{tgbotapi.NewInlineKeyboardButtonData("Run", "panel:run")})
			}}},
		Callbacks: []bot.Callback{{Name: "panel", Role: store.RoleViewer,
			Handle: func(ctx context.Context, r *bot.Request) error { ran <- struct{}{}; return nil }}},
	}}
	p := startPitboss(t, tg, dbPath, s)

	panel := p.say(ada, farmRoom, "/panel")
	a := p.press(eve, panel, "panel:run")
	if a.Text != "Not authorised. Your Telegram id is 6666." || !a.ShowAlert {
		t.Fatalf("answer to the stranger: %+v", a)
	}
	a = p.press(vic, panel, "panel:run")
	if a.Text != "In group chats only admins can use the buttons." {
		t.Fatalf("answer to a viewer in the group: %+v", a)
	}
	p.stop()

	select {
	case <-ran:
		t.Fatal("the button's action ran for someone who may not use it")
	default:
	}
	msgs := tg.Messages(farmRoom.ID)
	if len(msgs) != 1 || msgs[0].Edits != 0 {
		t.Fatalf("the group has %d messages; want the panel alone, untouched", len(msgs))
	}
}

func TestInviteInAGroupIsRefused(t *testing.T) {
	tg := startTelegram(t)
	dbPath := filepath.Join(t.TempDir(), "p.db")
	p := startPitboss(t, tg, dbPath, defaultSetup())
	m := p.say(ada, farmRoom, "/invite admin")
	mustContain(t, "/invite in a group", m.Plain, "Invites are made in a private chat with me")
	mustNotContain(t, "/invite in a group", m.Plain, "t.me/")
	p.stop()
	if entries, _ := openStore(t, dbPath).AuditLog(context.Background(), 10); len(entries) != 0 {
		t.Fatalf("an invite was made: %+v", entries)
	}
}

func TestRevokedAdminsOldButtonIsRefused(t *testing.T) {
	tg := startTelegram(t)
	dbPath := filepath.Join(t.TempDir(), "p.db")
	withVic := setup{admins: []int64{ada.ID, vic.ID}}
	p := startPitboss(t, tg, dbPath, withVic)
	question := p.sayPrivately(vic, "/invite")
	p.stop()

	// Vic is taken out of the config; the buttons he was shown are still on his screen.
	p = startPitboss(t, tg, dbPath, setup{admins: []int64{ada.ID}})
	a := p.press(vic, question, "invite:admin")
	if a.Text != "Not authorised. Your Telegram id is 1002." {
		t.Fatalf("answer: %+v", a)
	}
	p.stop()
	if msgs := tg.Messages(vic.ID); len(msgs) != 1 || msgs[0].Edits != 0 {
		t.Fatalf("vic's chat: %+v", msgs)
	}
}

func TestGroupOnlyTakesAdminsCommands(t *testing.T) {
	tg := startTelegram(t)
	p := startPitboss(t, tg, filepath.Join(t.TempDir(), "p.db"), defaultSetup())

	tg.SendText(vic, farmRoom, "/whoami")
	tg.SendText(eve, farmRoom, "/help")
	tg.SendText(ada, farmRoom, "good morning")
	m := p.say(ada, farmRoom, "/whoami@"+simtelegram.DefaultBotUsername)
	mustContain(t, "admin's /whoami in the group", m.Plain, "Ada", "Role: admin")
	p.stop()
	if msgs := tg.Messages(farmRoom.ID); len(msgs) != 1 {
		t.Fatalf("the group got %d messages, want only the admin's answer", len(msgs))
	}
}

var inviteLinkRE = regexp.MustCompile(`https://t\.me/\w+\?start=([A-Za-z0-9_-]+)`)

func TestInvitedUserSurvivesRestart(t *testing.T) {
	tg := startTelegram(t)
	dbPath := filepath.Join(t.TempDir(), "p.db")
	p := startPitboss(t, tg, dbPath, defaultSetup())

	question := p.sayPrivately(ada, "/invite")
	p.press(ada, question, "invite:viewer")
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	link, err := tg.WaitMessage(ctx, ada.ID, func(m simtelegram.Message) bool { return m.ID == question.ID && m.Edits > 0 })
	if err != nil {
		t.Fatal(err)
	}
	match := inviteLinkRE.FindStringSubmatch(link.Plain)
	if match == nil {
		t.Fatalf("no invite link in %q", link.Plain)
	}
	m := p.sayPrivately(nina, "/start "+match[1])
	mustContain(t, "welcome", m.Plain, "Welcome, Nina! You are now a viewer")

	// The link works once.
	m = p.sayPrivately(eve, "/start "+match[1])
	mustContain(t, "second use of the link", m.Plain, "already been used", "6666")
	p.stop()

	p = startPitboss(t, tg, dbPath, defaultSetup())
	m = p.sayPrivately(nina, "/help")
	mustContain(t, "Nina's help after a restart", m.Plain, "you are a viewer", "/whoami")
	mustNotContain(t, "Nina's help after a restart", m.Plain, "/invite")
	m = p.sayPrivately(nina, "/whoami")
	mustContain(t, "Nina's whoami", m.Plain, "Role: viewer (joined with an invite)")
}

func TestPanickingHandlerLeavesTheBotAnswering(t *testing.T) {
	tg := startTelegram(t)
	s := defaultSetup()
	s.hooks.features = []bot.Feature{bot.Routes{Commands: []bot.Command{{Name: "boom", Help: "panics", Role: store.RoleViewer,
		Handle: func(context.Context, *bot.Request) error { panic("boom") }}}}}
	p := startPitboss(t, tg, filepath.Join(t.TempDir(), "p.db"), s)

	m := p.sayPrivately(vic, "/boom")
	mustContain(t, "answer to a panic", m.Plain, "Internal error")
	mustNotContain(t, "answer to a panic", m.Plain, "goroutine", "panic")
	m = p.sayPrivately(vic, "/whoami")
	mustContain(t, "the next command", m.Plain, "Role: viewer")
	mustContain(t, "log", p.logs.String(), "handler panicked")
}

func TestFailingTelegramRequestLogsNoToken(t *testing.T) {
	tg := startTelegram(t)
	p := startPitboss(t, tg, filepath.Join(t.TempDir(), "p.db"), defaultSetup())
	tg.Close() // every request now fails with a *url.Error whose URL holds the token

	p.logs.waitFor(t, "getting updates failed")
	p.stop()
	logs := p.logs.String()
	mustNotContain(t, "log", logs, testToken, strings.SplitN(testToken, ":", 2)[1])
	mustContain(t, "log", logs, "/bot<token>/getUpdates")
}

func TestStartFailsClearlyWithAWrongToken(t *testing.T) {
	tg, err := simtelegram.Start(simtelegram.Options{Token: "7000000001:the-right-one-abcdefghijklmnopqrstu"})
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	cfgPath := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(cfgPath, fmt.Appendf(nil, "[telegram]\ntoken = %q\napi_endpoint = %q\n[database]\npath = %q\n[http]\nlisten = \"\"\n",
		testToken, tg.Endpoint(), filepath.Join(t.TempDir(), "p.db")), 0o600)
	var stderr syncBuffer
	code := run(context.Background(), []string{"-config", cfgPath}, strings.NewReader(""), io.Discard, &stderr, nil)
	if code != 1 {
		t.Fatalf("exit status %d", code)
	}
	mustContain(t, "stderr", stderr.String(), "connecting to Telegram", "Unauthorized")
	mustNotContain(t, "stderr", stderr.String(), testToken)
}

func TestCheckConfigOnTheExampleSaysTheTokenIsMissing(t *testing.T) {
	var stdout, stderr syncBuffer
	code := run(context.Background(), []string{"-check-config", "-config", "config.example.toml"}, strings.NewReader(""), &stdout, &stderr, nil)
	if code != 1 {
		t.Fatalf("exit status %d", code)
	}
	mustContain(t, "stderr", stderr.String(), "config.example.toml:11: telegram.token: missing: put the token from @BotFather")
}

func TestCheckConfigPrintsOK(t *testing.T) {
	path := writeConfig(t, "[telegram]\ntoken = \""+validToken+"\"\n")
	var stdout, stderr syncBuffer
	if code := run(context.Background(), []string{"-check-config", "-config", path}, strings.NewReader(""), &stdout, &stderr, nil); code != 0 {
		t.Fatalf("exit status %d: %s", code, stderr.String())
	}
	if stdout.String() != "OK\n" {
		t.Fatalf("stdout %q", stdout.String())
	}
}

func TestDemoGreetsTheAdminAnswersHelpAndReachesEverySource(t *testing.T) {
	testDemo(t, []string{"-demo"}, func(say func(string), waitFor func(string) string) {
		say("/farms")
		waitFor("Farms — 2 watched")
		waitFor("Garage & shed (id 1631952)")
	})
}

func TestDemoRunsTheLegacyAPIWhenAsked(t *testing.T) {
	testDemo(t, []string{"-demo", "-demo-api", "legacy"}, func(say func(string), waitFor func(string) string) {
		say("/rig rig02")
		waitFor("Wallet: ") // asked of the legacy API
	})
}

// testDemo runs the demo with args, greets, asks for help and the sources, runs more (say writes a line,
// waitFor waits for one), then writes as others.
func testDemo(t *testing.T, args []string, more func(say func(string), waitFor func(string) string)) {
	stdinR, stdinW := io.Pipe()
	stdoutR, stdoutW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- runWith(ctx, args, stdinR, stdoutW, io.Discard, nil, appHooks{})
		stdoutW.Close()
	}()

	lines := make(chan string, 100)
	go func() {
		defer close(lines)
		buf := make([]byte, 64<<10)
		var acc string
		for {
			n, err := stdoutR.Read(buf)
			acc += string(buf[:n])
			for {
				i := strings.IndexByte(acc, '\n')
				if i < 0 {
					break
				}
				lines <- acc[:i]
				acc = acc[i+1:]
			}
			if err != nil {
				return
			}
		}
	}()
	waitForWithin := func(want string, within time.Duration) string {
		t.Helper()
		timeout := time.After(within)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("demo ended before printing %q", want)
				}
				if strings.Contains(l, want) {
					return l
				}
			case <-timeout:
				t.Fatalf("demo never printed %q", want)
			}
		}
	}
	waitFor := func(want string) string { t.Helper(); return waitForWithin(want, wait) }
	waitFor("Making 3 days of history")
	// The greeting comes once the history is made: seconds, more under the race detector.
	waitForWithin("pitboss ▸ Hello, Demo Admin! You are an admin", 60*time.Second)
	fmt.Fprintln(stdinW, "/help")
	waitFor("/whoami — who you are to this bot")
	fmt.Fprintln(stdinW, "/sources")
	for _, service := range []string{"🟢 Hive OS — answers", "🟢 ViaBTC — answers", "🟢 Coinhive — answers", "🟢 Hive blockchain auth — answers"} {
		waitFor(service)
	}
	more(func(line string) { fmt.Fprintln(stdinW, line) }, waitFor)

	// Writing as others: an invite works for Nina; Eve, a stranger, is refused with her id.
	fmt.Fprintln(stdinW, "/invite viewer")
	code := inviteLinkRE.FindStringSubmatch(waitFor("https://t.me/"))
	if code == nil {
		t.Fatal("no invite link printed")
	}
	fmt.Fprintln(stdinW, "@nina /start "+code[1])
	waitFor("pitboss → nina ▸ Welcome, Nina! You are now a viewer")
	fmt.Fprintln(stdinW, "@eve hello")
	waitFor("pitboss → eve ▸ You are not authorised to use this bot.")
	waitFor("Your Telegram id is 5")
	stdinW.Close()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("demo exit status %d", code)
		}
	case <-time.After(wait):
		t.Fatal("demo did not end after its input did")
	}
}
