package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"pitboss/store"
)

// backup writes a consistent copy of the configured database to file, whether pitboss runs or not.
func backup(ctx context.Context, cfg *Config, file string, stdout, stderr io.Writer) int {
	db := databaseOf(cfg)
	if db.Driver == store.Postgres {
		fmt.Fprintln(stderr, "-backup copies a SQLite database; back up PostgreSQL with pg_dump (docs/operations.md)")
		return 1
	}
	start := time.Now()
	info, err := store.Backup(ctx, db.Path, file)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "backed up %s to %s in %s: %s\n", db.Path, file, time.Since(start).Round(time.Millisecond), describeBackup(info))
	return 0
}

// restore checks the backup in file and puts it in place of the configured database. pitboss must be
// stopped: the database's lock says whether it is.
func restore(ctx context.Context, cfg *Config, file string, stdout, stderr io.Writer) int {
	db := databaseOf(cfg)
	if db.Driver == store.Postgres {
		fmt.Fprintln(stderr, "-restore restores a SQLite database; restore PostgreSQL with pg_restore or psql (docs/operations.md)")
		return 1
	}
	unlock, err := lockDatabase(db.Path)
	if err != nil {
		fmt.Fprintf(stderr, "%v\nStop pitboss before restoring; -backup is the one that runs beside it.\n", err)
		return 1
	}
	defer unlock()
	info, kept, err := store.Restore(ctx, file, db.Path, time.Now())
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "restored %s from %s: %s\n", db.Path, file, describeBackup(info))
	if kept != "" {
		fmt.Fprintf(stdout, "the database it replaced is kept as %s\n", kept)
	}
	if !info.Current {
		fmt.Fprintln(stdout, "its schema is older than this pitboss's: the next start brings it up to date")
	}
	return 0
}

func describeBackup(info store.BackupInfo) string {
	return fmt.Sprintf("%.1f MB, schema %s, %d users, %d thresholds, %d queued messages",
		float64(info.Size)/1e6, info.Schema, info.Users, info.Thresholds, info.Outbox)
}

// databaseOf is the database the config names.
func databaseOf(cfg *Config) store.Config { return cfg.Database.Store() }
