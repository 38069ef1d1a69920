package hiveos

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestV2EachFarmListsItsSheetsAndTheOwnersWithNamesRaw(t *testing.T) {
	fx := startV2(t, nil)
	for _, f := range []int{1, 2} {
		a := fx.call(t, http.MethodGet, fmt.Sprintf("/farms/%d/fs", f), "", v2Token)
		sheets := data(t, a.body)
		owner := sheets[len(sheets)-1]
		if owner["id"] != float64(OwnerSheetID) || owner["farm_id"] != nil || owner["user_id"] != float64(OwnerUserID) ||
			owner["name"] != `Owner's "backup" <RVN> & t-rex` {
			t.Fatalf("farm %d: owner's sheet %v", f, owner)
		}
		if !strings.Contains(a.raw, `<RVN> & t-rex`) {
			t.Fatalf("names are escaped on the wire: %.300s", a.raw)
		}
		used := 0.0
		for i, sh := range sheets[:len(sheets)-1] {
			item := obj(list(sh["items"])[0])
			if sh["farm_id"] != float64(f) || sh["id"] != float64(f*100+i+1) || !strings.Contains(sh["name"].(string), "> & ") ||
				item["wal_id"] == nil || item["miner"] == "" {
				t.Fatalf("farm %d sheet %v", f, sh)
			}
			used += sh["workers_count"].(float64)
		}
		if used != float64(len(fx.sim.Farm(int64(f)).Rigs())) {
			t.Fatalf("farm %d: sheets used by %v workers", f, used)
		}
	}
	if mine := data(t, fx.get(t, "/fs")); len(mine) != 1 || mine[0]["id"] != float64(OwnerSheetID) {
		t.Fatalf("GET /fs: %v", mine)
	}
	if one := fx.get(t, "/farms/2/fs/201"); one["name"] == "" || one["farm_id"] != float64(2) {
		t.Fatalf("GET /farms/2/fs/201: %v", one)
	}
	wantV2Error(t, fx.call(t, http.MethodGet, "/farms/2/fs/101", "", v2Token), 404, "Flight sheet not found", 404, "")
}

func TestV2AllThreeEditFormsApplyASheetThatTheRigsReport(t *testing.T) {
	fx := startV2(t, nil)
	single := fx.call(t, http.MethodPatch, "/farms/1/workers/10256", `{"fs_id":"10"}`, v2Token)
	multi := fx.call(t, http.MethodPatch, "/farms/1/workers", `{"worker_ids":["10257"],"data":{"fs_id":10}}`, v2Token)
	each := fx.call(t, http.MethodPatch, "/farms/1/workers/multi", `{"data":[{"id":10258,"data":{"fs_id":"10"}}]}`, v2Token)
	for name, a := range map[string]v2answer{"single": single, "multi": multi, "each": each} {
		if a.status != http.StatusOK || a.body["id"] == nil {
			t.Fatalf("%s: %d %s", name, a.status, a.raw)
		}
	}
	cmd := obj(list(single.body["commands"])[0])
	if cmd["command"] != "config" || cmd["id"] != single.body["id"] {
		t.Fatalf("single edit answered %s", single.raw)
	}
	entry := obj(list(multi.body["commands"])[0])
	if entry["worker_id"] != float64(10257) || obj(list(entry["commands"])[0])["command"] != "config" {
		t.Fatalf("multi edit answered %s", multi.raw)
	}
	for _, w := range data(t, fx.get(t, "/farms/1/workers")) {
		if obj(w["flight_sheet"])["id"] != float64(OwnerSheetID) {
			t.Fatalf("worker %v runs %v", w["id"], w["flight_sheet"])
		}
		if detail := fx.get(t, fmt.Sprintf("/farms/1/workers/%.0f", w["id"])); obj(list(detail["commands"])[0])["command"] != "config" {
			t.Fatalf("worker %v has no queued config: %v", w["id"], detail["commands"])
		}
	}
	if rig, _ := fx.sim.Farm(1).Rig("10256"); rig.Miner == "t-rex" {
		t.Fatal("the rig changed before it polled")
	}
	fx.clock.Advance(DefaultCommandDelay)
	msgs := data(t, fx.get(t, "/farms/1/workers/10256/messages"))
	if len(msgs) != 1 || msgs[0]["title"] != "Rig config changed" || msgs[0]["cmd_id"] != cmd["id"] || msgs[0]["type"] != "success" ||
		msgs[0]["time"] != float64(fx.clock.Now().Unix()) {
		t.Fatalf("messages %v", msgs)
	}
	for _, id := range []string{"10256", "10257", "10258"} {
		rig, _ := fx.sim.Farm(1).Rig(id)
		if w, _ := fx.sim.Farm(1).Wallet(rig.WalletID); rig.Miner != "t-rex" || w.Coin != "RVN" {
			t.Fatalf("rig %s after its edit: %+v", id, rig)
		}
	}
}

