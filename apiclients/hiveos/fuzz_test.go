package hiveos

import (
	"errors"
	"math"
	"testing"

	"pitboss/apiclients/internal/httpx"
)

// Every decoder must return a value or an *RPCError / *httpx.BodyError for any body, and never panic.

func addSeeds(f *testing.F, bodies ...string) {
	f.Helper()
	for _, b := range append(bodies, documentedResult, documentedNotFound, methodNotGiven, invalidHMAC,
		"", "null", "[]", "{}", `{"result":null}`, `{"result":[]}`, `{"error":"x"}`, "<html>502</html>",
		`{"jsonrpc":"2.0","result":{"rigs":{"1":{"stats":{"temp":["6`) {
		f.Add(200, []byte(b))
	}
	f.Add(404, []byte(documentedNotFound))
	f.Add(502, []byte("<html>502 Bad Gateway</html>"))
}

func checkErr(t *testing.T, err error) {
	t.Helper()
	var rpc *RPCError
	var body *httpx.BodyError
	if !errors.As(err, &rpc) && !errors.As(err, &body) {
		t.Fatalf("error of an unexpected kind: %T %v", err, err)
	}
}

func finite(t *testing.T, what string, vs ...float64) {
	t.Helper()
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%s is %v", what, v)
		}
	}
}

func FuzzDecodeCurrentStats(f *testing.F) {
	addSeeds(f, referenceStats, oddStats,
		`{"result":{"rigs":{"1":{"stats":{"temp":"61","fan":{"1":"50","0":"40"},"hashes":[1e308,1e308]}}}}}`,
		`{"result":{"user":{"red_temp":"NaN"},"rigs":[{"id_rig":5,"raw_stats":{"miner_stats":{"hs":["Inf"],"hs_units":"ghs"}}}]}}`)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		got, err := decodeCurrentStats(status, body)
		if err != nil {
			checkErr(t, err)
			return
		}
		if got.HasRedTemp != (got.RedTemp > 0) {
			t.Fatalf("red temp %v with HasRedTemp %v", got.RedTemp, got.HasRedTemp)
		}
		finite(t, "red temp", got.RedTemp)
		for i, r := range got.Rigs {
			if i > 0 && compareIDs(got.Rigs[i-1].ID, r.ID) > 0 {
				t.Fatalf("rigs out of order: %q before %q", got.Rigs[i-1].ID, r.ID)
			}
			if !r.Online && (len(r.GPUs) != 0 || r.HashKHs != 0 || r.PowerW != 0) {
				t.Fatalf("offline rig with readings: %+v", r)
			}
			for g, gs := range r.GPUs {
				if gs.Index != g {
					t.Fatalf("GPU %d has index %d", g, gs.Index)
				}
				finite(t, "GPU reading", gs.Temp, gs.Fan)
			}
		}
	})
}

func FuzzDecodeRigs(f *testing.F) {
	addSeeds(f, referenceRigs, `{"result":[{"id_rig":"7"},{"id":3},null,5]}`, `{"result":{"9":{"id_wal":1e300,"ts_last_update":-5}}}`)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		rigs, err := decodeRigs(status, body)
		if err != nil {
			checkErr(t, err)
			return
		}
		for i, r := range rigs {
			if i > 0 && compareIDs(rigs[i-1].ID, r.ID) > 0 {
				t.Fatalf("rigs out of order: %q before %q", rigs[i-1].ID, r.ID)
			}
			if r.WalletID < 0 || r.OCID < 0 || r.Miner2 == "0" {
				t.Fatalf("rig %+v", r)
			}
		}
	})
}

func FuzzDecodeWallets(f *testing.F) {
	addSeeds(f, referenceWallets, `{"result":{"7":{"name":"n","address":"a"},"x":{"id_wal":"8"}}}`)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		wallets, err := decodeWallets(status, body)
		if err != nil {
			checkErr(t, err)
			return
		}
		for i := 1; i < len(wallets); i++ {
			if wallets[i-1].ID > wallets[i].ID {
				t.Fatalf("wallets out of order: %d before %d", wallets[i-1].ID, wallets[i].ID)
			}
		}
	})
}

func FuzzDecodeOC(f *testing.F) {
	addSeeds(f, referenceOC, `{"result":[{"id_oc":801,"name":"a"},{"id":"800"}]}`)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		ocs, err := decodeOC(status, body)
		if err != nil {
			checkErr(t, err)
			return
		}
		for i := 1; i < len(ocs); i++ {
			if ocs[i-1].ID > ocs[i].ID {
				t.Fatalf("profiles out of order: %d before %d", ocs[i-1].ID, ocs[i].ID)
			}
		}
	})
}

func FuzzDecodeMultiRocket(f *testing.F) {
	addSeeds(f, `{"jsonrpc":"2.0","result":true,"id":null}`, `{"jsonrpc":"2.0","result":{"updated":[10256]},"id":null}`,
		`{"jsonrpc":"2.0","error":{"code":-32602,"message":"Wallet not found: 1"},"id":null}`)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		res, err := decodeMultiRocket(status, body)
		if err != nil {
			checkErr(t, err)
			return
		}
		if len(res) == 0 || status < 200 || status > 299 {
			t.Fatalf("success with result %q on HTTP %d", res, status)
		}
	})
}
