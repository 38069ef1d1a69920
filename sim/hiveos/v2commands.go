package hiveos

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"pitboss/sim/farm"
)

// Worker commands and edits are queued (reference B.8): the answer only says they were accepted. A rig
// picks its queued commands up CommandDelay later, on the first request the simulator answers from then
// on while the rig is online, carries them out in the model at that moment (a reboot takes the rig offline
// for RebootDowntime, a miner restart restarts its uptime, a stop stops the hashing, a flight sheet
// changes its miner and wallet) and reports each in a message carrying the command's id.

// firstCommandID is where command and message ids start, so that they do not look like worker ids.
const firstCommandID = 5_000_001

// commands lists CommandsEnum (reference B.8); config is what a worker edit queues.
var commands = []string{"reboot", "shutdown", "upgrade", "miner", "teleconsole", "hssh", "exec",
	"amd_download", "amd_upload", "nvidia_download", "nvidia_upload", "asic_upgrade", "octofan_recalibrate",
	"benchmark_stop", "donnager_relay_switch", "pool_test"}

// minerActions are the documented actions plus "start", which public scripts send [SIM].
var minerActions = []string{"restart", "stop", "start", "log", "config", "tuning"}

type queued struct {
	id       int64
	farm     *v2farm
	rigID    string
	workerID int64
	command  string
	data     map[string]any
	sheet    *flightSheet // for config
	due      time.Time
}

type commandJSON struct {
	Command string         `json:"command"`
	ID      int64          `json:"id"`
	Data    map[string]any `json:"data"`
}

type workerCommandsJSON struct {
	WorkerID int64         `json:"worker_id"`
	Commands []commandJSON `json:"commands"`
}

// commandsResponseJSON is CommandsResponse: one entry per worker.
type commandsResponseJSON struct {
	ID       int64                `json:"id"`
	Commands []workerCommandsJSON `json:"commands"`
}

// commandResponseJSON is CommandResponse: the answer about one worker.
type commandResponseJSON struct {
	ID       int64         `json:"id"`
	Commands []commandJSON `json:"commands"`
}

func (c commandsResponseJSON) single() commandResponseJSON {
	return commandResponseJSON{ID: c.Commands[0].Commands[0].ID, Commands: c.Commands[0].Commands}
}

// enqueue queues command for each rig of f; a config command sets the worker's flight sheet at once.
func (s *SimV2) enqueue(f *v2farm, rigIDs []string, command string, data map[string]any, sheet *flightSheet) commandsResponseJSON {
	if data == nil {
		data = map[string]any{}
	}
	now := s.opts.Now()
	s.mu.Lock()
	var out commandsResponseJSON
	if len(rigIDs) > 1 {
		out.ID = s.nextID()
	}
	for _, rig := range rigIDs {
		q := &queued{id: s.nextID(), farm: f, rigID: rig, workerID: f.workerID(rig), command: command, data: data,
			sheet: sheet, due: now.Add(s.commandDelay())}
		if sheet != nil {
			s.sheetOf[q.workerID] = sheet.ID
		}
		s.pending = append(s.pending, q)
		out.Commands = append(out.Commands, workerCommandsJSON{WorkerID: q.workerID,
			Commands: []commandJSON{{Command: command, ID: q.id, Data: data}}})
	}
	if out.ID == 0 {
		out.ID = out.Commands[0].Commands[0].ID
	}
	s.mu.Unlock()
	if s.opts.CommandDelay < 0 {
		s.settle(now)
	}
	return out
}

// nextID is the next command or message id. The caller holds s.mu.
func (s *SimV2) nextID() int64 {
	s.lastID++
	return s.lastID
}

func (s *SimV2) commandDelay() time.Duration {
	switch {
	case s.opts.CommandDelay < 0:
		return 0
	case s.opts.CommandDelay == 0:
		return DefaultCommandDelay
	}
	return s.opts.CommandDelay
}

// settle carries out the queued commands that are due at now, for the rigs that are online.
func (s *SimV2) settle(now time.Time) {
	s.mu.Lock()
	var due, waiting []*queued
	for _, q := range s.pending {
		if now.Before(q.due) {
			waiting = append(waiting, q)
		} else {
			due = append(due, q)
		}
	}
	s.pending = waiting
	s.mu.Unlock()
	if len(due) == 0 {
		return
	}
	online := map[*v2farm]map[string]bool{}
	var offline []*queued
	for _, q := range due {
		if online[q.farm] == nil {
			online[q.farm] = onlineRigs(q.farm, now)
		}
		if !online[q.farm][q.rigID] {
			offline = append(offline, q) // picked up when the rig is back
			continue
		}
		s.carryOut(q, now)
	}
	s.mu.Lock()
	s.pending = append(offline, s.pending...)
	s.mu.Unlock()
}

func onlineRigs(f *v2farm, now time.Time) map[string]bool {
	out := map[string]bool{}
	for _, r := range f.spec.Farm.Snapshot(now).Rigs {
		out[r.ID] = r.Online
	}
	return out
}

