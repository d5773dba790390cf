package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// healthCmd is reportbot health: a probe of a running serve.
type healthCmd struct {
	httpFlags
	Ready   bool          `help:"check /readyz (index open, Bot API reached) instead of /healthz (the process answers)" option:""`
	Timeout time.Duration `help:"how long to wait for the answer" default:"5s" option:""`
}

func (c *healthCmd) Help() string {
	return "Asks a running serve whether it is up (GET /healthz on --http-addr, or /readyz with --ready) " +
		"and prints one line: exit 0 when it answers 200, 1 otherwise. It is the image's HEALTHCHECK, " +
		"since the image has no curl."
}

// usageExit makes every failure of health exit 1, a refused command line
// or setting (REPORTBOT_HTTP_ADDR=nonsense) too: Docker reserves a
// HEALTHCHECK's exit 2, and a container whose check is misconfigured is
// unhealthy.
func (*healthCmd) usageExit() int { return exitFailed }

func (c *healthCmd) Run(ctx context.Context, e *env) error {
	if c.HTTPAddr == "" {
		// Exit 1, not the usage error's 2 (usageExit): an image started
		// without REPORTBOT_HTTP_ADDR is unhealthy, not misusing the check.
		return errors.New("no address to check: set REPORTBOT_HTTP_ADDR or --http-addr, as for serve (see reportbot health --help)")
	}
	path := "/healthz"
	if c.Ready {
		path = "/readyz"
	}
	u := probeURL(string(c.HTTPAddr), path)
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	// Never through a proxy from the environment: it is this machine's
	// own server.
	client := &http.Client{Transport: &http.Transport{Proxy: nil}}
	resp, err := client.Do(req)
	if err != nil {
		return err // *url.Error names the URL
	}
	defer resp.Body.Close()
	// A probe's answer is a few lines: more is not read.
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s: %s", u, resp.Status, oneLine(string(body)))
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", u, oneLine(string(body)))
	return nil
}

// probeURL is the URL of path on a server listening on addr: an address
// of every interface (":8080", "0.0.0.0:8080", "[::]:8080") is reached
// on loopback.
func probeURL(addr, path string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr + path
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + path
}
