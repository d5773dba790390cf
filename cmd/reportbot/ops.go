package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// httpFlags are the settings of serve's operations endpoints, which
// health checks.
type httpFlags struct {
	HTTPAddr listenAddr `name:"http-addr" help:"address serving /healthz, /readyz and /metrics; empty for none; shared with the webhook when equal to --listen" envvar:"REPORTBOT_HTTP_ADDR" setting:"health and metrics address" placeholder:"ADDR"`
}

// readyCheck is one condition /readyz requires; check returns nil while
// it holds and else says what is missing.
type readyCheck struct {
	name  string
	check func(ctx context.Context) error
}

// readyTimeout bounds one /readyz: its checks read state in memory, and
// a probe (Docker's, Kubernetes') gives up after a few seconds anyway.
const readyTimeout = 2 * time.Second

// newRegistry is the registry /metrics exports: the Go runtime's and the
// process's metrics, and what serve's parts register on it.
func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewBuildInfoCollector(),
	)
	return reg
}

// opsHandler serves /healthz (the process answers), /readyz (every check
// holds) and /metrics (reg in Prometheus's text format), and hands every
// other path to the handler set with handleRest: the webhook, when it
// shares the address.
type opsHandler struct {
	checks  []readyCheck
	metrics http.Handler
	rest    atomic.Pointer[http.Handler]
}

func newOpsHandler(reg *prometheus.Registry, checks []readyCheck) *opsHandler {
	metrics := promhttp.InstrumentMetricHandler(reg, promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	return &opsHandler{checks: checks, metrics: metrics}
}

// handleRest sends the paths that are not the endpoints' to h.
func (o *opsHandler) handleRest(h http.Handler) { o.rest.Store(&h) }

func (o *opsHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/healthz", "/readyz", "/metrics":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
	default:
		if h := o.rest.Load(); h != nil {
			(*h).ServeHTTP(w, r)
			return
		}
		http.NotFound(w, r)
		return
	}
	switch r.URL.Path {
	case "/healthz":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	case "/readyz":
		o.ready(w, r)
	case "/metrics":
		o.metrics.ServeHTTP(w, r)
	}
}

// ready runs every check and answers 200 when all hold, 503 when one
// does not, with a line a check.
func (o *opsHandler) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	var lines []string
	status := http.StatusOK
	for _, c := range o.checks {
		if err := c.check(ctx); err != nil {
			status = http.StatusServiceUnavailable
			lines = append(lines, c.name+": "+oneLine(err.Error()))
			continue
		}
		lines = append(lines, c.name+": ok")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintln(w, strings.Join(lines, "\n"))
}

// oneLine puts s on one line, its runs of spaces and line breaks made
// one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// shutdownTimeout is how long a stopping server lets requests in flight
// finish: an answer takes well under a second, a webhook update up to
// the bot's own answer timeout is cut short.
const shutdownTimeout = 20 * time.Second

// serveHTTP listens on addr now, so that a taken port fails the start in
// one line, and serves h until stop is called; stop waits for requests in
// flight (up to shutdownTimeout).
func serveHTTP(addr string, h http.Handler, log *slog.Logger, what string) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			log.Error("http server stopped", "what", what, "addr", ln.Addr().String(), "err", err)
		}
	}()
	log.Info("listening", "what", what, "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		srv.Shutdown(ctx)
		<-done
	}, nil
}

// sameAddr reports two listen addresses that name the same port on the
// same interfaces (":8080", "0.0.0.0:8080" and "[::]:8080" are all
// interfaces).
func sameAddr(a, b string) bool {
	ha, pa, errA := net.SplitHostPort(a)
	hb, pb, errB := net.SplitHostPort(b)
	if errA != nil || errB != nil {
		return a == b
	}
	all := func(h string) string {
		if h == "0.0.0.0" || h == "::" {
			return ""
		}
		return h
	}
	return pa == pb && all(ha) == all(hb)
}
