package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	pngenc "image/png"
	"log/slog"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	simtelegram "pitboss/sim/telegram"
	"pitboss/store"
)

// outboxHarness is the sender against the simulator and a database file, without the update loop.
type outboxHarness struct {
	t    testing.TB
	tg   *simtelegram.Server
	st   *store.Store
	logs *logSink
}

func newOutboxHarness(t testing.TB, limits simtelegram.Limits) *outboxHarness {
	t.Helper()
	tg, err := simtelegram.Start(simtelegram.Options{Token: testToken, Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tg.Close() })
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &outboxHarness{t: t, tg: tg, st: st, logs: newLogSink()}
}

// sender builds a bot on the harness's simulator and database (a restart builds another) and returns its
// sender, with retries quick enough for a test.
func (h *outboxHarness) sender() *Sender {
	h.t.Helper()
	b, err := New(context.Background(), Options{Token: testToken, Endpoint: h.tg.Endpoint(), Store: h.st,
		Log: slog.New(h.logs), DrainTimeout: 200 * time.Millisecond})
	if err != nil {
		h.t.Fatal(err)
	}
	s := b.Sender()
	s.backoffBase = 20 * time.Millisecond
	return s
}

// run runs s until the returned stop is called; stop returns once Run has.
func (h *outboxHarness) run(s *Sender) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	h.t.Cleanup(stop)
	return stop
}

func (h *outboxHarness) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	h.t.Cleanup(cancel)
	return ctx
}

func (h *outboxHarness) enqueue(msgs ...store.OutboxMessage) {
	h.t.Helper()
	if err := h.st.Enqueue(context.Background(), msgs...); err != nil {
		h.t.Fatal(err)
	}
}

// waitText waits until chatID has a bot message whose text is text.
func (h *outboxHarness) waitText(chatID int64, text string) {
	h.t.Helper()
	if _, err := h.tg.WaitMessage(h.ctx(), chatID, func(m simtelegram.Message) bool { return m.Text == text }); err != nil {
		h.t.Fatalf("%q never reached chat %d: %v", text, chatID, err)
	}
}

// texts is what chatID received, in order.
func (h *outboxHarness) texts(chatID int64) []string {
	var out []string
	for _, m := range h.tg.Messages(chatID) {
		out = append(out, m.Text)
	}
	return out
}

