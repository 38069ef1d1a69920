package alerting

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"pitboss/alerts"
	"pitboss/bot"
	"pitboss/monitor"
	"pitboss/store"
	"pitboss/units"
)

// Renderer writes what a poll has to tell a user: one line per transition, in one message (split at
// Telegram's limit), with buttons to mute the rigs concerned or everything for an hour, and to acknowledge.
// It implements monitor.Renderer.
type Renderer struct{}

// Render implements monitor.Renderer.
func (rd Renderer) Render(n monitor.Notice) []store.OutboxMessage {
	if n.User.ChatID == 0 || len(n.Transitions) == 0 {
		return nil
	}
	var lines []string
	var rigs []string // rigs of what fired or reminds, for their mute buttons
	firing := false
	for _, t := range n.Transitions {
		lines = append(lines, describe(n.Title, n.Names, n.At, t))
		if t.Event != alerts.Resolved {
			firing = true
			if t.State.Rig != "" && !slices.Contains(rigs, t.State.Rig) {
				rigs = append(rigs, t.State.Rig)
			}
		}
	}
	var keyboard [][]store.Button
	if firing {
		keyboard = buttons(n, rigs)
	}
	encoded, err := store.EncodeKeyboard(keyboard)
	if err != nil {
		encoded = "" // a rig id too long for Telegram's callback data: the lines still go out, without buttons
	}
	parts := bot.SplitMessage(strings.Join(lines, "\n"))
	out := make([]store.OutboxMessage, len(parts))
	for i, p := range parts {
		out[i] = store.OutboxMessage{ChatID: n.User.ChatID, Kind: store.KindText, Text: p}
	}
	out[len(out)-1].Buttons = encoded
	return out
}

// maxRigButtons is how many rigs get a mute button of their own under one message.
const maxRigButtons = 3

func buttons(n monitor.Notice, rigs []string) [][]store.Button {
	var row []store.Button
	for _, rig := range rigs[:min(len(rigs), maxRigButtons)] {
		row = append(row, store.Button{Text: "🔕 " + nameOf(n.Names, rig) + " 1 h", Data: muteData(n.Source, rig)})
	}
	all := []store.Button{{Text: "🔕 All 1 h", Data: "mute:*"}, {Text: "✓ Ack", Data: fmt.Sprintf("ack:%s:%d", n.Source, n.At.Unix())}}
	if len(row) == 0 { // about a source, not a rig: Telegram refuses an empty row
		return [][]store.Button{all}
	}
	return [][]store.Button{row, all}
}

// muteData is a mute button's callback data: "mute:<source>:<rig>".
func muteData(source, rig string) string { return "mute:" + source + ":" + rig }

// nameOf is how messages name a rig, coin or site: its name, else its id.
func nameOf(names map[string]string, id string) string {
	if n := names[id]; n != "" {
		return n
	}
	return id
}

// describe is one transition's line: what, where (source, rig by name, GPU), the value, the threshold and
// where it comes from. Everything from outside is escaped.
func describe(title string, names map[string]string, at time.Time, t alerts.Transition) string {
	st := t.State
	where := whereOf(title, names, st)
	lasted := units.FormatDuration(t.Lasted(at))
	switch t.Event {
	case alerts.Resolved:
		return "✅ <b>" + where + "</b>: " + resolvedText(t, lasted)
	case alerts.Reminder:
		return "⏰ <b>" + where + "</b>: still " + firingText(st) + " — for " + lasted
	}
	return icon(st.Kind) + " <b>" + where + "</b>: " + firingText(st)
}

// whereOf names what an alert is about: "Hive OS · rig02 · GPU 1".
func whereOf(title string, names map[string]string, st alerts.State) string {
	where := bot.Escape(title)
	if st.Rig != "" {
		where += " · " + bot.Escape(nameOf(names, st.Rig))
	}
	if st.GPU != alerts.NoGPU {
		where += fmt.Sprintf(" · GPU %d", gpuNumber(st))
	}
	if st.Algo != "" && st.Kind == alerts.KindRigHashrate {
		where += " · " + bot.Escape(st.Algo)
	}
	return where
}

func icon(k alerts.Kind) string {
	switch k {
	case alerts.KindGPUTemp, alerts.KindGPUMemTemp:
		return "🔥"
	case alerts.KindRigProblem:
		return "⚠️"
	case alerts.KindGPUFan:
		return "🌀"
	case alerts.KindRigOffline:
		return "📴"
	case alerts.KindGPULost:
		return "🧩"
	case alerts.KindPoolWorkers:
		return "👷"
	case alerts.KindSourceDown:
		return "🔌"
	case alerts.KindAuthFailing:
		return "🔑"
	}
	return "📉"
}

