package coinhive

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"

	"pitboss/sim/simhttp"

	simcoinhive "pitboss/sim/coinhive"
)

func TestBalanceReturnsTheUsersHashes(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("johnd", 4096, 256)
	u, err := f.client.Balance(ctx(t), "johnd")
	if err != nil {
		t.Fatal(err)
	}
	if u != (User{Name: "johnd", Total: 4096, Withdrawn: 256, Balance: 3840}) {
		t.Fatalf("Balance = %+v, want the doc's johnd", u)
	}
}

func TestBalanceOfUnknownUserIsErrUnknownUser(t *testing.T) {
	f := newFixture(t)
	_, err := f.client.Balance(ctx(t), "nobody")
	if !errors.Is(err, ErrUnknownUser) {
		t.Fatalf("err = %v, want ErrUnknownUser", err)
	}
}

func TestWithdrawLowersTheBalance(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("johnd", 8192, 0)
	wd, err := f.client.Withdraw(ctx(t), "johnd", 4096)
	if err != nil {
		t.Fatal(err)
	}
	if wd != (Withdrawal{Name: "johnd", Amount: 4096, AmountStated: true}) {
		t.Fatalf("Withdraw = %+v", wd)
	}
	if u, _ := f.client.Balance(ctx(t), "johnd"); u.Balance != 4096 || u.Withdrawn != 4096 {
		t.Fatalf("after withdrawing half: %+v", u)
	}
}

func TestWithdrawPastBalanceIsRefused(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("johnd", 4096, 256)
	_, err := f.client.Withdraw(ctx(t), "johnd", 3841)
	var apiErr *APIError
	if !errors.Is(err, ErrInsufficientFunds) || !errors.As(err, &apiErr) || apiErr.Code != "insufficent_funds" {
		t.Fatalf("err = %v, want insufficent_funds as ErrInsufficientFunds", err)
	}
	if u, _ := f.sim.User("johnd"); u.Balance != 3840 {
		t.Fatalf("refused withdrawal changed the balance: %+v", u)
	}
}

func TestWithdrawFromUnknownUserIsErrUnknownUser(t *testing.T) {
	f := newFixture(t)
	if _, err := f.client.Withdraw(ctx(t), "nobody", 1); !errors.Is(err, ErrUnknownUser) {
		t.Fatalf("err = %v, want ErrUnknownUser", err)
	}
}

func TestTopOrdersByTheFieldAsked(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("ann", 100, 90)
	f.sim.AddUser("ben", 300, 0)
	f.sim.AddUser("cat", 200, 150)
	for order, want := range map[Order][]string{
		"":             {"ben", "cat", "ann"},
		OrderTotal:     {"ben", "cat", "ann"},
		OrderBalance:   {"ben", "cat", "ann"},
		OrderWithdrawn: {"cat", "ann", "ben"},
	} {
		users, err := f.client.Top(ctx(t), 0, order)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(users); !slices.Equal(got, want) {
			t.Errorf("order %q: %v, want %v", order, got, want)
		}
	}
	users, err := f.client.Top(ctx(t), 1, OrderWithdrawn)
	if err != nil || len(users) != 1 || users[0] != (User{Name: "cat", Total: 200, Withdrawn: 150, Balance: 50}) {
		t.Fatalf("top 1 by withdrawn = %+v, %v", users, err)
	}
	r, _ := f.sim.Recorder.Last()
	if q, _ := url.ParseQuery(r.RawQuery); q.Get("count") != "1" || q.Get("order") != "withdrawn" {
		t.Fatalf("query %q, want count=1 and order=withdrawn", r.RawQuery)
	}
}

func TestTopAndListLeaveDefaultsToCoinhive(t *testing.T) {
	f := newFixture(t)
	if _, err := f.client.Top(ctx(t), 0, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.List(ctx(t), 0, ""); err != nil {
		t.Fatal(err)
	}
	for _, r := range f.sim.Recorder.Requests() {
		if q, _ := url.ParseQuery(r.RawQuery); len(q) != 1 {
			t.Fatalf("%s sent %q, want only the secret", r.Path, r.RawQuery)
		}
	}
}

func TestListPagesAlphabetically(t *testing.T) {
	f := newFixture(t)
	addUsers(f.sim, 40)
	f.sim.AddUser("idle", 0, 0)
	first, err := f.client.List(ctx(t), 32, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Users) != 32 || first.Users[0].Name != "u000" || first.NextPage == "" {
		t.Fatalf("first page: %d users from %v, next %q", len(first.Users), names(first.Users)[:1], first.NextPage)
	}
	second, err := f.client.List(ctx(t), 32, first.NextPage)
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Users) != 8 || second.Users[0].Name != "u032" || second.NextPage != "" {
		t.Fatalf("last page: %v, next %q", names(second.Users), second.NextPage)
	}
	r, _ := f.sim.Recorder.Last()
	if q, _ := url.ParseQuery(r.RawQuery); q.Get("page") != first.NextPage {
		t.Fatalf("query %q does not carry the page", r.RawQuery)
	}
}

