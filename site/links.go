package site

import (
	"context"
	"encoding/json"
	"fmt"

	"pitboss/bot"
)

// linkParams is a confirmed shortlink.
type linkParams struct {
	URL    string `json:"url"`
	Hashes int64  `json:"hashes"`
}

// link is /ch_link <url> <hashes>. Making a link changes the site (it is Coinhive's state, and a link
// once shared cannot be recalled), so it is confirmed like the other actions.
func (s *Site) link(ctx context.Context, r *bot.Request) error {
	if s.Client == nil {
		return errNoCoinhive
	}
	target, hashes, err := parseLink(r.Args)
	if err != nil {
		return err
	}
	preview := fmt.Sprintf("<b>Make a Coinhive shortlink</b>\nTo: <code>%s</code>\nVisitors solve %s hashes before they get there.",
		bot.Escape(target), count(hashes))
	return s.Control.Propose(ctx, r, "ch_link", linkParams{URL: target, Hashes: hashes}, preview)
}

func (s *Site) executeLink(ctx context.Context, raw json.RawMessage) (string, error) {
	var p linkParams
	if err := decodeParams(raw, &p); err != nil {
		return "", err
	}
	if s.Client == nil {
		return "", errNotConfigured
	}
	short, err := s.Client.CreateLink(ctx, p.URL, p.Hashes)
	if err != nil {
		return "", err
	}
	return "The shortlink is " + bot.Escape(short), nil
}

// verifyParams is a confirmed token verification.
type verifyParams struct {
	Token  string `json:"token"`
	Hashes int64  `json:"hashes"`
}

// verify is /ch_verify <token> <hashes>. It reads like a question, but it is a control action: Coinhive
// verifies a token once and then refuses it, so a verification spends the token that a visitor earned
// and that the site's own back end may still mean to verify. It is confirmed, audited and never retried
// like a withdrawal.
func (s *Site) verify(ctx context.Context, r *bot.Request) error {
	if s.Client == nil {
		return errNoCoinhive
	}
	token, hashes, err := parseVerify(r.Args)
	if err != nil {
		return err
	}
	preview := fmt.Sprintf("<b>Verify a Coinhive token</b>\nToken: <code>%s</code>\nReached: at least %s hashes?\n"+
		"Verifying uses the token up: nobody can verify it again.", bot.Escape(token), count(hashes))
	return s.Control.Propose(ctx, r, "ch_verify", verifyParams{Token: token, Hashes: hashes}, preview)
}

func (s *Site) executeVerify(ctx context.Context, raw json.RawMessage) (string, error) {
	var p verifyParams
	if err := decodeParams(raw, &p); err != nil {
		return "", err
	}
	if s.Client == nil {
		return "", errNotConfigured
	}
	res, err := s.Client.VerifyToken(ctx, p.Token, p.Hashes)
	if err != nil {
		return "", err
	}
	text := fmt.Sprintf("The token is good: it reached %s hashes", count(res.Hashes))
	if !res.Created.IsZero() {
		text += ", and was made at " + res.Created.UTC().Format("2006-01-02 15:04") + " UTC"
	}
	return text + ".", nil
}
