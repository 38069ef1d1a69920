package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"

	"pitboss/migrations"
	"pitboss/store"
)

// TestBackupUnderLoadRestoresEveryCommittedRow takes a backup while a writer adds users, their
// thresholds and queued messages as fast as it can, then restores it in place of the database and finds
// everything committed before the backup began, each user with its threshold and its message.
func TestBackupUnderLoadRestoresEveryCommittedRow(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "pitboss.db")
	st, err := store.Open(ctx, live, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var (
		done      atomic.Int64 // users whose three writes have all committed
		stop      = make(chan struct{})
		wg        sync.WaitGroup
		writerErr error
	)
	wg.Go(func() {
		var ids []int64
		for i := int64(1); ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			ids = append(ids, 5000+i)
			if err := st.SyncConfigUsers(ctx, ids, nil); err != nil {
				writerErr = err
				return
			}
			u, err := st.User(ctx, 5000+i)
			if err == nil {
				err = st.SetThreshold(ctx, store.Threshold{UserID: u.ID, Name: "temp", Value: float64(60 + i%40)})
			}
			if err == nil {
				err = st.Enqueue(ctx, store.OutboxMessage{ChatID: 5000 + i, Kind: store.KindText, Text: "alert"})
			}
			if err != nil {
				writerErr = err
				return
			}
			done.Store(i)
		}
	})
	for done.Load() < 50 { // under load: the writer is well under way
		time.Sleep(time.Millisecond)
	}
	before := done.Load()
	backup := filepath.Join(dir, "backup.db")
	info, err := store.Backup(ctx, live, backup)
	if err != nil {
		t.Fatal(err)
	}
	// The writer goes on beside and after the backup: the copy held no lock that stopped it.
	for deadline := time.Now().Add(10 * time.Second); done.Load() < before+20; {
		if time.Now().After(deadline) {
			close(stop)
			wg.Wait()
			t.Fatalf("the writer stalled after the backup at %d users: %v", done.Load(), writerErr)
		}
		time.Sleep(time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if writerErr != nil {
		t.Fatalf("the writer failed beside the backup: %v", writerErr)
	}
	if info.Users < before || !info.Current || info.Schema == "" {
		t.Fatalf("backup info: %+v, want at least %d users and the current schema", info, before)
	}
	if _, err := os.Stat(backup + ".partial"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the partial copy is left behind: %v", err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	restored, kept, err := store.Restore(ctx, backup, live, time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if kept != live+".before-restore-20261201T100000Z" {
		t.Fatalf("the replaced database is kept as %q", kept)
	}
	if restored != info {
		t.Fatalf("restored %+v, backed up %+v", restored, info)
	}
	st, err = store.Open(ctx, live, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	users, err := st.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	thresholds, err := st.Thresholds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	queued, err := st.PendingOutbox(ctx, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	byUser := map[uint]bool{}
	for _, th := range thresholds {
		byUser[th.UserID] = true
	}
	byChat := map[int64]bool{}
	for _, m := range queued {
		byChat[m.ChatID] = true
	}
	found := map[int64]bool{}
	for _, u := range users {
		found[u.TelegramID] = true
		if u.TelegramID-5000 <= before && (!byUser[u.ID] || !byChat[u.TelegramID]) {
			t.Errorf("user %d came back without its threshold (%v) or its message (%v)", u.TelegramID, byUser[u.ID], byChat[u.TelegramID])
		}
	}
	for i := int64(1); i <= before; i++ {
		if !found[5000+i] {
			t.Fatalf("user %d, committed before the backup began, is not in it", 5000+i)
		}
	}
	if int64(len(users)) != info.Users || int64(len(thresholds)) != info.Thresholds || int64(len(queued)) != info.Outbox {
		t.Fatalf("restored %d users, %d thresholds, %d messages; the backup said %+v", len(users), len(thresholds), len(queued), info)
	}
}

func TestBackupRefusesToOverwriteAndRestoreRefusesWhatItCannotRun(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "pitboss.db")
	st, err := store.Open(ctx, live, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	taken := filepath.Join(dir, "taken.db")
	if err := os.WriteFile(taken, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Backup(ctx, live, taken); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Fatalf("backup over an existing file: %v", err)
	}
	if _, err := store.Backup(ctx, filepath.Join(dir, "none.db"), filepath.Join(dir, "b.db")); err == nil {
		t.Fatal("a backup of a database that does not exist succeeded")
	}

	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 500)), 0o600); err != nil {
		t.Fatal(err)
	}
	newer := filepath.Join(dir, "newer.db")
	if _, err := store.Backup(ctx, live, newer); err != nil {
		t.Fatal(err)
	}
	db, err := gorm.Open(sqlite.Open(newer), &gorm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("INSERT INTO " + migrations.Table + " (id) VALUES ('9999_from_the_future')").Error; err != nil {
		t.Fatal(err)
	}
	if sqlDB, err := db.DB(); err == nil {
		sqlDB.Close()
	}
	for name, file := range map[string]string{"garbage": garbage, "newer": newer, "missing": filepath.Join(dir, "missing.db")} {
		liveBefore, _ := os.ReadFile(live)
		if _, _, err := store.Restore(ctx, file, live, time.Now()); err == nil {
			t.Errorf("restoring the %s file succeeded", name)
		} else if name == "newer" && !errors.Is(err, migrations.ErrNewerSchema) {
			t.Errorf("restoring a newer schema: %v", err)
		}
		if liveAfter, _ := os.ReadFile(live); string(liveAfter) != string(liveBefore) {
			t.Errorf("a refused restore of the %s file changed the database", name)
		}
	}
}
