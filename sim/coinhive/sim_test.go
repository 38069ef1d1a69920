package coinhive

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"pitboss/sim/simhttp"
)

// every documented endpoint and whether the doc lists it as POST.
var allEndpoints = []struct {
	path string
	post bool
}{
	{"/token/verify", true}, {"/user/balance", false}, {"/user/withdraw", true}, {"/user/top", false},
	{"/user/list", false}, {"/user/reset", true}, {"/user/reset-all", true}, {"/link/create", true},
	{"/stats/payout", false}, {"/stats/site", false}, {"/stats/history", false},
}

func TestWrongOrMissingSecretIsInvalidSecretOnEveryEndpoint(t *testing.T) {
	f := newFixture(t)
	for _, ep := range allEndpoints {
		for _, p := range []url.Values{{"secret": {"not-the-secret"}}, {}, {"secret": {strings.ToUpper(testSecret)}}} {
			p.Set("name", "alice")
			var a answer
			if ep.post {
				a = f.post(t, ep.path, p)
			} else {
				a = f.get(t, ep.path, p)
			}
			wantError(t, a, "invalid_secret")
		}
	}
}

func TestGetToPostEndpointIsWrongMethod(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("alice", 4096, 0)
	for _, ep := range allEndpoints {
		if ep.post {
			wantError(t, f.get(t, ep.path, params("name", "alice", "amount", "1")), "wrong_method")
		}
	}
	if u, _ := f.sim.User("alice"); u.Withdrawn != 0 || u.Total != 4096 {
		t.Fatalf("a refused GET changed alice: %+v", u)
	}
}

func TestPostToGetEndpointIsAcceptedWithParametersInQueryOrForm(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("johnd", 4096, 256)
	inForm := f.post(t, "/user/balance", params("name", "johnd"))
	wantSuccess(t, inForm)
	inQuery := f.do(t, http.MethodPost, "/user/balance?"+params("name", "johnd").Encode(), "")
	wantSuccess(t, inQuery)
	if inForm.int(t, "balance") != 3840 || inQuery.int(t, "balance") != 3840 {
		t.Fatalf("balances %v and %v, want 3840", inForm.body, inQuery.body)
	}
}

func TestUnknownPathIsHTTP404NotFound(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/user/balances", "/", "/v2/stats/site", "/stats/site/"} {
		a := f.get(t, path, params())
		if a.status != http.StatusNotFound || a.success() || a.err() != "not_found" {
			t.Fatalf("%s: HTTP %d %v, want 404 not_found", path, a.status, a.body)
		}
	}
}

func TestOtherMethodsAreRefused(t *testing.T) {
	f := newFixture(t)
	wantError(t, f.do(t, http.MethodDelete, "/user/reset-all?"+params().Encode(), ""), "wrong_method")
	wantError(t, f.do(t, http.MethodPut, "/stats/site?"+params().Encode(), ""), "bad_request")
}

func TestMalformedFormIsBadRequest(t *testing.T) {
	f := newFixture(t)
	wantError(t, f.do(t, http.MethodPost, "/user/reset", "secret=%zz&name=alice"), "bad_request")
}

func TestMissingInputPerEndpoint(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("alice", 4096, 0)
	tok := f.sim.AddToken("", 1024)
	for _, c := range []struct {
		path string
		p    url.Values
	}{
		{"/token/verify", params("hashes", "1024")},
		{"/token/verify", params("token", tok)},
		{"/user/withdraw", params("amount", "1")},
		{"/user/withdraw", params("name", "alice")},
		{"/user/withdraw", params("name", "alice", "amount", "")},
		{"/user/reset", params()},
		{"/link/create", params("hashes", "256")},
		{"/link/create", params("url", "https://example.org/")},
	} {
		wantError(t, f.post(t, c.path, c.p), "missing_input")
	}
	wantError(t, f.get(t, "/user/balance", params()), "missing_input")
	if u, _ := f.sim.User("alice"); u.Total != 4096 || u.Withdrawn != 0 {
		t.Fatalf("refused calls changed alice: %+v", u)
	}
	// A refused verification leaves the token usable.
	wantSuccess(t, f.post(t, "/token/verify", params("token", tok, "hashes", "1024")))
}

func TestRecorderAndFaultsSitInFrontOfTheAPI(t *testing.T) {
	f := newFixture(t)
	f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Status, Status: http.StatusBadGateway, Times: 1})
	resp, err := http.Get(f.url + "/stats/site?" + params().Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadGateway {
		t.Fatalf("status %d, want the injected 502", resp.StatusCode)
	}
	wantSuccess(t, f.get(t, "/stats/site", params()))
	reqs := f.sim.Recorder.Requests()
	if len(reqs) != 2 || reqs[1].Path != "/stats/site" || !reqs[1].At.Equal(day) {
		t.Fatalf("recorded %+v, want both requests stamped with the sim clock", reqs)
	}
}

func TestConcurrentWithdrawalsNeverOverdraw(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("alice", 1000, 0)
	var wg sync.WaitGroup
	var mu sync.Mutex
	granted := 0
	for range 40 {
		wg.Go(func() {
			resp, err := http.PostForm(f.url+"/user/withdraw", params("name", "alice", "amount", "100"))
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			var a struct{ Success bool }
			if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
				t.Error(err)
				return
			}
			if a.Success {
				mu.Lock()
				granted++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	u, _ := f.sim.User("alice")
	if granted != 10 || u.Withdrawn != 1000 || u.Balance != 0 {
		t.Fatalf("40 withdrawals of 100 from 1000: %d granted, user %+v; want 10 granted, 1000 withdrawn", granted, u)
	}
}
