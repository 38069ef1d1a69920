package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"pitboss/alerts"
	"pitboss/store"
)

// pollOf is one poll of rigs rigs with gpus GPUs each, with rig ids as Hive OS gives them.
func pollOf(rigs, gpus int, at time.Time) []alerts.Reading {
	rs := make([]alerts.Reading, 0, rigs*(3+3*gpus))
	for r := range rigs {
		id := fmt.Sprint(10256 + r)
		rs = append(rs,
			alerts.Reading{Source: "hiveos", Rig: id, GPU: alerts.NoGPU, Metric: alerts.RigOnline, Value: 1, At: at},
			alerts.Reading{Source: "hiveos", Rig: id, GPU: alerts.NoGPU, Metric: alerts.RigHashrate, Algo: "ethash", Value: 250e6 + float64(r), At: at},
			alerts.Reading{Source: "hiveos", Rig: id, GPU: alerts.NoGPU, Metric: alerts.RigPower, Value: 1200, At: at})
		for g := range gpus {
			rs = append(rs,
				alerts.Reading{Source: "hiveos", Rig: id, GPU: g, Metric: alerts.GPUTemp, Value: float64(55 + (r+g)%20), At: at},
				alerts.Reading{Source: "hiveos", Rig: id, GPU: g, Metric: alerts.GPUFan, Value: float64(50 + (r*g)%40), At: at},
				alerts.Reading{Source: "hiveos", Rig: id, GPU: g, Metric: alerts.GPUHashrate, Value: 31.2e6 + float64(r*g), At: at})
		}
	}
	return rs
}

// BenchmarkSaveCycle2000Rigs8GPUs writes one poll's history of a 2,000-rig farm of 8 GPUs each; it reports
// the bytes the database file grew by per rig and poll.
func BenchmarkSaveCycle2000Rigs8GPUs(b *testing.B) {
	benchSave(b, 2000, 8)
}

func benchSave(b *testing.B, rigs, gpus int) {
	s, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "p.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	at := day
	readings := pollOf(rigs, gpus, at)
	save := func() {
		for i := range readings {
			readings[i].At = at
		}
		if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos", At: at, Readings: readings}); err != nil {
			b.Fatal(err)
		}
		at = at.Add(time.Minute)
	}
	for range 5 { // rigs numbered, the file past its first pages
		save()
	}
	before, err := s.Size(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		save()
	}
	b.StopTimer()
	after, err := s.Size(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(after-before)/float64(b.N*rigs), "bytes/rig-poll")
}

// BenchmarkThirtyDays500Rigs8GPUs feeds 30 days of a 500-rig farm of 8 GPUs polled every minute through
// the store, with retention as pitboss runs it (raw polls kept 2 days, rolled up and pruned every hour),
// and reports the database file's size on disk at the end.
func BenchmarkThirtyDays500Rigs8GPUs(b *testing.B) {
	for b.Loop() {
		path := filepath.Join(b.TempDir(), "p.db")
		s, err := store.Open(context.Background(), path, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		readings := pollOf(500, 8, day)
		at := day
		for range 30 * 24 {
			for range 60 {
				for i := range readings {
					readings[i].At = at
				}
				if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos", At: at, Readings: readings}); err != nil {
					b.Fatal(err)
				}
				at = at.Add(time.Minute)
			}
			if _, err := s.RollUp(ctx, at); err != nil {
				b.Fatal(err)
			}
			if _, err := s.Prune(ctx, at.Add(-48*time.Hour), at.Add(-400*24*time.Hour)); err != nil {
				b.Fatal(err)
			}
		}
		if err := s.Checkpoint(ctx); err != nil {
			b.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		used, _ := s.Size(ctx)
		b.ReportMetric(float64(fi.Size())/1e6, "MB-on-disk")
		b.ReportMetric(float64(used)/1e6, "MB-in-use")
		s.Close()
	}
}

// BenchmarkBackupTwoDays500Rigs8GPUs backs up the database of a 500-rig farm of 8 GPUs with two days of
// polls (the raw window pitboss keeps by default) and a day of hourly rollups, as pitboss -backup does.
func BenchmarkBackupTwoDays500Rigs8GPUs(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "p.db")
	s, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	readings := pollOf(500, 8, day)
	at := day
	for range 2 * 24 * 60 {
		for i := range readings {
			readings[i].At = at
		}
		if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos", At: at, Readings: readings}); err != nil {
			b.Fatal(err)
		}
		at = at.Add(time.Minute)
	}
	if _, err := s.RollUp(ctx, at.Add(-24*time.Hour)); err != nil {
		b.Fatal(err)
	}
	if err := s.Checkpoint(ctx); err != nil {
		b.Fatal(err)
	}
	s.Close()
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	b.ResetTimer()
	n := 0
	for b.Loop() {
		n++
		if _, err := store.Backup(ctx, path, filepath.Join(dir, fmt.Sprintf("backup-%d.db", n))); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(fi.Size())/1e6, "MB-database")
}
