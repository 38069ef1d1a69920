package store_test

import (
	"context"
	"testing"
	"time"

	"pitboss/alerts"
	"pitboss/store"
)

func mustUser(t *testing.T, s *store.Store, telegramID int64) *store.User {
	t.Helper()
	ctx := context.Background()
	if err := s.SyncConfigUsers(ctx, []int64{telegramID}, nil); err != nil {
		t.Fatal(err)
	}
	u, err := s.User(ctx, telegramID)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestAlertStatesRoundTripAndAnAckSurvivesALaterUpsert(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		ctx := context.Background()
		u := mustUser(t, s, 1001)
		told := day.Add(1500 * time.Millisecond) // told within a second, as the ack button's time counts
		hot := alerts.State{Key: alerts.Key{Kind: alerts.KindGPUTemp, Rig: "10256", GPU: 1}, Phase: alerts.Firing, Index: 0,
			Since: day, FiredAt: told, NotifiedAt: told, Value: 88, Peak: 91, Threshold: 80, Origin: alerts.OriginFarm}
		pending := alerts.State{Key: alerts.Key{Kind: alerts.KindRigHashrate, Rig: "10257", GPU: alerts.NoGPU, Algo: "ethash"},
			Phase: alerts.Pending, Since: day, Value: 70e6, Threshold: 80e6, Baseline: 100e6, Origin: alerts.OriginDefault}
		save := func(c store.StateChanges) {
			t.Helper()
			if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos", At: day, States: []store.StateChanges{c}}); err != nil {
				t.Fatal(err)
			}
		}
		save(store.StateChanges{UserID: u.ID, Upserts: []alerts.State{hot, pending}})
		got, err := s.AlertStates(ctx, "hiveos")
		if err != nil {
			t.Fatal(err)
		}
		if len(got[u.ID]) != 2 || !sameState(got[u.ID][hot.Key], hot) || !sameState(got[u.ID][pending.Key], pending) {
			t.Fatalf("states read back: %+v", got)
		}
		// The ack button's time is the message's, in whole seconds; it acks the source's alerts fired before it.
		if n, err := s.Ack(ctx, u.ID, "hiveos", day.Add(time.Second)); err != nil || n != 0 {
			t.Fatalf("ack before it fired: %d %v", n, err)
		}
		if n, err := s.Ack(ctx, u.ID, "viabtc", day.Add(time.Hour)); err != nil || n != 0 {
			t.Fatalf("ack of another source: %d %v", n, err)
		}
		if n, err := s.Ack(ctx, u.ID, "hiveos", day.Add(2*time.Second)); err != nil || n != 1 {
			t.Fatalf("ack: %d %v", n, err)
		}
		// A poll that read the states before the ack writes them back: the ack stays.
		hot.Value = 89
		save(store.StateChanges{UserID: u.ID, Upserts: []alerts.State{hot}, Deletes: []alerts.Key{pending.Key}})
		got, _ = s.AlertStates(ctx, "hiveos")
		if st := got[u.ID][hot.Key]; !st.Acked || st.Value != 89 || len(got[u.ID]) != 1 {
			t.Fatalf("after an upsert: %+v", got[u.ID])
		}
		list, err := s.UserAlerts(ctx, u.ID)
		if err != nil || len(list) != 1 || list[0].Source != "hiveos" || list[0].Kind != alerts.KindGPUTemp {
			t.Fatalf("user alerts: %+v %v", list, err)
		}
	})
}

func sameState(a, b alerts.State) bool {
	return a.Key == b.Key && a.Phase == b.Phase && a.Since.Equal(b.Since) && a.FiredAt.Equal(b.FiredAt) &&
		a.NotifiedAt.Equal(b.NotifiedAt) && a.Value == b.Value && a.Peak == b.Peak && a.Threshold == b.Threshold &&
		a.Origin == b.Origin && a.Baseline == b.Baseline && a.Acked == b.Acked
}

func TestAUsersAlertsThresholdsAndMutesGoWithTheUser(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		ctx := context.Background()
		u := mustUser(t, s, 1001)
		st := alerts.State{Key: alerts.Key{Kind: alerts.KindSourceDown, GPU: alerts.NoGPU}, Phase: alerts.Firing, Since: day}
		if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos", At: day, States: []store.StateChanges{{UserID: u.ID, Upserts: []alerts.State{st}}}}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetThreshold(ctx, store.Threshold{UserID: u.ID, Name: "temp", Value: 75}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetMute(ctx, store.Mute{UserID: u.ID, Until: day.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := s.SyncConfigUsers(ctx, nil, nil); err != nil { // removed from the config
			t.Fatal(err)
		}
		states, _ := s.AlertStates(ctx, "hiveos")
		ts, _ := s.Thresholds(ctx)
		ms, _ := s.Mutes(ctx, 0, day)
		if len(states) != 0 || len(ts) != 0 || len(ms) != 0 {
			t.Fatalf("left behind: %d users' states, %d thresholds, %d mutes", len(states), len(ts), len(ms))
		}
	})
}

