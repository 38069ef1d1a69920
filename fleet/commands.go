package fleet

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"pitboss/apiclients/hiveos2"
	"pitboss/bot"
	"pitboss/control"
	"pitboss/units"
)

// commandParams is what a confirmed worker command sends: the command, to exactly these workers.
type commandParams struct {
	Command string         `json:"command"` // as the chat names it: "reboot", "miner restart", ...
	Name    string         `json:"name"`    // Hive OS's command
	Data    map[string]any `json:"data,omitempty"`
	Workers []worker       `json:"workers"`
}

// commands are the worker commands the chat offers, by the words that ask for them. Hive OS has no
// "start" for a miner: its own clients start a stopped miner with a restart.
var commands = map[string]hiveos2.CommandRequest{
	"reboot":        hiveos2.Reboot(),
	"miner restart": hiveos2.Miner("restart"),
	"miner stop":    hiveos2.Miner("stop"),
	"miner start":   hiveos2.Miner("restart"),
}

// reboot is /reboot <workers>.
func (f *Fleet) reboot(ctx context.Context, r *bot.Request) error {
	fields := strings.Fields(r.Args)
	if len(fields) == 0 {
		return bot.UserErrorf("Usage: /reboot &lt;workers|all&gt;, such as /reboot rig01 or /reboot rig01,rig03.")
	}
	return f.proposeCommand(ctx, r, "reboot", fields)
}

// miner is /miner <restart|stop|start> <workers>.
func (f *Fleet) miner(ctx context.Context, r *bot.Request) error {
	const usage = "Usage: /miner &lt;restart|stop|start&gt; &lt;workers|all&gt;, such as /miner restart rig01."
	fields := strings.Fields(r.Args)
	if len(fields) < 2 {
		return bot.UserErrorf(usage)
	}
	action := strings.ToLower(fields[0])
	if _, ok := commands["miner "+action]; !ok {
		return bot.UserErrorf("%s is not something a miner does: restart, stop or start.\n%s", bot.Quote(fields[0]), usage)
	}
	return f.proposeCommand(ctx, r, "miner "+action, fields[1:])
}

// proposeCommand resolves the workers and proposes the command, with what each worker is doing now.
func (f *Fleet) proposeCommand(ctx context.Context, r *bot.Request, what string, args []string) error {
	ws, at, err := f.workers(args)
	if err != nil {
		return err
	}
	cmd := commands[what]
	p := commandParams{Command: what, Name: cmd.Command, Data: cmd.Data, Workers: ws}
	var lines []string
	now := f.Now()
	for _, w := range ws {
		line := "• <b>" + bot.Escape(w.Name) + "</b>"
		switch {
		case !w.w.Online:
			line += ": offline; Hive OS keeps the command until it checks in again"
		case what == "miner start" && totalRate(w.w) > 0:
			line += fmt.Sprintf(": mining %s already; its miner restarts", units.FormatHashrate(totalRate(w.w)))
		case !w.w.MinerStart.IsZero():
			line += fmt.Sprintf(": %s, miner up %s", units.FormatHashrate(totalRate(w.w)), units.FormatDuration(now.Sub(w.w.MinerStart)))
		default:
			line += ": " + units.FormatHashrate(totalRate(w.w))
		}
		lines = append(lines, line)
	}
	head := fmt.Sprintf("<b>%s %s</b>", commandTitle[what], workersNoun(ws))
	if groups := byFarm(ws); len(groups) > 1 {
		head += " of " + farmsLine(groups)
	}
	preview := head + fmt.Sprintf(" (as of %s ago)\n", units.FormatDuration(now.Sub(at))) + strings.Join(lines, "\n")
	if what == "miner stop" {
		preview += "\n<i>A stopped miner mines nothing until /miner start.</i>"
	}
	return f.Control.Propose(ctx, r, "worker_command", p, preview)
}

var commandTitle = map[string]string{
	"reboot":        "Reboot",
	"miner restart": "Restart the miner of",
	"miner stop":    "Stop the miner of",
	"miner start":   "Start the miner of",
}

