package hiveos2

// Bodies from reference section B, shared by the decoder tests and the fuzz seeds.

// referenceFarms is the farm list example of reference B.6, verbatim.
const referenceFarms = `{
  "data": [{
    "id": 1631951, "name": "Test farm", "timezone": "UTC",
    "nonfree": true, "role": "owner", "twofa_required": false, "trusted": true, "locked": false,
    "gpu_red_temp": 72, "asic_red_temp": 72, "gpu_red_fan": 90, "asic_red_fan": 90,
    "gpu_red_asr": 85, "asic_red_asr": 85, "gpu_red_la": 1.8, "asic_red_la": 1.8,
    "gpu_red_cpu_temp": 60, "gpu_red_mem_temp": 60, "asic_red_board_temp": 72,
    "autocreate_hash": "3bf6d003a4a10903bcb6a6f9310bc35c780808ad",
    "power_price": 0.1, "power_price_currency": "$", "charge_on_pool": false, "auto_tags": true,
    "workers_count": 10, "rigs_count": 6, "asics_count": 4, "disabled_rigs_count": 1, "disabled_asics_count": 2,
    "owner": {"id": 12345, "login": "john.doe", "name": "John Doe", "me": true},
    "money": {"is_paid": true, "is_free": false, "balance": 123.45, "discount": 10, "daily_cost": 0.5,
              "monthly_cost": 15.0, "days_left": 246, "overdraft": false},
    "stats": {
      "workers_total": 10, "workers_online": 8, "workers_offline": 2, "workers_overheated": 1,
      "workers_no_temp": 0, "workers_overloaded": 0, "workers_invalid": 0, "workers_low_asr": 0,
      "workers_no_hashrate": 1, "rigs_total": 6, "rigs_online": 5, "rigs_offline": 1, "rigs_power": 3956,
      "gpus_total": 32, "gpus_online": 24, "gpus_offline": 8, "gpus_overheated": 3, "gpus_no_temp": 1,
      "asics_total": 4, "asics_online": 3, "asics_offline": 1, "asics_power": 576,
      "boards_total": 12, "boards_online": 9, "boards_offline": 3, "boards_overheated": 0, "boards_no_temp": 0,
      "cpus_online": 0, "devices_total": 0, "devices_online": 0, "devices_offline": 0,
      "power_draw": 4532, "power_cost": 0.45, "asr": 99.9
    },
    "hashrates": [{"algo": "ethash", "hashrate": 182859}],
    "hashrates_by_coin": [{"coin": "ETH", "algo": "ethash", "hashrate": 182859}],
    "tag_ids": [], "hardware_power_draw": 0, "psu_efficiency": 0, "octofan_correct_power": false,
    "default_fs": {"1": 12233, "2": 12244}
  }],
  "tags": []
}`

// referenceWorker is the worker list item example of reference B.7, verbatim.
const referenceWorker = `{
  "id": 5708266, "platform": 1, "name": "rig01", "description": "", "units_count": 3, "active": true,
  "red_temp": 72, "red_mem_temp": 100, "red_fan": 90, "red_asr": 85, "red_la": 1.8,
  "red_hashrates": [{"algo": "ethash", "hashrate": 90000000}],
  "ip_addresses": ["192.168.0.105"], "remote_address": {"ip": "1.2.3.4", "hostname": "host.example"},
  "vpn": false, "has_amd": false, "has_nvidia": true, "needs_upgrade": false, "system_type": "linux",
  "versions": {"hive": "0.6-219", "kernel": "5.10.0-hiveos", "nvidia_driver": "510.60.02"},
  "stats": {"online": true, "boot_time": 1654000000, "stats_time": 1654003600, "miner_start_time": 1654000100,
            "gpus_online": 3, "gpus_offline": 0, "gpus_overheated": 1, "cpus_offline": 0,
            "power_draw": 304, "overheated": true, "overloaded": false, "invalid": false, "low_asr": false,
            "problems": ["overheat"], "avg_hashrates": {"ethash": {"15m": 92150, "1h": 92001}}},
  "flight_sheet": {"id": 123, "farm_id": 1631951, "user_id": 12345, "name": "ETH",
                   "items": [{"coin": "ETH", "pool": "hiveon", "wal_id": 107800, "miner": "phoenixminer"}]},
  "miners_summary": {"hashrates": [{"miner": "phoenixminer", "ver": "6.2c", "algo": "ethash", "coin": "ETH",
                     "hash": 92165, "shares": {"accepted": 100, "rejected": 1, "invalid": 1, "ratio": 98.04}}]},
  "miners_stats": {"hashrates": [{"miner": "phoenixminer", "algo": "ethash", "coin": "ETH",
                   "hashes": [30722, 30709, 30734], "temps": [70, 74, 69], "fans": [40, 42, 45],
                   "invalid_shares": [0, 1, 0], "bus_numbers": [1, 2, 3]}]},
  "gpu_summary": {"gpus": [{"name": "GeForce RTX 3060 Ti", "amount": 3}], "max_temp": 74, "max_fan": 45},
  "gpu_stats": [
    {"bus_number": 1, "bus_id": "01:00.0", "temp": 70, "fan": 40, "power": 101, "coreclk": 1500, "memclk": 7000, "memtemp": 88, "hash": 30722, "is_overheated": false},
    {"bus_number": 2, "bus_id": "02:00.0", "temp": 74, "fan": 42, "power": 102, "coreclk": 1500, "memclk": 7000, "memtemp": 96, "hash": 30709, "is_overheated": true},
    {"bus_number": 3, "bus_id": "03:00.0", "temp": 69, "fan": 45, "power": 101, "coreclk": 1500, "memclk": 7000, "memtemp": 86, "hash": 30734, "is_overheated": false}
  ],
  "hardware_stats": {"df": "2.7G", "cpuavg": [0.5, 0.45, 0.4], "cputemp": [41], "cpu_cores": 2, "memory": {"total": 3870, "free": 2100}},
  "messages_counts": {"success": 3, "danger": 0, "warning": 1, "info": 5, "default": 0, "file": 0}
}`

