package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"pitboss/migrations"
	"pitboss/store"
)

var day = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func TestOpenSetsThePragmas(t *testing.T) {
	db := newTestDB(t, store.SQLite)
	mustOpen(t, db, nil)
	raw := db.raw(t)
	var mode string
	var busy, fk int
	raw.Raw("PRAGMA journal_mode").Scan(&mode)
	raw.Raw("PRAGMA busy_timeout").Scan(&busy)
	raw.Raw("PRAGMA foreign_keys").Scan(&fk)
	if mode != "wal" || busy != 10000 || fk != 1 {
		t.Fatalf("journal_mode=%s busy_timeout=%d foreign_keys=%d", mode, busy, fk)
	}
}

func TestOpenNamesTheDriver(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		if got := mustOpenStore(t, db).Driver(); got != db.cfg.Driver {
			t.Fatalf("Driver() = %q, want %q", got, db.cfg.Driver)
		}
	})
}

func TestOpenConfigRefusesWhatItCannotOpen(t *testing.T) {
	ctx := context.Background()
	const password = "s3cret-pw"
	for _, tc := range []struct {
		name string
		cfg  store.Config
		want string
	}{
		{"no path", store.Config{Driver: store.SQLite}, "store: no database path"},
		{"unknown driver", store.Config{Driver: "mysql", Path: "p.db"}, `unknown database driver "mysql"`},
		{"no DSN", store.Config{Driver: store.Postgres}, "store: no PostgreSQL DSN"},
		{"a DSN that is not one", store.Config{Driver: store.Postgres, DSN: "postgres://u:" + password + "@host:port/db"},
			"the PostgreSQL DSN is not a URL"},
		{"a server that does not answer", store.Config{Driver: store.Postgres, DSN: "postgres://u:" + password + "@127.0.0.1:1/db"},
			"store: opening the PostgreSQL database: failed to connect"},
		{"key=value pairs", store.Config{Driver: store.Postgres, DSN: "host=127.0.0.1 port=1 user=u password=" + password},
			"store: opening the PostgreSQL database: failed to connect"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := store.OpenConfig(ctx, tc.cfg, store.Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), password) {
				t.Fatalf("err = %v, want %q and no password", err, tc.want)
			}
		})
	}
	cfg := store.Config{Driver: store.Postgres, DSN: "postgres://u:" + password + "@host/db"}
	for _, shown := range []string{cfg.String(), fmt.Sprintf("%v %+v %#v %s", cfg, cfg, cfg, cfg)} {
		if strings.Contains(shown, password) {
			t.Fatalf("the config shows its DSN: %s", shown)
		}
	}
}

func TestReopeningAppliesNoMigration(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpen(t, db, nil)
		s.Close()
		raw := db.raw(t)
		before := db.schema(t, raw)
		applied, _ := migrations.Applied(raw)
		mustOpen(t, db, nil)
		after := db.schema(t, raw)
		again, _ := migrations.Applied(raw)
		if len(applied) != len(migrations.All()) || len(again) != len(applied) {
			t.Fatalf("applied %v then %v, want %d each", applied, again, len(migrations.All()))
		}
		for i, m := range migrations.All() {
			if applied[i] != m.ID {
				t.Fatalf("applied %v, want the migrations in order", applied)
			}
		}
		if len(before) == 0 || len(before) != len(after) {
			t.Fatalf("schema changed on reopen:\n%v\n%v", before, after)
		}
		for i := range before {
			if before[i] != after[i] {
				t.Fatalf("schema changed on reopen: %q -> %q", before[i], after[i])
			}
		}
	})
}

// TestBothDatabasesGetTheSameTables compares the tables and columns the migrations make in SQLite and in
// PostgreSQL, whose statements are written apart.
func TestBothDatabasesGetTheSameTables(t *testing.T) {
	pg := newTestDB(t, store.Postgres)
	lite := newTestDB(t, store.SQLite)
	mustOpen(t, pg, nil)
	mustOpen(t, lite, nil)
	var want, got []string
	lite.raw(t).Raw(`SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1`).Scan(&want)
	pg.raw(t).Raw(`SELECT table_name || '.' || column_name FROM information_schema.columns
		WHERE table_schema = current_schema() ORDER BY 1`).Scan(&got)
	slices.Sort(want) // both in byte order, whatever the server's collation
	slices.Sort(got)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Fatalf("PostgreSQL's columns:\n%s\nSQLite's:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDatabaseFromNewerVersionIsRefused(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpen(t, db, nil)
		s.Close()
		if err := db.raw(t).Exec("INSERT INTO migrations (id) VALUES ('0099_from_the_future')").Error; err != nil {
			t.Fatal(err)
		}
		_, err := store.OpenConfig(context.Background(), db.cfg, store.Options{})
		if !errors.Is(err, store.ErrNewerSchema) {
			t.Fatalf("err = %v, want ErrNewerSchema", err)
		}
		want := "it has migration 0099_from_the_future that this version does not know; run the newer pitboss, or restore a backup made before the upgrade"
		if got := err.Error(); !strings.Contains(got, want) {
			t.Fatalf("message %q lacks %q", got, want)
		}
	})
}

