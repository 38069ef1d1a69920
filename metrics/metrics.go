// Package metrics is what pitboss tells Prometheus: polls, readings, alerts, the outbox, Telegram,
// commands and control actions, with the Go runtime and the process. Components report through the
// narrow methods of *Metrics; what lives in the database (alert states, the outbox) is read from the store
// when Prometheus scrapes, so that the figures are the database's, not a copy that could drift.
package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// State is what the store knows that the metrics show: *store.Store has these.
type State interface {
	AlertCounts(ctx context.Context) (map[[2]string]int, error) // by kind and phase ("pending", "firing")
	OutboxDepth(ctx context.Context) (n int, oldest time.Time, err error)
}

// Build is the running binary.
type Build struct {
	Version, Commit, Date, GoVersion string
}

// Metrics holds pitboss's collectors in a registry of its own.
type Metrics struct {
	reg *prometheus.Registry
	now func() time.Time

	polls       *prometheus.CounterVec
	pollTime    *prometheus.HistogramVec
	lastSuccess *prometheus.GaugeVec
	readings    prometheus.Counter
	sent        prometheus.Counter
	limited     prometheus.Counter
	sendFailed  *prometheus.CounterVec
	commands    *prometheus.CounterVec
	commandTime *prometheus.HistogramVec
	actions     *prometheus.CounterVec
	leader      prometheus.Gauge
}

// New builds the collectors; state, when not nil, is read at each scrape for the alert and outbox
// gauges. now is the clock of the outbox's age; nil means time.Now.
func New(b Build, state State, log *slog.Logger, now func() time.Time) *Metrics {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m := &Metrics{reg: prometheus.NewRegistry(), now: now}
	f := promauto.With(m.reg)
	m.polls = f.NewCounterVec(prometheus.CounterOpts{Name: "pitboss_polls_total",
		Help: "Polls of each source, by result (ok or error)."}, []string{"source", "result"})
	m.pollTime = f.NewHistogramVec(prometheus.HistogramOpts{Name: "pitboss_poll_duration_seconds",
		Help:    "How long a poll of each source took, answer and all.",
		Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}}, []string{"source"})
	m.lastSuccess = f.NewGaugeVec(prometheus.GaugeOpts{Name: "pitboss_source_last_success_timestamp_seconds",
		Help: "When each source last answered a poll (Unix time)."}, []string{"source"})
	m.readings = f.NewCounter(prometheus.CounterOpts{Name: "pitboss_readings_stored_total", Help: "Readings written to the history."})
	m.sent = f.NewCounter(prometheus.CounterOpts{Name: "pitboss_telegram_messages_sent_total", Help: "Queued messages Telegram took."})
	m.limited = f.NewCounter(prometheus.CounterOpts{Name: "pitboss_telegram_rate_limited_total",
		Help: "Sends Telegram answered with 429 Too Many Requests."})
	m.sendFailed = f.NewCounterVec(prometheus.CounterOpts{Name: "pitboss_telegram_send_failures_total",
		Help: "Sends that failed, by what became of the message: retried, dropped, or unreachable (the chat blocked the bot or is gone)."},
		[]string{"outcome"})
	m.commands = f.NewCounterVec(prometheus.CounterOpts{Name: "pitboss_commands_total",
		Help: "Commands and buttons handled, by route."}, []string{"command"})
	m.commandTime = f.NewHistogramVec(prometheus.HistogramOpts{Name: "pitboss_command_duration_seconds",
		Help:    "How long handling a command or a button took.",
		Buckets: []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}, []string{"command"})
	m.actions = f.NewCounterVec(prometheus.CounterOpts{Name: "pitboss_control_actions_total",
		Help: "Control actions by kind and result: ok, failed, unknown (it may have happened), cancelled or expired."}, []string{"kind", "result"})
	m.leader = f.NewGauge(prometheus.GaugeOpts{Name: "pitboss_leader",
		Help: "1 while this process is the active one: it polls, sends and answers the chat."})
	info := f.NewGaugeVec(prometheus.GaugeOpts{Name: "pitboss_build_info", Help: "The running build; always 1."},
		[]string{"version", "commit", "date", "goversion"})
	info.WithLabelValues(b.Version, b.Commit, b.Date, b.GoVersion).Set(1)
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if state != nil {
		m.reg.MustRegister(&stateCollector{state: state, now: now, log: log})
	}
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Polled counts one poll of source and, when it succeeded, stores when.
func (m *Metrics) Polled(source string, took time.Duration, err error) {
	if m == nil {
		return
	}
	result := "ok"
	if err != nil {
		result = "error"
	} else {
		m.lastSuccess.WithLabelValues(source).Set(float64(m.now().UnixNano()) / 1e9)
	}
	m.polls.WithLabelValues(source, result).Inc()
	m.pollTime.WithLabelValues(source).Observe(took.Seconds())
}

