package coinhive

import (
	"errors"
	"strings"
	"testing"
)

func TestCreateLinkReturnsTheShortlink(t *testing.T) {
	f := newFixture(t)
	target := "https://en.wikipedia.org/wiki/Monero_(cryptocurrency)"
	short, err := f.client.CreateLink(ctx(t), target, 1024)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(short, "https://cnhv.co/") {
		t.Fatalf("shortlink %q, want https://cnhv.co/...", short)
	}
	if l, ok := f.sim.Link(short); !ok || l.Target != target || l.Hashes != 1024 {
		t.Fatalf("the site holds %+v, %v", l, ok)
	}
}

func TestCreateLinkRefusedByCoinhiveIsErrInvalidURL(t *testing.T) {
	f := newFixture(t)
	// The client only checks the scheme and host; Coinhive may be stricter.
	f.sim.Faults.Inject(simFault200(`{"success":false,"error":"invalid_url"}`))
	if _, err := f.client.CreateLink(ctx(t), "https://example.org/", 1); !errors.Is(err, ErrInvalidURL) {
		t.Fatalf("err = %v, want ErrInvalidURL", err)
	}
}
