package hiveos2

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"pitboss/apiclients/internal/httpx"
)

func TestReferenceFarmDecodesInSIUnits(t *testing.T) {
	farms, err := decodeFarms(200, []byte(referenceFarms))
	if err != nil {
		t.Fatal(err)
	}
	want := Farm{ID: 1631951, Name: "Test farm", Timezone: "UTC", Role: "owner", GPURedTemp: 72, GPURedFan: 90, GPURedMemTemp: 60,
		WorkersCount: 10,
		Stats: FarmStats{WorkersTotal: 10, WorkersOnline: 8, WorkersOffline: 2, WorkersOverheated: 1, GPUsTotal: 32, GPUsOnline: 24,
			GPUsOffline: 8, GPUsOverheated: 3, PowerDraw: 4532, ASR: 99.9},
		Hashrates: []AlgoRate{{Algo: "ethash", Coin: "ETH", Rate: 182859000}}}
	if len(farms) != 1 || !reflect.DeepEqual(farms[0], want) {
		t.Fatalf("got %+v\nwant %+v", farms, want)
	}
}

func TestReferenceWorkerDecodesWithGPUsMatchedByBus(t *testing.T) {
	workers, err := decodeWorkers(200, []byte(referenceWorkers))
	if err != nil {
		t.Fatal(err)
	}
	want := Worker{ID: 5708266, Name: "rig01", Platform: 1, Active: true, RedTemp: 72, RedFan: 90, RedMemTemp: 100,
		Online: true, StatsTime: time.Unix(1654003600, 0).UTC(), MinerStart: time.Unix(1654000100, 0).UTC(), PowerDraw: 304,
		Overheated: true, Problems: []string{"overheat"},
		Hashrates: []AlgoRate{{Algo: "ethash", Coin: "ETH", Miner: "phoenixminer", Rate: 92165000}},
		GPUs: []GPU{
			{Index: 0, BusNumber: 1, BusID: "01:00.0", Temp: 70, Fan: 40, MemTemp: 88, Power: 101, Hash: 30722000},
			{Index: 1, BusNumber: 2, BusID: "02:00.0", Temp: 74, Fan: 42, MemTemp: 96, Power: 102, Hash: 30709000, Overheated: true},
			{Index: 2, BusNumber: 3, BusID: "03:00.0", Temp: 69, Fan: 45, MemTemp: 86, Power: 101, Hash: 30734000},
		},
		FlightSheet: &FlightSheetRef{ID: 123, Name: "ETH"}}
	if len(workers) != 1 || !reflect.DeepEqual(workers[0], want) {
		t.Fatalf("got %+v\nwant %+v", workers, want)
	}
	one, err := decodeWorker(200, []byte(referenceWorker))
	if err != nil || !reflect.DeepEqual(one, want) {
		t.Fatalf("detail: %+v, %v", one, err)
	}
}

func TestOddWorkersLoseOnlyTheirOddValues(t *testing.T) {
	workers, err := decodeWorkers(200, []byte(oddWorkers))
	if err != nil {
		t.Fatal(err)
	}
	if len(workers) != 3 {
		t.Fatalf("%d workers, want the three with an id: %+v", len(workers), workers)
	}
	odd := workers[0]
	wantRates := []AlgoRate{{Algo: "ethash", Coin: "ETH", Miner: "lolminer", Rate: 6e7}, {Algo: "zil", Coin: "ZIL", Miner: "lolminer", Dual: true, Rate: 1e6}}
	if odd.ID != 42 || odd.Name != "123" || odd.Active || odd.RedTemp != 80 || !odd.Online || odd.PowerDraw != 350.5 ||
		!reflect.DeepEqual(odd.Problems, []string{"overheat"}) || !reflect.DeepEqual(odd.Hashrates, wantRates) || odd.FlightSheet != nil {
		t.Fatalf("odd worker %+v", odd)
	}
	wantGPUs := []GPU{{Index: 0, BusNumber: 5, Temp: 61, Fan: 40, Hash: 3e7}, {Index: 1, BusNumber: 6, Hash: 3e7}}
	if !reflect.DeepEqual(odd.GPUs, wantGPUs) {
		t.Fatalf("odd GPUs %+v, want %+v (hashes by position)", odd.GPUs, wantGPUs)
	}
	gone := workers[1]
	if gone.Online || gone.GPUs != nil || gone.Hashrates != nil || gone.PowerDraw != 0 || gone.GPUsOffline != 4 ||
		!gone.StatsTime.Equal(time.Unix(1650000000, 0)) {
		t.Fatalf("offline worker with stale readings: %+v", gone)
	}
	if broken := workers[2]; broken.ID != 44 || broken.Online || broken.GPUs != nil {
		t.Fatalf("worker with broken members %+v", broken)
	}
}