// Stored counts readings written to the history.
func (m *Metrics) Stored(n int) {
	if m == nil {
		return
	}
	m.readings.Add(float64(n))
}

// Send outcomes, as Delivered takes them.
const (
	Sent        = "sent"
	RateLimited = "rate_limited"
	Retried     = "retried"
	Dropped     = "dropped"
	Unreachable = "unreachable"
)

// Delivered counts one attempt to send a queued message, by its outcome.
func (m *Metrics) Delivered(outcome string) {
	if m == nil {
		return
	}
	switch outcome {
	case Sent:
		m.sent.Inc()
	case RateLimited:
		m.limited.Inc()
	default:
		m.sendFailed.WithLabelValues(outcome).Inc()
	}
}

// Handled counts one command or button press and how long it took. route must be a registered one (or
// "unknown"), so that the label stays bounded whatever users type.
func (m *Metrics) Handled(route string, took time.Duration) {
	if m == nil {
		return
	}
	m.commands.WithLabelValues(route).Inc()
	m.commandTime.WithLabelValues(route).Observe(took.Seconds())
}

// Acted counts a control action's result.
func (m *Metrics) Acted(kind, result string) {
	if m == nil {
		return
	}
	m.actions.WithLabelValues(kind, result).Inc()
}

// Leading sets whether this process is the active one.
func (m *Metrics) Leading(on bool) {
	if m == nil {
		return
	}
	v := 0.0
	if on {
		v = 1
	}
	m.leader.Set(v)
}

// stateCollector reads the alert states and the outbox from the store at each scrape.
type stateCollector struct {
	state State
	now   func() time.Time
	log   *slog.Logger
}

var (
	alertsDesc = prometheus.NewDesc("pitboss_alerts", "Alerts by kind and state (pending or firing), summed over users.",
		[]string{"kind", "state"}, nil)
	depthDesc = prometheus.NewDesc("pitboss_outbox_depth", "Messages queued for Telegram.", nil, nil)
	ageDesc   = prometheus.NewDesc("pitboss_outbox_oldest_age_seconds",
		"How long the oldest queued message has waited; 0 when the outbox is empty.", nil, nil)
)

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- alertsDesc
	ch <- depthDesc
	ch <- ageDesc
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if counts, err := c.state.AlertCounts(ctx); err != nil {
		c.log.Warn("metrics: reading alert states failed", "error", err)
		ch <- prometheus.NewInvalidMetric(alertsDesc, err)
	} else {
		for k, n := range counts {
			ch <- prometheus.MustNewConstMetric(alertsDesc, prometheus.GaugeValue, float64(n), k[0], k[1])
		}
	}
	n, oldest, err := c.state.OutboxDepth(ctx)
	if err != nil {
		c.log.Warn("metrics: reading the outbox failed", "error", err)
		ch <- prometheus.NewInvalidMetric(depthDesc, err)
		return
	}
	age := 0.0
	if n > 0 {
		age = max(c.now().Sub(oldest).Seconds(), 0)
	}
	ch <- prometheus.MustNewConstMetric(depthDesc, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(ageDesc, prometheus.GaugeValue, age)
}
