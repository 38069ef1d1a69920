package farm

import (
	"errors"
	"strings"
	"testing"

	"pitboss/apiclients/hiveos"
	"pitboss/bot"
)

func ptr(s string) *string { return &s }

func TestParseRocketReadsRigsAndSettings(t *testing.T) {
	cases := []struct {
		in   string
		want rocketArgs
	}{
		{"rig01 miner=t-rex", rocketArgs{rigs: []string{"rig01"}, miner: ptr("t-rex")}},
		{"rig01,rig02 rig03 MINER=t-rex miner2=0", rocketArgs{rigs: []string{"rig01", "rig02", "rig03"}, miner: ptr("t-rex"), miner2: ptr("0")}},
		{"all wallet=ETH oc=804", rocketArgs{rigs: []string{"all"}, wallet: ptr("ETH"), oc: ptr("804")}},
		{" 10256,,10257, oc=eco ", rocketArgs{rigs: []string{"10256", "10257"}, oc: ptr("eco")}},
	}
	for _, c := range cases {
		got, err := parseRocket(c.in)
		if err != nil || strings.Join(got.rigs, ",") != strings.Join(c.want.rigs, ",") || !same(got.miner, c.want.miner) ||
			!same(got.miner2, c.want.miner2) || !same(got.wallet, c.want.wallet) || !same(got.oc, c.want.oc) {
			t.Errorf("%q: %+v %v", c.in, got, err)
		}
	}
}

func same(a, b *string) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func TestResolveTurnsNamesIntoIDs(t *testing.T) {
	cat := &catalog{
		rigs:    []hiveos.Rig{{ID: "10256", Name: "rig01"}, {ID: "10257", Name: "rig02"}, {ID: "10258", Name: "Rig 03"}},
		wallets: []hiveos.Wallet{{ID: 107800, Name: "ETH - Ethermine"}, {ID: 107801, Name: "ETH - Nanopool"}, {ID: 107803, Name: "RVN"}},
		ocs:     []hiveos.OCProfile{{ID: 800, Name: "1070 eth"}, {ID: 804, Name: "eco"}},
	}
	p, err := cat.resolve(rocketArgs{rigs: []string{"RIG02", "10256", "rig02"}, wallet: ptr("rvn"), oc: ptr("800")})
	if err != nil || strings.Join(p.RigIDs, ",") != "10257,10256" || *p.WalletID != 107803 || *p.OCID != 800 {
		t.Fatalf("%+v %v", p, err)
	}
	all, err := cat.resolve(rocketArgs{rigs: []string{"ALL"}, miner: ptr("t-rex")})
	if err != nil || len(all.RigIDs) != 3 || all.WalletID != nil || all.OCID != nil {
		t.Fatalf("all: %+v %v", all, err)
	}
	for _, bad := range []rocketArgs{
		{rigs: []string{"rig0"}, miner: ptr("x")},          // ambiguous
		{rigs: []string{"rig9"}, miner: ptr("x")},          // unknown
		{rigs: []string{"rig01"}, wallet: ptr("ETH")},      // ambiguous wallet
		{rigs: []string{"rig01"}, oc: ptr("fast")},         // unknown profile
		{rigs: []string{"rig01"}, wallet: ptr("<script>")}, // escaped in the reply
	} {
		_, err := cat.resolve(bad)
		var ue *bot.UserError
		if !errors.As(err, &ue) || strings.Contains(ue.Msg, "<script>") {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}

// FuzzParseRocket: any text is either arguments with rigs and something to change, or a user error.
func FuzzParseRocket(f *testing.F) {
	for _, s := range []string{"rig01 miner=t-rex", "all miner2=0 wallet=1 oc=2", "a,b,,c oc=x", "=", "miner=", "rig01 miner=a miner=b", "x y=z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		ra, err := parseRocket(in)
		if err != nil {
			var ue *bot.UserError
			if !errors.As(err, &ue) {
				t.Fatalf("%q: not a user error: %v", in, err)
			}
			return
		}
		if len(ra.rigs) == 0 || (ra.miner == nil && ra.miner2 == nil && ra.wallet == nil && ra.oc == nil) {
			t.Fatalf("%q: accepted without rigs or settings: %+v", in, ra)
		}
		for _, r := range ra.rigs {
			if r == "" || strings.ContainsAny(r, ", \t\n") {
				t.Fatalf("%q: rig %q", in, r)
			}
		}
		for _, m := range []*string{ra.miner, ra.miner2} {
			if m != nil && !minerRE.MatchString(*m) {
				t.Fatalf("%q: miner %q", in, *m)
			}
		}
	})
}
