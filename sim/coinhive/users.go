package coinhive

import (
	"cmp"
	"encoding/base64"
	"net/url"
	"slices"
	"strings"
	"time"
)

// User is one user's hashes as the site keeps them. Balance is Total - Withdrawn.
type User struct {
	Name      string
	Total     int64
	Withdrawn int64
	Balance   int64
}

type account struct {
	total, withdrawn int64
}

func (a *account) user(name string) User {
	return User{Name: name, Total: a.total, Withdrawn: a.withdrawn, Balance: a.total - a.withdrawn}
}

func (u User) wire() map[string]any {
	return map[string]any{"name": u.Name, "total": u.Total, "withdrawn": u.Withdrawn, "balance": u.Balance}
}

// AddUser creates or replaces a user who has mined total hashes and withdrawn some of them.
func (s *Sim) AddUser(name string, total, withdrawn int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[name] = &account{total: total, withdrawn: withdrawn}
}

// User returns a user's hashes, and false for a name the site has never seen.
func (s *Sim) User(name string) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.users[name]
	if !ok {
		return User{}, false
	}
	return a.user(name), true
}

func (s *Sim) balance(p url.Values, _ time.Time) (reply, apiError) {
	name := p.Get("name")
	if name == "" {
		return nil, errMissingInput
	}
	a, ok := s.users[name]
	if !ok {
		return nil, errUnknownUser
	}
	return a.user(name).wire(), ""
}

func (s *Sim) withdraw(p url.Values, _ time.Time) (reply, apiError) {
	name := p.Get("name")
	amount, present, ok := intParam(p, "amount")
	switch {
	case name == "" || !present:
		return nil, errMissingInput
	case !ok || amount <= 0:
		return nil, errInvalidAmount
	}
	a, known := s.users[name]
	switch {
	case !known:
		return nil, errUnknownUser
	case amount > a.total-a.withdrawn:
		return nil, errInsufficentFunds
	}
	a.withdrawn += amount
	return reply{"name": name, "amount": amount}, ""
}

// orders are the fields /user/top sorts by, largest first.
var orders = map[string]func(User) int64{
	"total":     func(u User) int64 { return u.Total },
	"balance":   func(u User) int64 { return u.Balance },
	"withdrawn": func(u User) int64 { return u.Withdrawn },
}

func (s *Sim) top(p url.Values, _ time.Time) (reply, apiError) {
	count, bad := countParam(p, 128, 1, 1024)
	if bad != "" {
		return nil, bad
	}
	order := p.Get("order")
	if order == "" {
		order = "total"
	}
	key, ok := orders[order]
	if !ok {
		return nil, errBadRequest
	}
	users := s.sortedUsers(func(User) bool { return true })
	// Ties keep alphabetical order, so the answer is the same on every call.
	slices.SortStableFunc(users, func(a, b User) int { return cmp.Compare(key(b), key(a)) })
	users = users[:min(int64(len(users)), count)]
	return reply{"users": wireUsers(users)}, ""
}

// list pages through the users with hashes, alphabetically. nextPage is the next page's first name,
// base64url-encoded, so a page still works after that user is reset.
func (s *Sim) list(p url.Values, _ time.Time) (reply, apiError) {
	count, bad := countParam(p, 4096, 32, 8192)
	if bad != "" {
		return nil, bad
	}
	var from string
	if page := p.Get("page"); page != "" {
		b, err := base64.RawURLEncoding.DecodeString(page)
		if err != nil || len(b) == 0 {
			return nil, errInvalidPage
		}
		from = string(b)
	}
	users := s.sortedUsers(func(u User) bool { return u.Total > 0 && u.Name >= from })
	var next any // null on the last page
	if int64(len(users)) > count {
		next = base64.RawURLEncoding.EncodeToString([]byte(users[count].Name))
		users = users[:count]
	}
	return reply{"users": wireUsers(users), "nextPage": next}, ""
}

func (s *Sim) reset(p url.Values, _ time.Time) (reply, apiError) {
	name := p.Get("name")
	if name == "" {
		return nil, errMissingInput
	}
	// The doc: success is "also true for non-existing users names".
	if a, ok := s.users[name]; ok {
		a.total, a.withdrawn = 0, 0
	}
	return reply{}, ""
}

// resetAll counts as affected the users that had something to reset.
func (s *Sim) resetAll(url.Values, time.Time) (reply, apiError) {
	var affected int64
	for _, a := range s.users {
		if a.total != 0 || a.withdrawn != 0 {
			affected++
		}
		a.total, a.withdrawn = 0, 0
	}
	return reply{"affected": affected}, ""
}

// sortedUsers returns the users that keep, by name. The caller holds s.mu.
func (s *Sim) sortedUsers(keep func(User) bool) []User {
	var users []User
	for name, a := range s.users {
		if u := a.user(name); keep(u) {
			users = append(users, u)
		}
	}
	slices.SortFunc(users, func(a, b User) int { return strings.Compare(a.Name, b.Name) })
	return users
}

func wireUsers(users []User) []map[string]any {
	out := make([]map[string]any, 0, len(users))
	for _, u := range users {
		out = append(out, u.wire())
	}
	return out
}
