package main

import (
	"bufio"
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	simtelegram "pitboss/sim/telegram"
)

// The demo's bot token and admin. The token only ever reaches the in-process Bot API simulator.
const demoToken = "7000000001:DEMO-demo-demo-demo-demo-demo-demo00"

var demoAdmin = simtelegram.User{ID: 100200300, FirstName: "Demo", LastName: "Admin", Username: "demo_admin"}

// runDemo runs the real bot against simulators on loopback, on a database in a temporary directory,
// with this terminal as the demo admin's private chat.
func runDemo(ctx context.Context, api string, stdin io.Reader, stdout, stderr io.Writer, hooks appHooks) int {
	dir, err := os.MkdirTemp("", "pitboss-demo-")
	if err != nil {
		fmt.Fprintln(stderr, "demo:", err)
		return 1
	}
	defer os.RemoveAll(dir)

	tg, err := simtelegram.Start(simtelegram.Options{Token: demoToken, BotUsername: "pitboss_demo_bot"})
	if err != nil {
		fmt.Fprintln(stderr, "demo: starting the Telegram simulator:", err)
		return 1
	}
	defer tg.Close()

	cfg := DefaultConfig()
	cfg.Telegram.Token = demoToken
	cfg.Telegram.APIEndpoint = tg.Endpoint()
	cfg.Telegram.Admins = []int64{demoAdmin.ID}
	cfg.Database.Path = filepath.Join(dir, "pitboss.db")
	cfg.HTTP.Listen = ""
	// The demo runs faster than a real farm would be watched, so that something happens within minutes.
	cfg.HiveOS.Poll, cfg.ViaBTC.Poll, cfg.Coinhive.Poll, cfg.HiveAuth.Poll = "@every 15s", "@every 1m", "@every 1m", "@every 1m"
	cfg.Alerts.For, cfg.Alerts.OfflineAfter, cfg.Alerts.Repeat = 30*time.Second, time.Minute, 30*time.Minute
	cfg.HiveOS.API = api
	stopServices, err := startDemoServices(&cfg, time.Now)
	if err != nil {
		fmt.Fprintln(stderr, "demo:", err)
		return 1
	}
	defer stopServices()

	fmt.Fprintf(stdout, "Making %d days of history for the demo farm…\n", demoHistoryDays)
	if err := seedDemoHistory(ctx, cfg, time.Now()); err != nil {
		fmt.Fprintln(stderr, "demo: making history:", err)
		return 1
	}
	logPath := filepath.Join(dir, "pitboss.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		fmt.Fprintln(stderr, "demo:", err)
		return 1
	}
	defer logFile.Close()

	events, unsubscribe := tg.Subscribe(1024)
	defer unsubscribe()

	app, err := newApp(ctx, &cfg, newLogger(logFile), hooks)
	if err != nil {
		fmt.Fprintln(stderr, "demo: pitboss cannot start:", err)
		return 1
	}
	defer app.Close()

	runCtx, stopApp := context.WithCancel(ctx)
	appDone := make(chan error, 1)
	go func() { appDone <- app.Run(runCtx) }()

	term := &terminal{out: stdout, tg: tg, chat: simtelegram.PrivateChat(demoAdmin)}
	fmt.Fprintf(stdout, "pitboss demo — you are %s %s (Telegram id %d), an admin.\n", demoAdmin.FirstName, demoAdmin.LastName, demoAdmin.ID)
	fmt.Fprintf(stdout, "Type a message (try /help); type a button's number to press it; Ctrl-D to leave.\n")
	fmt.Fprintf(stdout, "Type @someone and a message to write as someone else, in their own chat with the bot\n(try @eve hello, or /invite then @nina /start <code>).\n")
	fmt.Fprintf(stdout, "The farm is watched every 15 s. Within two minutes rig02 runs hot, and soon after rig05 drops\n"+
		"offline for a few minutes; their alerts appear here (try the buttons under them, /alerts, /thresholds).\n")
	if api == HiveOSV2 {
		fmt.Fprintf(stdout, "Hive OS is reached through API v2, with two farms (/farms): in the second, the memory of a GPU of\n"+
			"rig03 runs hot now and then. Try /fs, /reboot and /miner. -demo-api legacy runs the legacy API instead.\n")
	}
	fmt.Fprintf(stdout, "The bot's log is in %s while the demo runs.\n\n", logPath)
	greeted := tg.WaitPoll(ctx) == nil
	if greeted {
		term.say("/start")
	}
	term.loop(ctx, readLines(ctx, stdin), events, greeted)
	stopApp()
	if err := <-appDone; err != nil {
		fmt.Fprintln(stderr, "demo:", err)
		return 1
	}
	return 0
}