func TestV2EditsThatCannotBeRightChangeNothing(t *testing.T) {
	fx := startV2(t, nil)
	invalid := "The given data was invalid."
	for _, c := range []struct {
		path, body string
		status     int
		field      string
	}{
		{"/farms/1/workers/10256", `{"fs_id":201}`, 422, "fs_id"}, // the other farm's sheet
		{"/farms/1/workers/10256", `{"fs_id":"abc"}`, 422, "fs_id"},
		{"/farms/1/workers/10256", `{"name":"x"}`, 422, "fs_id"},
		{"/farms/1/workers", `{"worker_ids":[],"data":{"fs_id":10}}`, 422, "worker_ids"},
		{"/farms/1/workers", `{"worker_ids":[10256,"x"],"data":{"fs_id":10}}`, 422, "worker_ids.1"},
		{"/farms/1/workers", `{"worker_ids":[10256],"data":{}}`, 422, "fs_id"},
		{"/farms/1/workers/multi", `{"data":[{"id":"?","data":{"fs_id":10}}]}`, 422, "data.0.id"},
		{"/farms/1/workers/multi", `{"data":[]}`, 422, "data"},
		{"/farms/1/workers", fmt.Sprintf(`{"worker_ids":[10256,%d],"data":{"fs_id":10}}`, WorkerIDStride+10256), 404, ""},
		{"/farms/1/workers/multi", `{"data":[{"id":10256,"data":{"fs_id":10}},{"id":1,"data":{"fs_id":10}}]}`, 404, ""},
		{fmt.Sprintf("/farms/1/workers/%d", WorkerIDStride+10256), `{"fs_id":10}`, 404, ""},
	} {
		a := fx.call(t, http.MethodPatch, c.path, c.body, v2Token)
		if c.status == 404 {
			wantV2Error(t, a, 404, "Worker not found", 404, "")
			continue
		}
		wantV2Error(t, a, c.status, invalid, 0, c.field)
	}
	fx.clock.Advance(time.Hour)
	for _, w := range data(t, fx.get(t, "/farms/1/workers")) {
		if obj(w["flight_sheet"])["id"] == float64(OwnerSheetID) {
			t.Fatalf("worker %v was changed by a refused edit", w["id"])
		}
	}
	if msgs := data(t, fx.get(t, "/farms/1/workers/10256/messages")); len(msgs) != 0 {
		t.Fatalf("messages after refused edits: %v", msgs)
	}
	if n := len(fx.sim.Recorder.Requests()); n != 13 {
		t.Fatalf("recorded %d requests, want all 13", n)
	}
}

func TestV2CommandsAreQueuedAndReportedWhenTheRigPicksThemUp(t *testing.T) {
	fx := startV2(t, nil)
	one := fx.call(t, http.MethodPost, "/farms/1/workers/10256/command", `{"command":"miner","data":{"action":"log"}}`, v2Token)
	cmd := obj(list(one.body["commands"])[0])
	if one.status != http.StatusCreated || cmd["command"] != "miner" || obj(cmd["data"])["action"] != "log" || cmd["id"] != one.body["id"] {
		t.Fatalf("single command: %d %s", one.status, one.raw)
	}
	many := fx.call(t, http.MethodPost, "/farms/1/workers/command", `{"worker_ids":[10257,"10258"],"data":{"command":"hssh","data":{"action":"start"}}}`, v2Token)
	if many.status != http.StatusOK || len(list(many.body["commands"])) != 2 || obj(list(many.body["commands"])[1])["worker_id"] != float64(10258) {
		t.Fatalf("multi command: %d %s", many.status, many.raw)
	}
	fx.clock.Advance(DefaultCommandDelay - time.Second)
	if msgs := data(t, fx.get(t, "/farms/1/workers/10256/messages")); len(msgs) != 0 {
		t.Fatalf("reported before the rig polled: %v", msgs)
	}
	fx.clock.Advance(time.Second)
	msgs := data(t, fx.get(t, "/farms/1/workers/10256/messages"))
	if len(msgs) != 1 || msgs[0]["cmd_id"] != cmd["id"] || msgs[0]["command"] != "miner" || msgs[0]["title"] != "Miner log" ||
		obj(msgs[0]["command_result"])["exitcode"] != float64(0) {
		t.Fatalf("messages %v", msgs)
	}
	counts := obj(data(t, fx.get(t, "/farms/1/workers"))[2]["messages_counts"])
	if counts["success"] != float64(1) {
		t.Fatalf("messages_counts %v", counts)
	}
}

func TestV2RebootTakesTheRigOfflineForTheDowntime(t *testing.T) {
	fx := startV2(t, func(o *OptionsV2) { o.CommandDelay, o.RebootDowntime = 5*time.Second, 2*time.Minute })
	fx.clock.Advance(time.Hour)
	fx.call(t, http.MethodPost, "/farms/2/workers/command", fmt.Sprintf(`{"worker_ids":[%d],"data":{"command":"reboot","data":null}}`, WorkerIDStride+10257), v2Token)
	fx.clock.Advance(5 * time.Second)
	path := fmt.Sprintf("/farms/2/workers/%d", WorkerIDStride+10257)
	if w := fx.get(t, path); obj(w["stats"])["online"] != false || obj(list(w["messages"])[0])["title"] != "Rebooting" {
		t.Fatalf("rebooting worker %v", w)
	}
	fx.clock.Advance(2*time.Minute + 10*time.Second)
	w := fx.get(t, path)
	stats := obj(w["stats"])
	if stats["online"] != true || stats["stats_time"].(float64)-stats["miner_start_time"].(float64) > 60 {
		t.Fatalf("after the reboot %v", stats)
	}
}

