package coinhive

import (
	"errors"
	"testing"
	"time"
)

func TestInvalidArgumentsAreRefusedBeforeSending(t *testing.T) {
	f := newFixture(t)
	c := f.client
	cases := map[string]func() error{
		"balance of empty name":    func() error { _, err := c.Balance(ctx(t), ""); return err },
		"withdraw for empty name":  func() error { _, err := c.Withdraw(ctx(t), "", 1); return err },
		"withdraw of zero":         func() error { _, err := c.Withdraw(ctx(t), "johnd", 0); return err },
		"withdraw of negative":     func() error { _, err := c.Withdraw(ctx(t), "johnd", -5); return err },
		"top count below 1":        func() error { _, err := c.Top(ctx(t), -1, ""); return err },
		"top count above 1024":     func() error { _, err := c.Top(ctx(t), 1025, ""); return err },
		"top by unknown order":     func() error { _, err := c.Top(ctx(t), 10, "name"); return err },
		"list count below 32":      func() error { _, err := c.List(ctx(t), 31, ""); return err },
		"list count above 8192":    func() error { _, err := c.List(ctx(t), 8193, ""); return err },
		"all users count below 32": func() error { return firstErr(c.AllUsers(ctx(t), 1)) },
		"reset of empty name":      func() error { return c.Reset(ctx(t), "") },
		"link to ftp":              func() error { _, err := c.CreateLink(ctx(t), "ftp://example.org/", 1); return err },
		"link without scheme":      func() error { _, err := c.CreateLink(ctx(t), "example.org", 1); return err },
		"link without host":        func() error { _, err := c.CreateLink(ctx(t), "https://", 1); return err },
		"link to empty target":     func() error { _, err := c.CreateLink(ctx(t), "", 1); return err },
		"link with zero hashes":    func() error { _, err := c.CreateLink(ctx(t), "https://example.org/", 0); return err },
		"verify empty token":       func() error { _, err := c.VerifyToken(ctx(t), "", 1); return err },
		"verify zero hashes":       func() error { _, err := c.VerifyToken(ctx(t), "tok", 0); return err },
		"history begin after end":  func() error { _, err := c.History(ctx(t), day, day.Add(-time.Second)); return err },
		"history without begin":    func() error { _, err := c.History(ctx(t), time.Time{}, day); return err },
	}
	for name, run := range cases {
		if err := run(); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", name, err)
		}
	}
	if n := f.requests(); n != 0 {
		t.Fatalf("%d requests sent for invalid arguments, want none", n)
	}
}

func TestBoundaryArgumentsAreSent(t *testing.T) {
	f := newFixture(t)
	c := f.client
	for name, run := range map[string]func() error{
		"top 1":       func() error { _, err := c.Top(ctx(t), 1, OrderBalance); return err },
		"top 1024":    func() error { _, err := c.Top(ctx(t), 1024, OrderTotal); return err },
		"list 32":     func() error { _, err := c.List(ctx(t), 32, ""); return err },
		"list 8192":   func() error { _, err := c.List(ctx(t), 8192, ""); return err },
		"history now": func() error { _, err := c.History(ctx(t), day, day); return err },
	} {
		if err := run(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func firstErr[T any](seq func(func(T, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}
