package hiveos

// Real-shaped bodies, from reference section A, shared by the decoder tests and the fuzz seeds.

// referenceStats is the "realistic simulator body" of reference A.9, verbatim.
const referenceStats = `{"jsonrpc":"2.0","id":null,"result":{
  "summary":{"algo":{"ethash":{"hash":125430}}},
  "user":{"red_temp":80},
  "rigs":{
    "10256":{
      "miner":"claymore","id_wal":107800,"wallet_name":"ETH - Ethermine",
      "ts_last_update":1520339123,
      "stats":{"hash":125430,"power":870,"temp":["61","64","58"],"fan":["70","75","65"],"hashes":[41800,41900,41730]},
      "raw_stats":{"v":1,"rig_id":"10256","miner":"claymore","total_khs":125430,
        "temp":["61","64","58"],"fan":["70","75","65"],"power":["290","290","290"],
        "miner_stats":{"hs":[41800,41900,41730],"temp":[61,64,58],"fan":[70,75,65],"uptime":3600,"ar":[1200,3],"algo":"ethash","ver":"11.0"}}
    },
    "10257":{"miner":"ewbf","id_wal":107801,"wallet_name":"ZEC - Flypool","ts_last_update":1520330000,"stats":null,"raw_stats":null}
  }
}}`

// referenceRigs and referenceWallets are the [I] examples of reference A.6 and A.7.
const referenceRigs = `{"jsonrpc":"2.0","id":null,"result":{
  "10256":{"id_rig":10256,"name":"rig01","miner":"claymore","miner2":null,"id_wal":107800,"wallet_name":"ETH - Ethermine","id_oc":800},
  "10257":{"id_rig":10257,"name":"rig02","miner":"ewbf","miner2":null,"id_wal":107801,"wallet_name":"ZEC - Flypool","id_oc":null}
}}`

const referenceWallets = `{"jsonrpc":"2.0","id":null,"result":{
  "107800":{"id_wal":107800,"name":"ETH - Ethermine","coin":"ETH","wal":"0xabc..."},
  "107801":{"id_wal":107801,"name":"ZEC - Flypool","coin":"ZEC","wal":"t1abc..."}
}}`

const referenceOC = `{"jsonrpc":"2.0","id":null,"result":{"800":{"id_oc":800,"name":"1070 eth","nvidia":{"core_clock":"-200","mem_clock":"800"}}}}`

// The documented envelopes (reference A.4) and errors users met (forum).
const (
	documentedResult   = `{"jsonrpc": "2.0", "result": {"your precious data": "lalala"}, "id": null}`
	documentedNotFound = `{"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found"}, "id": null}`
	methodNotGiven     = `{"error": {"code": -32601, "message": "method not given"}, "id": null, "jsonrpc": "2.0"}`
	invalidHMAC        = `{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid HMAC"},"id":null}`
)

// oddStats exercises the tolerances: only raw_stats, hashes in H/s, unequal arrays, PHP [] and {} lists,
// string timestamps and red_temp, a rig whose raw_stats is false.
const oddStats = `{"jsonrpc":"2.0","id":null,"result":{
  "summary":{"algo":[]},
  "user":{"red_temp":"85"},
  "rigs":{
    "9":{"name":"small","miner":"ethminer","id_wal":"107802","ts_last_update":"1520339000",
      "raw_stats":{"total_khs":"60000","temp":[60,"61"],"fan":{"0":"40","1":"45","2":"50"},"power":["100","110.5"],
        "miner_stats":{"hs":[30000000,"30000000"],"hs_units":"hs","algo":"ethash"}}},
    "10":{"miner":"t-rex","stats":{"temp":["70","N/A",null],"fan":[80],"hashes":[20000,21000,22000,23000]}},
    "abc":{"stats":false,"raw_stats":false,"ts_last_update":0},
    "11":{"stats":{},"raw_stats":[]}
  }
}}`
