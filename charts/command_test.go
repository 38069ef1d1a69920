package charts_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"strings"
	"testing"
	"time"

	"pitboss/alerts"
	"pitboss/bot"
	"pitboss/bot/bottest"
	"pitboss/charts"
	"pitboss/monitor"
	simtelegram "pitboss/sim/telegram"
	"pitboss/store"
)

// now is when every command is sent, by the bot's and the store's clocks.
var now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

var (
	ada = simtelegram.User{ID: 1001, FirstName: "Ada"}
	vic = simtelegram.User{ID: 1002, FirstName: "Vic"}
)

// farmSources is a farm of three rigs (rig03 never polled) with a red temperature of 85 °C, and ViaBTC
// watching BTC; Coinhive is not configured.
func farmSources() bottest.Sources {
	red := alerts.Reading{Source: "hiveos", GPU: alerts.NoGPU, Metric: alerts.FarmRedTemp, Value: 85, At: now}
	return bottest.Sources{
		"hiveos": {Source: "hiveos", Title: "Hive OS", At: now, LastPoll: now, Observation: &monitor.Observation{Readings: []alerts.Reading{red}},
			Names: map[string]string{"10001": "rig01", "10002": "rig02", "10003": "rig03"}},
		"viabtc": {Source: "viabtc", Title: "ViaBTC", Names: map[string]string{"BTC": "BTC"}},
	}
}

// harness is /chart in a running bot against simulated Telegram, on a store with seven hours of rig01's
// and rig02's polls, a minute apart, and an alert about rig02 that Vic has had firing for two hours.
type harness struct {
	*bottest.Chat
	t  *testing.T
	st *store.Store
}

func start(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t}
	tg := bottest.StartTelegram(t)
	clock := func() time.Time { return now }
	h.st = bottest.OpenStore(t, store.Options{Now: clock}, []int64{ada.ID}, []int64{vic.ID})
	h.seed()
	c := &charts.Charts{Store: h.st, Sources: farmSources(), Now: clock}
	h.Chat = bottest.Run(t, tg, bot.Options{Store: h.st, Now: clock, Features: []bot.Feature{c}})
	return h
}

