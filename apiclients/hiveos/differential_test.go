package hiveos

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"pitboss/apiclients/internal/httpx"
	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
)

// FuzzDecodeCurrentStatsMatchesReference holds decodeCurrentStats to referenceDecodeCurrentStats, the
// field-by-field decoder it replaced: for any status and body, the same *CurrentStats, or errors of the
// same kind.
func FuzzDecodeCurrentStatsMatchesReference(f *testing.F) {
	for _, s := range statsSeeds(f) {
		f.Add(s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		got, err := decodeCurrentStats(status, body)
		want, wantErr := referenceDecodeCurrentStats(status, body)
		if msg := sameOutcome(got, err, want, wantErr); msg != "" {
			t.Fatalf("HTTP %d %.300q:\n%s", status, body, msg)
		}
	})
}

// TestDecodeCurrentStatsMatchesReferenceOnSimulatorBodies runs the simulator's renderings through both
// decoders, one rig offline and one overheated, readings as strings and as numbers.
func TestDecodeCurrentStatsMatchesReferenceOnSimulatorBodies(t *testing.T) {
	for _, s := range simulatorSeeds(t) {
		got, err := decodeCurrentStats(s.status, []byte(s.body))
		want, wantErr := referenceDecodeCurrentStats(s.status, []byte(s.body))
		if msg := sameOutcome(got, err, want, wantErr); msg != "" {
			t.Fatalf("%.200s:\n%s", s.body, msg)
		}
		if err != nil || len(got.Rigs) == 0 {
			t.Fatalf("simulator body decoded to %+v, %v", got, err)
		}
	}
}

