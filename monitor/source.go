// Package monitor watches the sources: one adapter per service turns its answer into readings, a
// scheduler polls each source on its own cron schedule, and every poll runs the same cycle (normalise,
// judge each user's alerts, render what to tell them, store all of it in one transaction, wake the sender).
// It keeps the latest observation of every source in memory for the chat's status commands.
package monitor

import (
	"context"
	"math"
	"time"

	"pitboss/alerts"
)

// Source is a service the monitor polls.
type Source interface {
	Name() string  // the stable id readings and the database use: "hiveos"
	Title() string // what the chat calls it: "Hive OS"
	// Poll asks the service once. An error means the poll got no usable answer; the error is the client's,
	// for the log and for the chat's explanation.
	Poll(ctx context.Context, now time.Time) (*Observation, error)
}

// Observation is what one successful poll saw.
type Observation struct {
	Readings []alerts.Reading
	Names    map[string]string // rig id: its name, for messages
	// Farms maps each rig id to its farm's id, and FarmNames each farm's id to its name, for a source that
	// watches several farms (nil otherwise).
	Farms     map[string]string
	FarmNames map[string]string
	Summary   string // one line on what the source holds, for /sources
	// Problem is a failure the source reported while still answering (a blockchain token that could not
	// be renewed): the readings say what it means for alerts; the chat shows it like a failed poll.
	Problem error
	// Detail is the client's own answer (*hiveos.CurrentStats, ...), for the chat's status commands.
	Detail any
}

// add keeps r unless its value is not a number (a sum of huge values an API sent): no reading is better
// than a wrong one.
func (o *Observation) add(r alerts.Reading) {
	if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
		return
	}
	o.Readings = append(o.Readings, r)
}
