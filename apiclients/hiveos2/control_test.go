package hiveos2

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	simhiveos "pitboss/sim/hiveos"
)

// sheetOf finds a sheet of the farm's list: the one with id, or with id 0 the farm's own first.
func sheetOf(t *testing.T, fx *fixture, farmID, id int64) FlightSheet {
	t.Helper()
	sheets, err := fx.client.FlightSheets(context.Background(), farmID)
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range sheets {
		if sh.ID == id || id == 0 && sh.FarmID == farmID {
			return sh
		}
	}
	t.Fatalf("farm %d lists no sheet %d", farmID, id)
	return FlightSheet{}
}

func TestSetFlightSheetIsOneEditThatTheRigsCarryOutAndReport(t *testing.T) {
	fx := setup(t, nil, nil)
	ctx := context.Background()
	owner := sheetOf(t, fx, farmA, simhiveos.OwnerSheetID)
	fx.sim.Recorder.Reset()
	res, err := fx.client.SetFlightSheet(ctx, farmA, []int64{10256, 10258, 10256}, owner.ID)
	if err != nil {
		t.Fatal(err)
	}
	reqs := fx.sim.Recorder.Requests()
	if len(reqs) != 1 || reqs[0].Method != http.MethodPatch || reqs[0].Path != simhiveos.PathV2+"/farms/7001/workers" ||
		string(reqs[0].Body) != `{"worker_ids":[10256,10258],"data":{"fs_id":10}}` || reqs[0].Header.Get("Content-Type") != "application/json" {
		t.Fatalf("sent %+v", reqs)
	}
	if res.ID == 0 || len(res.Commands) != 2 || res.Commands[1].WorkerID != 10258 || res.Commands[1].Commands[0].Command != "config" {
		t.Fatalf("receipt %+v", res)
	}
	w, err := fx.client.Worker(ctx, farmA, 10258)
	if err != nil || w.FlightSheet == nil || w.FlightSheet.ID != owner.ID || w.FlightSheet.Name != owner.Name {
		t.Fatalf("worker right after the edit: %+v, %v", w.FlightSheet, err)
	}
	if msgs, _ := fx.client.Messages(ctx, farmA, 10258, MessageQuery{}); len(msgs) != 0 {
		t.Fatalf("messages before the rig polled: %+v", msgs)
	}
	fx.clock.Advance(simhiveos.DefaultCommandDelay)
	msgs, err := fx.client.Messages(ctx, farmA, 10258, MessageQuery{Since: t0})
	if err != nil {
		t.Fatal(err)
	}
	cmdID := res.Commands[1].Commands[0].ID
	if len(msgs) != 1 || msgs[0].CmdID != cmdID || msgs[0].Command != "config" || msgs[0].Title != "Rig config changed" ||
		msgs[0].Type != "success" || !msgs[0].Time.Equal(fx.clock.Now()) || len(msgs[0].CommandResult) == 0 {
		t.Fatalf("messages %+v, want the report of command %d", msgs, cmdID)
	}
	if rig, _ := fx.sim.Farm(farmA).Rig("10258"); rig.Miner != "t-rex" {
		t.Fatalf("rig after the edit runs %q", rig.Miner)
	}
}

