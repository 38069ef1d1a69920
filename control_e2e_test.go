package main

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
	"pitboss/sim/simhttp"
	simtelegram "pitboss/sim/telegram"
)

var otto = simtelegram.User{ID: 1004, FirstName: "Otto", Username: "otto"} // a second admin

// startControlling runs pitboss against a quiet farm of n rigs with Ada and Otto as admins, Vic as viewer,
// and polls once.
func startControlling(t *testing.T, n int) *watched {
	t.Helper()
	clock := simhttp.NewClock(farmStart)
	f := farm.New(farm.Options{Rigs: n, GPUsPerRig: 3, Seed: 7, Start: farmStart, RedTemp: 80})
	hive := simhiveos.New(simhiveos.Options{PublicKey: simhiveos.DemoPublicKey, SecretKey: simhiveos.DemoSecretKey, Farm: f, Now: clock.Now})
	w := startWatchingFarm(t, filepath.Join(t.TempDir(), "p.db"), "", clock, hive, otto)
	w.pollAt(0)
	return w
}

// rockets returns the multiRocket requests Hive OS received, as their form values (the signature and key
// left out).
func (w *watched) rockets() []url.Values {
	var out []url.Values
	for _, r := range w.hive.Recorder.Requests() {
		v, err := url.ParseQuery(string(r.Body))
		if err == nil && v.Get("method") == "multiRocket" {
			v.Del("public_key")
			out = append(out, v)
		}
	}
	return out
}

func confirmData(m simtelegram.Message) string {
	for _, row := range m.Keyboard {
		for _, b := range row {
			if strings.HasSuffix(b.Data, ":go") {
				return b.Data
			}
		}
	}
	return ""
}

func TestRocketSendsExactlyTheChosenRigsAndFieldsOnceConfirmed(t *testing.T) {
	w := startControlling(t, 4)
	preview := w.sayPrivately(ada, "/rocket rig01,rig03 miner=t-rex oc=eco")
	mustContain(t, "preview", preview.Plain, "multiRocket on 2 rigs", "rig01:", "rig03:", "miner ", "→ t-rex", "OC ", "→ eco",
		"Confirm within 5 minutes.")
	mustNotContain(t, "preview", preview.Plain, "rig02", "rig04")
	if n := len(w.rockets()); n != 0 {
		t.Fatalf("%d multiRocket calls before the confirmation", n)
	}
	a := w.press(ada, preview, confirmData(preview))
	mustContain(t, "answer", a.Text, "Carrying it out")
	done := w.waitEdit(ada.ID, preview.ID, "Done")
	mustContain(t, "outcome", done.Plain, "✅ Done: Hive OS took the new settings for 2 rigs")
	got := w.rockets()
	want := url.Values{"method": {"multiRocket"}, "rig_ids_str": {"10256,10258"}, "miner": {"t-rex"}, "id_oc": {"804"}}
	if len(got) != 1 || got[0].Encode() != want.Encode() {
		t.Fatalf("multiRocket requests %v, want exactly %v", got, want)
	}
	if r, _ := w.farm.Rig("10258"); r.Miner != "t-rex" || r.OCID != 804 {
		t.Fatalf("rig03 after the rocket: %+v", r)
	}
	entries, err := w.app.store.AuditLog(context.Background(), 5)
	if err != nil || len(entries) == 0 || entries[0].Action != "rocket" || entries[0].ActorID != ada.ID ||
		!strings.HasPrefix(entries[0].Result, "done") || !strings.Contains(entries[0].Params, `"rig_ids":["10256","10258"]`) {
		t.Fatalf("audit log %+v %v", entries, err)
	}
}

// waitEdit waits until message id in chat has been edited into a text containing want.
func (w *watched) waitEdit(chat int64, id int, want string) simtelegram.Message {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	m, err := w.tg.WaitMessage(ctx, chat, func(m simtelegram.Message) bool { return m.ID == id && strings.Contains(m.Plain, want) })
	if err != nil {
		w.t.Fatalf("message %d never showed %q: %v\nlog:\n%s", id, want, err, w.logs)
	}
	return m
}

