package bot

import (
	"context"
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"

	"github.com/reportbot/reportbot/store"
)

// Metrics counts what the bot does, for Prometheus. A nil *Metrics
// counts nothing, so the bot calls its methods without checking.
type Metrics struct {
	questions  *prometheus.CounterVec
	answer     prometheus.Histogram
	reindex    *prometheus.HistogramVec
	apiErrors  *prometheus.CounterVec
	apiRetries *prometheus.CounterVec
	sendQueue  prometheus.Gauge
}

// NewMetrics makes the bot's metrics and registers them with reg (nil:
// not registered, as in tests that read them directly).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	f := promauto.With(reg)
	return &Metrics{
		questions: f.NewCounterVec(prometheus.CounterOpts{
			Name: "reportbot_questions_total",
			Help: "Questions answered, by whether the reports held an answer (result: found, not_found).",
		}, []string{"result"}),
		// From 50 ms (an answer with nothing waiting) doubling to 51 s:
		// past that a member has been kept waiting by Telegram's limits
		// or an outage, and the exact time no longer matters.
		answer: f.NewHistogram(prometheus.HistogramOpts{
			Name:    "reportbot_answer_seconds",
			Help:    "Time from a question reaching the bot to its answer being sent.",
			Buckets: prometheus.ExponentialBuckets(0.05, 2, 11),
		}),
		// From 0.25 s (one report) doubling to 8.5 min (a build of 1,000
		// reports takes about 16 s; the top buckets catch a slow disk).
		reindex: f.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "reportbot_reindex_seconds",
			Help:    "Time an index rebuild took, by outcome (result: ok, error).",
			Buckets: prometheus.ExponentialBuckets(0.25, 2, 12),
		}, []string{"result"}),
		apiErrors: f.NewCounterVec(prometheus.CounterOpts{
			Name: "reportbot_botapi_errors_total",
			Help: "Failed calls to the Telegram Bot API, by method.",
		}, []string{"method"}),
		apiRetries: f.NewCounterVec(prometheus.CounterOpts{
			Name: "reportbot_botapi_retries_total",
			Help: "Calls to the Telegram Bot API tried again after a failure, by method.",
		}, []string{"method"}),
		sendQueue: f.NewGauge(prometheus.GaugeOpts{
			Name: "reportbot_send_queue_length",
			Help: "Messages waiting for their turn under Telegram's sending limits.",
		}),
	}
}

// ObserveReindex records a rebuild of the index that took d and ended
// with err (nil: it succeeded).
func (m *Metrics) ObserveReindex(d time.Duration, err error) {
	if m == nil {
		return
	}
	result := "ok"
	if err != nil {
		result = "error"
	}
	m.reindex.WithLabelValues(result).Observe(d.Seconds())
}

// ObserveLibrary is lib with its index rebuilds observed (ObserveReindex):
// every Reindex that ran (one refused with store.ErrBusy did not), every
// Add and Remove that succeeded, with the time of its rebuild, and each
// rebuild a ReextractAll made. The bot's own admin commands go through it;
// a program that changes the library by other ways too (serve's admin
// socket) wraps it the same.
// A nil *Metrics returns lib as it is.
func (m *Metrics) ObserveLibrary(lib Library) Library {
	if m == nil || lib == nil {
		return lib
	}
	return observedLibrary{Library: lib, m: m}
}

type observedLibrary struct {
	Library
	m *Metrics
}

func (o observedLibrary) Add(ctx context.Context, name string, data []byte, opt store.AddOptions) (store.Meta, store.Stats, error) {
	meta, st, err := o.Library.Add(ctx, name, data, opt)
	if err == nil {
		o.m.ObserveReindex(st.Took, nil)
	}
	return meta, st, err
}

func (o observedLibrary) Remove(ctx context.Context, id string) (store.Stats, error) {
	st, err := o.Library.Remove(ctx, id)
	if err == nil {
		o.m.ObserveReindex(st.Took, nil)
	}
	return st, err
}

func (o observedLibrary) Reindex(ctx context.Context, progress func(done, total int)) (store.Stats, error) {
	start := time.Now()
	st, err := o.Library.Reindex(ctx, progress)
	if !errors.Is(err, store.ErrBusy) {
		o.m.ObserveReindex(time.Since(start), err)
	}
	return st, err
}

func (o observedLibrary) ReextractAll(ctx context.Context, progress func(done, total int)) (store.Reextracted, error) {
	r, err := o.Library.ReextractAll(ctx, progress)
	for _, st := range r.Rebuilds {
		o.m.ObserveReindex(st.Took, nil)
	}
	return r, err
}

// answered records a question answered, found or not, d after it reached the bot.
func (m *Metrics) answered(found bool, d time.Duration) {
	if m == nil {
		return
	}
	result := "not_found"
	if found {
		result = "found"
	}
	m.questions.WithLabelValues(result).Inc()
	m.answer.Observe(d.Seconds())
}

// apiError records a failed Bot API call, and whether it will be tried again.
func (m *Metrics) apiError(method string, retried bool) {
	if m == nil {
		return
	}
	m.apiErrors.WithLabelValues(method).Inc()
	if retried {
		m.apiRetries.WithLabelValues(method).Inc()
	}
}

// queued sets how many messages wait for their turn to be sent.
func (m *Metrics) queued(n int) {
	if m == nil {
		return
	}
	m.sendQueue.Set(float64(n))
}
