package alerts

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// user is one user's states across polls, kept the way the monitor keeps them: outcomes applied in turn.
type user struct {
	t      *testing.T
	policy Policy
	states map[Key]State
	told   []string // every transition, as "09:05 fired gpu_temp/10256/gpu1 = 88 (80 farm red_temp)"
}

func newUser(t *testing.T) *user {
	return &user{t: t, policy: defaultPolicy(), states: map[Key]State{}}
}

func defaultPolicy() Policy {
	var d Limits
	d[HashrateLow] = Limit{Value: 20, Percent: true, Set: true}
	d[OfflineAfter] = Limit{Value: 300, Set: true}
	return Policy{Defaults: d, For: 2 * time.Minute, Repeat: 4 * time.Hour, SourceDownAfter: 3, Reachable: true}
}

// poll evaluates one poll at at and applies the outcome; it returns what the user was told.
func (u *user) poll(at time.Time, p Poll) []string {
	u.t.Helper()
	p.At = at
	out := Evaluate(NewView(p), &u.policy, u.states, at)
	for _, k := range out.Deletes {
		if _, ok := u.states[k]; !ok {
			u.t.Fatalf("%s: deleted %s, which had no state", at.Format("15:04"), k)
		}
		delete(u.states, k)
	}
	for _, st := range out.Upserts {
		u.states[st.Key] = st
	}
	var told []string
	for _, tr := range out.Transitions {
		s := fmt.Sprintf("%s %s %s = %g", at.Format("15:04"), eventName(tr.Event), tr.State.Key, tr.State.Value)
		if tr.Event != Resolved && tr.State.Origin != OriginNone {
			s += fmt.Sprintf(" (%g %s)", tr.State.Threshold, tr.State.Origin)
		}
		if tr.Event == Resolved {
			s += " after " + tr.Lasted(at).String()
			if tr.Gone {
				s += " gone"
			}
		}
		told = append(told, s)
	}
	u.told = append(u.told, told...)
	return told
}

func eventName(e Event) string {
	return map[Event]string{Fired: "fired", Reminder: "reminder", Resolved: "resolved"}[e]
}

// farmPoll is a Hive OS poll of one rig whose GPUs read temps; an online rig's data is as fresh as the poll.
func farmPoll(at time.Time, temps ...float64) Poll {
	return Poll{Source: "hiveos", Readings: rig("10256", at, true, 90e6, temps...)}
}

func rig(id string, dataAt time.Time, online bool, hashrate float64, temps ...float64) []Reading {
	on := 0.0
	if online {
		on = 1
	}
	rs := []Reading{{Source: "hiveos", Rig: id, GPU: NoGPU, Metric: RigOnline, Value: on, At: dataAt}}
	if !online {
		return rs
	}
	rs = append(rs, Reading{Source: "hiveos", Rig: id, GPU: NoGPU, Metric: RigHashrate, Algo: "ethash", Value: hashrate, At: dataAt})
	for i, temp := range temps {
		rs = append(rs, Reading{Source: "hiveos", Rig: id, GPU: i, Metric: GPUTemp, Value: temp, At: dataAt},
			Reading{Source: "hiveos", Rig: id, GPU: i, Metric: GPUFan, Value: 50 + temp/4, At: dataAt})
	}
	return rs
}

func withRedTemp(p Poll, red float64) Poll {
	p.Readings = append([]Reading{{Source: p.Source, GPU: NoGPU, Metric: FarmRedTemp, Value: red}}, p.Readings...)
	return p
}

func minutes(n int) time.Time { return t0.Add(time.Duration(n) * time.Minute) }

