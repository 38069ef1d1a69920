package hiveos

import "testing"

// dualRow is an answer with one rig, keyed "7", whose row is row.
func dualRow(row string) string {
	return `{"jsonrpc":"2.0","id":null,"result":{"rigs":{"7":` + row + `}}}`
}

// dualMiningCases are rows of a dual-mining rig (the agent pushes miner2, total_khs2 and miner_stats2
// for the second miner) in the shapes the lenient rules allow, with the second algorithm and total
// expected. They also seed FuzzDecodeCurrentStatsMatchesReference.
var dualMiningCases = []struct {
	name  string
	body  string
	algo2 string
	hash2 float64
}{
	{"the agent's total_khs2 first",
		dualRow(`{"miner":"lolminer","miner2":"lolminer","raw_stats":{"total_khs":120000,"total_khs2":3500.5,` +
			`"miner_stats":{"algo":"etchash","hs":[60000,60000]},` +
			`"miner_stats2":{"algo":"kheavyhash","hs":[1750,1750.5],"hs_units":"khs","total_khs":3500}}}`),
		"kheavyhash", 3500.5},
	{"else miner_stats2's own total",
		dualRow(`{"raw_stats":{"miner_stats2":{"algo":"kheavyhash","hs":[1,2],"total_khs":"3500"}}}`),
		"kheavyhash", 3500},
	{"else the sum of hs, by hs_units in any case",
		dualRow(`{"raw_stats":{"miner_stats2":{"algo":"kheavyhash","hs":["1.5",2],"hs_units":"MHs"}}}`),
		"kheavyhash", 3500},
	{"unreadable totals fall through to hs as a PHP object",
		dualRow(`{"raw_stats":{"total_khs2":"N/A","miner_stats2":{"total_khs":null,"hs":{"1":"250","0":"750"},"hs_units":"hs"}}}`),
		"", 1},
	{"a lone hs value",
		dualRow(`{"raw_stats":{"miner_stats2":{"hs":"0.9","hs_units":"ghs"}}}`),
		"", 900000},
	{"total_khs2 as a string, without miner_stats2",
		dualRow(`{"raw_stats":{"total_khs2":"4200"}}`),
		"", 4200},
	{"a total that is not finite is no total",
		dualRow(`{"raw_stats":{"total_khs2":"Infinity","miner_stats2":{"algo":"x"}}}`),
		"x", 0},
	{"miner_stats2 as PHP's empty []",
		dualRow(`{"raw_stats":{"miner_stats2":[]}}`),
		"", 0},
	{"an escaped algorithm, a total with an exponent",
		dualRow(`{"raw_stats":{"miner_stats2":{"algo":"sha\u0032\u0035\u0036d","total_khs":"1e3"}}}`),
		"sha256d", 1000},
	{"an algorithm given as a number",
		dualRow(`{"raw_stats":{"miner_stats2":{"algo":16,"total_khs":5}}}`),
		"16", 5},
	{"miner_stats2 given twice: the last counts",
		dualRow(`{"raw_stats":{"miner_stats2":{"algo":"a","total_khs":1},"miner_stats2":{"algo":"b"}}}`),
		"b", 0},
	{"one miner",
		dualRow(`{"raw_stats":{"total_khs":1,"miner_stats":{"algo":"ethash","total_khs":1}}}`),
		"", 0},
	{"an offline rig reports nothing",
		dualRow(`{"miner2":"xmrig","stats":{"hash":1},"raw_stats":null}`),
		"", 0},
	{"only stats, which has no second miner",
		dualRow(`{"stats":{"hash":1,"hash2":2}}`),
		"", 0},
}

func TestDecodeCurrentStatsReadsTheSecondMiner(t *testing.T) {
	for _, c := range dualMiningCases {
		t.Run(c.name, func(t *testing.T) {
			got, err := decodeCurrentStats(200, []byte(c.body))
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Rigs) != 1 {
				t.Fatalf("%d rigs", len(got.Rigs))
			}
			if r := got.Rigs[0]; r.Algo2 != c.algo2 || r.HashKHs2 != c.hash2 {
				t.Fatalf("second miner %q %v kH/s, want %q %v", r.Algo2, r.HashKHs2, c.algo2, c.hash2)
			}
		})
	}
}

func TestDecodeCurrentStatsSecondMinerLeavesTheFirstAlone(t *testing.T) {
	got, err := decodeCurrentStats(200, []byte(dualMiningCases[0].body))
	if err != nil {
		t.Fatal(err)
	}
	r := got.Rigs[0]
	if r.Algo != "etchash" || r.HashKHs != 120000 || len(r.GPUs) != 2 || r.GPUs[1].HashKHs != 60000 {
		t.Fatalf("first miner %+v", r)
	}
	got, err = decodeCurrentStats(200, []byte(referenceStats))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got.Rigs {
		if r.Algo2 != "" || r.HashKHs2 != 0 {
			t.Fatalf("rig %s without a second miner: %q %v", r.ID, r.Algo2, r.HashKHs2)
		}
	}
}