// TestTwoProcessesOpeningOneDatabaseAtOnceMigrateItOnce starts an active and a standby pitboss, and two more,
// on one new PostgreSQL database at once.
func TestTwoProcessesOpeningOneDatabaseAtOnceMigrateItOnce(t *testing.T) {
	db := newTestDB(t, store.Postgres)
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() {
			s, err := store.OpenConfig(context.Background(), db.cfg, store.Options{})
			if err == nil {
				s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	applied, err := migrations.Applied(db.raw(t))
	if err != nil || len(applied) != len(migrations.All()) {
		t.Fatalf("applied %v, %v", applied, err)
	}
}

func TestSizeCountsTheDataAndCheckpointKeepsIt(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		ctx := context.Background()
		empty, err := s.Size(ctx)
		if err != nil || empty <= 0 {
			t.Fatalf("size of an empty database: %d %v", empty, err)
		}
		for m := range 30 {
			at := day.Add(time.Duration(m) * time.Minute)
			if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos", At: at, Readings: farmReadings("hiveos", 20, 8, at)}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
		if full, err := s.Size(ctx); err != nil || full <= empty {
			t.Fatalf("size after 600 polls: %d (empty: %d) %v", full, empty, err)
		}
	})
}

func TestUnknownUserIsErrNotFound(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		_, err := s.User(context.Background(), 42)
		if !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
		if errors.Is(err, gorm.ErrRecordNotFound) {
			t.Fatalf("store leaks gorm's error: %v", err)
		}
	})
}

func TestSyncConfigUsersAddsUpdatesAndRevokes(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		s := mustOpenStore(t, db)
		if err := s.SyncConfigUsers(ctx, []int64{1, 2}, []int64{3}); err != nil {
			t.Fatal(err)
		}
		if err := s.SeenInPrivate(ctx, 1, 1, "Ann", "ann"); err != nil {
			t.Fatal(err)
		}
		// 2 leaves the config, 3 becomes an admin.
		if err := s.SyncConfigUsers(ctx, []int64{1, 3}, nil); err != nil {
			t.Fatal(err)
		}
		us, _ := s.Users(ctx)
		got := map[int64]store.Role{}
		for _, u := range us {
			got[u.TelegramID] = u.Role
		}
		if len(got) != 2 || got[1] != store.RoleAdmin || got[3] != store.RoleAdmin {
			t.Fatalf("users %v", got)
		}
		u, _ := s.User(ctx, 1)
		if u.ChatID != 1 || u.Name != "Ann" {
			t.Fatalf("sync forgot the chat: %+v", u)
		}
	})
}

func TestSyncConfigUsersLeavesInvitedUsers(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		s := mustOpenStore(t, db)
		s.CreateInvite(ctx, &store.Invite{Code: "c", Role: store.RoleViewer, CreatedBy: 1, ExpiresAt: day.Add(time.Hour)})
		if _, err := s.RedeemInvite(ctx, "c", 9, 9, "Bo", ""); err != nil {
			t.Fatal(err)
		}
		if err := s.SyncConfigUsers(ctx, []int64{1}, nil); err != nil {
			t.Fatal(err)
		}
		if u, err := s.User(ctx, 9); err != nil || u.Role != store.RoleViewer {
			t.Fatalf("invited user: %+v %v", u, err)
		}
	})
}

func TestInviteWorksOnceEvenWhenRaced(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		s := mustOpenStore(t, db)
		if err := s.CreateInvite(ctx, &store.Invite{Code: "once", Role: store.RoleViewer, CreatedBy: 1, ExpiresAt: day.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = s.RedeemInvite(ctx, "once", int64(100+i), int64(100+i), "", "")
			}()
		}
		wg.Wait()
		ok, used := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, store.ErrInviteUsed):
				used++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if ok != 1 || used != 7 {
			t.Fatalf("%d redeemed, %d told it was used; want 1 and 7", ok, used)
		}
	})
}

func TestExpiredAndUnknownInvites(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		s := mustOpenStore(t, db)
		s.CreateInvite(ctx, &store.Invite{Code: "old", Role: store.RoleViewer, CreatedBy: 1, ExpiresAt: day})
		if _, err := s.RedeemInvite(ctx, "old", 5, 5, "", ""); !errors.Is(err, store.ErrInviteExpired) {
			t.Fatalf("expired: %v", err)
		}
		if _, err := s.RedeemInvite(ctx, "nope", 5, 5, "", ""); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown: %v", err)
		}
		if err := s.CreateInvite(ctx, &store.Invite{Code: "old", Role: store.RoleViewer, CreatedBy: 1, ExpiresAt: day}); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("duplicate code: %v", err)
		}
	})
}