func TestThresholdsReplaceAndUnset(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		ctx := context.Background()
		u := mustUser(t, s, 1001)
		for _, th := range []store.Threshold{
			{UserID: u.ID, Name: "temp", Value: 75},
			{UserID: u.ID, Name: "temp", Value: 78},
			{UserID: u.ID, Source: "hiveos", Rig: "10256", Name: "hashrate", Value: 20, Percent: true},
		} {
			if err := s.SetThreshold(ctx, th); err != nil {
				t.Fatal(err)
			}
		}
		ts, err := s.UserThresholds(ctx, u.ID)
		if err != nil || len(ts) != 2 || ts[0].Value != 78 || !ts[1].Percent || ts[1].Rig != "10256" {
			t.Fatalf("thresholds: %+v %v", ts, err)
		}
		if ok, err := s.UnsetThreshold(ctx, u.ID, "hiveos", "10256", "hashrate"); !ok || err != nil {
			t.Fatalf("unset: %v %v", ok, err)
		}
		if ok, _ := s.UnsetThreshold(ctx, u.ID, "hiveos", "10256", "hashrate"); ok {
			t.Fatal("unset twice")
		}
	})
}

func TestMutesEndOnTime(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		now := day
		s := mustOpen(t, db, func() time.Time { return now })
		ctx := context.Background()
		u := mustUser(t, s, 1001)
		s.SetMute(ctx, store.Mute{UserID: u.ID, Until: day.Add(time.Hour)})
		s.SetMute(ctx, store.Mute{UserID: u.ID, Source: "hiveos", Rig: "10256", Until: day.Add(10 * time.Minute)})
		if ms, _ := s.Mutes(ctx, u.ID, day.Add(5*time.Minute)); len(ms) != 2 {
			t.Fatalf("mutes at +5m: %+v", ms)
		}
		if ms, _ := s.Mutes(ctx, u.ID, day.Add(10*time.Minute)); len(ms) != 1 || ms[0].Rig != "" {
			t.Fatalf("mutes at +10m: %+v", ms)
		}
		now = day.Add(10 * time.Minute)
		if n, err := s.Unmute(ctx, u.ID, "", ""); n != 1 || err != nil {
			t.Fatalf("unmute all, one mute still in force: %d %v", n, err)
		}
	})
}

func TestTheAlertLogKeepsWhenEachAlertFiredAndEnded(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		now := day
		s := mustOpen(t, db, func() time.Time { return now })
		ctx := context.Background()
		u := mustUser(t, s, 1001)
		hot := alerts.State{Key: alerts.Key{Kind: alerts.KindGPUTemp, Rig: "10256", GPU: 3}, Index: 2, Phase: alerts.Firing,
			Since: day, FiredAt: day.Add(2 * time.Minute), Value: 88, Peak: 88, Threshold: 80}
		save := func(c store.StateChanges) {
			t.Helper()
			c.UserID = u.ID
			if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos", At: now, States: []store.StateChanges{c}}); err != nil {
				t.Fatal(err)
			}
		}
		save(store.StateChanges{Upserts: []alerts.State{hot}, Began: []alerts.State{hot}})
		now = day.Add(20 * time.Minute)
		hot.Peak = 93
		save(store.StateChanges{Deletes: []alerts.Key{hot.Key}, Ended: []alerts.State{hot}})
		log, err := s.AlertLog(ctx, u.ID, day, day.Add(time.Hour))
		if err != nil || len(log) != 1 {
			t.Fatalf("log %+v %v", log, err)
		}
		e := log[0]
		if e.Kind != "gpu_temp" || e.Idx != 2 || !e.FiredAt.Equal(day.Add(2*time.Minute)) || !e.Ended().Equal(now) || e.Peak != 93 {
			t.Fatalf("entry %+v", e)
		}
		if later, _ := s.AlertLog(ctx, u.ID, day.Add(30*time.Minute), day.Add(time.Hour)); len(later) != 0 {
			t.Fatalf("an alert that ended before the window: %+v", later)
		}
	})
}
