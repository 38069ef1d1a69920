// Package simhttp holds what every simulated service needs: a loopback server, a record of the requests
// received, injectable faults and a clock a test can move.
package simhttp

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server is a simulator listening on a loopback port.
type Server struct {
	URL string // http://127.0.0.1:PORT
	srv *http.Server
	ln  net.Listener
}

// Serve starts h on 127.0.0.1 on a free port.
func Serve(h http.Handler) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{URL: "http://" + ln.Addr().String(), srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}, ln: ln}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// Close stops the server at once, cutting open connections (long polls included).
func (s *Server) Close() error {
	err := s.srv.Close()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Request is one request as the simulator received it.
type Request struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	Body     []byte
	At       time.Time
}

// Recorder keeps every request that passes through Wrap, so tests can assert on exactly what was sent.
type Recorder struct {
	Now  func() time.Time // nil means time.Now
	mu   sync.Mutex
	reqs []Request
}

// Wrap records each request (with its full body, which the next handler can still read) and passes it on.
func (r *Recorder) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
		now := time.Now
		if r.Now != nil {
			now = r.Now
		}
		r.mu.Lock()
		r.reqs = append(r.reqs, Request{Method: req.Method, Path: req.URL.Path, RawQuery: req.URL.RawQuery,
			Header: req.Header.Clone(), Body: body, At: now()})
		r.mu.Unlock()
		next.ServeHTTP(w, req)
	})
}

// Requests returns a copy of every request received so far, oldest first.
func (r *Recorder) Requests() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Request(nil), r.reqs...)
}

// Last returns the newest request, and false when there is none.
func (r *Recorder) Last() (Request, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reqs) == 0 {
		return Request{}, false
	}
	return r.reqs[len(r.reqs)-1], true
}

// Reset forgets the requests received so far.
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.reqs = nil
	r.mu.Unlock()
}

// Clock is a time source a test can set and move. The zero value reads the real clock until Set is called.
type Clock struct {
	mu  sync.Mutex
	t   time.Time
	set bool
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t, set: true} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.set {
		return time.Now()
	}
	return c.t
}

// Set stops the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t, c.set = t, true
	c.mu.Unlock()
}

// Advance moves a stopped clock forward by d (a real clock is stopped at now+d).
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	if !c.set {
		c.t, c.set = time.Now(), true
	}
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