func TestSetFlightSheetRefusalsAreDocumentedErrors(t *testing.T) {
	fx := setup(t, nil, nil)
	ctx := context.Background()
	sheetB := sheetOf(t, fx, farmB, 0)
	fx.sim.Recorder.Reset()
	_, err := fx.client.SetFlightSheet(ctx, farmA, []int64{10256}, sheetB.ID)
	var api *APIError
	if !errors.Is(err, ErrValidation) || !errors.As(err, &api) || api.Fields["fs_id"][0] != "The selected fs id is invalid." ||
		errors.Is(err, ErrUnknownOutcome) {
		t.Fatalf("another farm's sheet: %v", err)
	}
	_, err = fx.client.SetFlightSheet(ctx, farmA, []int64{fx.workerID(t, farmB, "10256")}, simhiveos.OwnerSheetID)
	if !errors.Is(err, ErrNotFound) || errors.Is(err, ErrUnknownOutcome) {
		t.Fatalf("another farm's worker: %v", err)
	}
	if n := fx.count("PATCH", "/farms/7001/workers"); n != 2 {
		t.Fatalf("%d edits sent, want one each", n)
	}
	for name, call := range map[string]func() error{
		"no worker":       func() error { _, err := fx.client.SetFlightSheet(ctx, farmA, nil, 10); return err },
		"zero worker id":  func() error { _, err := fx.client.SetFlightSheet(ctx, farmA, []int64{0}, 10); return err },
		"zero sheet":      func() error { _, err := fx.client.SetFlightSheet(ctx, farmA, []int64{10256}, 0); return err },
		"no command":      func() error { _, err := fx.client.Command(ctx, farmA, []int64{10256}, CommandRequest{}); return err },
		"negative worker": func() error { _, err := fx.client.Command(ctx, farmA, []int64{-1}, Reboot()); return err },
	} {
		if err := call(); !errors.Is(err, ErrValidation) {
			t.Errorf("%s: err %v, want ErrValidation", name, err)
		}
	}
	if n := len(fx.requests()); n != 2 {
		t.Fatalf("%d requests: impossible requests were sent", n)
	}
}

func TestRebootIsQueuedThenTakesTheRigOfflineBrieflyAndIsReported(t *testing.T) {
	fx := setup(t, nil, nil)
	ctx := context.Background()
	fx.clock.Advance(time.Hour)
	before, _ := fx.client.Worker(ctx, farmA, 10257)
	res, err := fx.client.Command(ctx, farmA, []int64{10257}, Reboot())
	if err != nil {
		t.Fatal(err)
	}
	req, _ := fx.sim.Recorder.Last()
	if req.Path != simhiveos.PathV2+"/farms/7001/workers/command" || string(req.Body) != `{"worker_ids":[10257],"data":{"command":"reboot"}}` {
		t.Fatalf("sent %s %s", req.Path, req.Body)
	}
	cmdID := res.Commands[0].Commands[0].ID
	if res.Commands[0].WorkerID != 10257 || res.Commands[0].Commands[0].Command != "reboot" || cmdID == 0 {
		t.Fatalf("receipt %+v", res)
	}
	fx.clock.Advance(simhiveos.DefaultCommandDelay)
	msgs, err := fx.client.Messages(ctx, farmA, 10257, MessageQuery{})
	if err != nil || len(msgs) != 1 || msgs[0].CmdID != cmdID || msgs[0].Title != "Rebooting" {
		t.Fatalf("messages %+v, %v", msgs, err)
	}
	if w, _ := fx.client.Worker(ctx, farmA, 10257); w.Online {
		t.Fatal("the rig stayed online through its reboot")
	}
	fx.clock.Advance(simhiveos.DefaultRebootDowntime + time.Minute)
	after, err := fx.client.Worker(ctx, farmA, 10257)
	if err != nil || !after.Online || !after.MinerStart.After(before.MinerStart) {
		t.Fatalf("after the reboot: online %v, miner started %v (before %v): %v", after.Online, after.MinerStart, before.MinerStart, err)
	}
}

func TestMinerStopAndRestartChangeHashingAndUptime(t *testing.T) {
	fx := setup(t, func(o *simhiveos.OptionsV2) { o.CommandDelay = -1 }, nil)
	ctx := context.Background()
	fx.clock.Advance(time.Hour)
	if _, err := fx.client.Command(ctx, farmB, []int64{fx.workerID(t, farmB, "10256")}, Miner("stop")); err != nil {
		t.Fatal(err)
	}
	stopped, err := fx.client.Worker(ctx, farmB, fx.workerID(t, farmB, "10256"))
	if err != nil {
		t.Fatal(err)
	}
	if !stopped.Online || stopped.Hashrates != nil || stopped.GPUs[0].Hash != 0 || !stopped.MinerStart.IsZero() || stopped.Problems[0] != "no_hashrate" {
		t.Fatalf("stopped miner: %+v", stopped)
	}
	fx.clock.Advance(time.Minute)
	if _, err := fx.client.Command(ctx, farmB, []int64{fx.workerID(t, farmB, "10256")}, Miner("restart")); err != nil {
		t.Fatal(err)
	}
	fx.clock.Advance(time.Minute)
	running, _ := fx.client.Worker(ctx, farmB, fx.workerID(t, farmB, "10256"))
	if running.Hashrates == nil || running.GPUs[0].Hash == 0 || running.StatsTime.Sub(running.MinerStart) > time.Minute {
		t.Fatalf("restarted miner: started %v, stats %v, hashrates %+v", running.MinerStart, running.StatsTime, running.Hashrates)
	}
	msgs, _ := fx.client.Messages(ctx, farmB, fx.workerID(t, farmB, "10256"), MessageQuery{})
	if len(msgs) != 2 || msgs[0].Title != "Miner restarted" || msgs[1].Title != "Miner stopped" {
		t.Fatalf("messages %+v, want newest first", msgs)
	}
}