// oddShapes are answers at the edges of what the scanner must read as encoding/json does.
var oddShapes = []string{
	// encoding/json matches the envelope's members case-insensitively (ſ folds to s); the last one counts.
	`{"RESULT":{"rigs":{"1":{"stats":{}}}}}`, `{"re\u017fult":{"rigs":{"1":{"stats":{}}}}}`, `{"reſult":{}}`,
	`{"result":{"rigs":{"1":{"stats":{}}}},"Result":[]}`, `{"result":[],"result":{"rigs":{"2":{"stats":{}}}}}`,
	`{"result":{"rigs":{"1":{}}},"ERROR":{"code":1e300,"message":"big"}}`, `{"error":null,"error":{"message":"x"}}`,
	`{"result":"x","error":0}`, `{"result":{},"error":""}`, `{"result":{},"error":[]}`, `{"result":{},"error":{}}`,
	// below the envelope keys are case-sensitive, may be escaped, and repeat
	`{"result":{"Rigs":{"1":{"stats":{}}}}}`, `{"result":{"ri\u0067s":{"1":{"st\u0061ts":{"hash":"\u0036\u0031"}}}}}`,
	`{"result":{"rigs":{"1":{"stats":{}}},"rigs":{"2":{"stats":{}}}}}`, `{"result":{"rigs":{"1":{"stats":{}}},"rigs":"x"}}`,
	`{"result":{"rigs":{"5":{"name":"a"},"5":{"name":"b","stats":{}},"007":{},"7":{},"":{"id_rig":"5"},"x":{},"":{"id":"9"}}}}`,
	`{"result":{"rigs":[{"id_rig":"5","name":"a"},{"id":5,"name":"b"},{"name":"none"},{"id_rig":"","id":"3"},7,null]}}`,
	`{"result":{"rigs":{"1":{"raw_stats":{"miner_stats":{"algo":"a"},"miner_stats":null,"temp":[1]},"raw_stats":{"temp":[2]}}}}}`,
	`{"result":{"rigs":{"1":{"stats":{"temp":[1]},"stats":5,"raw_stats":{"temp":[3]}}}}}`,
	`{"result":{"rigs":{"\u0031":{"stats":{}},"\ud800":{"stats":{}},"` + "\xff" + `":{"stats":{}},"é":{"stats":{}}}}}`,
	`{"result":{"rigs":{"1":{"name":"\ud83d\ude00\ud800 ` + "\xff" + `","miner":"` + "\xfe" + `","wallet_name":"a\nb","stats":{}}}}}`,
	// numbers in every shape num reads, or refuses
	`{"result":{"rigs":{"1":{"id_wal":"  7 ","ts_last_update":"0x10","stats":{"hash":"1_000","power":"+5",` +
		`"temp":[" 6","7 ","1e400",1e400,"-0",-0.0],"fan":["inf","NaN","0x1p-2","","\u0035"],"hashes":[true,null,{},[],"1e-400"]}}}}}`,
	`{"result":{"rigs":{"1":{"stats":{"temp":{"10":1,"9":2,"x":3,"09":4,"9":5}}}}}}`,
	`{"result":{"rigs":{"1":{"raw_stats":{"miner_stats":{"hs":[1e308,1e308],"hs_units":"GHS"},"miner_stats2":{"hs":[1e308,-1e308],"hs_units":"ghs"}}}}}}`,
	`{"result":{"user":{"red_temp":"8\u0030"},"summary":{"algo":{"b":1,"a":2,"":"c","":"d"}},"rigs":{}}}`,
	`{"result":{"summary":{"algo":["x",1,null,"x",""]},"rigs":{}}}`, `{"result":{"summary":{"algo":"x"}}}`,
	// white space wherever JSON allows it, and where it does not
	" \t\r\n{ \"result\" : { \"rigs\" : { \"1\" : { \"stats\" : { \"temp\" : [ \"61\" , 62 ] } } } } } \n",
	"{\"result\":{}}\v", "\u00a0{\"result\":{}}", "{\"result\":{}}\x00", "\v", "\u00a0",
	// grammar edges
	`{"result":{"rigs":{"1":{"x":[1,2,]}}}}`, `{"result":{"rigs":{"1":{"x":01}}}}`, `{"result":{"rigs":{"1":{"x":1.}}}}`,
	`{"result":{"rigs":{"1":{"x":-}}}}`, `{"result":{"rigs":{"1":{"x":1e}}}}`, `{"result":{"rigs":{"1":{"x":"\x"}}}}`,
	`{"result":{"rigs":{"1":{"x":"\u12G4"}}}}`, "{\"result\":{\"rigs\":{\"1\":{\"x\":\"\t\"}}}}", `{"result":{},}`,
	`{"result":{}}{}`, `{"result":{"rigs":{"1":{"x":tru}}}}`, `{"result":{"rigs":{"1":{"x":nulll}}}}`, `{"result" {}}`,
	`{"result":{"rigs":{"1":{"x":{"a" 1}}}}}`, `{"result":{"rigs":{"1":{"x":[1:2]}}}}`, `{"result":{"rigs":{"1":{"x":{"a":1]}}}}`,
	`{"result":{"rigs":{"1":{"x":"\uD83D\uDE00","y":-0.5e+3,"z":[true,false,null,{}]}}}}`,
	`{"result":{"rigs":{1:{}}}}`, `{'result':{}}`, `{"result":{"rigs":{"1":{"x":1}}}`, `{"result":{"rigs":{"1":{"x":"1`,
	// nesting at encoding/json's limit of 10,000 levels, and one past it
	`{"result":{"rigs":{"1":{"x":` + strings.Repeat("[", 9996) + strings.Repeat("]", 9996) + `}}}}`,
	`{"result":{"rigs":{"1":{"x":` + strings.Repeat("[", 9997) + strings.Repeat("]", 9997) + `}}}}`,
}

func TestDecodeCurrentStatsMatchesReferenceOnOddShapes(t *testing.T) {
	for _, body := range oddShapes {
		for _, status := range []int{200, 500} {
			got, err := decodeCurrentStats(status, []byte(body))
			want, wantErr := referenceDecodeCurrentStats(status, []byte(body))
			if msg := sameOutcome(got, err, want, wantErr); msg != "" {
				t.Errorf("HTTP %d %.200q:\n%s", status, body, msg)
			}
		}
	}
}

// sameOutcome is "" when both decoders agree, else what differs. Errors agree when they are of the same
// kind; the new decoder hands every error to the reference's own code, so their texts must agree too.
func sameOutcome(got *CurrentStats, err error, want *CurrentStats, wantErr error) string {
	if err != nil || wantErr != nil {
		if errorKind(err) != errorKind(wantErr) {
			return fmt.Sprintf("error %s %v, reference %s %v", errorKind(err), err, errorKind(wantErr), wantErr)
		}
		if err.Error() != wantErr.Error() {
			return fmt.Sprintf("error %q, reference %q", err, wantErr)
		}
		return ""
	}
	if !reflect.DeepEqual(withoutNaNPairs(got, want)) {
		return fmt.Sprintf("got       %+v\nreference %+v", got, want)
	}
	return ""
}

