package hiveos2

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// CommandRequest is a worker command (reference B.8): a CommandsEnum name ("reboot", "miner", "exec",
// ...) and its data, which some commands need (miner: action; exec: cmd).
type CommandRequest struct {
	Command string         // a CommandsEnum name
	Data    map[string]any // the command's CommandData; nil sends none
}

// Reboot reboots the rig.
func Reboot() CommandRequest { return CommandRequest{Command: "reboot"} }

// Miner acts on the rig's miner: action is "restart", "stop", "log", "config" or "tuning" as documented.
// The spec has no "start": the service's own clients start a stopped miner with "restart".
func Miner(action string) CommandRequest {
	return CommandRequest{Command: "miner", Data: map[string]any{"action": action}}
}

// Exec runs a shell command on the rig.
func Exec(cmd string) CommandRequest {
	return CommandRequest{Command: "exec", Data: map[string]any{"cmd": cmd}}
}

// CommandsResponse is the service's receipt for a multi-worker edit or command: the queued commands,
// per worker. Their ids come back as WorkerMessage.CmdID when the rigs report.
type CommandsResponse struct {
	ID       int64            // the request's id
	Commands []WorkerCommands // one entry per worker
}

// WorkerCommands are the commands queued for one worker.
type WorkerCommands struct {
	WorkerID int64           // the worker they are queued for
	Commands []QueuedCommand // in the order the rig will run them
}

// QueuedCommand is one queued command.
type QueuedCommand struct {
	ID      int64  // what the rig's report carries as WorkerMessage.CmdID
	Command string // "reboot", "miner", "config" (what a flight sheet edit queues), ...
}

// Command sends a command to the farm's workers in one request (POST /farms/{id}/workers/command). The
// answer means queued, not done: each rig reports the outcome in its messages, under the command's id.
//
// It is sent exactly once. An unknown command or missing data is ErrValidation, a worker of another farm
// ErrNotFound; an answer that was lost is ErrUnknownOutcome: check the workers' messages before trying
// again. A request that cannot be right is refused before sending (ErrValidation).
func (c *Client) Command(ctx context.Context, farmID int64, workerIDs []int64, cmd CommandRequest) (CommandsResponse, error) {
	ids, err := checkWorkerIDs(workerIDs)
	if err != nil {
		return CommandsResponse{}, err
	}
	if strings.TrimSpace(cmd.Command) == "" {
		return CommandsResponse{}, fmt.Errorf("%w: no command (not sent)", ErrValidation)
	}
	type commandBody struct {
		Command string         `json:"command"`
		Data    map[string]any `json:"data,omitempty"`
	}
	body := struct {
		WorkerIDs []int64     `json:"worker_ids"`
		Data      commandBody `json:"data"`
	}{ids, commandBody(cmd)}
	req := request{method: http.MethodPost, path: farmPath(farmID, "/workers/command"), body: body, write: true}
	return changeWorkers(ctx, c, req, ids)
}

// checkWorkerIDs refuses an empty list or an id that cannot be one, and drops repeats.
func checkWorkerIDs(ids []int64) ([]int64, error) {
	if len(ids) == 0 {
		return nil, fmt.Errorf("%w: no worker given (not sent)", ErrValidation)
	}
	var out []int64
	for _, id := range ids {
		if id <= 0 {
			return nil, fmt.Errorf("%w: worker id %d (not sent)", ErrValidation, id)
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// changeWorkers sends a state-changing request and reads its receipt. A receipt for one worker in the
// single-worker shape (CommandResponse) is given that worker's id.
func changeWorkers(ctx context.Context, c *Client, req request, ids []int64) (CommandsResponse, error) {
	res, err := do(ctx, c, req, decodeCommands)
	if err == nil && len(ids) == 1 {
		for i := range res.Commands {
			if res.Commands[i].WorkerID == 0 {
				res.Commands[i].WorkerID = ids[0]
			}
		}
	}
	return res, err
}

// commandsWire reads CommandsResponse ({id, commands: [{worker_id, commands: [...]}]}) and also
// CommandResponse ({id, commands: [{id, command}]}), whose entries are commands themselves.
type commandsWire struct {
	ID       ident          `json:"id"`
	Commands *[]commandWire `json:"commands"`
}

type commandWire struct {
	WorkerID ident         `json:"worker_id"`
	ID       ident         `json:"id"`
	Command  text          `json:"command"`
	Commands []commandWire `json:"commands"`
}

func decodeCommands(status int, body []byte) (CommandsResponse, error) {
	var w commandsWire
	if err := decodeJSON(status, body, &w); err != nil {
		return CommandsResponse{}, err
	}
	if w.ID == 0 && w.Commands == nil {
		return CommandsResponse{}, newBodyError(status, body, errors.New("neither id nor commands"))
	}
	out := CommandsResponse{ID: int64(w.ID)}
	if w.Commands == nil {
		return out, nil
	}
	for _, e := range *w.Commands {
		wc := WorkerCommands{WorkerID: int64(e.WorkerID)}
		if e.WorkerID == 0 && e.Command != "" {
			wc.Commands = append(wc.Commands, QueuedCommand{ID: int64(e.ID), Command: string(e.Command)})
		}
		for _, q := range e.Commands {
			wc.Commands = append(wc.Commands, QueuedCommand{ID: int64(q.ID), Command: string(q.Command)})
		}
		out.Commands = append(out.Commands, wc)
	}
	return out, nil
}
