package alerting

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"pitboss/alerts"
	"pitboss/monitor"
	"pitboss/store"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func notice(ts ...alerts.Transition) monitor.Notice {
	return monitor.Notice{User: store.User{ChatID: 1001}, Source: "hiveos", Title: "Hive OS",
		Names: map[string]string{"10256": "rig<01> & co", "10257": "rig02"}, Transitions: ts, At: t0.Add(7 * time.Minute)}
}

func fired(k alerts.Kind, rig string, gpu int, value, threshold float64, o alerts.Origin) alerts.Transition {
	return alerts.Transition{Event: alerts.Fired, State: alerts.State{Key: alerts.Key{Kind: k, Rig: rig, GPU: gpu},
		Phase: alerts.Firing, Index: gpu, Since: t0, Value: value, Peak: value, Threshold: threshold, Origin: o}}
}

func TestRenderNamesSourceRigGPUValueThresholdAndOrigin(t *testing.T) {
	resolved := fired(alerts.KindRigOffline, "10257", alerts.NoGPU, 0, 300, alerts.OriginDefault)
	resolved.Event = alerts.Resolved
	msgs := Renderer{}.Render(notice(
		fired(alerts.KindGPUTemp, "10256", 2, 88, 80, alerts.OriginFarm),
		fired(alerts.KindGPUFan, "10256", 2, 95, 90, alerts.OriginUser),
		resolved,
	))
	if len(msgs) != 1 || msgs[0].ChatID != 1001 {
		t.Fatalf("messages %+v", msgs)
	}
	want := "🔥 <b>Hive OS · rig&lt;01&gt; &amp; co · GPU 2</b>: 88 °C, at or over 80 °C (farm red_temp)\n" +
		"🌀 <b>Hive OS · rig&lt;01&gt; &amp; co · GPU 2</b>: fan 95 %, at or over 90 % (yours)\n" +
		"✅ <b>Hive OS · rig02</b>: back online after 7m"
	if msgs[0].Text != want {
		t.Fatalf("text:\n%s\nwant:\n%s", msgs[0].Text, want)
	}
	kb, err := store.DecodeKeyboard(msgs[0].Buttons)
	if err != nil {
		t.Fatal(err)
	}
	if len(kb) != 2 || len(kb[0]) != 1 || kb[0][0].Data != "mute:hiveos:10256" || kb[0][0].Text != "🔕 rig<01> & co 1 h" ||
		kb[1][0].Data != "mute:*" || kb[1][1].Data != fmt.Sprintf("ack:hiveos:%d", t0.Add(7*time.Minute).Unix()) {
		t.Fatalf("keyboard %+v", kb)
	}
}

func TestRenderOfResolutionsOnlyHasNoButtons(t *testing.T) {
	tr := fired(alerts.KindGPUTemp, "10256", 0, 76, 80, alerts.OriginFarm)
	tr.Event, tr.State.Peak = alerts.Resolved, 91
	msgs := Renderer{}.Render(notice(tr))
	if len(msgs) != 1 || msgs[0].Buttons != "" || !strings.Contains(msgs[0].Text, "back to 76 °C after 7m (peak 91 °C)") {
		t.Fatalf("%+v", msgs)
	}
}

func TestRenderSplitsALongNoticeAndPutsTheButtonsLast(t *testing.T) {
	var ts []alerts.Transition
	for i := range 200 {
		ts = append(ts, fired(alerts.KindGPUTemp, "10256", i, 90, 80, alerts.OriginFarm))
	}
	msgs := Renderer{}.Render(notice(ts...))
	if len(msgs) < 3 {
		t.Fatalf("%d messages", len(msgs))
	}
	lines := 0
	for i, m := range msgs {
		if len(m.Text) > 4096 {
			t.Fatalf("message %d has %d bytes", i, len(m.Text))
		}
		if (m.Buttons != "") != (i == len(msgs)-1) {
			t.Fatalf("buttons on message %d of %d", i+1, len(msgs))
		}
		lines += strings.Count(m.Text, "\n") + 1
	}
	if lines != 200 {
		t.Fatalf("%d lines, want 200", lines)
	}
}

func TestRenderNeedsAChat(t *testing.T) {
	n := notice(fired(alerts.KindGPUTemp, "10256", 0, 90, 80, alerts.OriginFarm))
	n.User.ChatID = 0
	if msgs := (Renderer{}).Render(n); len(msgs) != 0 {
		t.Fatalf("%+v", msgs)
	}
}

func TestRenderSaysEveryKindInWords(t *testing.T) {
	cases := []struct {
		t    alerts.Transition
		want string
	}{
		{fired(alerts.KindGPULost, "10256", alerts.NoGPU, 5, 6, alerts.OriginNone), "reports 5 GPUs, it had 6"},
		{alerts.Transition{Event: alerts.Fired, State: alerts.State{Key: alerts.Key{Kind: alerts.KindRigHashrate, Rig: "10257", GPU: alerts.NoGPU, Algo: "ethash"},
			Value: 70e6, Threshold: 80e6, Baseline: 100e6, Origin: alerts.OriginDefault, Since: t0}},
			"rig02 · ethash</b>: 70.0 MH/s, under its line of 80.0 MH/s (20 % under its usual 100 MH/s, default)"},
		{fired(alerts.KindPoolWorkers, "BTC", alerts.NoGPU, 2, 1, alerts.OriginRig), "2 workers inactive, more than 1 (yours, this coin)"},
		{fired(alerts.KindSourceDown, "", alerts.NoGPU, 3, 3, alerts.OriginDefault), "🔌 <b>Hive OS</b>: unreachable: 3 failed polls in a row"},
		{fired(alerts.KindAuthFailing, "", alerts.NoGPU, 0, 0, alerts.OriginNone), "no valid token"},
	}
	for _, c := range cases {
		got := Renderer{}.Render(notice(c.t))[0].Text
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: %q lacks %q", c.t.State.Kind, got, c.want)
		}
	}
}