func errorKind(err error) string {
	var rpc *RPCError
	var body *httpx.BodyError
	switch {
	case err == nil:
		return "none"
	case errors.As(err, &rpc):
		return "*RPCError"
	case errors.As(err, &body):
		return "*httpx.BodyError"
	}
	return fmt.Sprintf("%T", err)
}

// withoutNaNPairs zeroes every float that is NaN in both (a sum of readings scaled past ±Inf can be
// NaN), which reflect.DeepEqual would call different. It changes a and b, and returns them.
func withoutNaNPairs(a, b *CurrentStats) (*CurrentStats, *CurrentStats) {
	pair := func(x, y *float64) {
		if math.IsNaN(*x) && math.IsNaN(*y) {
			*x, *y = 0, 0
		}
	}
	pair(&a.RedTemp, &b.RedTemp)
	for i := range min(len(a.Rigs), len(b.Rigs)) {
		ra, rb := &a.Rigs[i], &b.Rigs[i]
		pair(&ra.HashKHs, &rb.HashKHs)
		pair(&ra.HashKHs2, &rb.HashKHs2)
		pair(&ra.PowerW, &rb.PowerW)
		for g := range min(len(ra.GPUs), len(rb.GPUs)) {
			pair(&ra.GPUs[g].Temp, &rb.GPUs[g].Temp)
			pair(&ra.GPUs[g].Fan, &rb.GPUs[g].Fan)
			pair(&ra.GPUs[g].HashKHs, &rb.GPUs[g].HashKHs)
		}
	}
	return a, b
}

type seed struct {
	status int
	body   string
}

// statsSeeds is every body the package's tests decode, the dual-mining cases, and the simulator's.
func statsSeeds(tb testing.TB) []seed {
	var out []seed
	for _, b := range []string{
		referenceStats, oddStats, referenceRigs, referenceWallets, referenceOC,
		documentedResult, documentedNotFound, methodNotGiven, invalidHMAC,
		"", "  \n", "null", "[]", "{}", "[1,2]", `{"result":null}`, `{"result":[]}`, `{"result":{}}`, `{"error":"x"}`,
		"<html>502</html>", "<html><body>502 Bad Gateway</body></html>",
		`{"jsonrpc":"2.0","result":{"rigs":{"1":{"stats":{"temp":["6`, `{"jsonrpc":"2.0","id":null}`,
		`{"result":true,"error":null}`, `{"result":[],"error":false}`, `{"result":"ok"}`, `{"result":42}`, `{"result":null}`,
		`{"error":{"code":"-32000","message":"Server error"},"result":{"rigs":{}}}`, `{"error":"Invalid HMAC"}`, `{"error":{}}`,
		`{"result":{"rigs":{"1":{"stats":{"temp":"61","fan":{"1":"50","0":"40"},"hashes":[1e308,1e308]}}}}}`,
		`{"result":{"user":{"red_temp":"NaN"},"rigs":[{"id_rig":5,"raw_stats":{"miner_stats":{"hs":["Inf"],"hs_units":"ghs"}}}]}}`,
		`{"result":{"rigs":{}}}`, `{"result":{"user":null,"rigs":{}}}`, `{"result":{"user":{"red_temp":null},"rigs":{}}}`,
		`{"result":{"user":{"red_temp":"{"},"rigs":{}}}`, `{"result":{"user":{"red_temp":0},"rigs":{}}}`,
		`{"result":{"user":{"red_temp":"78"},"rigs":{}}}`, `{"result":{"user":{"red_temp":82.5}}}`,
		`{"result":{"summary":[],"user":[],"rigs":[]}}`,
		`{"result":{"100":{"name":12,"miner2":"0","id_wal":"107800","id_oc":"x","ts_last_update":"1520339123.5"},"20":null,"3":{"miner2":"xmrig","id_wal":1.5}}}`,
		`{"result":[{"id_rig":"10257","name":"b"},{"id":10256,"name":"a"}]}`,
		`{"result":{"7":{"name":"n","address":"addr"}}}`, `{"result":[{"id_rig":"7"},{"id":3},null,5]}`,
		`{"jsonrpc":"2.0","result":true,"id":null}`, `{"jsonrpc":"2.0","result":{"updated":[10256]},"id":null}`,
		`{"jsonrpc":"2.0","error":{"code":-32602,"message":"Wallet not found: 1"},"id":null}`,
	} {
		out = append(out, seed{200, b})
	}
	for _, row := range []string{
		`{"stats":{"temp":["61"]},"raw_stats":null}`, `{"stats":{"temp":["61"]},"raw_stats":false}`,
		`{"stats":{"temp":["61"]},"raw_stats":{"temp":["61"]}}`, `{"stats":null,"raw_stats":{"temp":["61"]}}`,
		`{"stats":{"temp":["61"]}}`, `{"ts_last_update":1520330000}`, `{"stats":null,"raw_stats":null,"ts_last_update":1520330000}`,
	} {
		out = append(out, seed{200, `{"jsonrpc":"2.0","id":null,"result":{"rigs":{"1":` + row + `}}}`})
	}
	for _, c := range dualMiningCases {
		out = append(out, seed{200, c.body})
	}
	for _, b := range oddShapes {
		out = append(out, seed{200, b})
	}
	out = append(out,
		seed{404, documentedNotFound}, seed{404, `{"jsonrpc":"2.0","result":{}}`}, seed{500, `{"error":{"code":"-32000","message":"Server error"},"result":{"rigs":{}}}`},
		seed{502, "<html>502 Bad Gateway</html>"}, seed{502, "<html><body>502 Bad Gateway</body></html>"})
	out = append(out, simulatorSeeds(tb)...)
	return append(out, seed{200, string(simStatsBody(tb, farm.Options{Rigs: 2000, GPUsPerRig: 8, Seed: 1, Start: t0}, nil))})
}

