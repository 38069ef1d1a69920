package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"pitboss/migrations"
)

// BackupInfo is what a backup holds, as CheckBackup found it.
type BackupInfo struct {
	Size       int64
	Migrations int    // applied, of the ones this pitboss knows
	Schema     string // the newest migration applied
	Current    bool   // the schema is this pitboss's; false means the next start migrates it
	Users      int64
	Thresholds int64
	Outbox     int64 // messages queued, which go out once the restored database runs
}

// Backup writes a consistent copy of the SQLite database at path to dest, while pitboss runs or not:
// VACUUM INTO reads one snapshot of the database (WAL lets the running pitboss write meanwhile) into a
// new, compact file. The copy is written beside dest, checked, synced, and only then renamed to dest, so
// that dest is never a partial copy. dest must not exist.
func Backup(ctx context.Context, path, dest string) (BackupInfo, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return BackupInfo{}, fmt.Errorf("store: there is no database at %s to back up", path)
	} else if err != nil {
		return BackupInfo{}, fmt.Errorf("store: %w", err)
	}
	if _, err := os.Stat(dest); err == nil {
		return BackupInfo{}, fmt.Errorf("store: %s exists already; the backup does not overwrite it", dest)
	}
	partial := dest + ".partial"
	if err := os.Remove(partial); err != nil && !errors.Is(err, os.ErrNotExist) {
		return BackupInfo{}, fmt.Errorf("store: %w", err)
	}
	db, err := openQuiet(DSN(path))
	if err != nil {
		return BackupInfo{}, err
	}
	err = db.WithContext(ctx).Exec("VACUUM INTO ?", partial).Error
	closeDB(db)
	if err != nil {
		os.Remove(partial)
		return BackupInfo{}, fmt.Errorf("store: backing up %s: %w", path, err)
	}
	info, err := CheckBackup(ctx, partial)
	if err == nil {
		err = syncFile(partial)
	}
	if err == nil {
		err = os.Rename(partial, dest)
	}
	if err != nil {
		os.Remove(partial)
		return BackupInfo{}, fmt.Errorf("store: backing up %s: %w", path, err)
	}
	syncDir(filepath.Dir(dest))
	return info, nil
}

// CheckBackup opens file read-only and checks that it is a sound pitboss database that this pitboss can
// run: SQLite's integrity check passes, and its schema is not newer than this pitboss's.
func CheckBackup(ctx context.Context, file string) (BackupInfo, error) {
	st, err := os.Stat(file)
	if errors.Is(err, os.ErrNotExist) {
		return BackupInfo{}, fmt.Errorf("store: there is no backup at %s", file)
	} else if err != nil {
		return BackupInfo{}, fmt.Errorf("store: %w", err)
	}
	db, err := openQuiet(fileURI(file) + "?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return BackupInfo{}, err
	}
	defer closeDB(db)
	db = db.WithContext(ctx)
	var check []string
	if err := db.Raw("PRAGMA integrity_check").Scan(&check).Error; err != nil {
		return BackupInfo{}, fmt.Errorf("store: %s is not a SQLite database: %w", file, err)
	}
	if len(check) != 1 || check[0] != "ok" {
		return BackupInfo{}, fmt.Errorf("store: %s is damaged: %s", file, strings.Join(check[:min(3, len(check))], "; "))
	}
	applied, err := migrations.Applied(db)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("store: %s: %w", file, err)
	}
	if len(applied) == 0 {
		return BackupInfo{}, fmt.Errorf("store: %s is not a pitboss database: it has no schema history", file)
	}
	all := migrations.All()
	for _, id := range applied {
		if !slices.ContainsFunc(all, func(m *gormigrate.Migration) bool { return m.ID == id }) {
			return BackupInfo{}, fmt.Errorf("store: %s: %w: it has migration %s", file, migrations.ErrNewerSchema, id)
		}
	}
	info := BackupInfo{Size: st.Size(), Migrations: len(applied), Schema: applied[len(applied)-1],
		Current: len(applied) == len(all)}
	for table, n := range map[string]*int64{"users": &info.Users, "thresholds": &info.Thresholds, "outbox_messages": &info.Outbox} {
		if !db.Migrator().HasTable(table) {
			continue
		}
		if err := db.Table(table).Count(n).Error; err != nil {
			return BackupInfo{}, fmt.Errorf("store: %s: counting %s: %w", file, table, err)
		}
	}
	return info, nil
}

// Restore checks the backup and puts a copy of it in place of the SQLite database at path. The database
// it replaces, with its WAL, is kept beside it as <path>.before-restore-<time>, so that a restore can be
// undone. pitboss must not be running on path: the caller makes sure of it.
func Restore(ctx context.Context, backup, path string, now time.Time) (info BackupInfo, kept string, err error) {
	if info, err = CheckBackup(ctx, backup); err != nil {
		return BackupInfo{}, "", err
	}
	incoming := path + ".restoring"
	if err := copyFile(backup, incoming); err != nil {
		os.Remove(incoming)
		return BackupInfo{}, "", fmt.Errorf("store: restoring: %w", err)
	}
	if _, err := os.Stat(path); err == nil {
		kept = path + ".before-restore-" + now.UTC().Format("20060102T150405Z")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(path+suffix, kept+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				os.Remove(incoming)
				return BackupInfo{}, "", fmt.Errorf("store: setting the old database aside: %w", err)
			}
		}
	}
	if err := os.Rename(incoming, path); err != nil {
		return BackupInfo{}, kept, fmt.Errorf("store: restoring: %w", err)
	}
	syncDir(filepath.Dir(path))
	return info, kept, nil
}

func openQuiet(dsn string) (*gorm.DB, error) {
	db, err := gorm.Open(sqlite.Open(dsn), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return nil, fmt.Errorf("store: opening the database: %w", err)
	}
	return db, nil
}

func closeDB(db *gorm.DB) {
	if sqlDB, err := db.DB(); err == nil {
		sqlDB.Close()
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return syncClose(out)
}

func syncFile(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return syncClose(f)
}

// syncClose writes f to disk and closes it.
func syncClose(f *os.File) error {
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir makes a rename in dir durable. Some systems cannot sync a directory; that is not an error.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
