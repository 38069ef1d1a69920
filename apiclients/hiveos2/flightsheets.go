package hiveos2

import (
	"context"
	"fmt"
	"net/http"
)

// FlightSheet is a flight sheet the farm's workers can run (reference B.8): the farm's own, or its
// owner's (FarmID 0), which every farm of the owner lists.
type FlightSheet struct {
	ID           int64             // what SetFlightSheet takes
	FarmID       int64             // 0 for a sheet of the owner's rather than the farm's
	UserID       int64             // the owner's account
	Name         string            // as the owner typed it: may hold <, > and &
	Favorite     bool              // the owner marked it
	WorkersCount int               // workers that run it
	Items        []FlightSheetItem // one per coin mined at once
}

// FlightSheetItem is one coin of a sheet: what to mine, where, with which miner.
type FlightSheetItem struct {
	Coin     string // "ETH"
	Pool     string // the pool's short name, e.g. "hiveon"
	WalletID int64  // a Wallet's id
	Miner    string // "phoenixminer"
	MinerAlt string // the miner's alternative build, when chosen
	// DCoin, DPool and DWalletID are the second coin of a dual-mining miner; "" and 0 without one.
	DCoin     string
	DPool     string
	DWalletID int64
}

type flightSheetWire struct {
	ID           ident        `json:"id"`
	FarmID       ident        `json:"farm_id"`
	UserID       ident        `json:"user_id"`
	Name         text         `json:"name"`
	IsFavorite   flag         `json:"is_favorite"`
	WorkersCount num          `json:"workers_count"`
	Items        []fsItemWire `json:"items"`
}

type fsItemWire struct {
	Coin     text  `json:"coin"`
	Pool     text  `json:"pool"`
	WalID    ident `json:"wal_id"`
	Miner    text  `json:"miner"`
	MinerAlt text  `json:"miner_alt"`
	DCoin    text  `json:"dcoin"`
	DPool    text  `json:"dpool"`
	DWalID   ident `json:"dwal_id"`
}

func decodeFlightSheets(status int, body []byte) ([]FlightSheet, error) {
	list, err := decodeList[flightSheetWire](status, body)
	if err != nil {
		return nil, err
	}
	out := make([]FlightSheet, 0, len(list))
	for _, w := range list {
		if w.ID == 0 {
			continue
		}
		fs := FlightSheet{ID: int64(w.ID), FarmID: int64(w.FarmID), UserID: int64(w.UserID), Name: string(w.Name),
			Favorite: w.IsFavorite.is(), WorkersCount: int(w.WorkersCount)}
		for _, it := range w.Items {
			fs.Items = append(fs.Items, FlightSheetItem{Coin: string(it.Coin), Pool: string(it.Pool), WalletID: int64(it.WalID),
				Miner: string(it.Miner), MinerAlt: string(it.MinerAlt), DCoin: string(it.DCoin), DPool: string(it.DPool),
				DWalletID: int64(it.DWalID)})
		}
		out = append(out, fs)
	}
	return out, nil
}

// FlightSheets lists the sheets the farm's workers can run: the farm's own and its owner's
// (GET /farms/{id}/fs).
func (c *Client) FlightSheets(ctx context.Context, farmID int64) ([]FlightSheet, error) {
	return do(ctx, c, request{method: http.MethodGet, path: farmPath(farmID, "/fs")}, decodeFlightSheets)
}

// SetFlightSheet applies the flight sheet fsID to the farm's workers in one multi-worker edit
// (PATCH /farms/{id}/workers with worker_ids and data.fs_id). The answer means queued: each rig picks its
// new configuration up on its next poll and reports it in its messages under the command id returned.
//
// It is sent exactly once. A sheet the farm cannot use is ErrValidation (APIError.Fields["fs_id"]), a
// worker of another farm ErrNotFound; an answer that was lost is ErrUnknownOutcome: check the workers'
// flight sheets before trying again. Ids that cannot be right are refused before sending (ErrValidation).
func (c *Client) SetFlightSheet(ctx context.Context, farmID int64, workerIDs []int64, fsID int64) (CommandsResponse, error) {
	ids, err := checkWorkerIDs(workerIDs)
	if err != nil {
		return CommandsResponse{}, err
	}
	if fsID <= 0 {
		return CommandsResponse{}, fmt.Errorf("%w: flight sheet id %d (not sent)", ErrValidation, fsID)
	}
	body := struct {
		WorkerIDs []int64 `json:"worker_ids"`
		Data      struct {
			FSID int64 `json:"fs_id"`
		} `json:"data"`
	}{WorkerIDs: ids}
	body.Data.FSID = fsID
	req := request{method: http.MethodPatch, path: farmPath(farmID, "/workers"), body: body, write: true}
	return changeWorkers(ctx, c, req, ids)
}
