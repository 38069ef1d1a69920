package apiclients_test

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"pitboss/sim/simhttp"
)

// service is a simulator served on loopback, with what a test needs to fault it, count what it
// received, and know the moment a request reached it.
type service struct {
	url      string
	faults   *simhttp.Faults
	recorder *simhttp.Recorder
	arrived  chan struct{} // receives (without blocking the simulator) when a request arrives

	mu       sync.Mutex
	idle     sync.Cond // signalled when handling drops to 0
	handling int       // requests the simulator has not finished with
}

func serve(t *testing.T, sim http.Handler, rec *simhttp.Recorder, faults *simhttp.Faults) *service {
	t.Helper()
	s := &service{faults: faults, recorder: rec, arrived: make(chan struct{}, 1)}
	s.idle.L = &s.mu
	srv, err := simhttp.Serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.begin()
		defer s.end()
		select {
		case s.arrived <- struct{}{}:
		default:
		}
		sim.ServeHTTP(w, r)
	}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	s.url = srv.URL
	return s
}

func (s *service) begin() {
	s.mu.Lock()
	s.handling++
	s.mu.Unlock()
}

func (s *service) end() {
	s.mu.Lock()
	if s.handling--; s.handling == 0 {
		s.idle.Broadcast()
	}
	s.mu.Unlock()
}

// assertSentOnce fails unless exactly one request reached path. It first lets the simulator finish with
// the requests it is handling: a client that gave up on an answer may return before the Recorder has
// written its request down.
func (s *service) assertSentOnce(t *testing.T, path string) {
	t.Helper()
	s.mu.Lock()
	for s.handling > 0 {
		s.idle.Wait()
	}
	s.mu.Unlock()
	n := 0
	for _, r := range s.recorder.Requests() {
		if r.Path == path {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%s received %d requests, want exactly 1", path, n)
	}
}

// expiring is a context whose deadline passes when its done channel closes: a timeout that strikes at
// the moment the test chooses rather than after a wait.
type expiring struct {
	context.Context
	done chan struct{}
}

func (e *expiring) Done() <-chan struct{} { return e.done }

func (e *expiring) Err() error {
	select {
	case <-e.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

// deadlineOnArrival is the caller's context whose deadline passes as soon as the request has reached
// the simulator: the answer is lost to a timeout after the request was sent.
func deadlineOnArrival(t *testing.T, s *service) context.Context {
	ctx := &expiring{Context: context.Background(), done: make(chan struct{})}
	go func() {
		select {
		case <-s.arrived:
			close(ctx.done)
		case <-t.Context().Done():
		}
	}()
	return ctx
}