// carryOut applies a picked-up command to the model and reports it in the worker's messages.
func (s *SimV2) carryOut(q *queued, at time.Time) {
	m := message{Time: at, CmdID: q.id, Command: q.command, Type: "success", Result: map[string]any{"exitcode": 0}}
	m.Title = s.effect(q, at, &m)
	s.mu.Lock()
	m.ID = s.nextID()
	s.messages[q.workerID] = append(s.messages[q.workerID], m)
	s.mu.Unlock()
}

// effect carries the command out in the model and returns the message's title; it may mark the message
// as failed or give it a payload.
func (s *SimV2) effect(q *queued, at time.Time, m *message) string {
	model := q.farm.spec.Farm
	switch q.command {
	case "config":
		if wallet, found := q.sheet.modelWallet(q.farm); found {
			miner := q.sheet.Miner
			_ = model.Apply([]string{q.rigID}, farm.Change{Miner: &miner, WalletID: &wallet})
		}
		return "Rig config changed"
	case "reboot":
		_ = model.Offline(q.rigID, at, at.Add(durationOr(s.opts.RebootDowntime, DefaultRebootDowntime)))
		return "Rebooting"
	case "shutdown":
		_ = model.Offline(q.rigID, at, at.Add(100*365*24*time.Hour))
		return "Shutting down"
	case "miner":
		return minerEffect(q, at)
	case "exec":
		cmd, _ := q.data["cmd"].(string)
		m.Payload = "$ " + cmd + "\n"
		if fields := strings.Fields(cmd); len(fields) > 0 && (fields[0] == "false" || fields[0] == "exit" && len(fields) > 1 && fields[1] != "0") {
			m.Type, m.Result = "danger", map[string]any{"exitcode": 1}
		}
		return "Exec: " + cmd
	}
	return q.command + " executed"
}

func minerEffect(q *queued, at time.Time) string {
	model := q.farm.spec.Farm
	action, _ := q.data["action"].(string)
	switch action {
	case "restart", "start":
		_ = model.RestartMiner(q.rigID, at)
		if action == "start" {
			return "Miner started"
		}
		return "Miner restarted"
	case "stop":
		_ = model.StopMiner(q.rigID, at)
		return "Miner stopped"
	}
	return "Miner " + action
}

// durationOr is d, or def when d is not positive.
func durationOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// commandRequest is CommandRequest: a CommandsEnum name and its CommandData (null or absent for none).
type commandRequest struct {
	Command string         `json:"command"`
	Data    map[string]any `json:"data"`
}

// check validates a command request; prefix names where it sat in the body ("" or "data.").
func (c commandRequest) check(prefix string) *reply {
	field := func(name, msg string) *reply { r := invalidField(prefix+name, msg); return &r }
	switch {
	case c.Command == "":
		return field("command", "The command field is required.")
	case !slices.Contains(commands, c.Command):
		return field("command", "The selected command is invalid.")
	case c.Command == "exec":
		if cmd, _ := c.Data["cmd"].(string); strings.TrimSpace(cmd) == "" {
			return field("data.cmd", "The data.cmd field is required when command is exec.")
		}
	case c.Command == "miner":
		action, _ := c.Data["action"].(string)
		if action == "" {
			return field("data.action", "The data.action field is required when command is miner.")
		}
		if !slices.Contains(minerActions, action) {
			return field("data.action", "The selected data.action is invalid.")
		}
	}
	return nil
}

// commandWorker is POST /farms/{id}/workers/{wid}/command: 201 and a CommandResponse.
func (s *SimV2) commandWorker(r *http.Request, f *v2farm, rigID string) reply {
	var req commandRequest
	if json.NewDecoder(r.Body).Decode(&req) != nil {
		return invalidField("command", "The command field is required.")
	}
	if bad := req.check(""); bad != nil {
		return *bad
	}
	res := s.enqueue(f, []string{rigID}, req.Command, req.Data, nil)
	return reply{http.StatusCreated, res.single()}
}

// commandWorkers is POST /farms/{id}/workers/command: 200 and a CommandsResponse.
func (s *SimV2) commandWorkers(r *http.Request, f *v2farm) reply {
	var body struct {
		WorkerIDs json.RawMessage `json:"worker_ids"`
		Data      commandRequest  `json:"data"`
	}
	if json.NewDecoder(r.Body).Decode(&body) != nil {
		return invalidField("worker_ids", "The worker ids field is required.")
	}
	ids, bad := idList(body.WorkerIDs, "worker_ids")
	if bad != nil {
		return *bad
	}
	if bad := body.Data.check("data."); bad != nil {
		return *bad
	}
	rigs, bad := f.rigsOf(ids)
	if bad != nil {
		return *bad
	}
	return ok(s.enqueue(f, rigs, body.Data.Command, body.Data.Data, nil))
}

// pendingOf lists the worker's commands not yet picked up, for the worker's detail.
func (s *SimV2) pendingOf(workerID int64) []commandJSON {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []commandJSON
	for _, q := range s.pending {
		if q.workerID == workerID {
			out = append(out, commandJSON{Command: q.command, ID: q.id, Data: q.data})
		}
	}
	return out
}
