// Package storetest gives tests a PostgreSQL database of their own, on the server that
// PITBOSS_TEST_POSTGRES_DSN names (such as postgres://postgres@127.0.0.1:5433/postgres?sslmode=disable):
// an empty database per call, created with a random name and dropped when the test ends, so that tests
// neither see each other's rows nor mind running in parallel. Without the variable the tests that ask for
// one are skipped, and SQLite alone is tested.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// EnvPostgresDSN names the variable that holds the DSN of a PostgreSQL server the tests may create
// databases on. Its user needs the CREATEDB privilege.
const EnvPostgresDSN = "PITBOSS_TEST_POSTGRES_DSN"

// PostgresDSN creates an empty database on the server EnvPostgresDSN names and returns the DSN of it; the
// database is dropped when t and its subtests have ended, along with any session still connected to it.
// It skips t when the variable is not set.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(EnvPostgresDSN)
	if admin == "" {
		t.Skipf("%s is not set: no PostgreSQL to test on", EnvPostgresDSN)
	}
	var b [8]byte
	rand.Read(b[:])
	name := "pitboss_test_" + hex.EncodeToString(b[:])
	if err := exec(admin, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("creating a test database on the server %s names: %v", EnvPostgresDSN, err)
	}
	t.Cleanup(func() {
		if err := exec(admin, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("dropping the test database %s: %v", name, err)
		}
	})
	dsn, err := withDatabase(admin, name)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgresDSN, err)
	}
	return dsn
}

// exec runs one statement on the server admin names, on a connection of its own.
func exec(admin, stmt string) error {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = db.ExecContext(ctx, stmt)
	return err
}

// withDatabase returns dsn with its database replaced by name, for either form of DSN: a URL, or
// key=value pairs (where a later key wins).
func withDatabase(dsn, name string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", errors.New("not a valid URL") // url's error would show the password
		}
		u.Path, u.RawPath = "/"+name, ""
		return u.String(), nil
	}
	return dsn + " dbname=" + name, nil
}