func (h *outboxHarness) depth() int {
	h.t.Helper()
	n, _, err := h.st.OutboxDepth(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return n
}

func privateChat(id int64) simtelegram.Chat {
	return simtelegram.PrivateChat(simtelegram.User{ID: id, FirstName: "Rig hand " + strconv.FormatInt(id, 10)})
}

func text(chatID int64, s string) store.OutboxMessage {
	return store.OutboxMessage{ChatID: chatID, Text: s}
}

// numbered is n rows for chatID, "<prefix>1" to "<prefix>n".
func numbered(chatID int64, prefix string, n int) (rows []store.OutboxMessage, want []string) {
	for i := 1; i <= n; i++ {
		want = append(want, fmt.Sprintf("%s%d", prefix, i))
		rows = append(rows, text(chatID, want[i-1]))
	}
	return rows, want
}

func TestRowsQueuedBeforeAStartAreDeliveredOnceWithTheirKeyboards(t *testing.T) {
	h := newOutboxHarness(t, simtelegram.Limits{})
	group := simtelegram.Chat{ID: -3001, Type: simtelegram.ChatGroup, Title: "Farm"}
	h.tg.AddChat(privateChat(2001))
	h.tg.AddChat(group)
	kb, err := store.EncodeKeyboard([][]store.Button{{{Text: "Mute 1h", Data: "mute:rig01:1h"}}, {{Text: "Ack", Data: "ack:1"}}})
	if err != nil {
		t.Fatal(err)
	}
	h.enqueue(text(2001, "a1"), store.OutboxMessage{ChatID: group.ID, Text: "<b>rig01</b> hot", Buttons: kb},
		text(2001, "a2"), store.OutboxMessage{ChatID: 2001, Text: "a3", Buttons: kb}, text(group.ID, "g2"))

	stop := h.run(h.sender())
	h.waitText(2001, "a3")
	h.waitText(group.ID, "g2")
	stop()

	if got := h.texts(2001); !slices.Equal(got, []string{"a1", "a2", "a3"}) {
		t.Errorf("private chat got %q", got)
	}
	if got := h.texts(group.ID); !slices.Equal(got, []string{"<b>rig01</b> hot", "g2"}) {
		t.Errorf("group got %q", got)
	}
	want := [][]simtelegram.Button{{{Text: "Mute 1h", Data: "mute:rig01:1h"}}, {{Text: "Ack", Data: "ack:1"}}}
	msgs := h.tg.Messages(2001)
	if !keyboardIs(msgs[2].Keyboard, want) || msgs[0].Keyboard != nil || !keyboardIs(h.tg.Messages(group.ID)[0].Keyboard, want) {
		t.Errorf("keyboards: %+v / %+v", msgs[2].Keyboard, h.tg.Messages(group.ID)[0].Keyboard)
	}
	if msgs[0].ParseMode != "HTML" {
		t.Errorf("parse mode %q", msgs[0].ParseMode)
	}
	if n := h.depth(); n != 0 {
		t.Errorf("%d rows left in the outbox", n)
	}
}

func keyboardIs(got, want [][]simtelegram.Button) bool {
	return slices.EqualFunc(got, want, func(a, b []simtelegram.Button) bool { return slices.Equal(a, b) })
}

func TestRateLimitStormDelaysButLosesNothingAndKeepsOrder(t *testing.T) {
	// Telegram stricter than the limiter: one message per two seconds per chat, no burst.
	h := newOutboxHarness(t, simtelegram.Limits{PerChatRate: 0.5, PerChatBurst: 1})
	var rows []store.OutboxMessage
	want := map[int64][]string{}
	for _, id := range []int64{2001, 2002, 2003} {
		h.tg.AddChat(privateChat(id))
		rs, w := numbered(id, fmt.Sprintf("c%d-", id), 3)
		rows, want[id] = append(rows, rs...), w
	}
	h.enqueue(rows...)

	stop := h.run(h.sender())
	for id, w := range want {
		h.waitText(id, w[len(w)-1])
	}
	stop()

	for id, w := range want {
		if got := h.texts(id); !slices.Equal(got, w) {
			t.Errorf("chat %d got %q, want %q", id, got, w)
		}
	}
	limited := 0
	calls := h.tg.Calls("sendMessage")
	for i, c := range calls {
		if c.Status != 429 {
			continue
		}
		limited++
		// After a 429 the chat waits as long as asked before the next try.
		var retry int
		fmt.Sscanf(c.Description, "Too Many Requests: retry after %d", &retry)
		for _, next := range calls[i+1:] {
			if next.Params.Get("chat_id") == c.Params.Get("chat_id") {
				if gap := next.At.Sub(c.At); gap < time.Duration(retry)*time.Second {
					t.Errorf("chat %s tried again %v after a 429 asking for %d s", c.Params.Get("chat_id"), gap, retry)
				}
				break
			}
		}
	}
	if limited == 0 {
		t.Fatal("Telegram never said 429: the test did not exercise the limit")
	}
	if limited > len(rows) {
		t.Errorf("%d 429s for %d rows: the chats were hammered", limited, len(rows))
	}
}

func TestBlockedUserAndDeletedChatAreMarkedUnreachableAndSkipped(t *testing.T) {
	h := newOutboxHarness(t, simtelegram.Limits{})
	ctx := context.Background()
	const blocked, deleted, fine = 2001, 2002, 2003
	if err := h.st.SyncConfigUsers(ctx, nil, []int64{blocked, deleted, fine}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{blocked, deleted, fine} {
		if err := h.st.SeenInPrivate(ctx, id, id, "Rig hand", ""); err != nil {
			t.Fatal(err)
		}
		h.tg.AddChat(privateChat(id))
	}
	h.tg.BlockBot(blocked)
	h.tg.DeleteChat(deleted)
	h.enqueue(text(blocked, "b1"), text(deleted, "d1"), text(fine, "f1"), text(blocked, "b2"), text(deleted, "d2"),
		text(fine, "f2"))

	stop := h.run(h.sender())
	h.waitText(fine, "f2")
	for _, id := range []int64{blocked, deleted} {
		h.logs.wait(h.ctx(), t, func(r logRecord) bool { return r.level == slog.LevelWarn && r.attrs["chat"] == int64(id) })
	}
	stop()

	if got := h.texts(fine); !slices.Equal(got, []string{"f1", "f2"}) {
		t.Errorf("the reachable chat got %q", got)
	}
	if n := h.depth(); n != 0 {
		t.Errorf("%d rows left in the outbox", n)
	}
	for _, id := range []int64{blocked, deleted} {
		if n := h.logs.count(func(r logRecord) bool { return r.level == slog.LevelWarn && r.attrs["chat"] == int64(id) }); n != 1 {
			t.Errorf("chat %d: %d warnings, want 1", id, n)
		}
		tries := 0
		for _, c := range h.tg.Calls("sendMessage") {
			if c.Params.Get("chat_id") == strconv.FormatInt(id, 10) {
				tries++
			}
		}
		if tries != 1 {
			t.Errorf("chat %d was tried %d times; its second row should have been dropped untried", id, tries)
		}
		if u, _ := h.st.User(ctx, id); u.UnreachableSince == nil {
			t.Errorf("user %d not marked unreachable", id)
		}
	}
	if u, _ := h.st.User(ctx, fine); u.UnreachableSince != nil {
		t.Error("the reachable user was marked")
	}
	if err := h.st.SeenInPrivate(ctx, blocked, blocked, "Rig hand", ""); err != nil {
		t.Fatal(err)
	}
	if u, _ := h.st.User(ctx, blocked); u.UnreachableSince != nil {
		t.Error("writing to the bot again did not clear the mark")
	}
}

func TestMessageTelegramRefusesIsDroppedAndLoggedWithoutItsText(t *testing.T) {
	h := newOutboxHarness(t, simtelegram.Limits{})
	h.tg.AddChat(privateChat(2001))
	h.enqueue(text(2001, "<b>secret rig name"), text(2001, "after"))
	bad, err := h.st.PendingOutbox(context.Background(), 0, 1)
	if err != nil {
		t.Fatal(err)
	}

	stop := h.run(h.sender())
	h.waitText(2001, "after")
	stop()

	if got := h.texts(2001); !slices.Equal(got, []string{"after"}) {
		t.Errorf("chat got %q", got)
	}
	if n := h.depth(); n != 0 {
		t.Errorf("%d rows left", n)
	}
	errs := h.logs.all(func(r logRecord) bool { return r.level == slog.LevelError })
	if len(errs) != 1 || errs[0].attrs["outbox_id"] != bad[0].ID || !strings.Contains(fmt.Sprint(errs[0].attrs["error"]), "Bad Request") {
		t.Fatalf("errors logged: %+v", errs)
	}
	if strings.Contains(fmt.Sprint(errs[0]), "secret") {
		t.Errorf("the log shows the message's text: %+v", errs[0])
	}
}

func TestTransientFailuresAreRetriedInOrderWithoutDuplicates(t *testing.T) {
	h := newOutboxHarness(t, simtelegram.Limits{})
	s := h.sender()
	var rows []store.OutboxMessage
	want := map[int64][]string{}
	for _, id := range []int64{2001, 2002} {
		h.tg.AddChat(privateChat(id))
		rs, w := numbered(id, fmt.Sprintf("c%d-", id), 3)
		rows, want[id] = append(rows, rs...), w
	}
	h.enqueue(rows...)
	h.tg.Faults.FailWith(502, "", 2)
	h.tg.Faults.Drop(1)

	stop := h.run(s)
	for id, w := range want {
		h.waitText(id, w[len(w)-1])
	}
	stop()

	for id, w := range want {
		if got := h.texts(id); !slices.Equal(got, w) {
			t.Errorf("chat %d got %q, want %q", id, got, w)
		}
	}
	if n := h.logs.count(func(r logRecord) bool { return strings.Contains(r.msg, "will retry") }); n != 3 {
		t.Errorf("%d retries logged, want 3", n)
	}
}

func TestFailingRowKeepsItsBackoffForTheNextStart(t *testing.T) {
	h := newOutboxHarness(t, simtelegram.Limits{})
	h.tg.AddChat(privateChat(2001))
	h.enqueue(text(2001, "hot"))
	s := h.sender()
	h.tg.Faults.FailWith(502, "", 0) // until cleared

	stop := h.run(s)
	h.logs.wait(h.ctx(), t, func(r logRecord) bool { return strings.Contains(r.msg, "will retry") })
	stop()
	h.tg.Faults.Clear()

	rows, err := h.st.PendingOutbox(context.Background(), 0, 0)
	if err != nil || len(rows) != 1 {
		t.Fatalf("%+v %v", rows, err)
	}
	if r := rows[0]; r.Attempts < 1 || r.NotBefore == nil || r.LastError == "" {
		t.Fatalf("the failure was not recorded: %+v", r)
	}
	stop = h.run(h.sender())
	h.waitText(2001, "hot")
	stop()
	if got := h.texts(2001); !slices.Equal(got, []string{"hot"}) {
		t.Errorf("chat got %q", got)
	}
}

func TestLongRowIsSplitWithItsKeyboardUnderTheLastPart(t *testing.T) {
	h := newOutboxHarness(t, simtelegram.Limits{})
	h.tg.AddChat(privateChat(2001))
	long := strings.Repeat("<b>rig01</b> GPU 0: 61 °C\n", 400) + "end"
	kb, _ := store.EncodeKeyboard([][]store.Button{{{Text: "Ack", Data: "ack:1"}}})
	h.enqueue(store.OutboxMessage{ChatID: 2001, Text: long, Buttons: kb})

	stop := h.run(h.sender())
	if _, err := h.tg.WaitMessage(h.ctx(), 2001, func(m simtelegram.Message) bool { return strings.HasSuffix(m.Text, "end") }); err != nil {
		t.Fatal(err)
	}
	stop()

	msgs := h.tg.Messages(2001)
	if len(msgs) < 3 {
		t.Fatalf("%d messages", len(msgs))
	}
	var joined []string
	for i, m := range msgs {
		if (m.Keyboard != nil) != (i == len(msgs)-1) {
			t.Errorf("part %d of %d has keyboard %v", i+1, len(msgs), m.Keyboard)
		}
		joined = append(joined, m.Text)
	}
	if strings.Join(joined, "\n") != long {
		t.Error("the parts do not make up the text")
	}
}

func TestNotifyWakesTheSenderForNewRows(t *testing.T) {
	h := newOutboxHarness(t, simtelegram.Limits{})
	h.tg.AddChat(privateChat(2001))
	s := h.sender()
	h.run(s)
	h.enqueue(text(2001, "new"))
	s.Notify()
	h.waitText(2001, "new")
}

func TestRowsNobodyAnnouncedAreFoundOnTheNextRead(t *testing.T) {
	h := newOutboxHarness(t, simtelegram.Limits{})
	h.tg.AddChat(privateChat(2001))
	s := h.sender()
	s.rescanEvery = 50 * time.Millisecond
	h.run(s)
	h.enqueue(text(2001, "unannounced"))
	h.waitText(2001, "unannounced")
}

func TestShutdownLeavesTheRestForTheNextStart(t *testing.T) {
	h := newOutboxHarness(t, simtelegram.Limits{})
	h.tg.AddChat(privateChat(2001))
	rows, want := numbered(2001, "m", 5) // one chat: about a message a second, far past the drain bound
	h.enqueue(rows...)

	stop := h.run(h.sender())
	h.waitText(2001, "m1")
	stop()
	if n := h.depth(); n == 0 {
		t.Fatal("everything went out before the shutdown: the test did not exercise it")
	}

	stop = h.run(h.sender())
	h.waitText(2001, "m5")
	stop()
	got := h.texts(2001)
	// A message cut off in flight may have reached Telegram and go again: at most one repeat, in place.
	if deduped := slices.Compact(slices.Clone(got)); !slices.Equal(deduped, want) || len(got) > len(want)+1 {
		t.Errorf("got %q, want %q", got, want)
	}
	if n := h.depth(); n != 0 {
		t.Errorf("%d rows left", n)
	}
}

func TestReplyDuringABacklogGoesOutBeforeMostOfIt(t *testing.T) {
	h := startBot(t, simtelegram.Limits{}, func(b *Bot) { b.sender.drainTimeout = 100 * time.Millisecond })
	const backlog, base = 1000, 100000
	var rows []store.OutboxMessage
	for i := range backlog {
		id := int64(base + i)
		h.tg.AddChat(privateChat(id))
		rows = append(rows, text(id, "alert"))
	}
	if err := h.bot.store.Enqueue(context.Background(), rows...); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.bot.Sender().Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	if _, err := h.tg.WaitMessage(h.ctx(), base+20, nil); err != nil { // the drain is in full swing
		t.Fatal(err)
	}

	chat := simtelegram.PrivateChat(admin)
	id := h.tg.SendText(admin, chat, "/help")
	if _, err := h.tg.WaitNewMessage(h.ctx(), chat.ID, id, nil); err != nil {
		t.Fatal(err)
	}
	delivered := 0
	for i := range backlog {
		delivered += len(h.tg.Messages(int64(base + i)))
	}
	if delivered >= backlog/2 {
		t.Fatalf("the reply came after %d of the %d queued messages", delivered, backlog)
	}
	for _, c := range h.tg.Calls("sendMessage") {
		if c.Status == 429 {
			t.Fatalf("Telegram said 429: %+v", c)
		}
	}
}

func TestFailedSendsAreClassifiedByWhatRetryingCanChange(t *testing.T) {
	live, cancelled := context.Background(), func() context.Context {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		return ctx
	}()
	netErr := &url.Error{Op: "Post", URL: "https://api.telegram.org/bot<token>/sendMessage", Err: errors.New("connection reset by peer")}
	for _, c := range []struct {
		name string
		ctx  context.Context
		err  error
		want outcome
	}{
		{"429", live, &tgbotapi.Error{Code: 429, Message: "Too Many Requests: retry after 3", ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 3}}, rateLimited},
		{"429 on an upload, without a code", live, &tgbotapi.Error{Message: "Too Many Requests: retry after 5", ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 5}}, rateLimited},
		{"blocked", live, &tgbotapi.Error{Code: 403, Message: "Forbidden: bot was blocked by the user"}, unreachableChat},
		{"kicked from a group", live, &tgbotapi.Error{Code: 403, Message: "Forbidden: bot was kicked from the group chat"}, unreachableChat},
		{"chat gone", live, &tgbotapi.Error{Code: 400, Message: "Bad Request: chat not found"}, unreachableChat},
		{"bad markup", live, &tgbotapi.Error{Code: 400, Message: "Bad Request: can't parse entities: unclosed start tag"}, dropped},
		{"Telegram's 5xx", live, &tgbotapi.Error{Code: 502, Message: "Bad Gateway"}, retrying},
		{"a proxy's HTML page", live, fmt.Errorf("decoding: %w", errors.New("invalid character '<' looking for beginning of value")), retrying},
		{"network", live, netErr, retrying},
		{"shutting down", cancelled, netErr, cutOff},
	} {
		if got := classify(c.ctx, c.err); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

// BenchmarkDelivery1000Chats drains one message to each of 1,000 private chats through the simulator with
// Telegram's limits on, and reports the rate and the number of 429 answers (which must be none).
func BenchmarkDelivery1000Chats(b *testing.B) { benchmarkDelivery(b, 0) }

// BenchmarkDeliverySlowNetwork1000Chats is the same with every Bot API call taking 300 ms, as on a slow
// real network: the workers must keep the rate up.
func BenchmarkDeliverySlowNetwork1000Chats(b *testing.B) { benchmarkDelivery(b, 300*time.Millisecond) }

func benchmarkDelivery(b *testing.B, latency time.Duration) {
	const chats = 1000
	var elapsed time.Duration
	limited := 0
	for range b.N {
		h := newOutboxHarness(b, simtelegram.Limits{})
		var rows []store.OutboxMessage
		for i := range chats {
			h.tg.AddChat(privateChat(int64(100000 + i)))
			rows = append(rows, text(int64(100000+i), fmt.Sprintf("<b>rig%04d</b> GPU 3 at 91 °C", i)))
		}
		h.enqueue(rows...)
		s := h.sender()
		if latency > 0 {
			h.tg.Faults.Delay(latency, 0)
		}

		start := time.Now()
		stop := h.run(s)
		for i := range chats {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			_, err := h.tg.WaitMessage(ctx, int64(100000+i), nil)
			cancel()
			if err != nil {
				b.Fatal(err)
			}
		}
		elapsed += time.Since(start)
		stop()
		for _, c := range h.tg.Calls("sendMessage") {
			if c.Status == 429 {
				limited++
			}
		}
	}
	b.ReportMetric(float64(chats*b.N)/elapsed.Seconds(), "msg/s")
	b.ReportMetric(float64(limited), "429s")
	if limited > 0 {
		b.Fatalf("Telegram answered 429 %d times", limited)
	}
}

// logSink keeps the records a test's logger writes.
type logSink struct {
	mu      sync.Mutex
	recs    []logRecord
	changed chan struct{}
}

type logRecord struct {
	level slog.Level
	msg   string
	attrs map[string]any
}

func newLogSink() *logSink { return &logSink{changed: make(chan struct{})} }

func (s *logSink) Enabled(context.Context, slog.Level) bool { return true }
func (s *logSink) WithAttrs([]slog.Attr) slog.Handler       { return s }
func (s *logSink) WithGroup(string) slog.Handler            { return s }

func (s *logSink) Handle(_ context.Context, r slog.Record) error {
	rec := logRecord{level: r.Level, msg: r.Message, attrs: map[string]any{}}
	r.Attrs(func(a slog.Attr) bool {
		rec.attrs[a.Key] = a.Value.Any()
		return true
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recs = append(s.recs, rec)
	close(s.changed)
	s.changed = make(chan struct{})
	return nil
}

func (s *logSink) all(match func(logRecord) bool) []logRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []logRecord
	for _, r := range s.recs {
		if match(r) {
			out = append(out, r)
		}
	}
	return out
}

func (s *logSink) count(match func(logRecord) bool) int { return len(s.all(match)) }

// wait returns once a record matches.
func (s *logSink) wait(ctx context.Context, t *testing.T, match func(logRecord) bool) {
	t.Helper()
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		if s.count(match) > 0 {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no such log record: %v", ctx.Err())
		case <-changed:
		}
	}
}

func TestPhotoRowGoesOutAsAPhotoWithItsCaption(t *testing.T) {
	h := newOutboxHarness(t, simtelegram.Limits{})
	h.tg.AddChat(privateChat(2001))
	var png bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	if err := pngenc.Encode(&png, img); err != nil {
		t.Fatal(err)
	}
	h.enqueue(store.OutboxMessage{ChatID: 2001, Kind: store.KindPhoto, Photo: png.Bytes(), Text: "📊 <b>Daily report</b> &amp; more"})
	stop := h.run(h.sender())
	m, err := h.tg.WaitMessage(h.ctx(), 2001, func(m simtelegram.Message) bool { return len(m.Photo) > 0 })
	stop()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m.Photo, png.Bytes()) || m.Plain != "📊 Daily report & more" || h.depth() != 0 {
		t.Fatalf("photo %d bytes, caption %q, %d rows left", len(m.Photo), m.Plain, h.depth())
	}
}
