package viabtc

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"
)

type accountInfo struct {
	id                                        int64
	name, email, countryCode, mobile, country string
	created                                   time.Time
}

type coinState struct {
	balance          string  // exact decimal
	pps, pplns, solo string  // the live profit summary
	offset           float64 // hashrate no worker carries (SetHashrate with no active worker)
	days             []Day
	withdrawAddress  string
}

type group struct {
	id   int64
	name string
	coin string
}

type worker struct {
	id     int64
	name   string
	coin   string
	group  int64   // 0: the default group
	base   float64 // H/s while active
	reject float64
	active bool
	// lastActive is the last share of a worker switched off with SetWorkerStatus.
	lastActive time.Time
	flaky      bool // demo: off for ten minutes every hour
	wobble     bool // demo: its 10-minute hashrate drifts a little
	days       []Day
}

type payment struct {
	id      int64
	coin    string
	amount  string
	address string
	tx      string
	at      time.Time
}

type subAccount struct {
	id     int64
	name   string
	apiKey string
	at     time.Time
}

type observer struct {
	id        int64
	name      string
	accessKey string
	at        time.Time
}

// Day is one day of history: the hashrate the pool saw and what it paid for it.
type Day struct {
	Date       string  // "2006-01-02"
	Hashrate   float64 // H/s
	RejectRate float64 // a fraction
	PPS        string  // exact decimals; "" means 0
	PPLNS      string
	Solo       string
}

// WorkerSpec describes a worker for AddWorker.
type WorkerSpec struct {
	Name       string
	Coin       string
	GroupID    int64   // 0 for the default group (null group_id)
	Hashrate   float64 // H/s while active
	RejectRate float64 // a fraction
	Inactive   bool
}

// Payment is a payout as the simulator recorded it.
type Payment struct {
	ID      int64
	Coin    string
	Amount  string
	Address string
	TxID    string
	At      time.Time
}

func normCoin(c string) string { return strings.ToUpper(strings.TrimSpace(c)) }

// mustCoin returns the state of a supported coin; setup with an unsupported coin is a bug in the test.
func (s *Sim) mustCoin(coin string) *coinState {
	c, ok := s.coin[normCoin(coin)]
	if !ok {
		panic(fmt.Sprintf("simviabtc: coin %q is not in Options.Coins %v", coin, s.coins))
	}
	return c
}

func (s *Sim) newID() int64 {
	s.nextID++
	return s.nextID
}

var decimalRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

func mustDecimal(v string) string {
	if !decimalRE.MatchString(v) {
		panic(fmt.Sprintf("simviabtc: %q is not a decimal amount", v))
	}
	return v
}

// sum adds exact decimals and writes the result without trailing zeros.
func sum(vals ...string) string {
	total := new(big.Rat)
	for _, v := range vals {
		if v == "" {
			continue
		}
		r, ok := new(big.Rat).SetString(v)
		if ok {
			total.Add(total, r)
		}
	}
	return trimZeros(total.FloatString(8))
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "" || s == "-0" {
		return "0"
	}
	return s
}

func isZero(v string) bool {
	r, ok := new(big.Rat).SetString(v)
	return !ok || r.Sign() == 0
}

// AddGroup adds a worker group for coin and returns its id.
func (s *Sim) AddGroup(coin, name string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustCoin(coin)
	g := &group{id: s.newID(), name: name, coin: normCoin(coin)}
	s.groups = append(s.groups, g)
	return g.id
}

// AddWorker adds a worker and returns its id. Its group, if any, must exist and mine the same coin.
func (s *Sim) AddWorker(spec WorkerSpec) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustCoin(spec.Coin)
	if spec.GroupID != 0 {
		g := s.groupByID(spec.GroupID)
		if g == nil || g.coin != normCoin(spec.Coin) {
			panic(fmt.Sprintf("simviabtc: no %s group %d", spec.Coin, spec.GroupID))
		}
	}
	w := &worker{id: s.newID(), name: spec.Name, coin: normCoin(spec.Coin), group: spec.GroupID, base: spec.Hashrate,
		reject: spec.RejectRate, active: !spec.Inactive}
	if !w.active {
		w.lastActive = s.now()
	}
	s.workers = append(s.workers, w)
	return w.id
}

// SetWorkerStatus switches every worker called name on or off. An inactive worker reports no 10-minute
// or 1-hour hashrate and keeps the time it went off as its last share. It also stops a demo worker's
// own comings and goings.
func (s *Sim) SetWorkerStatus(name string, active bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for _, w := range s.workers {
		if w.name != name {
			continue
		}
		if w.active && !active {
			w.lastActive = now
		}
		w.active, w.flaky = active, false
	}
}