func TestConfirmTappedTwiceAndByTwoAdminsRunsOnce(t *testing.T) {
	w := startControlling(t, 3)
	preview := w.say(ada, farmRoom, "/rocket all miner=phoenixminer")
	data := confirmData(preview)
	// Four taps at once, two by each admin. Those that reach the message before it changes are answered; the
	// simulated Telegram refuses the rest, as a real one would once the buttons are gone.
	var wg sync.WaitGroup
	var mu sync.Mutex
	var answers []string
	for _, u := range []simtelegram.User{ada, ada, otto, otto} {
		wg.Go(func() {
			qid, err := w.tg.PressButton(u, preview.ChatID, preview.ID, data)
			if err != nil {
				return
			}
			ctx, cancel := context.WithTimeout(context.Background(), wait)
			defer cancel()
			if a, err := w.tg.WaitAnswer(ctx, qid); err == nil {
				mu.Lock()
				answers = append(answers, a.Text)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	w.waitEdit(farmRoom.ID, preview.ID, "Done")
	if n := len(w.rockets()); n != 1 {
		t.Fatalf("%d multiRocket calls, want 1; answers %q", n, answers)
	}
	started := 0
	for _, a := range answers {
		if strings.Contains(a, "Carrying it out") {
			started++
		}
	}
	if started != 1 {
		t.Fatalf("answers %q: want exactly one that carried it out", answers)
	}
}

func TestViewerAndStrangerCannotConfirmAndAnExpiredActionIsRefused(t *testing.T) {
	w := startControlling(t, 3)
	preview := w.say(ada, farmRoom, "/rocket rig02 wallet=RVN")
	data := confirmData(preview)
	mustContain(t, "viewer's tap", w.press(vic, preview, data).Text, "In group chats only admins can use the buttons.")
	mustContain(t, "stranger's tap", w.press(eve, preview, data).Text, "Not authorised. Your Telegram id is 6666.")

	private := w.sayPrivately(ada, "/rocket rig02 wallet=RVN")
	w.clock.Set(farmStart.Add(6 * time.Minute))
	mustContain(t, "tap after 6 minutes", w.press(ada, private, confirmData(private)).Text, "expired: run the command again")
	w.waitEdit(ada.ID, private.ID, "Expired")
	if n := len(w.rockets()); n != 0 {
		t.Fatalf("%d multiRocket calls", n)
	}
}

func TestCancelEditsThePreviewAndSendsNothing(t *testing.T) {
	w := startControlling(t, 3)
	preview := w.sayPrivately(ada, "/rocket rig01 miner2=xmrig")
	mustContain(t, "preview", preview.Plain, "second miner none → xmrig")
	confirm := confirmData(preview)
	w.press(ada, preview, strings.Replace(confirm, ":go", ":no", 1))
	w.waitEdit(ada.ID, preview.ID, "Cancelled by Ada")
	if _, err := w.tg.PressButton(ada, preview.ChatID, preview.ID, confirm); err == nil {
		t.Fatal("the cancelled preview still has its Confirm button")
	}
	if n := len(w.rockets()); n != 0 {
		t.Fatalf("%d multiRocket calls after a cancel", n)
	}
}

func TestALostAnswerIsReportedAsUnknownAndNotRetried(t *testing.T) {
	w := startControlling(t, 3)
	preview := w.sayPrivately(ada, "/rocket rig01 miner=t-rex")
	w.hive.Faults.Drop(1) // the request arrives, the answer never does
	w.press(ada, preview, confirmData(preview))
	m := w.waitEdit(ada.ID, preview.ID, "Outcome unknown")
	mustContain(t, "outcome", m.Plain, "Check before retrying")
	if n := len(w.rockets()); n != 1 {
		t.Fatalf("%d multiRocket requests reached Hive OS, want exactly 1", n)
	}
	entries, _ := w.app.store.AuditLog(context.Background(), 1)
	if len(entries) != 1 || !strings.HasPrefix(entries[0].Result, "unknown") {
		t.Fatalf("audit %+v", entries)
	}
}

func TestRocketWalkThroughReachesTheSameRequestAsTheOneLineForm(t *testing.T) {
	w := startControlling(t, 4)
	oneLine := w.sayPrivately(ada, "/rocket rig02 rig04 miner=t-rex wallet=107803 oc=804")
	w.press(ada, oneLine, confirmData(oneLine))
	w.waitEdit(ada.ID, oneLine.ID, "Done")

	q := w.sayPrivately(ada, "/rocket")
	mustContain(t, "first question", q.Plain, "1/4: which rigs?")
	step := func(data, want string) simtelegram.Message {
		t.Helper()
		if a := w.press(ada, q, data); a.Text != "" {
			t.Logf("pressing %s was answered %q", data, a.Text)
		}
		return w.waitEdit(ada.ID, q.ID, want)
	}
	step("rk:t:10257", "(1 picked)")
	step("rk:t:10256", "(2 picked)")
	step("rk:t:10256", "(1 picked)") // toggled off again
	step("rk:t:10259", "(2 picked)")
	step("rk:next", "2/4: which miner?")
	step("rk:v:t-rex", "3/4: which wallet?")
	step("rk:v:107803", "4/4: which overclocking profile?")
	preview := step("rk:v:804", "multiRocket on 2 rigs")
	w.press(ada, preview, confirmData(preview))
	w.waitEdit(ada.ID, q.ID, "Done")
	got := w.rockets()
	if len(got) != 2 || got[0].Encode() != got[1].Encode() {
		t.Fatalf("one-line and walk-through requests differ:\n%v\n%v", got[0], got[len(got)-1])
	}
}

func TestRocketRefusesBadInputBeforeAskingHiveOS(t *testing.T) {
	w := startControlling(t, 3)
	before := len(w.hive.Recorder.Requests())
	for in, want := range map[string]string{
		"/rocket rig01":                 "Say what to change: miner=…, miner2=…, wallet=… or oc=….",
		"/rocket miner=t-rex":           "Say which rigs.",
		"/rocket rig01 colour=red":      "There is no setting “colour”: use miner, miner2, wallet or oc.",
		"/rocket rig01 miner=":          "miner= needs a value",
		"/rocket rig01 miner=a miner=b": "miner is given twice.",
		"/rocket rig01 miner=<b>":       "“<b>” is not a miner's name",
	} {
		mustContain(t, in, w.sayPrivately(ada, in).Plain, want)
	}
	if n := len(w.hive.Recorder.Requests()); n != before {
		t.Fatalf("%d requests reached Hive OS for bad input", n-before)
	}
	mustContain(t, "unknown rig", w.sayPrivately(ada, "/rocket rig9 miner=t-rex").Plain, "There is no rig “rig9”. Known: rig01, rig02, rig03.")
	mustContain(t, "ambiguous wallet", w.sayPrivately(ada, "/rocket rig01 wallet=ETH").Plain, "“ETH” could be the wallet ETH - Ethermine, ETH - Nanopool: say which.")
	mustContain(t, "viewer", w.sayPrivately(vic, "/rocket rig01 miner=t-rex").Plain, "Only admins can use /rocket.")
	if n := len(w.rockets()); n != 0 {
		t.Fatalf("%d multiRocket calls", n)
	}
}

func TestStatusRigsAndRigAnswerFromTheLatestPoll(t *testing.T) {
	w := startControlling(t, 25)
	if err := w.farm.Offline("10260", farmStart.Add(30*time.Second), farmStart.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	w.pollAt(2 * time.Minute)
	before := len(w.hive.Recorder.Requests())
	st := w.sayPrivately(vic, "/status")
	mustContain(t, "/status", st.Plain, "Farm — 24 of 25 rigs online (data 0s old)", "Hottest GPU: ", "(your line 80 °C, farm red_temp)",
		"Power: ", "Sources", "🟢 Hive OS — polled 0s ago")
	rigs := w.sayPrivately(vic, "/rigs")
	mustContain(t, "/rigs", rigs.Plain, "Rigs — 25", "(page 1 of 2)", "🟢 rig01 — ", "🔴 rig05 — offline for 1m 30s")
	if len(rigs.Keyboard) != 1 || rigs.Keyboard[0][0].Data != "rigs:1" {
		t.Fatalf("paging buttons %+v", rigs.Keyboard)
	}
	w.press(vic, rigs, "rigs:1")
	page2 := w.waitEdit(vic.ID, rigs.ID, "(page 2 of 2)")
	mustContain(t, "page 2", page2.Plain, "rig25")
	mustNotContain(t, "page 2", page2.Plain, "rig01 ")
	if n := len(w.hive.Recorder.Requests()); n != before {
		t.Fatalf("/status and /rigs asked Hive OS %d times; they answer from the latest poll", n-before)
	}
	one := w.sayPrivately(vic, "/rig RIG07")
	mustContain(t, "/rig", one.Plain, "rig07", "Miner: ", "Wallet: ", "OC: ", "GPU 0: ", "GPU 2: ", "Last update: 0s ago")
	amb := w.sayPrivately(vic, "/rig rig1")
	mustContain(t, "ambiguous /rig", amb.Plain, "“rig1” fits 10 rigs. Which one?")
	w.press(vic, amb, amb.Keyboard[0][0].Data)
	w.waitEdit(vic.ID, amb.ID, "GPU 0:")
	mustContain(t, "unknown /rig", w.sayPrivately(vic, "/rig rgi07").Plain, "There is no rig “rgi07”. Did you mean rig07")
}

func TestWalletsAndOCListHiveOS(t *testing.T) {
	w := startControlling(t, 2)
	mustContain(t, "/wallets", w.sayPrivately(vic, "/wallets").Plain, "Wallets — 4", "107800 ETH - Ethermine · ETH", "107803 RVN - Ravenminer")
	mustContain(t, "/oc", w.sayPrivately(vic, "/oc").Plain, "Overclocking profiles — 5", "800 1070 eth", "804 eco")
	w.hive.Faults.FailWith(http.StatusBadGateway, "", 0)
	mustContain(t, "/wallets with Hive OS down", w.sayPrivately(vic, "/wallets").Plain, "Hive OS did not answer")
}
