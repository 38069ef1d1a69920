package simhttp

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRecorderKeepsBodyForNextHandlerAndFaultsApplyInOrder(t *testing.T) {
	var rec Recorder
	var faults Faults
	h := rec.Wrap(faults.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Write(b)
	})))
	srv, err := Serve(h)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	faults.Inject(Fault{Kind: Status, Status: 503, Times: 2})
	faults.Inject(Fault{Kind: Malformed, Times: 1})
	want := []int{503, 503, 200, 200}
	for i, status := range want {
		resp, err := http.Post(srv.URL+"/p?q=1", "text/plain", strings.NewReader("body"))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != status {
			t.Fatalf("request %d: status %d want %d", i, resp.StatusCode, status)
		}
		if i == 2 && !strings.HasPrefix(string(b), `{"jsonrpc"`) {
			t.Fatalf("request 2 should be malformed JSON, got %q", b)
		}
		if i == 3 && string(b) != "body" {
			t.Fatalf("request 3 echoed %q", b)
		}
	}
	reqs := rec.Requests()
	if len(reqs) != 4 || string(reqs[3].Body) != "body" || reqs[3].RawQuery != "q=1" || reqs[3].Path != "/p" {
		t.Fatalf("recorded %+v", reqs)
	}
}

func TestDropClosesTheConnection(t *testing.T) {
	var faults Faults
	srv, _ := Serve(faults.Wrap(http.NotFoundHandler()))
	defer srv.Close()
	faults.Inject(Fault{Kind: Drop, Times: 1})
	if _, err := http.Get(srv.URL); err == nil {
		t.Fatal("want a connection error")
	}
}

func TestClockAdvances(t *testing.T) {
	base := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	c := NewClock(base)
	c.Advance(90 * time.Second)
	if got := c.Now(); !got.Equal(base.Add(90 * time.Second)) {
		t.Fatalf("now %v", got)
	}
}
