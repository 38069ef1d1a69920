package coinhive

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"testing"
)

func TestBalanceAnswersTotalsOfKnownUser(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("johnd", 4096, 256)
	a := f.get(t, "/user/balance", params("name", "johnd"))
	wantSuccess(t, a)
	if a.body["name"] != "johnd" || a.int(t, "total") != 4096 || a.int(t, "withdrawn") != 256 || a.int(t, "balance") != 3840 {
		t.Fatalf("balance %v, want the doc's johnd example", a.body)
	}
}

func TestBalanceOfUnknownUserIsUnknownUser(t *testing.T) {
	f := newFixture(t)
	wantError(t, f.get(t, "/user/balance", params("name", "nobody")), "unknown_user")
}

func TestWithdrawLowersBalance(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("johnd", 8192, 0)
	a := f.post(t, "/user/withdraw", params("name", "johnd", "amount", "4096"))
	wantSuccess(t, a)
	if a.body["name"] != "johnd" || a.int(t, "amount") != 4096 {
		t.Fatalf("withdraw answered %v, want name and amount echoed", a.body)
	}
	if u, _ := f.sim.User("johnd"); u != (User{Name: "johnd", Total: 8192, Withdrawn: 4096, Balance: 4096}) {
		t.Fatalf("after withdrawing 4096 of 8192: %+v", u)
	}
}

func TestWithdrawPastBalanceIsRefusedAndBalanceUnchanged(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("johnd", 4096, 256)
	wantError(t, f.post(t, "/user/withdraw", params("name", "johnd", "amount", "3841")), "insufficent_funds")
	if u, _ := f.sim.User("johnd"); u.Balance != 3840 || u.Withdrawn != 256 {
		t.Fatalf("refused withdrawal changed the user: %+v", u)
	}
	wantSuccess(t, f.post(t, "/user/withdraw", params("name", "johnd", "amount", "3840")))
}

func TestWithdrawRefusesInvalidAmountAndUnknownUser(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("johnd", 4096, 0)
	for _, amount := range []string{"-5", "0", "1.5", "lots", "99999999999999999999"} {
		wantError(t, f.post(t, "/user/withdraw", params("name", "johnd", "amount", amount)), "invalid_amount")
	}
	wantError(t, f.post(t, "/user/withdraw", params("name", "nobody", "amount", "1")), "unknown_user")
	if u, _ := f.sim.User("johnd"); u.Withdrawn != 0 {
		t.Fatalf("refused withdrawals changed the user: %+v", u)
	}
}

func TestTopOrdersByTheFieldAsked(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("ann", 100, 90)  // balance 10
	f.sim.AddUser("ben", 300, 0)   // balance 300
	f.sim.AddUser("cat", 200, 150) // balance 50
	for order, want := range map[string][]string{
		"":          {"ben", "cat", "ann"},
		"total":     {"ben", "cat", "ann"},
		"balance":   {"ben", "cat", "ann"},
		"withdrawn": {"cat", "ann", "ben"},
	} {
		p := params()
		if order != "" {
			p.Set("order", order)
		}
		a := f.get(t, "/user/top", p)
		wantSuccess(t, a)
		if got := a.users(t); !slices.Equal(got, want) {
			t.Errorf("order %q: %v, want %v", order, got, want)
		}
	}
	f.sim.AddUser("cat", 200, 199) // balance 1
	if got := f.get(t, "/user/top", params("order", "balance")).users(t); !slices.Equal(got, []string{"ben", "ann", "cat"}) {
		t.Errorf("by balance after cat withdrew: %v", got)
	}
}

func TestTopCountBoundsAndBadOrderAreBadRequest(t *testing.T) {
	f := newFixture(t)
	for i := range 200 {
		f.sim.AddUser(fmt.Sprintf("u%03d", i), int64(i+1), 0)
	}
	if n := len(f.get(t, "/user/top", params()).users(t)); n != 128 {
		t.Fatalf("default top returned %d users, want 128", n)
	}
	top := f.get(t, "/user/top", params("count", "1")).users(t)
	if !slices.Equal(top, []string{"u199"}) {
		t.Fatalf("top 1 = %v, want u199", top)
	}
	if n := len(f.get(t, "/user/top", params("count", "1024")).users(t)); n != 200 {
		t.Fatalf("top 1024 of 200 returned %d", n)
	}
	for _, p := range [][]string{{"count", "0"}, {"count", "1025"}, {"count", "ten"}, {"order", "name"}} {
		wantError(t, f.get(t, "/user/top", params(p...)), "bad_request")
	}
}

