package hiveos

// The Hive OS API v2 face of the simulator (reference section B): REST under /api/v2 over the same farm
// model as the legacy face, with several farms under one account, a personal token or login with 2FA,
// the v2 error formats, rate limiting, flight sheets and worker commands.

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"pitboss/sim/farm"
	"pitboss/sim/simhttp"
)

// PathV2 is where API v2 answers, as on api2.hiveos.farm: a client's base URL is the server's plus PathV2.
const PathV2 = "/api/v2"

// WorkerIDStride separates the farms' worker ids: the worker of rig id R in the farm at index i of
// OptionsV2.Farms has id i×WorkerIDStride + R, so ids are unique across farms and a test can predict them
// (the first farm's workers keep their rigs' ids: rig 10256 is worker 10256).
const WorkerIDStride = 1_000_000

// Defaults for the zero OptionsV2.
const (
	DefaultLoginTTL       = 24 * time.Hour      // expires_in of a login token (reference B.3 [SIM])
	RememberLoginTTL      = 30 * 24 * time.Hour // with "remember": true
	DefaultCommandDelay   = 10 * time.Second    // the agent's push interval: when a rig picks up a command
	DefaultRebootDowntime = time.Minute
	DefaultRedFan         = 90.0
	DefaultRedMemTemp     = 100.0
)

// OptionsV2 configures a v2 simulator.
type OptionsV2 struct {
	// Token is a personal API token, accepted as a Bearer token (or ?token=) on every call and never
	// expiring; "" accepts none.
	Token string
	// Login and Password are the account's credentials for /auth/login; an empty Login refuses every login.
	Login    string
	Password string
	// TwoFA is the security code /auth/login requires as twofa_code (or X-Security-Code); "" means the
	// account has no 2FA.
	TwoFA string
	// Farms are the account's farms; nil means one farm of the model's defaults, id 1.
	Farms []FarmSpec
	// Now is the clock of the farms, the tokens, the command queue and the rate limit; nil means time.Now.
	Now func() time.Time

	// LoginTTL is expires_in for a login or refresh; 0 means DefaultLoginTTL (RememberLoginTTL when the
	// login asked to be remembered).
	LoginTTL time.Duration
	// CommandDelay is how long after it is queued a rig picks a command up, carries it out and reports
	// back in its messages; 0 means DefaultCommandDelay, a negative value at once (before the answer
	// that queued it).
	CommandDelay time.Duration
	// RebootDowntime is how long a rebooted rig stays offline; 0 means DefaultRebootDowntime.
	RebootDowntime time.Duration
	// RateLimit is the requests per second the API answers, on Now's clock, before it answers 429 with
	// Retry-After; 0 turns the limit off. RateBurst is how many may come at once (0: RateLimit rounded up).
	RateLimit float64
	RateBurst int
	// StringNumbers renders readings, thresholds and hashrates as numeric strings ("61"), which the
	// reference tells clients to tolerate; the zero value renders JSON numbers.
	StringNumbers bool
	// MetricsAsHashrate names the farm metrics' per-algorithm value "hashrate", as the spec's own example
	// does, instead of "value" as its definition does.
	MetricsAsHashrate bool
}

// FarmSpec is one farm of the account.
type FarmSpec struct {
	ID       int64
	Name     string
	Farm     *farm.Farm // the rigs; nil means a default six-rig farm
	Timezone string     // "" means "UTC"
	// The farm's red thresholds (gpu_red_temp, gpu_red_fan, gpu_red_mem_temp), which its workers show
	// unless WorkerRed gives them their own. 0 means the model's red temperature, DefaultRedFan and
	// DefaultRedMemTemp.
	RedTemp    float64
	RedFan     float64
	RedMemTemp float64
	// WorkerRed gives workers, by rig id, thresholds of their own; a zero field keeps the farm's.
	WorkerRed map[string]RedLimits
}

// RedLimits are a worker's red thresholds: °C, % and °C.
type RedLimits struct {
	Temp, Fan, MemTemp float64
}

// SimV2 is the simulated API v2. It is an http.Handler and safe for concurrent use.
type SimV2 struct {
	// Recorder keeps every request received (faulted ones too); Faults fails them on demand.
	Recorder *simhttp.Recorder
	Faults   *simhttp.Faults

	opts    OptionsV2
	farms   []*v2farm
	farmBy  map[int64]*v2farm
	owner   flightSheet // the owner-level sheet every farm lists
	handler http.Handler

	mu       sync.Mutex
	tokens   map[string]time.Time // login tokens and when they expire
	issued   int64                // tokens issued so far
	lastID   int64                // command and message ids
	pending  []*queued            // commands no rig has picked up yet
	messages map[int64][]message  // by worker id, oldest first
	sheetOf  map[int64]int64      // worker id → flight sheet id, once an edit has set it
	empty    int                  // answers still to give with an empty body

	limiter *rate.Limiter // RateLimit on Now's clock; nil when off
}

