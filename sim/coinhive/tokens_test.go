package coinhive

import (
	"testing"
	"time"
)

func TestTokenVerifiesOnceThenIsInvalid(t *testing.T) {
	f := newFixture(t)
	tok := f.sim.AddToken("IihNsqfRlZztd42d6vbaD59Z8p3AdCwJ", 1024)
	if tok != "IihNsqfRlZztd42d6vbaD59Z8p3AdCwJ" {
		t.Fatalf("AddToken returned %q, want the name given", tok)
	}
	a := f.post(t, "/token/verify", params("token", tok, "hashes", "1024"))
	wantSuccess(t, a)
	if a.int(t, "hashes") != 1024 || a.int(t, "created") != day.Unix() {
		t.Fatalf("verify answered %v, want hashes 1024 created %d", a.body, day.Unix())
	}
	wantError(t, f.post(t, "/token/verify", params("token", tok, "hashes", "1024")), "invalid_token")
}

func TestTokenExpiresAfterOneHour(t *testing.T) {
	f := newFixture(t)
	fresh := f.sim.AddToken("", 512)
	old := f.sim.AddToken("", 512)
	if len(fresh) != 32 || fresh == old {
		t.Fatalf("generated tokens %q and %q, want two distinct 32-character names", fresh, old)
	}
	f.clock.Advance(time.Hour - time.Second)
	wantSuccess(t, f.post(t, "/token/verify", params("token", fresh, "hashes", "512")))
	f.clock.Advance(time.Second)
	wantError(t, f.post(t, "/token/verify", params("token", old, "hashes", "512")), "invalid_token")
}

func TestTokenBelowRequestedHashesIsInvalidButNotUsedUp(t *testing.T) {
	f := newFixture(t)
	tok := f.sim.AddToken("", 1000)
	wantError(t, f.post(t, "/token/verify", params("token", tok, "hashes", "1024")), "invalid_token")
	a := f.post(t, "/token/verify", params("token", tok, "hashes", "256"))
	wantSuccess(t, a)
	if a.int(t, "hashes") != 1000 {
		t.Fatalf("hashes = %v, want the 1000 recorded for the token", a.body["hashes"])
	}
}

func TestUnknownTokenIsInvalidAndBadHashesIsBadRequest(t *testing.T) {
	f := newFixture(t)
	wantError(t, f.post(t, "/token/verify", params("token", "nope", "hashes", "1")), "invalid_token")
	tok := f.sim.AddToken("", 1)
	wantError(t, f.post(t, "/token/verify", params("token", tok, "hashes", "a lot")), "bad_request")
	wantError(t, f.post(t, "/token/verify", params("token", tok, "hashes", "-1")), "bad_request")
}