func TestMetricsReadValueOrHashrateInHs(t *testing.T) {
	ms, err := decodeMetrics(200, []byte(referenceMetrics))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].Hashrates[0].Rate != 41975600056750 || ms[1].Hashrates[0].Rate != 182859000 || ms[1].Power != 4530 ||
		!ms[0].Time.Equal(time.Unix(1654003500, 0)) || ms[0].GPUs != 24 {
		t.Fatalf("metrics %+v", ms)
	}
}

func TestFlightSheetsCommandsMessagesGPUsAndWalletsDecode(t *testing.T) {
	sheets, err := decodeFlightSheets(200, []byte(referenceSheets))
	if err != nil || len(sheets) != 2 || sheets[0].WorkersCount != 2 || sheets[1].FarmID != 0 || sheets[1].Name != "dual <ETH+ZIL>" ||
		sheets[1].Items[0].DCoin != "ZIL" || sheets[1].Items[0].DWalletID != 2 {
		t.Fatalf("sheets %+v, %v", sheets, err)
	}
	multi, err := decodeCommands(200, []byte(referenceCommands))
	want := CommandsResponse{ID: 6000, Commands: []WorkerCommands{{5001, []QueuedCommand{{6001, "config"}}}, {5002, []QueuedCommand{{6002, "config"}}}}}
	if err != nil || !reflect.DeepEqual(multi, want) {
		t.Fatalf("commands %+v, %v", multi, err)
	}
	single, err := decodeCommands(201, []byte(referenceCommand))
	if err != nil || single.ID != 5001 || single.Commands[0].WorkerID != 0 || single.Commands[0].Commands[0] != (QueuedCommand{5001, "reboot"}) {
		t.Fatalf("single command %+v, %v", single, err)
	}
	msgs, err := decodeMessages(200, []byte(referenceMessages))
	if err != nil || len(msgs) != 1 || msgs[0].CmdID != 6001 || string(msgs[0].CommandResult) != `{"exitcode":0}` || msgs[0].Type != "success" {
		t.Fatalf("messages %+v, %v", msgs, err)
	}
	gpus, err := decodeGPUs(200, []byte(referenceGPUs))
	if err != nil || len(gpus) != 2 || gpus[0].MemTemp != 88 || !gpus[0].HasStats || gpus[1].HasStats || gpus[1].WorkerID != 5708266 {
		t.Fatalf("GPUs %+v, %v", gpus, err)
	}
	wallets, err := decodeWallets(200, []byte(referenceWallets))
	if err != nil || len(wallets) != 1 || wallets[0] != (Wallet{107800, "ETH", "ETH hiveon", "0xabc", "binance", 3, 1}) {
		t.Fatalf("wallets %+v, %v", wallets, err)
	}
}

func TestAuthTokensDecode(t *testing.T) {
	tok, err := decodeAuthToken(200, []byte(referenceAuthToken))
	if err != nil || tok.ttl != 24*time.Hour || tok.token != "eyJ0eXAiOiJKV1QiLCJhbGciOi..." {
		t.Fatalf("login token %+v, %v", tok, err)
	}
	if tok, err := decodeAuthToken(200, []byte(referencePersonal)); err != nil || tok.ttl != 329229200*time.Second {
		t.Fatalf("ten-year token %+v, %v", tok, err)
	}
	if tok, err := decodeAuthToken(200, []byte(`{"access_token":"x"}`)); err != nil || tok.ttl != maxTTL {
		t.Fatalf("token without a TTL %+v, %v", tok, err)
	}
	_, err = decodeAuthToken(200, []byte(`{"access_token":"abcdef0123456789secret","expires_in":`))
	if !errors.Is(err, ErrBadAnswer) || strings.Contains(err.Error(), "abcdef0123456789secret") {
		t.Fatalf("cut-off answer: %v", err)
	}
	if _, err := decodeAuthToken(200, []byte(`{"token_type":"bearer"}`)); !errors.Is(err, ErrBadAnswer) {
		t.Fatalf("no token: %v", err)
	}
}