func expectTold(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("told:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestHotGPUFiresOnceAfterForAndResolvesWithItsDuration(t *testing.T) {
	u := newUser(t)
	for m, temp := range []float64{70, 85, 86, 87, 88, 88, 84, 78, 76, 70} {
		u.poll(minutes(m), withRedTemp(farmPoll(minutes(m), 60, temp), 80))
	}
	expectTold(t, u.told,
		"09:03 fired gpu_temp/10256/gpu1 = 87 (80 farm red_temp)",
		"09:08 resolved gpu_temp/10256/gpu1 = 76 after 7m0s")
	if len(u.states) != 0 {
		t.Fatalf("states left: %v", u.states)
	}
}

func TestTemperatureHoveringAtTheLineDoesNotFlap(t *testing.T) {
	u := newUser(t)
	// Under the line often enough that it never holds for two minutes.
	for m, temp := range []float64{80, 81, 79, 80, 81, 79.5, 80, 79, 81, 80, 79} {
		u.poll(minutes(m), withRedTemp(farmPoll(minutes(m), temp), 80))
	}
	expectTold(t, u.told)

	// Once firing, dipping under the line but not under the hysteresis does not resolve it.
	u = newUser(t)
	for m, temp := range []float64{81, 81, 81, 79, 80, 78, 81, 77.5, 80, 76.9} {
		u.poll(minutes(m), withRedTemp(farmPoll(minutes(m), temp), 80))
	}
	expectTold(t, u.told,
		"09:02 fired gpu_temp/10256/gpu0 = 81 (80 farm red_temp)",
		"09:09 resolved gpu_temp/10256/gpu0 = 76.9 after 9m0s")
}

func TestTemperatureThresholdComesFromTheStrongestLevel(t *testing.T) {
	cases := []struct {
		name    string
		setup   func(p *Policy)
		redTemp float64
		want    string
	}{
		{"built-in when nothing is known", func(*Policy) {}, 0, "(80 built-in)"},
		{"the farm's red_temp", func(*Policy) {}, 75, "(75 farm red_temp)"},
		{"the config's default over the farm", func(p *Policy) { p.Defaults[TempMax] = Limit{Value: 70, Set: true} }, 75, "(70 default)"},
		{"the user's over the default", func(p *Policy) {
			p.Defaults[TempMax] = Limit{Value: 70, Set: true}
			p.User[TempMax] = Limit{Value: 65, Set: true}
		}, 75, "(65 yours)"},
		{"the user's for this rig over theirs", func(p *Policy) {
			p.User[TempMax] = Limit{Value: 65, Set: true}
			p.Rigs = map[string]Limits{"10256": {TempMax: {Value: 60, Set: true}}}
		}, 75, "(60 yours, this rig)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u := newUser(t)
			u.policy.For = 0
			c.setup(&u.policy)
			p := farmPoll(t0, 90)
			if c.redTemp > 0 {
				p = withRedTemp(p, c.redTemp)
			}
			told := u.poll(t0, p)
			if len(told) != 1 || !strings.HasSuffix(told[0], c.want) {
				t.Fatalf("told %q, want a line ending %q", told, c.want)
			}
		})
	}
}

func TestTwoUsersWithDifferentThresholdsHearDifferentThings(t *testing.T) {
	ada, vic := newUser(t), newUser(t)
	vic.policy.User[TempMax] = Limit{Value: 70, Set: true}
	for m := range 4 {
		p := withRedTemp(farmPoll(minutes(m), 60, 75), 80)
		ada.poll(minutes(m), p)
		vic.poll(minutes(m), p)
	}
	expectTold(t, ada.told)
	expectTold(t, vic.told, "09:02 fired gpu_temp/10256/gpu1 = 75 (70 yours)")
}

func TestOfflineRigFiresAfterOfflineAfterAndRaisesNothingElse(t *testing.T) {
	u := newUser(t)
	u.policy.User[FanMax] = Limit{Value: 72, Set: true}
	// Hot and firing, then the rig drops off at 09:03 (its last data stays at 09:03).
	for m := range 4 {
		u.poll(minutes(m), farmPoll(minutes(m), 95))
	}
	for m := 4; m <= 12; m++ {
		u.poll(minutes(m), Poll{Source: "hiveos", Readings: rig("10256", minutes(3), false, 0)})
	}
	// Back, cool.
	u.poll(minutes(13), farmPoll(minutes(13), 60))
	expectTold(t, u.told,
		"09:02 fired gpu_temp/10256/gpu0 = 95 (80 built-in)",
		"09:02 fired gpu_fan/10256/gpu0 = 73.75 (72 yours)",
		"09:08 fired rig_offline/10256 = 300 (300 default)",
		"09:13 resolved rig_offline/10256 = 0 after 10m0s",
		"09:13 resolved gpu_temp/10256/gpu0 = 60 after 13m0s",
		"09:13 resolved gpu_fan/10256/gpu0 = 65 after 13m0s")
}

