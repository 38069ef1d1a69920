package coinhive

import (
	"net/url"
	"time"
)

// shortlinkBase is Coinhive's shortlink domain.
const shortlinkBase = "https://cnhv.co/"

// Link is a shortlink the site created.
type Link struct {
	URL     string // https://cnhv.co/<code>
	Target  string
	Hashes  int64
	Created time.Time
}

// Link returns the shortlink with the given URL, and false when the site never created it.
func (s *Sim) Link(shortURL string) (Link, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.links[shortURL]
	return l, ok
}

func (s *Sim) createLink(p url.Values, now time.Time) (reply, apiError) {
	target := p.Get("url")
	hashes, present, ok := intParam(p, "hashes")
	switch {
	case target == "" || !present:
		return nil, errMissingInput
	case !validTarget(target):
		return nil, errInvalidURL
	case !ok || hashes <= 0:
		return nil, errBadRequest
	}
	var short string
	for short == "" || s.links[short].URL != "" {
		short = shortlinkBase + randomString(5)
	}
	s.links[short] = Link{URL: short, Target: target, Hashes: hashes, Created: now}
	return reply{"url": short}, ""
}

// validTarget is the doc's "a valid http:// or https:// URL".
func validTarget(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
