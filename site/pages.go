package site

import (
	"sync"
	"time"
)

// Coinhive pages its users with an opaque nextPage token of up to kilobytes, which cannot ride in a
// button's 64 bytes of callback data. So the buttons under a /ch_users message carry only a list number
// and a page number, and the tokens stay here, in memory, tied to the chat and the message: a restart
// forgets them, and the buttons then say to run /ch_users again, which is all that is lost.
//
// The list number is given out before the message is sent: a button press is handled at once, not in
// its chat's queue, and could otherwise arrive before the tokens are kept. The message id is added when
// the message is known, and a press on any other message is refused.

// pagesTTL is how long a /ch_users message's buttons keep working after their last use.
const pagesTTL = time.Hour

// maxPageLists bounds the messages remembered; the least recently used is forgotten first.
const maxPageLists = 256

// pageList is what one message's buttons lead to: tokens[i] opens page i ("" for the first).
type pageList struct {
	chat   int64
	msg    int // 0 until the message is sent
	tokens []string
	used   time.Time
}

// userPages is the tokens of every /ch_users message in use. The zero value is ready; it is safe for
// concurrent use.
type userPages struct {
	mu    sync.Mutex
	last  uint64
	lists map[uint64]*pageList
}

// start keeps the tokens of a message about to be sent to chat, whose first page has the nextPage next,
// and returns the list's number for its buttons.
func (p *userPages) start(chat int64, next string, now time.Time) uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.lists == nil {
		p.lists = map[uint64]*pageList{}
	}
	p.expireLocked(now)
	p.last++
	p.lists[p.last] = &pageList{chat: chat, tokens: []string{"", next}, used: now}
	return p.last
}

// sent ties list id to the message that shows it; msg 0 means the message could not be sent.
func (p *userPages) sent(id uint64, msg int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if l := p.lists[id]; l != nil && msg == 0 {
		delete(p.lists, id)
	} else if l != nil {
		l.msg = msg
	}
}

// token is the token that opens page of list id, pressed under message msg of chat; ok is false when
// the list is forgotten, belongs to another message, or never had that page.
func (p *userPages) token(id uint64, chat int64, msg, page int, now time.Time) (tok string, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	l := p.lists[id]
	switch {
	case l == nil || l.chat != chat || (l.msg != 0 && l.msg != msg):
		return "", false
	case now.Sub(l.used) > pagesTTL:
		delete(p.lists, id)
		return "", false
	case page < 0 || page >= len(l.tokens):
		return "", false
	}
	l.used = now
	return l.tokens[page], true
}

// learn records next, the nextPage of page, so that ▶ under it leads on; "" means page is the last.
func (p *userPages) learn(id uint64, page int, next string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	l := p.lists[id]
	if l == nil || page < 0 || page >= len(l.tokens) {
		return
	}
	// Later pages were reached through this page's old token, which the users' changes may have moved.
	l.tokens = l.tokens[:page+1]
	if next != "" {
		l.tokens = append(l.tokens, next)
	}
}

// expireLocked forgets the lists unused for pagesTTL, and the least recently used ones beyond
// maxPageLists-1, to make room for one more.
func (p *userPages) expireLocked(now time.Time) {
	for id, l := range p.lists {
		if now.Sub(l.used) > pagesTTL {
			delete(p.lists, id)
		}
	}
	for len(p.lists) >= maxPageLists {
		var oldest uint64
		for id, l := range p.lists {
			if oldest == 0 || l.used.Before(p.lists[oldest].used) {
				oldest = id
			}
		}
		delete(p.lists, oldest)
	}
}
