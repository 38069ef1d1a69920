package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"testing"
	"time"
)

func TestHealthzAnswersWhileTheDatabaseDoes(t *testing.T) {
	tg := startTelegram(t)
	cfg := DefaultConfig()
	cfg.Telegram.Token, cfg.Telegram.APIEndpoint = testToken, tg.Endpoint()
	cfg.Database.Path = filepath.Join(t.TempDir(), "p.db")
	cfg.HTTP.Listen = "127.0.0.1:0"
	// Only the bot runs (no schedulers), so that a scheduler starting late, on the database closed below,
	// does not end the app: what is tested is the endpoint.
	app, err := newApp(context.Background(), &cfg, slog.New(slog.DiscardHandler), appHooks{manualPolls: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done; app.Close() })

	get := func() (int, string) {
		resp, err := http.Get("http://" + app.ln.Addr().String() + "/healthz")
		if err != nil {
			select {
			case err := <-done:
				done <- err // for the cleanup
				t.Fatalf("Run ended: %v", err)
			default:
			}
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	var h health
	code, body := get()
	for deadline := time.Now().Add(5 * time.Second); code != http.StatusOK && time.Now().Before(deadline); code, body = get() {
		time.Sleep(20 * time.Millisecond) // the loops start as Run begins
	}
	if err := json.Unmarshal([]byte(body), &h); err != nil || code != http.StatusOK {
		t.Fatalf("healthz: %d %q (%v)", code, body, err)
	}
	if h.Status != "ok" || h.Role != "active" || !h.Store.OK || h.Telegram == nil || !h.Telegram.OK || h.Sender == nil || !h.Sender.OK {
		t.Fatalf("healthz while all is well: %s", body)
	}
	app.store.Close() // the database is gone
	code, body = get()
	h = health{}
	if err := json.Unmarshal([]byte(body), &h); err != nil || code != http.StatusServiceUnavailable {
		t.Fatalf("healthz with the database closed: %d %q, want 503", code, body)
	}
	if h.Status != "failing" || h.Store.OK || h.Store.Error == "" {
		t.Fatalf("healthz with the database closed: %s", body)
	}
}
