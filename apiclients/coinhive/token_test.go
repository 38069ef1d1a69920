package coinhive

import (
	"errors"
	"net/url"
	"testing"
	"time"
)

func TestVerifyTokenReturnsHashesAndCreationOnce(t *testing.T) {
	f := newFixture(t)
	tok := f.sim.AddToken("IihNsqfRlZztd42d6vbaD59Z8p3AdCwJ", 2048)
	res, err := f.client.VerifyToken(ctx(t), tok, 1024)
	if err != nil {
		t.Fatal(err)
	}
	if res.Hashes != 2048 || !res.Created.Equal(day) {
		t.Fatalf("VerifyToken = %+v, want 2048 hashes created %v", res, day)
	}
	r, _ := f.sim.Recorder.Last()
	if form, _ := url.ParseQuery(string(r.Body)); form.Get("token") != tok || form.Get("hashes") != "1024" {
		t.Fatalf("form %q", r.Body)
	}
	if _, err := f.client.VerifyToken(ctx(t), tok, 1024); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("second verification: err = %v, want ErrInvalidToken", err)
	}
}

func TestVerifyTokenAfterAnHourIsErrInvalidToken(t *testing.T) {
	f := newFixture(t)
	tok := f.sim.AddToken("", 2048)
	f.clock.Advance(time.Hour)
	if _, err := f.client.VerifyToken(ctx(t), tok, 1024); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("err = %v, want ErrInvalidToken for a token an hour old", err)
	}
}

func TestVerifyTokenShortOfHashesIsErrInvalidToken(t *testing.T) {
	f := newFixture(t)
	tok := f.sim.AddToken("", 512)
	if _, err := f.client.VerifyToken(ctx(t), tok, 1024); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("err = %v, want ErrInvalidToken", err)
	}
}
