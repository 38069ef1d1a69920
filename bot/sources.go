package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// SourceError is a failed check: Summary is what the chat shows (short, no internals), Err the full
// chain for the log.
type SourceError struct {
	Summary string
	Err     error
}

func (e *SourceError) Error() string { return e.Summary + ": " + e.Err.Error() }
func (e *SourceError) Unwrap() error { return e.Err }

// Source is a service pitboss watches, as /sources shows it.
type Source struct {
	Name    string
	Enabled bool                                      // false: no credentials configured
	Check   func(ctx context.Context) (string, error) // a short detail when it answers
}

// sourceTimeout bounds each source's check; they run at once, so /sources answers within it.
const sourceTimeout = 10 * time.Second

// sources checks every configured service at once and shows which answer.
func (b *Bot) sources(ctx context.Context, r *Request) error {
	if len(b.opts.Sources) == 0 {
		return r.Reply(ctx, "No services are configured. Add their keys to the config file.")
	}
	_ = b.tg.request(ctx, tgbotapi.NewChatAction(r.Chat.ID, tgbotapi.ChatTyping))
	lines := make([]string, len(b.opts.Sources))
	var wg sync.WaitGroup
	for i, s := range b.opts.Sources {
		if !s.Enabled {
			lines[i] = fmt.Sprintf("⚪ <b>%s</b> — off (no credentials)", escape(s.Name))
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, sourceTimeout)
			defer cancel()
			start := b.now()
			detail, err := s.Check(cctx)
			took := b.now().Sub(start).Round(time.Millisecond)
			if err != nil {
				b.log.Warn("source check failed", "source", s.Name, "error", err)
				lines[i] = fmt.Sprintf("🔴 <b>%s</b> — %s", escape(s.Name), escape(sourceErrorText(cctx, err)))
				return
			}
			lines[i] = fmt.Sprintf("🟢 <b>%s</b> — answers in %s", escape(s.Name), took)
			if detail != "" {
				lines[i] += "; " + escape(detail)
			}
		}()
	}
	wg.Wait()
	return r.Reply(ctx, "<b>Sources</b>\n"+strings.Join(lines, "\n"))
}

// sourceErrorText is what the chat sees of a failed check: the check's own summary, never the error
// chain (URLs, addresses, transport details), which goes to the log.
func sourceErrorText(ctx context.Context, err error) string {
	var se *SourceError
	switch {
	case errors.As(err, &se):
		return se.Summary
	case ctx.Err() != nil:
		return fmt.Sprintf("no answer within %s", sourceTimeout)
	}
	return "failing (the details are in the log)"
}