func totalRate(w hiveos2.Worker) float64 {
	var sum float64
	for _, h := range w.Hashrates {
		if !h.Dual {
			sum += h.Rate
		}
	}
	return sum
}

// executeCommand sends the command, one request per farm, never retried; a failure stops the farms after.
func (f *Fleet) executeCommand(ctx context.Context, raw json.RawMessage) (control.Result, error) {
	var p commandParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return control.Result{}, fmt.Errorf("command params: %w", err)
	}
	if f.Client == nil {
		return control.Result{}, f.errNotV2()
	}
	var fl follow
	var done []string
	for _, group := range byFarm(p.Workers) {
		ids := make([]int64, len(group))
		for i, w := range group {
			ids[i] = w.WorkerID
		}
		q, err := f.Client.Command(ctx, group[0].FarmID, ids, hiveos2.CommandRequest{Command: p.Name, Data: p.Data})
		if err != nil {
			text := ""
			if len(done) > 0 {
				text = "Queued in " + strings.Join(done, ", ") + "; the other farms' were not sent."
			}
			return control.Result{Text: text}, fmt.Errorf("farm %s: %w", group[0].Farm, err)
		}
		done = append(done, bot.Escape(group[0].Farm))
		fl.Sent = append(fl.Sent, sentOf(q, group[0].FarmID, group)...)
	}
	return control.Result{
		Text:   "Hive OS queued it for " + workersNoun(p.Workers) + "; " + whenCheckedIn(len(p.Workers)),
		Follow: followOrNil(fl),
	}, nil
}

// follow looks for the workers' reports on the commands sent: a worker message carrying the command's id.
func (f *Fleet) follow(ctx context.Context, _, raw json.RawMessage, final bool) (control.Followed, error) {
	var fl follow
	if err := json.Unmarshal(raw, &fl); err != nil {
		return control.Followed{}, fmt.Errorf("follow: %w", err)
	}
	if f.Client == nil {
		return control.Followed{Text: "Hive OS API v2 is no longer configured.", Over: true}, nil
	}
	var lines []string
	waiting := 0
	for _, s := range fl.Sent {
		msgs, err := f.Client.Messages(ctx, s.FarmID, s.WorkerID, hiveos2.MessageQuery{PerPage: 30})
		if err != nil {
			return control.Followed{}, err
		}
		line := ""
		for _, m := range msgs {
			if m.CmdID == s.CmdID {
				line = cmp.Or(messageIcon[m.Type], "ℹ️") + " <b>" + bot.Escape(s.Name) + "</b>: " + bot.Escape(cmp.Or(m.Title, m.Command, m.Type))
				if res := resultText(m.CommandResult); res != "" {
					line += " — " + bot.Escape(bot.Shorten(res, 200))
				}
				break
			}
		}
		if line == "" {
			waiting++
			line = "⏳ <b>" + bot.Escape(s.Name) + "</b>: no word yet"
		}
		lines = append(lines, line)
	}
	if waiting > 0 && !final {
		return control.Followed{}, nil
	}
	return control.Followed{Text: strings.Join(lines, "\n"), Over: waiting == 0}, nil
}

// messageIcon marks a worker message by its type.
var messageIcon = map[string]string{"success": "✅", "danger": "❌", "warning": "⚠️", "info": "ℹ️", "file": "📄"}

// whenCheckedIn says when queued changes take effect.
func whenCheckedIn(n int) string {
	if n == 1 {
		return "it runs it when it next checks in."
	}
	return "each runs it when it next checks in."
}

// resultText is a command's result as text: a JSON string as it is, an exit code in words, anything else
// as its JSON.
func resultText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var exit struct {
		Code *int `json:"exitcode"`
	}
	if json.Unmarshal(raw, &exit) == nil && exit.Code != nil {
		return fmt.Sprintf("exit code %d", *exit.Code)
	}
	if t := strings.TrimSpace(string(raw)); t != "null" && t != "{}" && t != "[]" {
		return t
	}
	return ""
}
