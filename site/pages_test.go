package site

import (
	"testing"
	"time"
)

func TestUserPagesLeadOnlyFromTheirOwnMessage(t *testing.T) {
	var p userPages
	id := p.start(7, "tok1", t0)
	if tok, ok := p.token(id, 7, 99, 1, t0); !ok || tok != "tok1" {
		t.Fatalf("before the message is known: %q %v", tok, ok)
	}
	p.sent(id, 42)
	for _, tc := range []struct {
		chat      int64
		msg, page int
	}{{8, 42, 1}, {7, 43, 1}, {7, 42, 2}, {7, 42, -1}} {
		if _, ok := p.token(id, tc.chat, tc.msg, tc.page, t0); ok {
			t.Errorf("chat %d message %d page %d: a token", tc.chat, tc.msg, tc.page)
		}
	}
	if tok, ok := p.token(id, 7, 42, 0, t0); !ok || tok != "" {
		t.Fatalf("page 0: %q %v", tok, ok)
	}
}

func TestUserPagesLearnTheWayOnAndForgetWhatAPageNoLongerLeadsTo(t *testing.T) {
	var p userPages
	id := p.start(7, "tok1", t0)
	p.learn(id, 1, "tok2")
	p.learn(id, 2, "tok3")
	if tok, ok := p.token(id, 7, 0, 3, t0); !ok || tok != "tok3" {
		t.Fatalf("page 3: %q %v", tok, ok)
	}
	p.learn(id, 1, "") // the users changed: page 1 is now the last
	if _, ok := p.token(id, 7, 0, 2, t0); ok {
		t.Fatal("page 2 is still reachable after page 1 became the last")
	}
}

func TestUserPagesExpireWhenUnusedAndStayBounded(t *testing.T) {
	var p userPages
	id := p.start(7, "tok1", t0)
	used := t0.Add(pagesTTL - time.Second)
	if _, ok := p.token(id, 7, 0, 1, used); !ok {
		t.Fatal("expired while in use")
	}
	if _, ok := p.token(id, 7, 0, 1, used.Add(pagesTTL-time.Second)); !ok {
		t.Fatal("the last use did not keep it")
	}
	if _, ok := p.token(id, 7, 0, 1, used.Add(2*pagesTTL)); ok {
		t.Fatal("still there an hour after its last use")
	}
	var ids []uint64
	for i := range maxPageLists + 10 {
		ids = append(ids, p.start(7, "tok", t0.Add(time.Duration(i)*time.Second)))
	}
	if n := len(p.lists); n != maxPageLists {
		t.Fatalf("%d lists kept, want at most %d", n, maxPageLists)
	}
	now := t0.Add(time.Duration(maxPageLists+10) * time.Second)
	if _, ok := p.token(ids[0], 7, 0, 1, now); ok {
		t.Fatal("the oldest list survived")
	}
	if _, ok := p.token(ids[len(ids)-1], 7, 0, 1, now); !ok {
		t.Fatal("the newest list is gone")
	}
}

func TestUserPagesForgetAMessageThatCouldNotBeSent(t *testing.T) {
	var p userPages
	id := p.start(7, "tok1", t0)
	p.sent(id, 0)
	if _, ok := p.token(id, 7, 0, 1, t0); ok {
		t.Fatal("a list without a message still leads somewhere")
	}
}
