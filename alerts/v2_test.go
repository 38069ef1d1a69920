package alerts

import (
	"testing"
	"time"
)

// workerPoll is a poll of a source that reports per-rig red lines, memory temperatures and problems (Hive
// OS v2): one rig "w1" of farm "f1" with one GPU.
func workerPoll(at time.Time, temp, mem float64, problems ...string) Poll {
	rs := rig("w1", at, true, 90e6, temp)
	rs = append(rs,
		Reading{Source: "hiveos", Rig: "w1", GPU: 0, Metric: GPUMemTemp, Value: mem, At: at},
		Reading{Source: "hiveos", Rig: "w1", GPU: NoGPU, Metric: RigRedTemp, Value: 72, At: at},
		Reading{Source: "hiveos", Rig: "w1", GPU: NoGPU, Metric: RigRedMemTemp, Value: 100, At: at})
	for _, p := range problems {
		rs = append(rs, Reading{Source: "hiveos", Rig: "w1", GPU: NoGPU, Metric: RigProblem, Algo: p, Value: 1, At: at})
	}
	return Poll{Source: "hiveos", Readings: rs, Farms: map[string]string{"w1": "f1"}}
}

func TestMemoryTemperatureFiresAgainstTheRigsRedLineWithHysteresis(t *testing.T) {
	u := newUser(t)
	for m, mem := range []float64{90, 100, 101, 102, 99, 98, 97} {
		u.poll(minutes(m), workerPoll(minutes(m), 60, mem))
	}
	expectTold(t, u.told,
		"09:03 fired gpu_mem_temp/w1/gpu0 = 102 (100 rig's red line)",
		"09:06 resolved gpu_mem_temp/w1/gpu0 = 97 after 5m0s")
}

func TestMemoryTemperatureUsesTheUsersLineOverTheRigs(t *testing.T) {
	u := newUser(t)
	u.policy.User[MemTempMax] = Limit{Value: 95, Set: true}
	for m := range 3 {
		u.poll(minutes(m), workerPoll(minutes(m), 60, 96))
	}
	expectTold(t, u.told, "09:02 fired gpu_mem_temp/w1/gpu0 = 96 (95 yours)")
}

func TestRigRedTempComesAfterTheUsersAndTheConfigsLines(t *testing.T) {
	cases := []struct {
		name   string
		policy func(*Policy)
		want   string
	}{
		{"red line", func(*Policy) {}, "09:02 fired gpu_temp/w1/gpu0 = 76 (72 rig's red line)"},
		{"default", func(p *Policy) { p.Defaults[TempMax] = Limit{Value: 75, Set: true} }, "09:02 fired gpu_temp/w1/gpu0 = 76 (75 default)"},
		{"farm", func(p *Policy) {
			p.User[TempMax] = Limit{Value: 90, Set: true}
			p.Rigs = map[string]Limits{FarmKey("f1"): {TempMax: {Value: 74, Set: true}}}
		}, "09:02 fired gpu_temp/w1/gpu0 = 76 (74 yours for the farm)"},
		{"rig over farm", func(p *Policy) {
			p.Rigs = map[string]Limits{FarmKey("f1"): {TempMax: {Value: 74, Set: true}}, "w1": {TempMax: {Value: 70, Set: true}}}
		}, "09:02 fired gpu_temp/w1/gpu0 = 76 (70 yours, this rig)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u := newUser(t)
			c.policy(&u.policy)
			for m := range 3 {
				u.poll(minutes(m), workerPoll(minutes(m), 76, 60))
			}
			expectTold(t, u.told, c.want)
		})
	}
}

func TestAFarmsMuteSilencesItsRigs(t *testing.T) {
	u := newUser(t)
	u.policy.RigsMutedUntil = map[string]time.Time{FarmKey("f1"): minutes(5)}
	for m := range 7 {
		u.poll(minutes(m), workerPoll(minutes(m), 76, 60))
	}
	expectTold(t, u.told, "09:05 fired gpu_temp/w1/gpu0 = 76 (72 rig's red line)")
}

func TestReportedProblemsFireAndEndWhenNoLongerReported(t *testing.T) {
	u := newUser(t)
	polls := [][]string{
		{"low_asr", "overheat", "missed_unit"},
		{"low_asr", "no_fs"},
		{"low_asr", "no_fs"},
		{"low_asr"}, // no_fs was pending: it goes without a word
		{},
	}
	for m, ps := range polls {
		u.poll(minutes(m), workerPoll(minutes(m), 60, 60, ps...))
	}
	expectTold(t, u.told,
		"09:02 fired rig_problem/w1/low_asr = 1",
		"09:04 resolved rig_problem/w1/low_asr = 0 after 4m0s")
	if len(u.states) != 0 {
		t.Fatalf("states left: %v", u.states)
	}
}
