package main

import (
	"io"
	"log/slog"
)

// newLogger logs text lines to w.
//
// It does not filter secrets out of the lines: the types keep them out. Every credential travels from the
// config to the clients as a secret.String, which logs, prints and marshals as [REDACTED]; the raw text a
// service sends back (URLs, error pages) is cleaned by the clients' transport before it becomes an error;
// and package bot strips the token from the errors of the Bot API library, the one place the token is a
// plain string. A filter over finished lines could only guess: it cannot tell the secret "ab" from the
// "ab" in "unavailable", so it either leaks short values or mangles words.
func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
