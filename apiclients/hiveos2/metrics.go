package hiveos2

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// FarmMetric is one point of a farm's history (reference B.5: refreshed every 5 minutes).
type FarmMetric struct {
	Time      time.Time
	Rigs      int     // rigs online
	GPUs      int     // GPUs online
	Power     float64 // W, all workers
	Hashrates []AlgoRate
}

// MetricsQuery chooses the points. The zero value is the last day at the service's default interval.
type MetricsQuery struct {
	Period   string    // "1d", "3d", "1w" or "1m"; "" for the service's default (1d)
	Interval string    // "5m", "15m" or "1h"; "" for the period's default
	Date     time.Time // the last day of the period; zero for today
	FillGaps bool
}

func (q MetricsQuery) values() url.Values {
	v := url.Values{}
	if q.Period != "" {
		v.Set("period", q.Period)
	}
	if q.Interval != "" {
		v.Set("interval", q.Interval)
	}
	if !q.Date.IsZero() {
		v.Set("date", q.Date.Format(time.DateOnly))
	}
	if q.FillGaps {
		v.Set("fill_gaps", "1")
	}
	return v
}

// metricWire is FarmMetric: hashrates[] are {algo, value} by the spec's definition and {algo, hashrate}
// in its own example, in H/s either way (reference B.6, B.8).
type metricWire struct {
	Time      num         `json:"time"`
	Rigs      num         `json:"rigs"`
	GPUs      num         `json:"gpus"`
	Power     num         `json:"power"`
	Hashrates []farmRateW `json:"hashrates"`
}

func decodeMetrics(status int, body []byte) ([]FarmMetric, error) {
	list, err := decodeList[metricWire](status, body)
	if err != nil {
		return nil, err
	}
	out := make([]FarmMetric, 0, len(list))
	for _, m := range list {
		at := unixTime(m.Time)
		if at.IsZero() {
			continue // a point without a time cannot be placed
		}
		out = append(out, FarmMetric{Time: at, Rigs: int(m.Rigs), GPUs: int(m.GPUs), Power: float64(m.Power),
			Hashrates: algoRates(m.Hashrates, 1)})
	}
	return out, nil
}

// Metrics returns the farm's history (GET /farms/{id}/metrics).
func (c *Client) Metrics(ctx context.Context, farmID int64, q MetricsQuery) ([]FarmMetric, error) {
	return do(ctx, c, request{method: http.MethodGet, path: farmPath(farmID, "/metrics"), query: q.values()}, decodeMetrics)
}