// SetHashrate makes the account's 10-minute and 1-hour hashrate for coin hps (H/s), shared evenly by its
// active workers, whose demo drift and comings and goings stop. With no active worker the hashrate is
// reported for the account alone.
func (s *Sim) SetHashrate(coin string, hps float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.mustCoin(coin)
	var active []*worker
	for _, w := range s.workers {
		if w.coin == normCoin(coin) {
			w.flaky, w.wobble = false, false
			if w.active {
				active = append(active, w)
			}
		}
	}
	c.offset = 0
	if len(active) == 0 {
		c.offset = hps
		return
	}
	for _, w := range active {
		w.base = hps / float64(len(active))
	}
}

// SetBalance sets the unpaid balance of coin to amount, an exact decimal ("0.00123456").
func (s *Sim) SetBalance(coin, amount string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustCoin(coin).balance = mustDecimal(amount)
}

// Balance returns the unpaid balance of coin.
func (s *Sim) Balance(coin string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mustCoin(coin).balance
}

// SetProfit sets the earnings summary of coin; the total is their exact sum.
func (s *Sim) SetProfit(coin, pps, pplns, solo string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.mustCoin(coin)
	c.pps, c.pplns, c.solo = mustDecimal(pps), mustDecimal(pplns), mustDecimal(solo)
}

// SetWithdrawAddress sets where the payouts of coin go.
func (s *Sim) SetWithdrawAddress(coin, address string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustCoin(coin).withdrawAddress = address
}

// AddDay adds (or replaces) a day of the account's hashrate and profit history for coin.
func (s *Sim) AddDay(coin string, d Day) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.mustCoin(coin)
	c.days = putDay(c.days, d)
}

// AddWorkerDay adds (or replaces) a day of hashrate history for every worker called name.
func (s *Sim) AddWorkerDay(name string, d Day) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range s.workers {
		if w.name == name {
			w.days = putDay(w.days, d)
		}
	}
}

func putDay(days []Day, d Day) []Day {
	if _, err := time.Parse(time.DateOnly, d.Date); err != nil {
		panic(fmt.Sprintf("simviabtc: day %q is not YYYY-MM-DD", d.Date))
	}
	for i := range days {
		if days[i].Date == d.Date {
			days[i] = d
			return days
		}
	}
	return append(days, d)
}

// AddPayment records a past payout of amount to address at a time, and returns its id.
func (s *Sim) AddPayment(coin, amount, address string, at time.Time) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustCoin(coin)
	return s.addPayment(normCoin(coin), mustDecimal(amount), address, at).id
}

func (s *Sim) addPayment(coin, amount, address string, at time.Time) *payment {
	p := &payment{id: s.newID(), coin: coin, amount: amount, address: address, at: at}
	h := sha256.Sum256([]byte(strconv.FormatInt(p.id, 10) + coin + amount + address))
	p.tx = hex.EncodeToString(h[:])
	s.payments = append(s.payments, p)
	return p
}

// Payments returns the payouts of coin, oldest first.
func (s *Sim) Payments(coin string) []Payment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Payment
	for _, p := range s.payments {
		if p.coin == normCoin(coin) {
			out = append(out, Payment{ID: p.id, Coin: p.coin, Amount: p.amount, Address: p.address, TxID: p.tx, At: p.at})
		}
	}
	return out
}

// AddSubAccount adds a sub-account called name, with an API key derived from it, and returns its id.
func (s *Sim) AddSubAccount(name string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := sha256.Sum256([]byte("sub:" + name))
	sa := &subAccount{id: s.newID(), name: name, apiKey: hex.EncodeToString(h[:16]), at: s.now()}
	s.subs = append(s.subs, sa)
	return sa.id
}

// AddObserver adds a read-only observer link called name and returns its id.
func (s *Sim) AddObserver(name string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := sha256.Sum256([]byte("observer:" + name))
	o := &observer{id: s.newID(), name: name, accessKey: hex.EncodeToString(h[:16]), at: s.now()}
	s.observers = append(s.observers, o)
	return o.id
}

// SetIPWhitelistFails turns the whitelist refusal (code 12004) on or off while the Sim runs.
func (s *Sim) SetIPWhitelistFails(fails bool) {
	s.mu.Lock()
	s.ipFails = fails
	s.mu.Unlock()
}

func (s *Sim) groupByID(id int64) *group {
	for _, g := range s.groups {
		if g.id == id {
			return g
		}
	}
	return nil
}

func (s *Sim) workerByID(id int64) *worker {
	for _, w := range s.workers {
		if w.id == id {
			return w
		}
	}
	return nil
}