// simulatorSeeds are the simulator's small farms as the client tests see them.
func simulatorSeeds(tb testing.TB) []seed {
	small := farm.Options{Rigs: 4, GPUsPerRig: 3, MaxGPUsPerRig: 6, Seed: 11, Start: t0}
	var out []seed
	for _, opts := range []func(*simhiveos.Options){
		nil,
		func(o *simhiveos.Options) { o.PlainNumbers = true },
		func(o *simhiveos.Options) { o.OmitRedTemp = true },
		func(o *simhiveos.Options) {
			_ = o.Farm.Offline("10257", t0, t0.Add(time.Hour))
			_ = o.Farm.Overheat("10258", 2, 94, t0.Add(time.Hour))
		},
	} {
		out = append(out, seed{200, string(simStatsBody(tb, small, opts))})
	}
	return out
}

// TestDecodeCurrentStatsMatchesReferenceOnGeneratedAnswers builds well-formed answers from the shapes the
// lenient rules name (repeated and escaped keys, ids that sort oddly, every kind of reading, PHP's lists
// and objects, stray white space), which byte-level fuzzing rarely assembles, and compares both decoders.
func TestDecodeCurrentStatsMatchesReferenceOnGeneratedAnswers(t *testing.T) {
	g := answerGen{rand.New(rand.NewPCG(1, 2))}
	for range 3000 {
		body := g.answer()
		got, err := decodeCurrentStats(200, []byte(body))
		want, wantErr := referenceDecodeCurrentStats(200, []byte(body))
		if msg := sameOutcome(got, err, want, wantErr); msg != "" {
			t.Fatalf("%s:\n%s", body, msg)
		}
	}
}

type answerGen struct{ r *rand.Rand }

