//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package main

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockDatabase takes the lock that says a pitboss uses the SQLite database at path: an exclusive flock
// on <path>.lock, which the system releases when the process ends, however it ends. It fails at once if
// another process holds it: two pitboss on one file would poll and send everything twice, and a restore
// under a running pitboss would be overwritten by it.
func lockDatabase(path string) (unlock func(), err error) {
	name := path + ".lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("locking the database: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("another pitboss is using %s (it holds %s)", path, name)
		}
		return nil, fmt.Errorf("locking the database: %w", err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
