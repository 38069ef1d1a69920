package hiveos2

import (
	"context"
	"net/http"
	"net/url"
)

// FarmGPU is one GPU of the farm-wide list, with the worker it is in.
type FarmGPU struct {
	WorkerID   int64  // the worker the card is in
	WorkerName string // that worker's name
	// GPU has the card's readings; the list carries no hashrate or overheating flag, so Hash is 0 and
	// Overheated false unless the service adds them.
	GPU
	HasStats bool // false when the service gave no readings for the card
}

type farmGPUWire struct {
	BusNumber num        `json:"bus_number"`
	BusID     text       `json:"bus_id"`
	Model     text       `json:"model"`
	Index     num        `json:"index"`
	Stats     *gpuStatsW `json:"stats"`
	Worker    gpuWorkerW `json:"worker"`
}

type gpuStatsW struct {
	Temp    num `json:"temp"`
	Fan     num `json:"fan"`
	Power   num `json:"power"`
	MemTemp num `json:"memtemp"`
	Hash    num `json:"hash"` // kH/s, when given
}

type gpuWorkerW struct {
	ID   ident `json:"id"`
	Name text  `json:"name"`
}

func decodeGPUs(status int, body []byte) ([]FarmGPU, error) {
	list, err := decodeList[farmGPUWire](status, body)
	if err != nil {
		return nil, err
	}
	out := make([]FarmGPU, 0, len(list))
	for _, g := range list {
		fg := FarmGPU{WorkerID: int64(g.Worker.ID), WorkerName: string(g.Worker.Name),
			GPU: GPU{Index: int(g.Index), BusNumber: int(g.BusNumber), BusID: string(g.BusID), Model: string(g.Model)}}
		if s := g.Stats; s != nil {
			fg.HasStats = true
			fg.Temp, fg.Fan, fg.Power, fg.MemTemp, fg.Hash = float64(s.Temp), float64(s.Fan), float64(s.Power), float64(s.MemTemp), float64(s.Hash)*khs
		}
		out = append(out, fg)
	}
	return out, nil
}

// GPUs lists the GPUs of the farm's workers (GET /farms/{id}/workers/gpus), of workerIDs only when given.
func (c *Client) GPUs(ctx context.Context, farmID int64, workerIDs ...int64) ([]FarmGPU, error) {
	q := url.Values{}
	if len(workerIDs) > 0 {
		q.Set("worker_ids", joinIDs(workerIDs))
	}
	return do(ctx, c, request{method: http.MethodGet, path: farmPath(farmID, "/workers/gpus"), query: q}, decodeGPUs)
}