func (g answerGen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

// ws is white space where JSON allows it, now and then.
func (g answerGen) ws() string { return g.pick("", "", "", "", " ", "\n\t ", "\r\n") }

// object writes members chosen from fields (each name with a value maker), some repeated, in any order.
func (g answerGen) object(fields map[string]func() string) string {
	var b strings.Builder
	b.WriteString("{" + g.ws())
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	slices.Sort(names) // map order would make the test depend on more than the seed
	first := true
	for range g.r.IntN(len(fields) + 2) {
		name := names[g.r.IntN(len(names))]
		if !first {
			b.WriteString("," + g.ws())
		}
		first = false
		b.WriteString(`"` + name + `"` + g.ws() + ":" + g.ws() + fields[name]() + g.ws())
	}
	return b.String() + "}"
}

func (g answerGen) list(elem func() string) string {
	parts := make([]string, g.r.IntN(5))
	for i := range parts {
		parts[i] = elem()
	}
	return "[" + g.ws() + strings.Join(parts, ","+g.ws()) + g.ws() + "]"
}

// reading is one value where a number is expected.
func (g answerGen) reading() string {
	return g.pick(`61`, `"61"`, `61.5`, `"6\u0031"`, `" 7 "`, `"-0"`, `0`, `1e308`, `-1e308`, `1e400`, `"1e-400"`,
		`"0x1p3"`, `"N/A"`, `""`, `null`, `false`, `true`, `[]`, `{}`, `"Inf"`, `41800.25`, `"+5"`, `12345678901234567890`)
}

// readings is a per-GPU value: a list, PHP's object keyed "0", "1", …, or a lone value.
func (g answerGen) readings() string {
	switch g.r.IntN(4) {
	case 0:
		return g.reading()
	case 1:
		return g.object(map[string]func() string{"0": g.reading, "1": g.reading, "2": g.reading, "10": g.reading, "x": g.reading})
	}
	return g.list(g.reading)
}

func (g answerGen) text() string {
	return g.pick(`"claymore"`, `"t-rex"`, `""`, `"ethash"`, `"Eth\u0061sh"`, `"r\u00e9"`, "\"\xff\"", `12`, `-1.5`, `null`, `true`, `{}`, `[]`)
}

func (g answerGen) units() string {
	return g.pick(`"khs"`, `"hs"`, `"MHS"`, `"ghs"`, `"H\u0053"`, `""`, `null`, `5`)
}

// maybeObject is an object made by obj, or one of the values that mean none.
func (g answerGen) maybeObject(obj func() string) func() string {
	return func() string {
		if g.r.IntN(5) == 0 {
			return g.pick(`null`, `false`, `[]`, `5`, `"x"`, `{}`)
		}
		return obj()
	}
}

func (g answerGen) miner() string {
	return g.object(map[string]func() string{"algo": g.text, "temp": g.readings, "fan": g.readings, "hs": g.readings,
		"hs_units": g.units, "total_khs": g.reading, "uptime": g.reading})
}

func (g answerGen) row() string {
	stats := func() string {
		return g.object(map[string]func() string{"temp": g.readings, "fan": g.readings, "hashes": g.readings,
			"hash": g.reading, "power": g.reading})
	}
	raw := func() string {
		return g.object(map[string]func() string{"temp": g.readings, "fan": g.readings, "power": g.readings,
			"total_khs": g.reading, "total_khs2": g.reading, "miner_stats": g.maybeObject(g.miner),
			"miner_stats2": g.maybeObject(g.miner), "v": g.reading})
	}
	id := func() string { return g.pick(`"5"`, `5`, `"007"`, `""`, `"abc"`, `null`, `7.5`) }
	return g.maybeObject(func() string {
		return g.object(map[string]func() string{"name": g.text, "miner": g.text, "id_wal": g.reading,
			"wallet_name": g.text, "ts_last_update": g.reading, "id_rig": id, "id": id,
			"stats": g.maybeObject(stats), "raw_stats": g.maybeObject(raw)})
	})()
}

func (g answerGen) rigs() string {
	if g.r.IntN(4) == 0 {
		return g.list(g.row)
	}
	keys := map[string]func() string{}
	for _, k := range []string{"1", "2", "9", "10", "10256", "007", "7", "", "abc", `\u0031`, "x"} {
		keys[k] = g.row
	}
	return g.object(keys)
}

func (g answerGen) answer() string {
	summary := func() string {
		return g.object(map[string]func() string{"algo": func() string {
			if g.r.IntN(2) == 0 {
				return g.list(g.text)
			}
			return g.object(map[string]func() string{"ethash": g.reading, "x16r": g.reading, "": g.text})
		}})
	}
	user := func() string { return g.object(map[string]func() string{"red_temp": g.reading}) }
	result := g.object(map[string]func() string{"user": g.maybeObject(user), "summary": g.maybeObject(summary),
		"rigs": g.rigs, "rigs_online": g.reading})
	return g.ws() + `{"jsonrpc":"2.0",` + g.pick(`"result"`, `"RESULT"`, `"Result"`) + ":" + result +
		g.pick("", `,"error":null`, `,"error":false`, `,"id":null`) + "}" + g.ws()
}
