package hiveos

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// message is a worker message (reference B.7 WorkerMessage): here, always the report of a command.
type message struct {
	ID      int64
	Title   string
	Type    string // success, info, file, warning, danger
	Time    time.Time
	CmdID   int64
	Command string
	Result  map[string]any
	Payload string
}

// messageJSON is WorkerMessage, or WorkerMessageFull with the payload when with_payload=1.
type messageJSON struct {
	ID            int64          `json:"id"`
	Title         string         `json:"title"`
	Type          string         `json:"type"`
	Time          int64          `json:"time"`
	CmdID         int64          `json:"cmd_id,omitempty"`
	Command       string         `json:"command,omitempty"`
	CommandResult map[string]any `json:"command_result,omitempty"`
	HasPayload    bool           `json:"has_payload"`
	Payload       *string        `json:"payload,omitempty"`
}

func (m message) render(withPayload bool) messageJSON {
	out := messageJSON{ID: m.ID, Title: m.Title, Type: m.Type, Time: m.Time.Unix(), CmdID: m.CmdID, Command: m.Command,
		CommandResult: m.Result, HasPayload: m.Payload != ""}
	if withPayload && m.Payload != "" {
		p := m.Payload
		out.Payload = &p
	}
	return out
}

type paginationJSON struct {
	Total       int `json:"total"`
	Count       int `json:"count"`
	PerPage     int `json:"per_page"`
	CurrentPage int `json:"current_page"`
	TotalPages  int `json:"total_pages"`
}

// newestMessages is the worker's messages, newest first.
func (s *SimV2) newestMessages(workerID int64) []message {
	s.mu.Lock()
	out := slices.Clone(s.messages[workerID])
	s.mu.Unlock()
	slices.Reverse(out)
	return out
}

// listMessages is GET .../messages: newest first, filtered by start_time (Unix seconds) and message_ids,
// paginated with page and per_page (default 15).
func (s *SimV2) listMessages(r *http.Request, f *v2farm, rigID string) reply {
	q := r.URL.Query()
	page, perPage := atoiOr(q.Get("page"), 1), atoiOr(q.Get("per_page"), 15)
	if page < 1 || perPage < 1 || perPage > 1000 {
		return invalidField("per_page", "The per page must be between 1 and 1000.")
	}
	since, _ := strconv.ParseInt(q.Get("start_time"), 10, 64)
	var ids []int64
	for v := range strings.SplitSeq(q.Get("message_ids"), ",") {
		if id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	var match []message
	for _, m := range s.newestMessages(f.workerID(rigID)) {
		if m.Time.Unix() >= since && (len(ids) == 0 || slices.Contains(ids, m.ID)) {
			match = append(match, m)
		}
	}
	from := min((page-1)*perPage, len(match))
	to := min(from+perPage, len(match))
	data := make([]messageJSON, 0, to-from)
	for _, m := range match[from:to] {
		data = append(data, m.render(q.Get("with_payload") == "1"))
	}
	return ok(map[string]any{"data": data, "pagination": paginationJSON{Total: len(match), Count: len(data),
		PerPage: perPage, CurrentPage: page, TotalPages: (len(match) + perPage - 1) / perPage}})
}

// messageCounts is the list item's messages_counts.
func (s *SimV2) messageCounts(workerID int64) map[string]int {
	out := map[string]int{"success": 0, "danger": 0, "warning": 0, "info": 0, "default": 0, "file": 0}
	s.mu.Lock()
	for _, m := range s.messages[workerID] {
		out[m.Type]++
	}
	s.mu.Unlock()
	return out
}

func atoiOr(s string, def int) int {
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}
