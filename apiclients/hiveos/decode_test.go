package hiveos

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"pitboss/apiclients/internal/httpx"
)

func TestDecodeCurrentStatsReadsTheReferenceBody(t *testing.T) {
	got, err := decodeCurrentStats(200, []byte(referenceStats))
	if err != nil {
		t.Fatal(err)
	}
	want := &CurrentStats{
		RedTemp: 80, HasRedTemp: true, Algos: []string{"ethash"},
		Rigs: []RigStats{
			{ID: "10256", Miner: "claymore", Algo: "ethash", WalletID: 107800, WalletName: "ETH - Ethermine",
				LastUpdate: time.Unix(1520339123, 0).UTC(), Online: true, HashKHs: 125430, PowerW: 870,
				GPUs: []GPUStats{{0, 61, 70, 41800, 0}, {1, 64, 75, 41900, 0}, {2, 58, 65, 41730, 0}}},
			{ID: "10257", Miner: "ewbf", WalletID: 107801, WalletName: "ZEC - Flypool", LastUpdate: time.Unix(1520330000, 0).UTC()},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}

func TestDecodeCurrentStatsToleratesTheShapesTheAPIMaySend(t *testing.T) {
	got, err := decodeCurrentStats(200, []byte(oddStats))
	if err != nil {
		t.Fatal(err)
	}
	if !got.HasRedTemp || got.RedTemp != 85 || len(got.Algos) != 0 {
		t.Fatalf("red temp %v/%v algos %v", got.RedTemp, got.HasRedTemp, got.Algos)
	}
	ids := []string{}
	for _, r := range got.Rigs {
		ids = append(ids, r.ID)
	}
	if !reflect.DeepEqual(ids, []string{"9", "10", "11", "abc"}) {
		t.Fatalf("rig order %v, want numeric ids first by value", ids)
	}
	small := got.Rigs[0]
	wantSmall := RigStats{ID: "9", Name: "small", Miner: "ethminer", Algo: "ethash", WalletID: 107802,
		LastUpdate: time.Unix(1520339000, 0).UTC(), Online: true, HashKHs: 60000, PowerW: 210.5,
		GPUs: []GPUStats{{0, 60, 40, 30000, 0}, {1, 61, 45, 30000, 0}, {2, 0, 50, 0, 0}}}
	if !reflect.DeepEqual(small, wantSmall) {
		t.Fatalf("raw_stats-only rig\n got  %+v\n want %+v", small, wantSmall)
	}
	ten := got.Rigs[1]
	if !ten.Online || ten.HashKHs != 86000 || len(ten.GPUs) != 4 || ten.GPUs[0] != (GPUStats{0, 70, 80, 20000, 0}) ||
		ten.GPUs[1] != (GPUStats{1, 0, 0, 21000, 0}) || ten.GPUs[3] != (GPUStats{3, 0, 0, 23000, 0}) {
		t.Fatalf("rig with unequal arrays and no hash total: %+v", ten)
	}
	if r := got.Rigs[2]; r.Online || len(r.GPUs) != 0 {
		t.Fatalf("rig with raw_stats [] (PHP's empty, falsy array) should be offline: %+v", r)
	}
	if r := got.Rigs[3]; r.Online || !r.LastUpdate.IsZero() || r.GPUs != nil {
		t.Fatalf("rig with false stats should be offline, never seen: %+v", r)
	}
}

func TestRedTempIsOptional(t *testing.T) {
	for body, want := range map[string]float64{
		`{"result":{"rigs":{}}}`:                          0,
		`{"result":{"user":null,"rigs":{}}}`:              0,
		`{"result":{"user":{"red_temp":null},"rigs":{}}}`: 0,
		`{"result":{"user":{"red_temp":"{"},"rigs":{}}}`:  0, // what a forum user saw
		`{"result":{"user":{"red_temp":0},"rigs":{}}}`:    0,
		`{"result":{"user":{"red_temp":"78"},"rigs":{}}}`: 78,
		`{"result":{"user":{"red_temp":82.5}}}`:           82.5,
	} {
		got, err := decodeCurrentStats(200, []byte(body))
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if got.RedTemp != want || got.HasRedTemp != (want > 0) {
			t.Fatalf("%s: red temp %v/%v, want %v", body, got.RedTemp, got.HasRedTemp, want)
		}
	}
}

func TestEmptyFarmMayComeAsPHPArrays(t *testing.T) {
	for _, body := range []string{`{"result":[]}`, `{"result":{"summary":[],"user":[],"rigs":[]}}`, `{"result":{}}`} {
		got, err := decodeCurrentStats(200, []byte(body))
		if err != nil || len(got.Rigs) != 0 || got.HasRedTemp {
			t.Fatalf("%s: %+v, %v", body, got, err)
		}
	}
	for _, body := range []string{`{"result":[]}`, `{"result":null}`} {
		if rigs, err := decodeRigs(200, []byte(body)); err != nil || len(rigs) != 0 {
			t.Fatalf("getRigs %s: %v, %v", body, rigs, err)
		}
	}
}

func TestDecodeRigsReadsKeysAndTolerantFields(t *testing.T) {
	got, err := decodeRigs(200, []byte(referenceRigs))
	if err != nil {
		t.Fatal(err)
	}
	want := []Rig{
		{ID: "10256", Name: "rig01", Miner: "claymore", WalletID: 107800, WalletName: "ETH - Ethermine", OCID: 800},
		{ID: "10257", Name: "rig02", Miner: "ewbf", WalletID: 107801, WalletName: "ZEC - Flypool"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	odd := `{"result":{"100":{"name":12,"miner2":"0","id_wal":"107800","id_oc":"x","ts_last_update":"1520339123.5"},"20":null,"3":{"miner2":"xmrig","id_wal":1.5}}}`
	got, err = decodeRigs(200, []byte(odd))
	if err != nil {
		t.Fatal(err)
	}
	want = []Rig{
		{ID: "3", Miner2: "xmrig"},
		{ID: "20"},
		{ID: "100", Name: "12", WalletID: 107800, LastUpdate: time.Unix(1520339123, 5e8).UTC()},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}

func TestDecodeRigsAsAListTakesIDsFromTheRows(t *testing.T) {
	got, err := decodeRigs(200, []byte(`{"result":[{"id_rig":"10257","name":"b"},{"id":10256,"name":"a"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "10256" || got[0].Name != "a" || got[1].ID != "10257" {
		t.Fatalf("got %+v", got)
	}
}

func TestDecodeWalletsAndOC(t *testing.T) {
	wallets, err := decodeWallets(200, []byte(referenceWallets))
	if err != nil {
		t.Fatal(err)
	}
	if len(wallets) != 2 || wallets[0] != (Wallet{107800, "ETH - Ethermine", "ETH", "0xabc..."}) || wallets[1].Coin != "ZEC" {
		t.Fatalf("wallets %+v", wallets)
	}
	wallets, err = decodeWallets(200, []byte(`{"result":{"7":{"name":"n","address":"addr"}}}`))
	if err != nil || len(wallets) != 1 || wallets[0] != (Wallet{ID: 7, Name: "n", Address: "addr"}) {
		t.Fatalf("wallet keyed by id without id_wal: %+v, %v", wallets, err)
	}
	ocs, err := decodeOC(200, []byte(referenceOC))
	if err != nil {
		t.Fatal(err)
	}
	if len(ocs) != 1 || ocs[0].ID != 800 || ocs[0].Name != "1070 eth" || string(ocs[0].Raw) != `{"id_oc":800,"name":"1070 eth","nvidia":{"core_clock":"-200","mem_clock":"800"}}` {
		t.Fatalf("OC %+v", ocs)
	}
}

func TestResultOfTheWrongKindIsABodyError(t *testing.T) {
	var body *httpx.BodyError
	if _, err := decodeRigs(200, []byte(`{"result":"ok"}`)); !errors.As(err, &body) {
		t.Fatalf("getRigs result string: %v", err)
	}
	if _, err := decodeCurrentStats(200, []byte(`{"result":42}`)); !errors.As(err, &body) {
		t.Fatalf("getCurrentStats result number: %v", err)
	}
}

func TestDecodeEnvelopeReadsErrorsWhateverTheStatus(t *testing.T) {
	for _, c := range []struct {
		status int
		body   string
		want   RPCError
	}{
		{404, documentedNotFound, RPCError{-32601, "Method not found", 404}},
		{200, methodNotGiven, RPCError{-32601, "method not given", 200}},
		{200, invalidHMAC, RPCError{-32600, "Invalid HMAC", 200}},
		{500, `{"error":{"code":"-32000","message":"Server error"},"result":{"rigs":{}}}`, RPCError{-32000, "Server error", 500}},
		{200, `{"error":"Invalid HMAC"}`, RPCError{0, "Invalid HMAC", 200}},
		{200, `{"error":{}}`, RPCError{0, "(no message)", 200}},
	} {
		_, err := decodeEnvelope(c.status, []byte(c.body))
		var rpc *RPCError
		if !errors.As(err, &rpc) || *rpc != c.want {
			t.Errorf("%d %s: err %v, want %+v", c.status, c.body, err, c.want)
		}
	}
}

func TestDecodeEnvelopeRefusesWhatIsNotJSONRPC(t *testing.T) {
	for _, c := range []struct {
		status int
		body   string
	}{
		{200, ""},
		{200, "  \n"},
		{502, "<html><body>502 Bad Gateway</body></html>"},
		{200, `{"jsonrpc":"2.0","result":{"rigs":{"1":{"stats":{"temp":["6`},
		{200, `[1,2]`},
		{200, `{"jsonrpc":"2.0","id":null}`},
		{404, `{"jsonrpc":"2.0","result":{}}`},
	} {
		_, err := decodeEnvelope(c.status, []byte(c.body))
		var body *httpx.BodyError
		if !errors.As(err, &body) || body.Status != c.status {
			t.Errorf("%d %q: err %v, want a BodyError", c.status, c.body, err)
		}
	}
	for _, ok := range []string{documentedResult, `{"result":true,"error":null}`, `{"result":[],"error":false}`} {
		if _, err := decodeEnvelope(200, []byte(ok)); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}

func TestRPCErrorMatchesSentinelsByCode(t *testing.T) {
	for _, c := range []struct {
		code int
		want error
	}{{-32601, ErrMethodNotFound}, {-32600, ErrAuth}, {-32602, ErrInvalidParams}} {
		err := error(&RPCError{Code: c.code})
		for _, s := range []error{ErrMethodNotFound, ErrAuth, ErrInvalidParams} {
			if errors.Is(err, s) != (s == c.want) {
				t.Errorf("code %d: errors.Is(%v) = %v", c.code, s, errors.Is(err, s))
			}
		}
	}
	if err := error(&RPCError{Code: -1, Message: "whatever"}); errors.Is(err, ErrAuth) || errors.Is(err, ErrMethodNotFound) {
		t.Fatal("an unknown code matched a sentinel")
	}
}

func TestRawStatsDecidesWhetherARigIsOnline(t *testing.T) {
	cases := map[string]bool{
		`{"stats":{"temp":["61"]},"raw_stats":null}`:                  false, // stale stats of a dead rig
		`{"stats":{"temp":["61"]},"raw_stats":false}`:                 false,
		`{"stats":{"temp":["61"]},"raw_stats":{"temp":["61"]}}`:       true,
		`{"stats":null,"raw_stats":{"temp":["61"]}}`:                  true,
		`{"stats":{"temp":["61"]}}`:                                   true, // an answer without raw_stats at all
		`{"ts_last_update":1520330000}`:                               false,
		`{"stats":null,"raw_stats":null,"ts_last_update":1520330000}`: false,
	}
	for row, online := range cases {
		got, err := decodeCurrentStats(200, []byte(`{"jsonrpc":"2.0","id":null,"result":{"rigs":{"1":`+row+`}}}`))
		if err != nil {
			t.Fatalf("%s: %v", row, err)
		}
		if got.Rigs[0].Online != online {
			t.Errorf("%s: online = %v, want %v", row, got.Rigs[0].Online, online)
		}
	}
}