func TestListIsAlphabeticalAndSkipsUsersWithoutHashes(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("zoe", 10, 0)
	f.sim.AddUser("adam", 5, 5)
	f.sim.AddUser("idle", 0, 0)
	f.sim.AddUser("mia", 7, 0)
	a := f.get(t, "/user/list", params())
	wantSuccess(t, a)
	if got := a.users(t); !slices.Equal(got, []string{"adam", "mia", "zoe"}) {
		t.Fatalf("list = %v, want adam mia zoe", got)
	}
	if v, ok := a.body["nextPage"]; !ok || v != nil {
		t.Fatalf("nextPage = %#v on the only page, want null", a.body["nextPage"])
	}
}

func TestListPaginatesWithOpaqueNextPage(t *testing.T) {
	f := newFixture(t)
	var want []string
	for i := range 70 {
		name := "user" + strconv.Itoa(1000+i)
		want = append(want, name)
		f.sim.AddUser(name, 1, 0)
	}
	var got []string
	page, pages := "", 0
	for {
		a := f.get(t, "/user/list", params("count", "32", "page", page))
		wantSuccess(t, a)
		pages++
		got = append(got, a.users(t)...)
		if a.body["nextPage"] == nil {
			break
		}
		page = a.body["nextPage"].(string)
		if pages > 5 {
			t.Fatal("list never ends")
		}
	}
	if pages != 3 || !slices.Equal(got, want) {
		t.Fatalf("%d pages with %v, want 3 pages with all 70 users in order", pages, got)
	}
}

func TestListPageSurvivesResetOfItsFirstUser(t *testing.T) {
	f := newFixture(t)
	for i := range 40 {
		f.sim.AddUser(fmt.Sprintf("u%02d", i), 1, 0)
	}
	next := f.get(t, "/user/list", params("count", "32")).body["nextPage"].(string)
	wantSuccess(t, f.post(t, "/user/reset", params("name", "u32")))
	got := f.get(t, "/user/list", params("count", "32", "page", next)).users(t)
	if len(got) != 7 || got[0] != "u33" {
		t.Fatalf("second page after resetting its first user = %v, want u33..u39", got)
	}
}

func TestListRefusesUnknownPageAndCountOutOfRange(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("alice", 1, 0)
	wantError(t, f.get(t, "/user/list", params("page", "not base64!")), "invalid_page")
	wantError(t, f.get(t, "/user/list", params("page", "=")), "invalid_page")
	for _, count := range []string{"31", "8193", "-1", "x"} {
		wantError(t, f.get(t, "/user/list", params("count", count)), "bad_request")
	}
	a := f.get(t, "/user/list", params("page", base64.RawURLEncoding.EncodeToString([]byte("zzz"))))
	wantSuccess(t, a)
	if len(a.users(t)) != 0 {
		t.Fatalf("page past the last user = %v, want empty", a.body)
	}
}

func TestResetZeroesTotalAndWithdrawn(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("johnd", 4096, 256)
	f.sim.AddUser("jane", 100, 0)
	wantSuccess(t, f.post(t, "/user/reset", params("name", "johnd")))
	if u, ok := f.sim.User("johnd"); !ok || u != (User{Name: "johnd"}) {
		t.Fatalf("johnd after reset: %+v %v, want known with zeros", u, ok)
	}
	if u, _ := f.sim.User("jane"); u.Total != 100 {
		t.Fatalf("resetting johnd changed jane: %+v", u)
	}
	wantSuccess(t, f.get(t, "/user/balance", params("name", "johnd")))
}

func TestResetOfUnknownUserSucceedsWithoutCreatingIt(t *testing.T) {
	f := newFixture(t)
	wantSuccess(t, f.post(t, "/user/reset", params("name", "ghost")))
	if _, ok := f.sim.User("ghost"); ok {
		t.Fatal("reset created the user")
	}
}

func TestResetAllZeroesEveryoneAndCountsAffected(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("a", 10, 0)
	f.sim.AddUser("b", 10, 10)
	f.sim.AddUser("c", 0, 0)
	a := f.post(t, "/user/reset-all", params())
	wantSuccess(t, a)
	if a.int(t, "affected") != 2 {
		t.Fatalf("affected = %v, want 2 (c had nothing to reset)", a.body["affected"])
	}
	for _, name := range []string{"a", "b", "c"} {
		if u, _ := f.sim.User(name); u.Total != 0 || u.Withdrawn != 0 {
			t.Fatalf("%s after reset-all: %+v", name, u)
		}
	}
	if a := f.post(t, "/user/reset-all", params()); a.int(t, "affected") != 0 {
		t.Fatalf("second reset-all affected %v, want 0", a.body["affected"])
	}
}
