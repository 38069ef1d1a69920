package alerts

import (
	"fmt"
	"time"
)

// Kind is what an alert is about.
type Kind string

// The kinds of alert.
const (
	KindGPUTemp      Kind = "gpu_temp"      // a GPU at or over its temperature limit
	KindGPUFan       Kind = "gpu_fan"       // a GPU fan at or over its limit
	KindGPUMemTemp   Kind = "gpu_mem_temp"  // a GPU's memory at or over its temperature limit
	KindGPULost      Kind = "gpu_lost"      // a rig reports fewer GPUs than it had
	KindRigOffline   Kind = "rig_offline"   // no fresh data from a rig
	KindRigHashrate  Kind = "rig_hashrate"  // a rig's hashrate under its line
	KindRigProblem   Kind = "rig_problem"   // a problem the source reports for a rig (Key.Algo names it)
	KindPoolHashrate Kind = "pool_hashrate" // a pool account's hashrate under its line
	KindPoolWorkers  Kind = "pool_workers"  // more pool workers inactive than tolerated
	KindSiteHashrate Kind = "site_hashrate" // a Coinhive site's hashrate under its line
	KindSourceDown   Kind = "source_down"   // a source failed its last polls
	KindAuthFailing  Kind = "auth_failing"  // no valid blockchain token, or its renewals fail
)

// Key names one alert within a source and a user: what it is about.
type Key struct {
	Kind Kind
	Rig  string // rig, coin or site id; "" for the source itself
	GPU  int    // NoGPU unless the alert is about one GPU: then its bus number, or its index (GPUView.ID)
	Algo string // for hashrates of a rig that mines two algorithms
}

// String is a stable key, such as "gpu_temp/10256/gpu2".
func (k Key) String() string {
	s := string(k.Kind) + "/" + k.Rig
	if k.GPU != NoGPU {
		s += fmt.Sprintf("/gpu%d", k.GPU)
	}
	if k.Algo != "" {
		s += "/" + k.Algo
	}
	return s
}

// Phase is where an alert is in its life. An alert that is ok has no state at all.
type Phase uint8

// The phases.
const (
	Pending Phase = iota + 1 // the condition holds; waiting for it to hold long enough
	Firing                   // the user has been (or is due to be) told
)

// State is one user's alert that is not ok.
type State struct {
	Key
	Phase      Phase
	Index      int       // a GPU's index in its rig when last seen, as the chat numbers GPUs; NoGPU otherwise
	Since      time.Time // when the condition began to hold
	FiredAt    time.Time // when it fired; zero while pending
	NotifiedAt time.Time // when the user was last told (fired or reminded); zero: not told yet
	Value      float64   // the latest value
	Peak       float64   // the worst value since it began
	Threshold  float64   // the line it was judged against (for a hashrate drop: the line in H/s)
	Origin     Origin
	Baseline   float64 // a hashrate drop: the rig's median when the drop began
	Acked      bool    // the user acknowledged it: no reminders until it resolves
}

// Event is what a transition tells the user.
type Event uint8

// The events.
const (
	Fired    Event = iota + 1 // an alert fired (or fired while the user could not be told, and now can be)
	Reminder                  // still firing, after Repeat
	Resolved                  // it is over; State holds its last values
)

// Transition is one thing to tell a user.
type Transition struct {
	Event Event
	State State
	// Gone is set on a Resolved transition whose rig is no longer in the source's answer.
	Gone bool
}

// Lasted is how long the alert's condition held, up to now.
func (t Transition) Lasted(now time.Time) time.Duration { return now.Sub(t.State.Since) }
