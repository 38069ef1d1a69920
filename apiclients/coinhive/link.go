package coinhive

import (
	"context"
	"errors"
	"net/url"
	"strconv"
)

// CreateLink makes a shortlink that sends a visitor to target once they have solved hashes (POST
// /link/create) and returns its URL (https://cnhv.co/...). It is sent once.
func (c *Client) CreateLink(ctx context.Context, target string, hashes int64) (string, error) {
	u, err := url.Parse(target)
	if target == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", invalidArg("target %q is not an http:// or https:// URL", target)
	}
	if hashes <= 0 {
		return "", invalidArg("hashes must be positive, not %d", hashes)
	}
	p := url.Values{"url": {target}, "hashes": {strconv.FormatInt(hashes, 10)}}
	return post(ctx, c, "/link/create", p, decodeLink)
}

var errNoURL = errors.New("success without a url")

func decodeLink(status int, body []byte) (string, error) {
	w, err := decode[struct {
		URL string `json:"url"`
	}](status, body)
	if err != nil {
		return "", err
	}
	if w.URL == "" {
		return "", bodyError(status, body, errNoURL)
	}
	return w.URL, nil
}