func TestRigWithStaleDataIsOfflineAndItsOldReadingsRaiseNothing(t *testing.T) {
	u := newUser(t)
	// The source still says online, but the rig's data stopped ten minutes ago; the stale readings are hot.
	stale := t0.Add(-10 * time.Minute)
	for m := 0; m <= 3; m++ {
		u.poll(minutes(m), Poll{Source: "hiveos", Readings: rig("10256", stale, true, 90e6, 99)})
	}
	expectTold(t, u.told, "09:00 fired rig_offline/10256 = 600 (300 default)")
	if len(u.states) != 1 {
		t.Fatalf("states: %v", u.states)
	}
}

func TestSourceDownRaisesOneAlertAndFreezesEverythingElse(t *testing.T) {
	u := newUser(t)
	u.policy.For = 0
	u.poll(minutes(0), farmPoll(minutes(0), 90)) // fires at once
	failed := func(m, n int) Poll {
		return Poll{Source: "hiveos", Failed: true, Failures: n, DownSince: minutes(1)}
	}
	for n := 1; n <= 5; n++ {
		u.poll(minutes(n), failed(n, n))
	}
	if _, ok := u.states[Key{Kind: KindGPUTemp, Rig: "10256", GPU: 0}]; !ok {
		t.Fatal("the firing temperature alert was dropped while the source was down")
	}
	// Back: the rig is still hot (no news), a second rig is new and fine.
	p := farmPoll(minutes(6), 90)
	p.Readings = append(p.Readings, rig("10257", minutes(6), true, 90e6, 60)...)
	u.poll(minutes(6), p)
	expectTold(t, u.told,
		"09:00 fired gpu_temp/10256/gpu0 = 90 (80 built-in)",
		"09:03 fired source_down/ = 3 (3 default)",
		"09:06 resolved source_down/ = 0 after 5m0s")
}

func TestSourceDownAlertSurvivesACounterThatRestarted(t *testing.T) {
	u := newUser(t)
	for n := 1; n <= 3; n++ {
		u.poll(minutes(n), Poll{Source: "hiveos", Failed: true, Failures: n, DownSince: minutes(1)})
	}
	// After a restart the counter starts again at 1: the alert stays, with no second message.
	u.poll(minutes(4), Poll{Source: "hiveos", Failed: true, Failures: 1, DownSince: minutes(4)})
	if st := u.states[Key{Kind: KindSourceDown, GPU: NoGPU}]; st.Phase != Firing {
		t.Fatalf("source down state after a restart: %+v", st)
	}
	expectTold(t, u.told, "09:03 fired source_down/ = 3 (3 default)")
}

func TestMutedAlertIsToldWhenTheMuteEndsAndAResolutionWhileMutedIsSilent(t *testing.T) {
	u := newUser(t)
	u.policy.RigsMutedUntil = map[string]time.Time{"10256": minutes(10)}
	for m := range 12 {
		u.poll(minutes(m), farmPoll(minutes(m), 90))
	}
	expectTold(t, u.told, "09:10 fired gpu_temp/10256/gpu0 = 90 (80 built-in)")

	u = newUser(t)
	u.policy.MutedUntil = minutes(10)
	for m := range 5 {
		u.poll(minutes(m), farmPoll(minutes(m), 90))
	}
	u.poll(minutes(5), farmPoll(minutes(5), 60))
	u.poll(minutes(11), farmPoll(minutes(11), 60))
	expectTold(t, u.told)
}