func TestErrorBodiesMatchTheirSentinels(t *testing.T) {
	for _, c := range []struct {
		name   string
		status int
		body   string
		is     []error
		isNot  []error
	}{
		{"422 with fields", 422, referenceValidation, []error{ErrValidation}, []error{ErrBadAnswer, ErrUnavailable, ErrForbidden}},
		{"403 needing 2FA", 403, referenceTwoFA, []error{ErrForbidden, ErrTwoFARequired}, []error{ErrBadAnswer}},
		{"404", 404, referenceNoWorker, []error{ErrNotFound}, []error{ErrValidation}},
		{"401 without a body", 401, "", []error{ErrUnauthenticated, ErrBadAnswer}, []error{ErrUnavailable}},
		{"403 nginx page", 403, "<html>403 Forbidden</html>", []error{ErrForbidden, ErrBadAnswer}, []error{ErrTwoFARequired}},
		{"429", 429, referenceRateLimit, []error{ErrRateLimited, ErrUnavailable}, []error{ErrBadAnswer}},
		{"502 page", 502, "<html>502</html>", []error{ErrBadAnswer, ErrUnavailable}, nil},
		{"500 in JSON", 500, `{"message":"Server Error"}`, []error{ErrBadAnswer, ErrUnavailable}, nil},
	} {
		_, err := decodeWorkers(c.status, []byte(c.body))
		var api *APIError
		if !errors.As(err, &api) || api.Status != c.status {
			t.Errorf("%s: %v, want an APIError", c.name, err)
			continue
		}
		for _, want := range c.is {
			if !errors.Is(err, want) {
				t.Errorf("%s: %v does not match %v", c.name, err, want)
			}
		}
		for _, not := range c.isNot {
			if errors.Is(err, not) {
				t.Errorf("%s: %v matches %v", c.name, err, not)
			}
		}
	}
	_, err := decodeWorkers(422, []byte(referenceValidation))
	if api := (*APIError)(nil); !errors.As(err, &api) || !reflect.DeepEqual(api.Fields["field2"], []string{"The field2 must be a string"}) ||
		!strings.Contains(err.Error(), "field1: The field1 is required") {
		t.Fatalf("field errors: %v", err)
	}
}

func TestAnswersThatAreNotTheDocumentedJSONAreBadAnswers(t *testing.T) {
	for name, body := range map[string]string{
		"empty":              "",
		"blank":              " \n",
		"not JSON":           "<html>ok</html>",
		"cut off":            `{"data":[{"id":1,"na`,
		"a list, not object": `[{"id":1}]`,
		"no data":            `{}`,
		"data not a list":    `{"data":{"1":{"id":1}}}`,
		"data null":          `{"data":null}`,
	} {
		_, err := decodeWorkers(http.StatusOK, []byte(body))
		var be *httpx.BodyError
		if !errors.Is(err, ErrBadAnswer) || !errors.As(err, &be) || be.Status != 200 {
			t.Errorf("%s: err %v, want a BodyError", name, err)
		}
	}
	for _, status := range []int{101, 302} {
		if _, err := decodeWorkers(status, []byte(referenceWorkers)); !errors.Is(err, ErrBadAnswer) {
			t.Errorf("HTTP %d: err %v, want ErrBadAnswer", status, err)
		}
	}
	for name, decode := range map[string]func() error{
		"farm without id":    func() error { _, err := decodeFarm(200, []byte(`{"name":"x"}`)); return err },
		"worker without id":  func() error { _, err := decodeWorker(200, []byte(`{"name":"x"}`)); return err },
		"receipt of nothing": func() error { _, err := decodeCommands(200, []byte(`{"ok":true}`)); return err },
	} {
		if err := decode(); !errors.Is(err, ErrBadAnswer) {
			t.Errorf("%s: err %v, want ErrBadAnswer", name, err)
		}
	}
}

func TestLenientLeavesTakeWhatTheyCan(t *testing.T) {
	for in, want := range map[string]float64{`61`: 61, `"61"`: 61, `" 61.5 "`: 61.5, `null`: 0, `""`: 0, `true`: 0, `"NaN"`: 0,
		`"Inf"`: 0, `1e999`: 0, `"abc"`: 0, `{}`: 0, `[1]`: 0, `"\u0036\u0031"`: 61, `-3`: -3} {
		if got := parseNum([]byte(in)); got != want {
			t.Errorf("parseNum(%s) = %v, want %v", in, got, want)
		}
	}
	for in, want := range map[string]int64{`7`: 7, `"7"`: 7, `0`: 0, `-7`: 0, `7.5`: 0, `"x"`: 0, `1e300`: 0} {
		var id ident
		if _ = id.UnmarshalJSON([]byte(in)); int64(id) != want {
			t.Errorf("ident(%s) = %d, want %d", in, id, want)
		}
	}
	for in, want := range map[string]flag{`true`: flagTrue, `"1"`: flagTrue, `1`: flagTrue, `false`: flagFalse, `"0"`: flagFalse,
		`null`: flagUnset, `"yes"`: flagUnset} {
		var f flag
		if _ = f.UnmarshalJSON([]byte(in)); f != want {
			t.Errorf("flag(%s) = %d, want %d", in, f, want)
		}
	}
	for in, want := range map[string]string{`"a\"b"`: `a"b`, `12`: "12", `null`: "", `{}`: "", `"<b>&"`: "<b>&"} {
		var tx text
		if _ = tx.UnmarshalJSON([]byte(in)); string(tx) != want {
			t.Errorf("text(%s) = %q, want %q", in, tx, want)
		}
	}
}