func TestExistingUserCannotRedeemAnInvite(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		s := mustOpenStore(t, db)
		s.SyncConfigUsers(ctx, []int64{1}, nil)
		s.CreateInvite(ctx, &store.Invite{Code: "v", Role: store.RoleViewer, CreatedBy: 1, ExpiresAt: day.Add(time.Hour)})
		if _, err := s.RedeemInvite(ctx, "v", 1, 1, "", ""); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("err %v", err)
		}
		if u, _ := s.User(ctx, 1); u.Role != store.RoleAdmin {
			t.Fatalf("admin was downgraded to %s", u.Role)
		}
	})
}

func TestAuditLogKeepsEntriesNewestFirst(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		s := mustOpenStore(t, db)
		s.Audit(ctx, 1, "invite", map[string]string{"role": "viewer"}, "ok")
		s.Audit(ctx, 1, "remove", map[string]int64{"user": 9}, "ok")
		es, err := s.AuditLog(ctx, 10)
		if err != nil || len(es) != 2 || es[0].Action != "remove" || es[1].Params != `{"role":"viewer"}` || !es[0].At.Equal(day) {
			t.Fatalf("entries %+v err %v", es, err)
		}
	})
}

func TestRemoveUserOnlyRemovesInvitedUsers(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		s := mustOpenStore(t, db)
		s.SyncConfigUsers(ctx, []int64{1}, nil)
		if err := s.RemoveUser(ctx, 1); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("removing a config user: %v", err)
		}
	})
}

func TestAnActionIsClaimedOnceHoweverManyTryAtOnce(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		ctx := context.Background()
		a := &store.Action{Kind: "rocket", Preview: "p", CreatedBy: 1001, ChatID: 1001}
		if err := s.CreateAction(ctx, a, map[string]int{"x": 1}, 5*time.Minute); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		won, lost := 0, 0
		for i := range 10 {
			wg.Go(func() {
				_, err := s.ClaimAction(ctx, a.ID, int64(1001+i%2))
				mu.Lock()
				defer mu.Unlock()
				var np *store.NotPendingError
				switch {
				case err == nil:
					won++
				case errors.As(err, &np) && np.Action.State == store.ActionExecuting:
					lost++
				default:
					t.Errorf("claim: %v", err)
				}
			})
		}
		wg.Wait()
		if won != 1 || lost != 9 {
			t.Fatalf("%d claims won, %d lost", won, lost)
		}
		if err := s.FinishAction(ctx, a.ID, store.ActionDone, "ok"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CancelAction(ctx, a.ID, 1001); !errors.Is(err, store.ErrNotPending) {
			t.Fatalf("cancel after done: %v", err)
		}
	})
}

func TestAnExpiredActionCannotBeClaimed(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		now := day
		s := mustOpen(t, db, func() time.Time { return now })
		ctx := context.Background()
		a := &store.Action{Kind: "rocket", Preview: "p", CreatedBy: 1001, ChatID: 1001}
		if err := s.CreateAction(ctx, a, nil, 5*time.Minute); err != nil {
			t.Fatal(err)
		}
		now = day.Add(5 * time.Minute)
		var np *store.NotPendingError
		if _, err := s.ClaimAction(ctx, a.ID, 1001); !errors.As(err, &np) || np.Action.State != store.ActionExpired {
			t.Fatalf("claim at expiry: %v", err)
		}
	})
}

func TestAFollowedActionIsEndedOnceAndKeepsWhatWasFound(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		ctx := context.Background()
		a := &store.Action{Kind: "reboot", Preview: "p", CreatedBy: 1001, ChatID: 1001}
		if err := s.CreateAction(ctx, a, map[string]int{"x": 1}, 5*time.Minute); err != nil {
			t.Fatal(err)
		}
		if err := s.FollowAction(ctx, a.ID, 77, []int{1}, day.Add(10*time.Minute)); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("following a pending action: %v", err)
		}
		if _, err := s.ClaimAction(ctx, a.ID, 1001); err != nil {
			t.Fatal(err)
		}
		if err := s.FinishAction(ctx, a.ID, store.ActionDone, "queued"); err != nil {
			t.Fatal(err)
		}
		if err := s.FollowAction(ctx, a.ID, 77, map[string][]int64{"cmds": {5, 6}}, day.Add(10*time.Minute)); err != nil {
			t.Fatal(err)
		}
		fs, err := s.FollowedActions(ctx)
		if err != nil || len(fs) != 1 || fs[0].MessageID != 77 || fs[0].Follow != `{"cmds":[5,6]}` || !fs[0].FollowUntil.Equal(day.Add(10*time.Minute)) {
			t.Fatalf("followed: %+v %v", fs, err)
		}
		for i, want := range []bool{true, false} {
			if ended, err := s.EndFollow(ctx, a.ID, "rig01 rebooted"); err != nil || ended != want {
				t.Fatalf("end %d: %v %v, want %v", i, ended, err, want)
			}
		}
		got, err := s.Action(ctx, a.ID)
		if err != nil || got.Result != "queued\nrig01 rebooted" || got.Follow != "" {
			t.Fatalf("after: %+v %v", got, err)
		}
		if fs, _ := s.FollowedActions(ctx); len(fs) != 0 {
			t.Fatalf("still followed: %+v", fs)
		}
	})
}