// terminal is the demo admin's chat, drawn as text: each line typed is a message, each bot message is
// printed, and inline buttons are numbered so that typing the number presses the button.
type terminal struct {
	out  io.Writer
	tg   *simtelegram.Server
	chat simtelegram.Chat

	mu       sync.Mutex
	buttons  []pressable                // the numbered buttons, from the newest message that has any
	personas map[int64]simtelegram.User // others the demo user has written as, by their chat id
}

type pressable struct {
	messageID  int
	data, text string
}

// quietAfterEOF is how long the demo keeps printing the bot's answers once input has ended (a piped
// script), before it leaves.
const quietAfterEOF = 1500 * time.Millisecond

// replyWait is how long the terminal holds the next typed line while waiting for the bot to answer the
// last one, so that a pasted or piped script reads like a conversation (and "1" finds its buttons).
const replyWait = 3 * time.Second

// loop runs the chat until input ends and the bot falls quiet, or ctx ends. awaiting says a message is
// already on its way to the bot.
func (t *terminal) loop(ctx context.Context, lines <-chan string, events <-chan simtelegram.Event, awaiting bool) {
	var quiet, waiting <-chan time.Time
	input := lines
	if awaiting {
		input, waiting = nil, time.After(replyWait)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case line, ok := <-input:
			if !ok {
				lines, input = nil, nil
				quiet = time.After(quietAfterEOF)
				continue
			}
			if t.input(line) {
				input, waiting = nil, time.After(replyWait) // hold further lines until the bot answers
			}
		case ev, ok := <-events:
			if !ok {
				return
			}
			if t.show(ev) {
				input, waiting = lines, nil
			}
			if lines == nil {
				quiet = time.After(quietAfterEOF)
			}
		case <-waiting:
			input, waiting = lines, nil
		case <-quiet:
			return
		}
	}
}

// input sends a typed line, or presses the numbered button; it reports whether the bot was sent something.
func (t *terminal) input(line string) bool {
	line = strings.TrimSpace(line)
	if line == "" {
		return false
	}
	if name, text, ok := strings.Cut(line, " "); ok && len(name) > 1 && name[0] == '@' {
		u := t.persona(name[1:])
		fmt.Fprintf(t.out, "%s ▸ %s\n", u.Username, text)
		t.tg.SendText(u, simtelegram.PrivateChat(u), text)
		return true
	}
	if n, err := strconv.Atoi(line); err == nil {
		t.mu.Lock()
		var b *pressable
		buttons := len(t.buttons)
		if n >= 1 && n <= buttons {
			b = &t.buttons[n-1]
		}
		t.mu.Unlock()
		if b == nil && buttons > 0 {
			fmt.Fprintf(t.out, "   (there is no button %d: the buttons are 1 to %d)\n", n, buttons)
			return false
		}
		if b != nil {
			fmt.Fprintf(t.out, "you ▸ [%s]\n", b.text)
			if _, err := t.tg.PressButton(demoAdmin, t.chat.ID, b.messageID, b.data); err != nil {
				fmt.Fprintf(t.out, "   (that button is gone: %v)\n", err)
				return false
			}
			return true
		}
	}
	t.say(line)
	return true
}