// v2farm is one farm as the API shows it.
type v2farm struct {
	index  int
	spec   FarmSpec
	sheets []flightSheet // the farm's own
}

// NewV2 returns a v2 simulator for one account.
func NewV2(opts OptionsV2) *SimV2 {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if len(opts.Farms) == 0 {
		opts.Farms = []FarmSpec{{ID: 1, Name: "Farm"}}
	}
	s := &SimV2{
		Recorder: &simhttp.Recorder{Now: opts.Now},
		Faults:   &simhttp.Faults{},
		opts:     opts,
		farmBy:   map[int64]*v2farm{},
		tokens:   map[string]time.Time{},
		messages: map[int64][]message{},
		sheetOf:  map[int64]int64{},
		lastID:   firstCommandID - 1,
	}
	for i, spec := range opts.Farms {
		if spec.Farm == nil {
			spec.Farm = farm.New(farm.Options{Start: opts.Now(), Seed: int64(i)})
		}
		if spec.Timezone == "" {
			spec.Timezone = "UTC"
		}
		f := &v2farm{index: i, spec: spec}
		f.sheets = farmSheets(f)
		s.farms = append(s.farms, f)
		s.farmBy[spec.ID] = f
	}
	s.owner = ownerSheet(s.farms[0])
	if opts.RateLimit > 0 {
		burst := opts.RateBurst
		if burst <= 0 {
			burst = int(math.Ceil(opts.RateLimit))
		}
		s.limiter = rate.NewLimiter(rate.Limit(opts.RateLimit), burst)
	}
	s.handler = s.Recorder.Wrap(s.Faults.Wrap(s.emptyAnswers(s.rateLimited(s.routes()))))
	return s
}

// ServeHTTP answers one request.
func (s *SimV2) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Farm is the model behind the farm with this id (nil for none), for tests and the demo to inject faults.
func (s *SimV2) Farm(farmID int64) *farm.Farm {
	if f := s.farmBy[farmID]; f != nil {
		return f.spec.Farm
	}
	return nil
}

// WorkerID is the worker id of the farm's rig (0 when there is no such farm or rig).
func (s *SimV2) WorkerID(farmID int64, rigID string) int64 {
	f := s.farmBy[farmID]
	if f == nil {
		return 0
	}
	if _, ok := f.spec.Farm.Rig(rigID); !ok {
		return 0
	}
	return f.workerID(rigID)
}

// EmptyAnswers makes the next n requests answer 200 with an empty body, without being carried out, as
// some endpoints did in the February 2022 outage (reference B.4); n ≤ 0 stops it.
func (s *SimV2) EmptyAnswers(n int) {
	s.mu.Lock()
	s.empty = max(n, 0)
	s.mu.Unlock()
}

func (s *SimV2) emptyAnswers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		empty := s.empty > 0
		if empty {
			s.empty--
		}
		s.mu.Unlock()
		if empty {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "0")
			w.WriteHeader(http.StatusOK)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (f *v2farm) workerID(rigID string) int64 {
	n, _ := strconv.ParseInt(rigID, 10, 64)
	return int64(f.index)*WorkerIDStride + n
}

// rigID is the rig behind a worker id of this farm, and whether there is one.
func (f *v2farm) rigID(workerID int64) (string, bool) {
	n := workerID - int64(f.index)*WorkerIDStride
	if n <= 0 || n >= WorkerIDStride {
		return "", false
	}
	id := fmt.Sprint(n)
	_, ok := f.spec.Farm.Rig(id)
	return id, ok
}

// walletID is the id the API shows for one of the model's wallets: unique across farms like worker ids.
func (f *v2farm) walletID(modelID int64) int64 { return int64(f.index)*WorkerIDStride + modelID }

func (f *v2farm) redTemp() float64 {
	if f.spec.RedTemp > 0 {
		return f.spec.RedTemp
	}
	return f.spec.Farm.RedTemp()
}

func (f *v2farm) redFan() float64 { return orDefault(f.spec.RedFan, DefaultRedFan) }

func (f *v2farm) redMemTemp() float64 { return orDefault(f.spec.RedMemTemp, DefaultRedMemTemp) }

// workerRed is the worker's thresholds: its own where it has them, else the farm's.
func (f *v2farm) workerRed(rigID string) RedLimits {
	own := f.spec.WorkerRed[rigID]
	return RedLimits{
		Temp:    orDefault(own.Temp, f.redTemp()),
		Fan:     orDefault(own.Fan, f.redFan()),
		MemTemp: orDefault(own.MemTemp, f.redMemTemp()),
	}
}

func orDefault(v, def float64) float64 {
	if v > 0 {
		return v
	}
	return def
}

// num renders a reading as a JSON number, or as a numeric string when StringNumbers asks for one.
func (s *SimV2) num(v float64) any {
	if s.opts.StringNumbers {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return v
}
