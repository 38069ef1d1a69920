package coinhive

import (
	"strings"
	"testing"
)

func TestLinkCreateReturnsCnhvShortlink(t *testing.T) {
	f := newFixture(t)
	target := "https://en.wikipedia.org/wiki/Monero_(cryptocurrency)"
	a := f.post(t, "/link/create", params("url", target, "hashes", "1024"))
	wantSuccess(t, a)
	short, _ := a.body["url"].(string)
	if !strings.HasPrefix(short, "https://cnhv.co/") || len(short) <= len("https://cnhv.co/") {
		t.Fatalf("url = %q, want a cnhv.co shortlink", short)
	}
	l, ok := f.sim.Link(short)
	if !ok || l.Target != target || l.Hashes != 1024 || !l.Created.Equal(day) {
		t.Fatalf("stored link %+v %v", l, ok)
	}
	again := f.post(t, "/link/create", params("url", target, "hashes", "1024")).body["url"]
	if again == short {
		t.Fatal("two links got the same shortlink")
	}
}

func TestLinkCreateRefusesTargetThatIsNotHTTP(t *testing.T) {
	f := newFixture(t)
	for _, target := range []string{"ftp://example.org/", "javascript:alert(1)", "example.org", "https://", "/relative"} {
		wantError(t, f.post(t, "/link/create", params("url", target, "hashes", "1")), "invalid_url")
	}
	for _, hashes := range []string{"0", "-3", "many"} {
		wantError(t, f.post(t, "/link/create", params("url", "http://example.org", "hashes", hashes)), "bad_request")
	}
}