func TestV2CommandForAnOfflineRigWaitsUntilItIsBack(t *testing.T) {
	fx := startV2(t, nil)
	_ = fx.sim.Farm(1).Offline("10257", t0, t0.Add(10*time.Minute))
	fx.call(t, http.MethodPost, "/farms/1/workers/10257/command", `{"command":"miner","data":{"action":"stop"}}`, v2Token)
	fx.clock.Advance(5 * time.Minute)
	if w := fx.get(t, "/farms/1/workers/10257"); len(list(w["commands"])) != 1 || w["messages"] != nil {
		t.Fatalf("offline worker: commands %v, messages %v", w["commands"], w["messages"])
	}
	fx.clock.Advance(6 * time.Minute)
	w := fx.get(t, "/farms/1/workers/10257")
	if w["commands"] != nil || obj(list(w["messages"])[0])["title"] != "Miner stopped" || len(list(obj(w["miners_summary"])["hashrates"])) != 0 {
		t.Fatalf("worker back online: %v", w)
	}
}

func TestV2CommandsThatCannotBeRightAreRefused(t *testing.T) {
	fx := startV2(t, nil)
	for body, field := range map[string]string{
		`{}`:                                    "command",
		`{"command":"selfdestruct"}`:            "command",
		`{"command":"exec"}`:                    "data.cmd",
		`{"command":"exec","data":{"cmd":" "}}`: "data.cmd",
		`{"command":"miner"}`:                   "data.action",
		`{"command":"miner","data":{"action":"dance"}}`: "data.action",
		`not json`: "command",
	} {
		wantV2Error(t, fx.call(t, http.MethodPost, "/farms/1/workers/10256/command", body, v2Token), 422, "The given data was invalid.", 0, field)
	}
	wantV2Error(t, fx.call(t, http.MethodPost, "/farms/1/workers/command", `{"worker_ids":[10256],"data":{"command":"nope"}}`, v2Token),
		422, "The given data was invalid.", 0, "data.command")
	wantV2Error(t, fx.call(t, http.MethodPost, "/farms/1/workers/command", `{"data":{"command":"reboot"}}`, v2Token),
		422, "The given data was invalid.", 0, "worker_ids")
	wantV2Error(t, fx.call(t, http.MethodPost, "/farms/2/workers/command", `{"worker_ids":[10256],"data":{"command":"reboot"}}`, v2Token),
		404, "Worker not found", 404, "")
	fx.clock.Advance(time.Hour)
	if msgs := data(t, fx.get(t, "/farms/1/workers/10256/messages")); len(msgs) != 0 {
		t.Fatalf("refused commands were carried out: %v", msgs)
	}
}

func TestV2MessagesAreNewestFirstFilteredAndPaged(t *testing.T) {
	fx := startV2(t, func(o *OptionsV2) { o.CommandDelay = -1 })
	var ids []any
	for i := range 5 {
		fx.clock.Advance(time.Minute)
		a := fx.call(t, http.MethodPost, "/farms/1/workers/10256/command", fmt.Sprintf(`{"command":"exec","data":{"cmd":"echo %d"}}`, i), v2Token)
		ids = append(ids, a.body["id"])
	}
	page := fx.get(t, "/farms/1/workers/10256/messages?per_page=2&page=2")
	msgs, p := data(t, page), obj(page["pagination"])
	if len(msgs) != 2 || msgs[0]["cmd_id"] != ids[2] || msgs[1]["cmd_id"] != ids[1] || p["total"] != float64(5) || p["total_pages"] != float64(3) ||
		msgs[0]["title"] != "Exec: echo 2" || msgs[0]["has_payload"] != true || msgs[0]["payload"] != nil {
		t.Fatalf("page 2: %v", page)
	}
	since := fx.clock.Now().Add(-time.Minute).Unix()
	if recent := data(t, fx.get(t, fmt.Sprintf("/farms/1/workers/10256/messages?start_time=%d&with_payload=1", since))); len(recent) != 2 ||
		recent[0]["payload"] != "$ echo 4\n" {
		t.Fatalf("since a minute ago: %v", recent)
	}
	first := data(t, fx.get(t, "/farms/1/workers/10256/messages"))[4]
	if only := data(t, fx.get(t, fmt.Sprintf("/farms/1/workers/10256/messages?message_ids=%.0f", first["id"]))); len(only) != 1 || only[0]["cmd_id"] != ids[0] {
		t.Fatalf("by id: %v", only)
	}
	wantV2Error(t, fx.call(t, http.MethodGet, "/farms/1/workers/10256/messages?per_page=0", "", v2Token), 422, "The given data was invalid.", 0, "per_page")
}
