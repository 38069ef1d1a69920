package farm

import (
	"errors"
	"testing"
	"time"
)

func ptr[T any](v T) *T { return &v }

func TestApplySetsMinersWalletAndOCOnEveryListedRig(t *testing.T) {
	f := newFarm(t, Options{Rigs: 4, Seed: 1})
	f.Snapshot(t0.Add(time.Hour))
	err := f.Apply([]string{"10256", "10258"}, Change{Miner: ptr("phoenixminer"), Miner2: ptr("xmrig"), WalletID: ptr[int64](107801), OCID: ptr[int64](804)})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"10256", "10258"} {
		r, _ := f.Rig(id)
		if r.Miner != "phoenixminer" || r.Miner2 != "xmrig" || r.WalletID != 107801 || r.OCID != 804 {
			t.Fatalf("rig %s after apply: %+v", id, r)
		}
	}
	if r, _ := f.Rig("10257"); r.Miner2 != "" {
		t.Fatalf("an unlisted rig changed: %+v", r)
	}
	s := rigState(t, f.Snapshot(t0.Add(time.Hour+time.Minute)), "10256")
	if s.WalletName != "ETH - Nanopool" || s.MinerUptime > time.Minute {
		t.Fatalf("snapshot after apply: wallet %q, miner up %v", s.WalletName, s.MinerUptime)
	}
}

func TestApplyOnlyChangesTheGivenFields(t *testing.T) {
	f := newFarm(t, Options{Rigs: 1, Seed: 1})
	before, _ := f.Rig("10256")
	if err := f.Apply([]string{"10256"}, Change{OCID: ptr[int64](800)}); err != nil {
		t.Fatal(err)
	}
	after, _ := f.Rig("10256")
	before.OCID = 800
	if after != before {
		t.Fatalf("after %+v, want %+v", after, before)
	}
}

func TestApplyMiner2ZeroRemovesTheSecondMiner(t *testing.T) {
	f := newFarm(t, Options{Rigs: 1, Seed: 1})
	if err := f.Apply([]string{"10256"}, Change{Miner2: ptr("ewbf")}); err != nil {
		t.Fatal(err)
	}
	if err := f.Apply([]string{"10256"}, Change{Miner2: ptr("0")}); err != nil {
		t.Fatal(err)
	}
	if r, _ := f.Rig("10256"); r.Miner2 != "" {
		t.Fatalf("miner2 %q after unsetting", r.Miner2)
	}
}

func TestApplyWalletOfAnotherAlgorithmChangesTheHashrate(t *testing.T) {
	f := newFarm(t, Options{Rigs: 1, GPUsPerRig: 8, Seed: 1})
	if err := f.Apply([]string{"10256"}, Change{WalletID: ptr[int64](107800), OCID: ptr[int64](804)}); err != nil {
		t.Fatal(err)
	}
	eth := f.Snapshot(t0).Rigs[0]
	if err := f.Apply([]string{"10256"}, Change{WalletID: ptr[int64](107803)}); err != nil {
		t.Fatal(err)
	}
	rvn := f.Snapshot(t0).Rigs[0]
	if rvn.Algo != "x16r" || eth.Algo != "ethash" || rvn.HashKHs >= eth.HashKHs {
		t.Fatalf("ethash %.0f kH/s, then %s %.0f kH/s", eth.HashKHs, rvn.Algo, rvn.HashKHs)
	}
}

func TestApplyWithAnUnknownIDChangesNoRig(t *testing.T) {
	f := newFarm(t, Options{Rigs: 3, Seed: 1})
	before := f.Rigs()
	for name, c := range map[string]struct {
		ids    []string
		change Change
		want   error
	}{
		"unknown rig among known": {[]string{"10256", "99999"}, Change{Miner: ptr("t-rex")}, ErrUnknownRig},
		"no rig":                  {nil, Change{Miner: ptr("t-rex")}, ErrUnknownRig},
		"unknown wallet":          {[]string{"10256"}, Change{WalletID: ptr[int64](1)}, ErrUnknownWallet},
		"unknown OC":              {[]string{"10256"}, Change{OCID: ptr[int64](0)}, ErrUnknownOC},
		"unknown miner":           {[]string{"10256"}, Change{Miner: ptr("notaminer")}, ErrUnknownMiner},
		"unknown second miner":    {[]string{"10256"}, Change{Miner2: ptr("notaminer")}, ErrUnknownMiner},
		"nothing to change":       {[]string{"10256"}, Change{}, ErrNoChange},
	} {
		if err := f.Apply(c.ids, c.change); !errors.Is(err, c.want) {
			t.Errorf("%s: err %v, want %v", name, err, c.want)
		}
	}
	after := f.Rigs()
	for i := range before {
		if before[i] != after[i] {
			t.Fatalf("rig %s changed by a refused apply: %+v -> %+v", before[i].ID, before[i], after[i])
		}
	}
}
