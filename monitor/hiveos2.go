package monitor

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"pitboss/alerts"
	"pitboss/apiclients/hiveos2"
)

// HiveOS2Client is what the v2 source asks of the Hive OS API v2.
type HiveOS2Client interface {
	Farms(ctx context.Context) ([]hiveos2.Farm, error)
	Workers(ctx context.Context, farmID int64, filter hiveos2.WorkerFilter) ([]hiveos2.Worker, error)
}

// HiveOS2 is the Hive OS API v2 as a source: the account's farms (or those the config names), each farm's
// workers in one request. It goes by the same name as the legacy source, "hiveos": the two are the same
// service, and a worker's id is the rig id the legacy API used, so history and alerts carry over.
type HiveOS2 struct {
	Client HiveOS2Client
	Only   []int64 // the farms to watch; empty: every farm of the account
}

// Name implements Source.
func (h *HiveOS2) Name() string { return "hiveos" }

// Title implements Source.
func (h *HiveOS2) Title() string { return "Hive OS" }

// Farmed is one farm as the last poll read it, with its workers.
type Farmed struct {
	Farm    hiveos2.Farm
	Workers []hiveos2.Worker
}

// HiveOS2Detail is a v2 poll's Observation.Detail: the farms read, in the account's order.
type HiveOS2Detail struct {
	Farms []Farmed
	// Missing lists the farms the config names that the account does not have.
	Missing []int64
}

// Worker finds a worker by id.
func (d *HiveOS2Detail) Worker(id string) (hiveos2.Worker, hiveos2.Farm, bool) {
	for _, f := range d.Farms {
		for _, w := range f.Workers {
			if strconv.FormatInt(w.ID, 10) == id {
				return w, f.Farm, true
			}
		}
	}
	return hiveos2.Worker{}, hiveos2.Farm{}, false
}

// farmsAtOnce bounds the farms read at the same time.
const farmsAtOnce = 4

// Poll reads the farms, then every farm's workers. A farm that cannot be read fails the whole poll: judged
// without it, its rigs would look gone.
func (h *HiveOS2) Poll(ctx context.Context, now time.Time) (*Observation, error) {
	all, err := h.Client.Farms(ctx)
	if err != nil {
		return nil, err
	}
	d := &HiveOS2Detail{}
	for _, f := range all {
		if len(h.Only) == 0 || slices.Contains(h.Only, f.ID) {
			d.Farms = append(d.Farms, Farmed{Farm: f})
		}
	}
	for _, id := range h.Only {
		if !slices.ContainsFunc(all, func(f hiveos2.Farm) bool { return f.ID == id }) {
			d.Missing = append(d.Missing, id)
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(farmsAtOnce)
	for i := range d.Farms {
		g.Go(func() error {
			ws, err := h.Client.Workers(gctx, d.Farms[i].Farm.ID, hiveos2.WorkerFilter{})
			if err != nil {
				return fmt.Errorf("farm %s: %w", d.Farms[i].Farm.Name, err)
			}
			d.Farms[i].Workers = ws
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	obs := normaliseHiveOS2(d, now)
	if len(d.Missing) > 0 {
		obs.Problem = fmt.Errorf("the account has no farm %s (hiveos.farms in the config)", joinIDs(d.Missing))
	}
	return obs, nil
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ", ")
}

// normaliseHiveOS2 turns the farms' workers into readings. Hashrates are in H/s already (the client
// converts the API's kH/s). A worker's red lines are its own, else its farm's. A worker whose name another
// farm's worker also has is named "farm / worker".
func normaliseHiveOS2(d *HiveOS2Detail, now time.Time) *Observation {
	const src = "hiveos"
	n, workers := 0, 0
	seen := map[string]int{}
	for _, f := range d.Farms {
		workers += len(f.Workers)
		for _, w := range f.Workers {
			n += 8 + 5*len(w.GPUs) + len(w.Problems)
			seen[strings.ToLower(w.Name)]++
		}
	}
	obs := &Observation{Readings: make([]alerts.Reading, 0, n), Names: make(map[string]string, workers),
		Farms: make(map[string]string, workers), FarmNames: make(map[string]string, len(d.Farms)), Detail: d}
	online, gpus := 0, 0
	for _, f := range d.Farms {
		farmID := strconv.FormatInt(f.Farm.ID, 10)
		obs.FarmNames[farmID] = f.Farm.Name
		for _, w := range f.Workers {
			id := strconv.FormatInt(w.ID, 10)
			obs.Farms[id] = farmID
			obs.Names[id] = w.Name
			if seen[strings.ToLower(w.Name)] > 1 && len(d.Farms) > 1 {
				obs.Names[id] = f.Farm.Name + nameSep + w.Name
			}
			at := w.StatsTime
			if at.IsZero() {
				at = now
			}
			rig := func(m alerts.Metric, algo string, v float64) {
				obs.add(alerts.Reading{Source: src, Rig: id, GPU: alerts.NoGPU, Metric: m, Algo: algo, Value: v, At: at})
			}
			if !w.Online {
				rig(alerts.RigOnline, "", 0)
				continue
			}
			online++
			gpus += len(w.GPUs)
			rig(alerts.RigOnline, "", 1)
			for _, red := range []struct {
				m            alerts.Metric
				worker, farm float64
			}{{alerts.RigRedTemp, w.RedTemp, f.Farm.GPURedTemp}, {alerts.RigRedFan, w.RedFan, f.Farm.GPURedFan},
				{alerts.RigRedMemTemp, w.RedMemTemp, f.Farm.GPURedMemTemp}} {
				if v := cmpPositive(red.worker, red.farm); v > 0 {
					rig(red.m, "", v)
				}
			}
			for _, h := range w.Hashrates {
				rig(alerts.RigHashrate, h.Algo, h.Rate)
			}
			if w.PowerDraw > 0 {
				rig(alerts.RigPower, "", w.PowerDraw)
			}
			for _, p := range w.Problems {
				rig(alerts.RigProblem, p, 1)
			}
			for i, g := range w.GPUs {
				gpu := func(m alerts.Metric, v float64) {
					obs.add(alerts.Reading{Source: src, Rig: id, GPU: i, Bus: g.BusNumber, Metric: m, Value: v, At: at})
				}
				// The client gives 0 for a value the card does not report: no card runs at 0 °C, but a fan
				// may stand still, so a fan is read wherever the card reports its temperature.
				if g.Temp > 0 {
					gpu(alerts.GPUTemp, g.Temp)
					gpu(alerts.GPUFan, g.Fan)
				}
				gpu(alerts.GPUHashrate, g.Hash)
				if g.MemTemp > 0 {
					gpu(alerts.GPUMemTemp, g.MemTemp)
				}
				if g.Power > 0 {
					gpu(alerts.GPUPower, g.Power)
				}
			}
		}
	}
	obs.Summary = fmt.Sprintf("%d farm%s, %d workers (%d online), %d GPUs", len(d.Farms), plural(len(d.Farms)), workers, online, gpus)
	return obs
}

// cmpPositive is the first of its values over 0, or 0.
func cmpPositive(vs ...float64) float64 {
	for _, v := range vs {
		if v > 0 {
			return v
		}
	}
	return 0
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
