package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"

	"pitboss/migrations"
	"pitboss/store"
)

var day = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func mustOpen(t *testing.T, path string, now func() time.Time) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), path, store.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustOpenStore(t *testing.T) *store.Store {
	t.Helper()
	return mustOpen(t, filepath.Join(t.TempDir(), "pitboss.db"), func() time.Time { return day })
}

func rawDB(t *testing.T, path string) *gorm.DB {
	t.Helper()
	db, err := gorm.Open(sqlite.Open(store.DSN(path)), &gorm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d, _ := db.DB(); d.Close() })
	return db
}

func TestOpenSetsThePragmas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	mustOpen(t, path, nil)
	db := rawDB(t, path)
	var mode string
	var busy, fk int
	db.Raw("PRAGMA journal_mode").Scan(&mode)
	db.Raw("PRAGMA busy_timeout").Scan(&busy)
	db.Raw("PRAGMA foreign_keys").Scan(&fk)
	if mode != "wal" || busy != 10000 || fk != 1 {
		t.Fatalf("journal_mode=%s busy_timeout=%d foreign_keys=%d", mode, busy, fk)
	}
}

func TestReopeningAppliesNoMigration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	s := mustOpen(t, path, nil)
	s.Close()
	db := rawDB(t, path)
	schema := func() []string {
		var sqls []string
		db.Raw("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name").Scan(&sqls)
		return sqls
	}
	before := schema()
	applied, _ := migrations.Applied(db)
	mustOpen(t, path, nil)
	after := schema()
	again, _ := migrations.Applied(db)
	if len(applied) != len(migrations.All()) || len(again) != len(applied) {
		t.Fatalf("applied %v then %v, want %d each", applied, again, len(migrations.All()))
	}
	if len(before) != len(after) {
		t.Fatalf("schema changed on reopen:\n%v\n%v", before, after)
	}
	for i := range before {
		if before[i] != after[i] {
			t.Fatalf("schema changed on reopen: %q -> %q", before[i], after[i])
		}
	}
}

func TestDatabaseFromNewerVersionIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	s := mustOpen(t, path, nil)
	s.Close()
	db := rawDB(t, path)
	if err := db.Exec("INSERT INTO migrations (id) VALUES ('0099_from_the_future')").Error; err != nil {
		t.Fatal(err)
	}
	_, err := store.Open(context.Background(), path, store.Options{})
	if !errors.Is(err, store.ErrNewerSchema) {
		t.Fatalf("err = %v, want ErrNewerSchema", err)
	}
	want := "it has migration 0099_from_the_future that this version does not know; run the newer pitboss, or restore a backup made before the upgrade"
	if got := err.Error(); !strings.Contains(got, want) {
		t.Fatalf("message %q lacks %q", got, want)
	}
}

func TestUnknownUserIsErrNotFound(t *testing.T) {
	s := mustOpenStore(t)
	_, err := s.User(context.Background(), 42)
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		t.Fatalf("store leaks gorm's error: %v", err)
	}
}

func TestSyncConfigUsersAddsUpdatesAndRevokes(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t)
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
}

func TestSyncConfigUsersLeavesInvitedUsers(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t)
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
}

func TestInviteWorksOnceEvenWhenRaced(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t)
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
}

func TestExpiredAndUnknownInvites(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t)
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
}

func TestExistingUserCannotRedeemAnInvite(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t)
	s.SyncConfigUsers(ctx, []int64{1}, nil)
	s.CreateInvite(ctx, &store.Invite{Code: "v", Role: store.RoleViewer, CreatedBy: 1, ExpiresAt: day.Add(time.Hour)})
	if _, err := s.RedeemInvite(ctx, "v", 1, 1, "", ""); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("err %v", err)
	}
	if u, _ := s.User(ctx, 1); u.Role != store.RoleAdmin {
		t.Fatalf("admin was downgraded to %s", u.Role)
	}
}

func TestAuditLogKeepsEntriesNewestFirst(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t)
	s.Audit(ctx, 1, "invite", map[string]string{"role": "viewer"}, "ok")
	s.Audit(ctx, 1, "remove", map[string]int64{"user": 9}, "ok")
	es, err := s.AuditLog(ctx, 10)
	if err != nil || len(es) != 2 || es[0].Action != "remove" || es[1].Params != `{"role":"viewer"}` || !es[0].At.Equal(day) {
		t.Fatalf("entries %+v err %v", es, err)
	}
}

func TestRemoveUserOnlyRemovesInvitedUsers(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t)
	s.SyncConfigUsers(ctx, []int64{1}, nil)
	if err := s.RemoveUser(ctx, 1); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("removing a config user: %v", err)
	}
}

func TestAnActionIsClaimedOnceHoweverManyTryAtOnce(t *testing.T) {
	s := mustOpenStore(t)
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
}

func TestAnExpiredActionCannotBeClaimed(t *testing.T) {
	now := day
	s := mustOpen(t, filepath.Join(t.TempDir(), "p.db"), func() time.Time { return now })
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
}

func TestAFollowedActionIsEndedOnceAndKeepsWhatWasFound(t *testing.T) {
	s := mustOpenStore(t)
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
}