func (t *terminal) say(text string) {
	fmt.Fprintf(t.out, "you ▸ %s\n", text)
	t.tg.SendText(demoAdmin, t.chat, text)
}

// persona is the simulated Telegram user the demo writes as with "@name": the same name is the same
// person (and Telegram id) for the whole demo.
func (t *terminal) persona(name string) simtelegram.User {
	name = strings.ToLower(name)
	h := fnv.New32a()
	h.Write([]byte(name))
	id := 500000000 + int64(h.Sum32()%100000000)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.personas == nil {
		t.personas = map[int64]simtelegram.User{}
	}
	first, size := utf8.DecodeRuneInString(name)
	u := simtelegram.User{ID: id, FirstName: string(unicode.ToUpper(first)) + name[size:], Username: name}
	t.personas[id] = u
	return u
}

// show prints what the bot did in the demo chat; it reports whether that was an answer to the user.
func (t *terminal) show(ev simtelegram.Event) bool {
	t.mu.Lock()
	other, isPersona := t.personas[ev.ChatID]
	t.mu.Unlock()
	if isPersona && (ev.Kind == simtelegram.EventSent || ev.Kind == simtelegram.EventEdited) {
		fmt.Fprintf(t.out, "pitboss → %s ▸ %s\n", other.Username, indent(ev.Message.Plain))
		return true
	}
	if ev.ChatID != t.chat.ID && ev.Kind != simtelegram.EventAnswered {
		return false
	}
	switch ev.Kind {
	case simtelegram.EventSent, simtelegram.EventEdited:
		mark := "▸"
		if ev.Kind == simtelegram.EventEdited {
			mark = "✎"
		}
		m := ev.Message
		body := m.Plain
		if len(m.Photo) > 0 {
			body = "[picture: " + t.savePhoto(m) + "]\n" + m.Plain
		}
		fmt.Fprintf(t.out, "pitboss %s %s\n", mark, indent(body))
		t.showButtons(m)
		return true
	case simtelegram.EventAnswered:
		if ev.Answer.Text != "" {
			fmt.Fprintf(t.out, "   (notice: %s)\n", ev.Answer.Text)
		}
		return ev.Answer.Text != ""
	}
	return false
}

// savePhoto writes a picture the bot sent to a file the user can open, and returns its path. The files
// stay after the demo ends, in one folder of the system's temporary directory.
func (t *terminal) savePhoto(m simtelegram.Message) string {
	dir := filepath.Join(os.TempDir(), "pitboss-demo-pictures")
	path := filepath.Join(dir, fmt.Sprintf("%s-%d.png", time.Now().Format("20060102-150405"), m.ID))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "could not be saved: " + err.Error()
	}
	if err := os.WriteFile(path, m.Photo, 0o644); err != nil {
		return "could not be saved: " + err.Error()
	}
	return path
}

func (t *terminal) showButtons(m simtelegram.Message) {
	if len(m.Keyboard) == 0 {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buttons = t.buttons[:0]
	for _, row := range m.Keyboard {
		var cells []string
		for _, b := range row {
			if b.Data == "" {
				cells = append(cells, fmt.Sprintf("[%s → %s]", b.Text, b.URL))
				continue
			}
			t.buttons = append(t.buttons, pressable{messageID: m.ID, data: b.Data, text: b.Text})
			cells = append(cells, fmt.Sprintf("[%d] %s", len(t.buttons), b.Text))
		}
		fmt.Fprintf(t.out, "   %s\n", strings.Join(cells, "   "))
	}
}

func indent(s string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n          ")
}

// readLines reads stdin on its own goroutine; the channel closes at end of input. A terminal read cannot
// be interrupted, so on shutdown this goroutine is left to end with the process.
func readLines(ctx context.Context, r io.Reader) <-chan string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			select {
			case ch <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}
