package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"pitboss/store"
	"pitboss/store/storetest"
)

// testDB is a database of one test's own that stores are opened on: a SQLite file in the test's directory,
// or a PostgreSQL database created for it (see storetest).
type testDB struct {
	cfg store.Config
}

// forEachDB runs test on SQLite, and on PostgreSQL when storetest has a server to test on (else that
// subtest is skipped), each with a database of its own. The two run in parallel.
func forEachDB(t *testing.T, test func(t *testing.T, db testDB)) {
	t.Helper()
	for _, driver := range []string{store.SQLite, store.Postgres} {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			test(t, newTestDB(t, driver))
		})
	}
}

// newTestDB makes an empty database for t with driver; t is skipped if it is PostgreSQL and there is no
// server to test on.
func newTestDB(t *testing.T, driver string) testDB {
	t.Helper()
	if driver == store.Postgres {
		return testDB{store.Config{Driver: store.Postgres, DSN: storetest.PostgresDSN(t)}}
	}
	return testDB{store.Config{Driver: store.SQLite, Path: filepath.Join(t.TempDir(), "pitboss.db")}}
}

// mustOpen opens a store on db with the clock now (nil for time.Now), closed when the test ends.
func mustOpen(t *testing.T, db testDB, now func() time.Time) *store.Store {
	t.Helper()
	s, err := store.OpenConfig(context.Background(), db.cfg, store.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// mustOpenStore opens a store on db whose clock stands at day.
func mustOpenStore(t *testing.T, db testDB) *store.Store {
	t.Helper()
	return mustOpen(t, db, func() time.Time { return day })
}

// raw opens db with GORM alone, as another program would, and closes it when the test ends.
func (db testDB) raw(t *testing.T) *gorm.DB {
	t.Helper()
	dialector := sqlite.Open(store.DSN(db.cfg.Path))
	if db.cfg.Driver == store.Postgres {
		dialector = postgres.Open(db.cfg.DSN)
	}
	g, err := gorm.Open(dialector, &gorm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d, _ := g.DB(); d.Close() })
	return g
}

// schema describes the tables and indexes of the database raw is open on, one line each, in order.
func (db testDB) schema(t *testing.T, raw *gorm.DB) []string {
	t.Helper()
	var out []string
	q := `SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name`
	if db.cfg.Driver == store.Postgres {
		q = `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '')
			FROM information_schema.columns WHERE table_schema = current_schema()
			UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1`
	}
	if err := raw.Raw(q).Scan(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}