func TestListOfUnknownPageIsErrInvalidPage(t *testing.T) {
	f := newFixture(t)
	if _, err := f.client.List(ctx(t), 0, "%%%"); !errors.Is(err, ErrInvalidPage) {
		t.Fatalf("err = %v, want ErrInvalidPage", err)
	}
}

func TestAllUsersFollowsNextPageToTheEnd(t *testing.T) {
	f := newFixture(t)
	want := addUsers(f.sim, 70)
	var got []string
	for u, err := range f.client.AllUsers(ctx(t), 32) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, u.Name)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("AllUsers gave %d users, want all %d in order", len(got), len(want))
	}
	if n := f.requests(); n != 3 {
		t.Fatalf("%d requests, want 3 pages", n)
	}
}

func TestAllUsersStopsAtTheFirstErrorAndYieldsIt(t *testing.T) {
	f := newFixture(t)
	addUsers(f.sim, 70)
	var got int
	var errs []error
	for _, err := range f.client.AllUsers(ctx(t), 32) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got++
		if got == 1 {
			// The second page will be refused as Coinhive would refuse a page that has gone.
			f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Status, Status: 200,
				Body: `{"success":false,"error":"invalid_page"}`, Times: 1})
		}
	}
	if got != 32 || len(errs) != 1 || !errors.Is(errs[0], ErrInvalidPage) {
		t.Fatalf("%d users then errors %v, want 32 users then one ErrInvalidPage", got, errs)
	}
}

func TestAllUsersStopsWhenTheCallerBreaks(t *testing.T) {
	f := newFixture(t)
	addUsers(f.sim, 70)
	for range f.client.AllUsers(ctx(t), 32) {
		break
	}
	if n := f.requests(); n != 1 {
		t.Fatalf("%d requests after breaking on the first user, want 1", n)
	}
}

func TestAllUsersRefusesAPageThatRepeats(t *testing.T) {
	f := newFixture(t)
	f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Status, Status: 200,
		Body: `{"success":true,"users":[{"name":"loop","total":1,"withdrawn":0,"balance":1}],"nextPage":"again"}`})
	var got int
	var last error
	for _, err := range f.client.AllUsers(ctx(t), 0) {
		if err != nil {
			last = err
			continue
		}
		got++
	}
	if last == nil || got != 2 || f.requests() != 2 {
		t.Fatalf("%d users, %d requests, err %v: want to stop after reading page \"again\" once", got, f.requests(), last)
	}
}

func TestResetZeroesAUserAndSucceedsForUnknownNames(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("johnd", 4096, 256)
	if err := f.client.Reset(ctx(t), "johnd"); err != nil {
		t.Fatal(err)
	}
	if u, _ := f.sim.User("johnd"); u.Total != 0 || u.Withdrawn != 0 {
		t.Fatalf("after reset: %+v", u)
	}
	if err := f.client.Reset(ctx(t), "ghost"); err != nil {
		t.Fatalf("reset of an unknown name: %v, want success as documented", err)
	}
}

func TestResetAllReportsAffectedUsers(t *testing.T) {
	f := newFixture(t)
	addUsers(f.sim, 5)
	f.sim.AddUser("idle", 0, 0)
	n, err := f.client.ResetAll(ctx(t))
	if err != nil || n != 5 {
		t.Fatalf("ResetAll = %d, %v; want 5", n, err)
	}
	if users, _ := f.client.List(ctx(t), 0, ""); len(users.Users) != 0 {
		t.Fatalf("users still listed after reset-all: %v", names(users.Users))
	}
}

// addUsers adds n users u000, u001, ... with hashes and returns their names.
func addUsers(s *simcoinhive.Sim, n int) []string {
	var out []string
	for i := range n {
		name := fmt.Sprintf("u%03d", i)
		s.AddUser(name, int64(1000+i), int64(i))
		out = append(out, name)
	}
	return out
}

func names(users []User) []string {
	out := []string{}
	for _, u := range users {
		out = append(out, u.Name)
	}
	return out
}

func TestWithdrawSaysWhenTheAmountWasNotStated(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"success":true}`))
	}))
	defer srv.Close()
	wd, err := mustClient(t, srv.URL, testSecret).Withdraw(context.Background(), "johnd", 512)
	if err != nil || wd != (Withdrawal{Name: "johnd", Amount: 512, AmountStated: false}) {
		t.Fatalf("withdrawal %+v, %v", wd, err)
	}
}