func (h *harness) seed() {
	h.t.Helper()
	ctx := context.Background()
	u, err := h.st.User(ctx, vic.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	for at := now.Add(-7 * time.Hour); at.Before(now); at = at.Add(time.Minute) {
		var rs []alerts.Reading
		for i, id := range []string{"10001", "10002"} {
			rs = append(rs, rigPoll(id, at, 250e6+float64(i)*10e6, 60+float64(i)*5)...)
		}
		c := store.Cycle{Source: "hiveos", At: at, Readings: rs, Names: map[string]string{"10001": "rig01", "10002": "rig02"}}
		if at.Equal(now.Add(-2 * time.Hour)) {
			hot := alerts.State{Key: alerts.Key{Kind: alerts.KindGPUTemp, Rig: "10002", GPU: 1}, Phase: alerts.Firing, Index: 1,
				Since: at, FiredAt: at, Value: 86, Peak: 86, Threshold: 85}
			c.States = []store.StateChanges{{UserID: u.ID, Upserts: []alerts.State{hot}, Began: []alerts.State{hot}}}
		}
		if err := h.st.SaveCycle(ctx, c); err != nil {
			h.t.Fatal(err)
		}
	}
}

// rigPoll is one poll of a rig with two GPUs.
func rigPoll(id string, at time.Time, rate, temp float64) []alerts.Reading {
	rs := []alerts.Reading{
		{Metric: alerts.RigOnline, GPU: alerts.NoGPU, Value: 1},
		{Metric: alerts.RigHashrate, GPU: alerts.NoGPU, Algo: "ethash", Value: rate},
		{Metric: alerts.GPUTemp, GPU: 0, Value: temp},
		{Metric: alerts.GPUTemp, GPU: 1, Value: temp + 8},
	}
	for i := range rs {
		rs[i].Source, rs[i].Rig, rs[i].At = "hiveos", id, at
	}
	return rs
}

// mustBePhoto checks that m is a PNG of w × h pixels whose caption says each of wants.
func mustBePhoto(t *testing.T, m simtelegram.Message, w, h int, wants ...string) {
	t.Helper()
	if len(m.Photo) == 0 {
		t.Fatalf("a message, not a photo: %q", m.Plain)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(m.Photo))
	if err != nil || cfg.Width != w || cfg.Height != h {
		t.Fatalf("photo: %d × %d, %v; want a %d × %d PNG", cfg.Width, cfg.Height, err, w, h)
	}
	for _, want := range wants {
		if !strings.Contains(m.Plain, want) {
			t.Fatalf("caption %q lacks %q", m.Plain, want)
		}
	}
}

// uploadPhotoBeforePhoto checks that the bot showed upload_photo to the chat before it sent the photo.
func (h *harness) uploadPhotoBeforePhoto(chat int64) {
	h.t.Helper()
	// The simulator shows the photo as soon as it takes it, and records the call once it has answered.
	if _, err := h.TG.WaitCall(h.Ctx(), "sendPhoto", nil); err != nil {
		h.t.Fatal(err)
	}
	action, photo := -1, -1
	for i, c := range h.TG.Calls("") {
		switch {
		case c.Method == "sendChatAction" && c.Params.Get("action") == "upload_photo" && c.Params.Get("chat_id") == fmt.Sprint(chat) && action < 0:
			action = i
		case c.Method == "sendPhoto" && photo < 0:
			photo = i
		}
	}
	if action < 0 || photo < 0 || action > photo {
		h.t.Fatalf("upload_photo at call %d, the photo at call %d", action, photo)
	}
}

func TestChartOfARigArrivesAsAPhotoAfterUploadPhoto(t *testing.T) {
	h := start(t)
	m := h.SayPrivately(vic, "/chart rig rig02 6h")
	mustBePhoto(t, m, 1280, 960, "rig02", "last 6 h", "every poll", "times in UTC", "Shaded")
	h.uploadPhotoBeforePhoto(vic.ID)
}

func TestChartOfTheFarmIsTheDefault(t *testing.T) {
	h := start(t)
	m := h.SayPrivately(ada, "/chart")
	mustBePhoto(t, m, 1280, 720, "Farm hashrate", "last 24 h")
}

func TestChartAnswersWhatTheUserCanFix(t *testing.T) {
	h := start(t)
	for _, tc := range []struct{ text, says string }{
		{"/chart rig rgi02", "There is no rig “rgi02”. Did you mean rig02?"},
		{"/chart rig nosuch 6h", "There is no rig “nosuch”. /rigs lists them."},
		{"/chart rig <b>x&y", "There is no rig “<b>x&y”."},
		{"/chart 12h", "use 6h, 24h, 7d or 30d"},
		{"/chart rig rig02 1w", "There is no window “1w”: use 6h, 24h, 7d or 30d."},
		{"/chart rig rig03 6h", "No history for rig03 in the last 6 h yet."},
		{"/chart pool BTC 6h", "No history for ViaBTC BTC in the last 6 h yet."},
		{"/chart pool doge", "pitboss watches no coin “DOGE” at ViaBTC; it watches BTC."},
		{"/chart site", "Coinhive is not configured"},
		{"/chart weather", "Usage: /chart"},
	} {
		m := h.SayPrivately(vic, tc.text)
		if len(m.Photo) > 0 || !strings.Contains(m.Plain, tc.says) {
			t.Errorf("%s: %q; want %q", tc.text, m.Plain, tc.says)
		}
	}
	if n := len(h.TG.Calls("sendPhoto")); n != 0 {
		t.Fatalf("%d photos sent for mistakes", n)
	}
}

func TestAnAmbiguousRigNameOffersTheRigsAndAButtonDrawsTheChart(t *testing.T) {
	h := start(t)
	m := h.SayPrivately(vic, "/chart rig RIG0 6h")
	if !strings.Contains(m.Plain, "fits 3 rigs") || len(m.Keyboard) != 3 || m.Keyboard[0][0].Text != "rig01" {
		t.Fatalf("question %q with buttons %+v", m.Plain, m.Keyboard)
	}
	h.Press(vic, m, m.Keyboard[0][0].Data)
	photo, err := h.TG.WaitNewMessage(h.Ctx(), vic.ID, m.ID, func(m simtelegram.Message) bool { return len(m.Photo) > 0 })
	if err != nil {
		t.Fatal(err)
	}
	mustBePhoto(t, photo, 1280, 960, "rig01", "last 6 h")
	h.uploadPhotoBeforePhoto(vic.ID)
}

func TestFarmChartForAReportIsAPictureOrNothing(t *testing.T) {
	h := start(t)
	c := &charts.Charts{Store: h.st, Sources: farmSources(), Now: func() time.Time { return now }}
	u := store.User{ID: 1, Timezone: "Europe/Berlin"}
	png1, err := c.FarmChart(context.Background(), u, now.Add(-24*time.Hour), now)
	if err != nil {
		t.Fatal(err)
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(png1)); err != nil || cfg.Width != 1280 || cfg.Height != 720 {
		t.Fatalf("%d × %d, %v", cfg.Width, cfg.Height, err)
	}
	none, err := c.FarmChart(context.Background(), u, now.Add(-30*24*time.Hour), now.Add(-29*24*time.Hour))
	if err != nil || none != nil {
		t.Fatalf("a day without history: %d bytes, %v; want nothing", len(none), err)
	}
}
