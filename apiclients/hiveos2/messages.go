package hiveos2

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// WorkerMessage is a message in a worker's log (reference B.7). The outcome of a command comes back as
// one: it carries the command's id (CmdID).
type WorkerMessage struct {
	ID      int64     // the message's own id (message_ids)
	Title   string    // the one line the web UI shows, e.g. "Rig config changed"
	Type    string    // "success", "info", "file", "warning" or "danger"
	Time    time.Time // when the rig reported it
	CmdID   int64     // the command it reports on; 0 for none
	Command string    // that command's name
	// CommandResult is the command's result as the service sent it, an object whose members are not
	// documented; nil when none.
	CommandResult json.RawMessage
	HasPayload    bool   // a longer text comes with it, such as a command's output
	Payload       string // that text, only with MessageQuery.WithPayload
}

// MessageQuery chooses the messages. The zero value is the service's first page (15, newest first).
type MessageQuery struct {
	Since       time.Time // only messages from then on (start_time)
	IDs         []int64   // only these (message_ids)
	Page        int       // 1-based; 0 for the first
	PerPage     int       // 0 for the service's default
	WithPayload bool
}

func (q MessageQuery) values() url.Values {
	v := url.Values{}
	if !q.Since.IsZero() {
		v.Set("start_time", strconv.FormatInt(q.Since.Unix(), 10))
	}
	if len(q.IDs) > 0 {
		v.Set("message_ids", joinIDs(q.IDs))
	}
	if q.Page > 0 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	if q.PerPage > 0 {
		v.Set("per_page", strconv.Itoa(q.PerPage))
	}
	if q.WithPayload {
		v.Set("with_payload", "1")
	}
	return v
}

type messageWire struct {
	ID            ident           `json:"id"`
	Title         text            `json:"title"`
	Type          text            `json:"type"`
	Time          num             `json:"time"`
	CmdID         ident           `json:"cmd_id"`
	Command       text            `json:"command"`
	CommandResult json.RawMessage `json:"command_result"`
	HasPayload    flag            `json:"has_payload"`
	Payload       text            `json:"payload"`
}

func decodeMessages(status int, body []byte) ([]WorkerMessage, error) {
	list, err := decodeList[messageWire](status, body)
	if err != nil {
		return nil, err
	}
	out := make([]WorkerMessage, 0, len(list))
	for _, m := range list {
		if m.ID == 0 {
			continue
		}
		wm := WorkerMessage{ID: int64(m.ID), Title: string(m.Title), Type: string(m.Type), Time: unixTime(m.Time),
			CmdID: int64(m.CmdID), Command: string(m.Command), HasPayload: m.HasPayload.is(), Payload: string(m.Payload)}
		if r := bytes.TrimSpace(m.CommandResult); len(r) > 0 && string(r) != "null" {
			wm.CommandResult = append(json.RawMessage(nil), r...)
		}
		out = append(out, wm)
	}
	return out, nil
}

// Messages returns one page of the worker's messages, newest first
// (GET /farms/{id}/workers/{wid}/messages).
func (c *Client) Messages(ctx context.Context, farmID, workerID int64, q MessageQuery) ([]WorkerMessage, error) {
	path := farmPath(farmID, "/workers/"+strconv.FormatInt(workerID, 10)+"/messages")
	return do(ctx, c, request{method: http.MethodGet, path: path, query: q.values()}, decodeMessages)
}