func TestExecReportsItsFailureAndItsOutput(t *testing.T) {
	fx := setup(t, func(o *simhiveos.OptionsV2) { o.CommandDelay = -1 }, nil)
	if _, err := fx.client.Command(context.Background(), farmA, []int64{10256}, Exec("false")); err != nil {
		t.Fatal(err)
	}
	msgs, err := fx.client.Messages(context.Background(), farmA, 10256, MessageQuery{WithPayload: true})
	var result struct{ Exitcode int }
	if err != nil || len(msgs) != 1 || msgs[0].Type != "danger" || !msgs[0].HasPayload || msgs[0].Payload == "" ||
		json.Unmarshal(msgs[0].CommandResult, &result) != nil || result.Exitcode != 1 {
		t.Fatalf("messages %+v, %v", msgs, err)
	}
}

func TestUnknownCommandsAndMissingDataAreValidationErrors(t *testing.T) {
	fx := setup(t, nil, nil)
	for cmd, field := range map[string]CommandRequest{
		"data.command":     {Command: "selfdestruct"},
		"data.data.cmd":    {Command: "exec"},
		"data.data.action": Miner("dance"),
	} {
		_, err := fx.client.Command(context.Background(), farmA, []int64{10256}, field)
		var api *APIError
		if !errors.Is(err, ErrValidation) || !errors.As(err, &api) || len(api.Fields[cmd]) != 1 {
			t.Errorf("%+v: err %v, want a 422 on %s", field, err, cmd)
		}
	}
}

func TestStateChangingCallsAreNeverResent(t *testing.T) {
	for name, c := range map[string]struct {
		inject func(*fixture)
		want   error
	}{
		"502":                {func(fx *fixture) { fx.sim.Faults.FailWith(http.StatusBadGateway, "", 0) }, ErrUnknownOutcome},
		"502 with JSON":      {func(fx *fixture) { fx.sim.Faults.FailWith(http.StatusBadGateway, `{"message":"Server Error"}`, 0) }, ErrUnknownOutcome},
		"empty 200":          {func(fx *fixture) { fx.sim.EmptyAnswers(1) }, ErrUnknownOutcome},
		"429 from the limit": {func(fx *fixture) { fx.sim.Recorder.Reset() }, ErrRateLimited},
	} {
		t.Run(name, func(t *testing.T) {
			fx := setup(t, func(o *simhiveos.OptionsV2) { o.RateLimit = 0.01 }, nil)
			if err := fx.client.Ping(context.Background()); err != nil { // spends the one request the limit allows
				t.Fatal(err)
			}
			c.inject(fx)
			_, err := fx.client.Command(context.Background(), farmA, []int64{10256}, Reboot())
			if !errors.Is(err, c.want) {
				t.Fatalf("err %v, want %v", err, c.want)
			}
			if c.want == ErrRateLimited && errors.Is(err, ErrUnknownOutcome) {
				t.Fatalf("a 429 from the API itself is a refusal, not an unknown outcome: %v", err)
			}
			if n := fx.count("POST", "/farms/7001/workers/command"); n != 1 {
				t.Fatalf("sent %d times, want once", n)
			}
			if len(fx.waited) != 0 {
				t.Fatalf("waited %v before a retry", fx.waited)
			}
		})
	}
}
