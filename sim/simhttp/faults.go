package simhttp

import (
	"net/http"
	"sync"
	"time"
)

// FaultKind is what goes wrong with a request.
type FaultKind int

const (
	// Slow delays the answer by Delay, then answers normally (or not at all if the client gave up).
	Slow FaultKind = iota + 1
	// Status answers with Status (e.g. 502) and Body (an nginx page by default) instead of the service.
	Status
	// Malformed answers 200 with a JSON body cut off half-way.
	Malformed
	// Drop closes the connection without an answer.
	Drop
)

// Fault is one injected failure. It applies to the next Times requests (0 means until cleared).
type Fault struct {
	Kind   FaultKind
	Delay  time.Duration
	Status int
	Body   string
	Times  int
}

// Faults injects failures in front of a simulator's handler.
type Faults struct {
	mu    sync.Mutex
	queue []Fault
}

// Inject adds f after any faults already waiting.
func (f *Faults) Inject(fault Fault) {
	f.mu.Lock()
	f.queue = append(f.queue, fault)
	f.mu.Unlock()
}

// Clear removes every waiting fault.
func (f *Faults) Clear() {
	f.mu.Lock()
	f.queue = nil
	f.mu.Unlock()
}

// next takes the fault for one request, if any.
func (f *Faults) next() (Fault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.queue) == 0 {
		return Fault{}, false
	}
	fault := f.queue[0]
	switch {
	case fault.Times == 1:
		f.queue = f.queue[1:]
	case fault.Times > 1:
		f.queue[0].Times--
	}
	return fault, true
}

const nginxBadGateway = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

// Wrap applies the waiting faults to requests before they reach next.
func (f *Faults) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fault, ok := f.next()
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		switch fault.Kind {
		case Slow:
			sleepCtx(r.Context(), fault.Delay)
			if r.Context().Err() != nil {
				return
			}
			next.ServeHTTP(w, r)
		case Status:
			status, body := fault.Status, fault.Body
			if status == 0 {
				status = http.StatusBadGateway
			}
			if body == "" {
				body = nginxBadGateway
				w.Header().Set("Content-Type", "text/html")
			}
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		case Malformed:
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"jsonrpc":"2.0","result":{"rigs":{"1":{"stats":{"temp":["6`))
		case Drop:
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
					return
				}
			}
			panic(http.ErrAbortHandler)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// FailWith makes the next times requests answer HTTP status with body (an nginx error page when body
// is empty); times 0 means until cleared.
func (f *Faults) FailWith(status int, body string, times int) {
	f.Inject(Fault{Kind: Status, Status: status, Body: body, Times: times})
}

// Drop makes the next times requests end with the connection closed and no answer.
func (f *Faults) Drop(times int) { f.Inject(Fault{Kind: Drop, Times: times}) }

// Malform makes the next times requests answer 200 with a JSON body cut off half-way.
func (f *Faults) Malform(times int) { f.Inject(Fault{Kind: Malformed, Times: times}) }

// Delay makes the next times requests wait d (or until the client gives up) before the normal answer.
func (f *Faults) Delay(d time.Duration, times int) {
	f.Inject(Fault{Kind: Slow, Delay: d, Times: times})
}