func TestUnreachableUserIsToldOnceReachable(t *testing.T) {
	u := newUser(t)
	u.policy.Reachable = false
	for m := range 4 {
		u.poll(minutes(m), farmPoll(minutes(m), 90))
	}
	u.policy.Reachable = true
	u.poll(minutes(4), farmPoll(minutes(4), 90))
	expectTold(t, u.told, "09:04 fired gpu_temp/10256/gpu0 = 90 (80 built-in)")
}

func TestRemindersRepeatUntilAcked(t *testing.T) {
	u := newUser(t)
	u.policy.Repeat = time.Hour
	at := func(h, m int) time.Time { return t0.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	for _, tm := range []time.Time{at(0, 0), at(0, 2), at(1, 1), at(1, 2), at(2, 2)} {
		u.poll(tm, farmPoll(tm, 90))
	}
	k := Key{Kind: KindGPUTemp, Rig: "10256", GPU: 0}
	st := u.states[k]
	st.Acked = true
	u.states[k] = st
	for _, tm := range []time.Time{at(3, 2), at(5, 0)} {
		u.poll(tm, farmPoll(tm, 90))
	}
	u.poll(at(5, 1), farmPoll(at(5, 1), 60))
	expectTold(t, u.told,
		"09:02 fired gpu_temp/10256/gpu0 = 90 (80 built-in)",
		"10:02 reminder gpu_temp/10256/gpu0 = 90 (80 built-in)",
		"11:02 reminder gpu_temp/10256/gpu0 = 90 (80 built-in)",
		"14:01 resolved gpu_temp/10256/gpu0 = 60 after 5h1m0s")
}

func TestHashrateDropAgainstTheRigsMedianFreezesItsBaseline(t *testing.T) {
	u := newUser(t)
	poll := func(m int, rate, baseline float64) {
		p := farmPoll(minutes(m), 60)
		p.Readings[1].Value = rate
		p.Baselines = map[string]float64{BaselineKey("10256", "ethash"): baseline}
		u.poll(minutes(m), p)
	}
	poll(0, 100e6, 0) // no history yet: nothing to judge against
	poll(1, 70e6, 100e6)
	poll(2, 70e6, 90e6)
	poll(3, 70e6, 80e6) // the median follows the drop down; the line stays at 80 MH/s
	poll(4, 82e6, 70e6) // over the line, but not by 5 %
	poll(5, 85e6, 70e6)
	expectTold(t, u.told,
		"09:03 fired rig_hashrate/10256/ethash = 7e+07 (8e+07 default)",
		"09:05 resolved rig_hashrate/10256/ethash = 8.5e+07 after 4m0s")
}

func TestAbsoluteHashrateAppliesToTheMainAlgorithmOnly(t *testing.T) {
	u := newUser(t)
	u.policy.For = 0
	u.policy.User[HashrateLow] = Limit{Value: 150e6, Set: true}
	p := farmPoll(t0, 60)
	p.Readings = append(p.Readings, Reading{Source: "hiveos", Rig: "10256", GPU: NoGPU, Metric: RigHashrate, Algo: "randomx", Value: 5e3})
	expectTold(t, u.poll(t0, p), "09:00 fired rig_hashrate/10256/ethash = 9e+07 (1.5e+08 yours)")
}

func TestLostGPUFiresUntilItIsBack(t *testing.T) {
	u := newUser(t)
	expected := Facts{ExpectedGPUs: map[string]int{"10256": 3}}
	poll := func(m int, temps ...float64) {
		p := farmPoll(minutes(m), temps...)
		p.Facts = expected
		u.poll(minutes(m), p)
	}
	poll(0, 60, 60, 60)
	poll(1, 60, 60)
	poll(2, 60, 60)
	poll(3, 60, 60)
	poll(4, 60, 60, 60)
	expectTold(t, u.told,
		"09:03 fired gpu_lost/10256 = 2",
		"09:04 resolved gpu_lost/10256 = 3 after 3m0s")
}

func TestPoolSiteAndTokenAlerts(t *testing.T) {
	u := newUser(t)
	u.policy.For = 0
	u.policy.User[PoolLow] = Limit{Value: 40e12, Set: true}
	u.policy.Rigs = map[string]Limits{"LTC": {WorkersMax: {Value: 1, Set: true}}}
	u.policy.User[SiteLow] = Limit{Value: 1000, Set: true}
	pool := func(coin string, rate, inactive float64) []Reading {
		return []Reading{
			{Source: "viabtc", Rig: coin, GPU: NoGPU, Metric: PoolHashrate, Value: rate},
			{Source: "viabtc", Rig: coin, GPU: NoGPU, Metric: PoolWorkersInactive, Value: inactive},
		}
	}
	told := u.poll(t0, Poll{Source: "viabtc", Readings: append(pool("BTC", 30e12, 2), pool("LTC", 0, 1)...)})
	expectTold(t, told,
		"09:00 fired pool_hashrate/BTC = 3e+13 (4e+13 yours)",
		"09:00 fired pool_hashrate/LTC = 0 (4e+13 yours)")
	// Workers: BTC has no limit; LTC tolerates one.
	told = u.poll(minutes(1), Poll{Source: "viabtc", Readings: append(pool("BTC", 41e12, 2), pool("LTC", 50e12, 2)...)})
	expectTold(t, told,
		"09:01 resolved pool_hashrate/LTC = 5e+13 after 1m0s",
		"09:01 fired pool_workers/LTC = 2 (1 yours, this rig)")

	site := newUser(t)
	site.policy = u.policy
	site.states = map[Key]State{}
	told = site.poll(t0, Poll{Source: "coinhive", Readings: []Reading{{Source: "coinhive", Rig: "pitboss demo", GPU: NoGPU, Metric: SiteHashrate, Value: 500}}})
	expectTold(t, told, "09:00 fired site_hashrate/pitboss demo = 500 (1000 yours)")

	auth := newUser(t)
	token := func(m int, valid, failures float64) []string {
		return auth.poll(minutes(m), Poll{Source: "hiveauth", Readings: []Reading{
			{Source: "hiveauth", GPU: NoGPU, Metric: AuthValid, Value: valid},
			{Source: "hiveauth", GPU: NoGPU, Metric: AuthFailures, Value: failures}}})
	}
	token(0, 1, 0)
	token(1, 1, 1)
	token(2, 1, 2)
	expectTold(t, token(3, 0, 3), "09:03 fired auth_failing/ = 3")
	expectTold(t, token(4, 1, 0), "09:04 resolved auth_failing/ = 0 after 3m0s")
}

func TestUnsettingAThresholdResolvesItsAlert(t *testing.T) {
	u := newUser(t)
	u.policy.For = 0
	u.policy.User[FanMax] = Limit{Value: 60, Set: true}
	u.poll(t0, farmPoll(t0, 60))
	u.policy.User[FanMax] = Limit{}
	expectTold(t, u.poll(minutes(1), farmPoll(minutes(1), 60)), "09:01 resolved gpu_fan/10256/gpu0 = 65 after 1m0s")
}

func TestRigThatLeavesTheFarmResolvesAsGone(t *testing.T) {
	u := newUser(t)
	u.policy.For = 0
	u.poll(t0, farmPoll(t0, 90))
	expectTold(t, u.poll(minutes(1), Poll{Source: "hiveos", Readings: rig("10257", minutes(1), true, 90e6, 60)}),
		"09:01 resolved gpu_temp/10256/gpu0 = 90 after 1m0s gone")
}

func TestEvaluationDoesNotChangeWhatItIsGiven(t *testing.T) {
	prev := map[Key]State{{Kind: KindGPUTemp, Rig: "10256", GPU: 0}: {Key: Key{Kind: KindGPUTemp, Rig: "10256", GPU: 0},
		Phase: Pending, Since: t0, Value: 90, Peak: 90, Threshold: 80}}
	before := fmt.Sprint(prev)
	p := defaultPolicy()
	out := Evaluate(NewView(farmPoll(minutes(3), 95)), &p, prev, minutes(3))
	if fmt.Sprint(prev) != before {
		t.Fatal("Evaluate changed prev")
	}
	if len(out.Upserts) != 1 || out.Upserts[0].Phase != Firing || out.Upserts[0].Peak != 95 {
		t.Fatalf("upserts %+v", out.Upserts)
	}
}

// busPoll is a poll of one rig whose GPUs report bus numbers: buses[i] is the bus of GPU i.
func busPoll(at time.Time, buses []int, temps ...float64) Poll {
	p := farmPoll(at, temps...)
	for i := range p.Readings {
		if g := p.Readings[i].GPU; g >= 0 {
			p.Readings[i].Bus = buses[g]
		}
	}
	return p
}

func TestAHotCardKeepsItsAlertWhenAnotherFallsOffTheBus(t *testing.T) {
	u := newUser(t)
	facts := Facts{ExpectedGPUs: map[string]int{"10256": 4}}
	poll := func(m int, buses []int, temps ...float64) {
		p := busPoll(minutes(m), buses, temps...)
		p.Facts = facts
		u.poll(minutes(m), p)
	}
	for m := range 3 {
		poll(m, []int{1, 2, 3, 4}, 60, 60, 90, 60) // the card on bus 3 runs hot
	}
	for m := 3; m < 6; m++ {
		poll(m, []int{2, 3, 4}, 60, 90, 60) // the card on bus 1 fell off: the hot one is now GPU 1
	}
	expectTold(t, u.told,
		"09:02 fired gpu_temp/10256/gpu3 = 90 (80 built-in)",
		"09:05 fired gpu_lost/10256 = 3")
	if st := u.states[Key{Kind: KindGPUTemp, Rig: "10256", GPU: 3}]; st.Index != 1 {
		t.Fatalf("the hot card's index is %d, want 1 now", st.Index)
	}
}

func TestAnAlgorithmNoLongerMinedEndsItsAlert(t *testing.T) {
	u := newUser(t)
	u.policy.For = 0
	u.policy.User[HashrateLow] = Limit{Value: 150e6, Set: true}
	u.poll(t0, farmPoll(t0, 60)) // ethash at 90 MH/s: under 150
	p := farmPoll(minutes(1), 60)
	p.Readings[1].Algo, p.Readings[1].Value = "etchash", 200e6 // switched, and fast
	expectTold(t, u.poll(minutes(1), p), "09:01 resolved rig_hashrate/10256/ethash = 9e+07 after 1m0s gone")
	if len(u.states) != 0 {
		t.Fatalf("states left: %v", u.states)
	}
}

func TestAConditionPendingBeforeAFailedPollMustHoldAgain(t *testing.T) {
	u := newUser(t)
	u.poll(minutes(0), farmPoll(minutes(0), 90))
	u.poll(minutes(1), Poll{Source: "hiveos", Failed: true, Failures: 1, DownSince: minutes(1)})
	u.poll(minutes(2), Poll{Source: "hiveos", Failed: true, Failures: 2, DownSince: minutes(1)})
	p := farmPoll(minutes(3), 90)
	p.Resumed = true
	expectTold(t, u.poll(minutes(3), p)) // pending since 09:00, but not seen between: the 2 minutes start again
	expectTold(t, u.poll(minutes(5), farmPoll(minutes(5), 90)), "09:05 fired gpu_temp/10256/gpu0 = 90 (80 built-in)")
}

func TestHysteresisLineItselfResolves(t *testing.T) {
	u := newUser(t)
	u.policy.For = 0
	u.poll(t0, withRedTemp(farmPoll(t0, 85), 80))
	expectTold(t, u.poll(minutes(1), withRedTemp(farmPoll(minutes(1), 77), 80)), "09:01 resolved gpu_temp/10256/gpu0 = 77 after 1m0s")
}