// referenceWorkers is referenceWorker as the one item of a list.
const referenceWorkers = `{"data":[` + referenceWorker + `],"tags":[]}`

// Auth and errors (reference B.3, B.4, B.8).
const (
	referenceAuthToken  = `{"access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOi...","token_type":"bearer","expires_in":86400}`
	referencePersonal   = `{"access_token":"abc","token_type":"bearer","expires_in":329229200}`
	referenceValidation = `{"message":"The given data was invalid.","errors":{"field1":["The field1 is required"],"field2":["The field2 must be a string"]}}`
	referenceTwoFA      = `{"message":"Security code is required","code":403003}`
	referenceBadFS      = `{"message":"The given data was invalid.","errors":{"fs_id":["The selected fs id is invalid."]}}`
	referenceNoWorker   = `{"message":"Worker not found","code":404}`
	referenceRateLimit  = `{"message":"Too Many Attempts.","code":429}`
	referenceCommand    = `{"id":5001,"commands":[{"command":"reboot","id":5001,"data":{}}]}`
	referenceCommands   = `{"id":6000,"commands":[{"worker_id":5001,"commands":[{"command":"config","id":6001,"data":{}}]},{"worker_id":5002,"commands":[{"command":"config","id":6002,"data":{}}]}]}`
	referenceSheets     = `{"data":[{"id":302,"farm_id":1631951,"user_id":12345,"name":"ETH","is_favorite":false,"workers_count":2,"items":[{"coin":"ETH","pool":"hiveon","wal_id":107800,"miner":"phoenixminer"}]},{"id":10,"farm_id":null,"user_id":12345,"name":"dual <ETH+ZIL>","items":[{"coin":"ETH","pool":"hiveon","wal_id":1,"miner":"lolminer","dcoin":"ZIL","dpool":"ezil","dwal_id":"2"}]}]}`
	referenceMessages   = `{"data":[{"id":77,"title":"Rig config changed","type":"success","time":1654003600,"cmd_id":6001,"command":"config","command_result":{"exitcode":0},"has_payload":false}],"pagination":{"total":1,"count":1,"per_page":15,"current_page":1,"total_pages":1}}`
	// referenceMetrics has both spellings of the spec: "value" by its definition, "hashrate" in its example.
	referenceMetrics = `{"data":[{"time":1654003500,"rigs":5,"gpus":24,"power":4532,"hashrates":[{"algo":"sha256","value":41975600056750}]},{"time":1654003800,"rigs":5,"gpus":24,"power":"4530","hashrates":[{"algo":"ethash","hashrate":"182859000"}]}]}`
	referenceGPUs    = `{"data":[{"bus_id":"01:00.0","bus_number":1,"brand":"nvidia","model":"GeForce RTX 3060 Ti","short_name":"RTX 3060 Ti","index":0,"stats":{"temp":70,"fan":40,"power":101,"coreclk":1500,"memclk":7000,"memtemp":88},"worker":{"id":5708266,"name":"rig01","platform":1}},{"bus_number":2,"index":1,"stats":null,"worker":{"id":"5708266","name":"rig01"}}]}`
	referenceWallets = `{"data":[{"id":107800,"coin":"ETH","name":"ETH hiveon","wal":"0xabc","source":"binance","fetch_balance":true,"balance":{"value":0.5},"pool_balances":[],"fs_count":1,"workers_count":3}]}`
)

// oddWorkers exercises the tolerances: numbers as strings, a PHP [] for an object, a dual miner, bus
// numbers missing (hashes by position), an offline worker with stale readings, items without an id,
// a value of the wrong type among good ones.
const oddWorkers = `{"data":[
  {"id":"42","name":123,"active":"0","red_temp":"80","stats":{"online":"1","stats_time":"1654003600","power_draw":"350.5",
     "problems":"overheat"},
   "miners_summary":{"hashrates":[{"miner":"lolminer","algo":"ethash","coin":"ETH","hash":"60000","dalgo":"zil","dcoin":"ZIL","dhash":"1000"}]},
   "miners_stats":{"hashrates":[{"algo":"ethash","hashes":["30000","30000"]}]},
   "gpu_stats":[{"bus_number":"5","temp":"61","fan":"40","memtemp":null,"hash":"1"},{"bus_number":6,"temp":{"x":1},"fan":[],"power":"NaN"}],
   "flight_sheet":[]},
  {"id":43,"name":"gone","stats":{"online":false,"stats_time":1650000000,"power_draw":300},"units_count":4,
   "gpu_stats":[{"bus_number":1,"temp":90}],"miners_summary":{"hashrates":[{"algo":"ethash","hash":1}]}},
  {"name":"no id"},
  null,
  5,
  {"id":44,"stats":"broken","gpu_stats":{"0":{"temp":1}},"miners_summary":[]}
],"tags":{}}`