// firingText says what is wrong, against which threshold from where.
func firingText(st alerts.State) string {
	from := originText(st)
	switch st.Kind {
	case alerts.KindGPUTemp:
		return fmt.Sprintf("%g °C, at or over %g °C (%s)", st.Value, st.Threshold, from)
	case alerts.KindGPUFan:
		return fmt.Sprintf("fan %g %%, at or over %g %% (%s)", st.Value, st.Threshold, from)
	case alerts.KindGPUMemTemp:
		return fmt.Sprintf("memory %g °C, at or over %g °C (%s)", st.Value, st.Threshold, from)
	case alerts.KindRigProblem:
		return "Hive OS reports " + problemText(st.Algo)
	case alerts.KindRigOffline:
		return fmt.Sprintf("offline, no data for %s (limit %s, %s)", units.FormatDuration(seconds(st.Value)),
			units.FormatDuration(seconds(st.Threshold)), from)
	case alerts.KindGPULost:
		return fmt.Sprintf("reports %g GPUs, it had %g: a card may have fallen off the bus", st.Value, st.Threshold)
	case alerts.KindRigHashrate:
		if st.Baseline > 0 {
			return fmt.Sprintf("%s, under its line of %s (%.0f %% under its usual %s, %s)", units.FormatHashrate(st.Value),
				units.FormatHashrate(st.Threshold), 100*(1-st.Threshold/st.Baseline), units.FormatHashrate(st.Baseline), from)
		}
		return fmt.Sprintf("%s, under %s (%s)", units.FormatHashrate(st.Value), units.FormatHashrate(st.Threshold), from)
	case alerts.KindPoolHashrate, alerts.KindSiteHashrate:
		return fmt.Sprintf("%s, under %s (%s)", units.FormatHashrate(st.Value), units.FormatHashrate(st.Threshold), from)
	case alerts.KindPoolWorkers:
		return fmt.Sprintf("%g workers inactive, more than %g (%s)", st.Value, st.Threshold, from)
	case alerts.KindSourceDown:
		return fmt.Sprintf("unreachable: %g failed polls in a row", st.Value)
	case alerts.KindAuthFailing:
		if st.Value > 0 {
			return fmt.Sprintf("token renewals failing, %g in a row", st.Value)
		}
		return "no valid token"
	}
	return fmt.Sprintf("%g (threshold %g)", st.Value, st.Threshold)
}

// resolvedText says how it ended, and how long it lasted.
func resolvedText(t alerts.Transition, lasted string) string {
	st := t.State
	if t.Gone {
		return "no longer reported by the source; its alert ends after " + lasted
	}
	switch st.Kind {
	case alerts.KindGPUTemp:
		return fmt.Sprintf("back to %g °C after %s (peak %g °C)", st.Value, lasted, st.Peak)
	case alerts.KindGPUFan:
		return fmt.Sprintf("fan back to %g %% after %s", st.Value, lasted)
	case alerts.KindGPUMemTemp:
		return fmt.Sprintf("memory back to %g °C after %s (peak %g °C)", st.Value, lasted, st.Peak)
	case alerts.KindRigProblem:
		return "Hive OS no longer reports " + problemText(st.Algo) + " after " + lasted
	case alerts.KindRigOffline:
		return "back online after " + lasted
	case alerts.KindGPULost:
		return fmt.Sprintf("all %g GPUs back after %s", st.Value, lasted)
	case alerts.KindRigHashrate, alerts.KindPoolHashrate, alerts.KindSiteHashrate:
		return fmt.Sprintf("back to %s after %s (low %s)", units.FormatHashrate(st.Value), lasted, units.FormatHashrate(st.Peak))
	case alerts.KindPoolWorkers:
		return fmt.Sprintf("%g workers inactive now, after %s", st.Value, lasted)
	case alerts.KindSourceDown:
		return "answers again after " + lasted
	case alerts.KindAuthFailing:
		return "token valid again after " + lasted
	}
	return "resolved after " + lasted
}

// originText names where a threshold comes from; "this rig" reads as "this coin" or "this site" where
// that is what the alert is about.
func originText(st alerts.State) string {
	if st.Origin == alerts.OriginRig {
		switch st.Kind {
		case alerts.KindPoolHashrate, alerts.KindPoolWorkers:
			return "yours, this coin"
		case alerts.KindSiteHashrate:
			return "yours, this site"
		}
	}
	return st.Origin.String()
}

func seconds(v float64) time.Duration { return time.Duration(v * float64(time.Second)) }

// gpuNumber is how the chat numbers a GPU: its index in the rig (its alert is kept by its bus number, which
// does not change when another card falls off; its index may).
func gpuNumber(st alerts.State) int {
	if st.Index >= 0 {
		return st.Index
	}
	return st.GPU
}

// problemText says in words a problem Hive OS reports for a worker.
func problemText(p string) string {
	if t, ok := problemTexts[p]; ok {
		return t
	}
	return bot.Escape(strings.ReplaceAll(p, "_", " "))
}

var problemTexts = map[string]string{
	"overheat":        "it overheating",
	"overload":        "it overloaded (load average over its red line)",
	"low_asr":         "a low accepted share rate",
	"has_invalid":     "invalid shares",
	"missed_unit":     "a missing GPU",
	"missed_hashrate": "a GPU without hashrate",
	"missed_temp":     "a GPU without temperature",
	"missed_fan":      "a GPU without fan speed",
	"no_hashrate":     "no hashrate",
	"error_message":   "an error message from the rig",
	"no_fs":           "no flight sheet",
}
