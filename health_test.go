package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"testing"
)

func TestHealthzAnswersWhileTheDatabaseDoes(t *testing.T) {
	tg := startTelegram(t)
	cfg := DefaultConfig()
	cfg.Telegram.Token, cfg.Telegram.APIEndpoint = testToken, tg.Endpoint()
	cfg.Database.Path = filepath.Join(t.TempDir(), "p.db")
	cfg.HTTP.Listen = "127.0.0.1:0"
	app, err := newApp(context.Background(), &cfg, slog.New(slog.DiscardHandler), appHooks{})
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
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get(); code != http.StatusOK || body != "ok\n" {
		t.Fatalf("healthz: %d %q", code, body)
	}
	app.store.Close() // the database is gone
	if code, _ := get(); code != http.StatusServiceUnavailable {
		t.Fatalf("healthz with the database closed: %d, want 503", code)
	}
}
