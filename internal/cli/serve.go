package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/stgen-dev/stgen/sttest"
)

const serveUsage = `Usage: stgen serve --specs DIR [--addr 127.0.0.1:PORT] [--client-id ID --client-secret S --app-key K]
                   [--records N] [--seed S] [--fault SPEC]... [--latency D] [--rate-limit N] [--report-limit N]

Serves a fake ServiceTitan for the release in --specs: a token endpoint at
/connect/token and every operation of every document at its path, validating
requests and answering with responses synthesized from the documents. It
prints the URLs and the credentials it accepts, and stops on SIGINT or SIGTERM.

Every collection holds --records records, ids 1 to N, and those POST creates
after them; an operation naming any other id answers 404. --seed changes
every synthesized value; the same seed serves the same bytes. A PATCH of a
record changes it: a later GET of the record shows what the body set, null
clearing a field, and keeps what it left out. Request bodies may hold null
only where the document declares the field nullable.

Exports list records in the order they were modified: record N (id N+1) in
hour N from 2024-01-01T00:00:00Z, as its modifiedOn shows. from takes a
continuation token or a date-time (records modified on or after it); with
includeRecentChanges=true, a batch resumed from a token repeats the last
record of the batch before.

Reports are limited as ServiceTitan limits them: --report-limit runs of one
report (POST .../reports/{reportId}/data) a minute per tenant, 5 unless said
otherwise (0: no limit); the next run is answered 429 without Retry-After,
its title stating the wait: "Rate limit is exceeded. Try again in 12 seconds."

--fault SPEC, which may be repeated, makes the requests it matches fail.
SPEC is ` + sttest.FaultSyntax + `
For example:
  --fault 'GET /crm/v2/tenant/{tenant}/customers=429,retry-after=2s'
  --fault 'Customers_Get=503,count=2'     the first two calls of Customers_Get fail
  --fault '/jpm/v2/*=300ms'               every jpm request waits 300 ms
  --fault '/connect/token=drop,skip=1'    token requests after the first are dropped
  --fault 'ReportCategoryReports_GetData=409,count=1'
                                          the next report run finds the service
                                          suspended for maintenance
  --fault 'Customers_GetList=429,retry-in-title=12s,count=1'
                                          a 429 that states its wait in its title,
                                          without Retry-After
--latency 50ms is short for --fault '*=50ms', --rate-limit 10 for --fault '*=10/s'.

A body must arrive within a minute and headers within 10 seconds; a
connection idle for two minutes is closed.
`

func runServe(args []string, stdout, stderr io.Writer) int {
	cfg, code := parseServe(args, stdout, stderr)
	if code >= 0 {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, cfg.specs, cfg.addr, stdout, cfg.opts...); err != nil {
		fmt.Fprintln(stderr, "stgen serve:", err)
		return exitError
	}
	return exitOK
}

// serveConfig is what the command line of serve asks for.
type serveConfig struct {
	specs, addr string
	opts        []sttest.Option
}

// parseServe parses the command line of serve; it returns the exit status
// to stop with, or -1 to go on.
func parseServe(args []string, stdout, stderr io.Writer) (serveConfig, int) {
	fs := newFlagSet("serve", serveUsage, stderr)
	specs := fs.String("specs", "", "folder of the release's OpenAPI documents")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	clientID := fs.String("client-id", "", "client id the token endpoint accepts (default: sttest's)")
	clientSecret := fs.String("client-secret", "", "client secret the token endpoint accepts (default: sttest's)")
	appKey := fs.String("app-key", "", "app key API requests must carry as ST-App-Key (default: sttest's)")
	records := fs.Int("records", sttest.DefaultRecords, "records every collection holds (ids 1 to N)")
	seed := fs.Uint64("seed", 0, "seed of the synthesized values")
	var faults []sttest.Fault
	fs.Func("fault", "a `SPEC` of failure to inject, MATCH=EFFECT[,EFFECT...] (see above; repeatable)", func(s string) error {
		f, err := sttest.ParseFault(s)
		if err != nil {
			return err
		}
		faults = append(faults, f)
		return nil
	})
	latency := fs.Duration("latency", 0, "delay every API reply by this `duration`")
	rateLimit := fs.Int("rate-limit", 0, "let `N` API requests a second through, answer 429 to the rest (0: no limit)")
	reportLimit := fs.Int("report-limit", sttest.DefaultReportLimit, "let `N` runs of one report a minute per tenant through, answer 429 to the rest (0: no limit)")
	if code := parseFlags(fs, args, stdout); code >= 0 {
		return serveConfig{}, code
	}
	if code := requireFlags(fs, "specs"); code >= 0 {
		return serveConfig{}, code
	}
	for _, bad := range []struct {
		name     string
		negative bool
	}{{"records", *records < 0}, {"latency", *latency < 0}, {"rate-limit", *rateLimit < 0}, {"report-limit", *reportLimit < 0}} {
		if bad.negative {
			return serveConfig{}, usageError(fs, "--%s %s is negative", bad.name, fs.Lookup(bad.name).Value)
		}
	}
	if *latency > 0 {
		faults = append(faults, sttest.Fault{Latency: *latency})
	}
	if *rateLimit > 0 {
		faults = append(faults, sttest.Fault{RateLimit: *rateLimit})
	}
	return serveConfig{
		specs: *specs,
		addr:  *addr,
		opts: []sttest.Option{
			sttest.WithCredentials(*clientID, *clientSecret, *appKey),
			sttest.WithRecords(*records),
			sttest.WithSeed(*seed),
			sttest.WithFault(faults...),
			sttest.WithReportLimit(*reportLimit),
		},
	}, -1
}

// serve runs the fake on addr until ctx ends, printing its banner to log.
func serve(ctx context.Context, specs, addr string, log io.Writer, opts ...sttest.Option) error {
	h, err := sttest.NewHandler(specs, opts...)
	if err != nil {
		return err
	}
	defer h.Close()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", addr, err)
	}
	fmt.Fprintln(log, h.Banner("http://"+l.Addr().String()))
	return sttest.Serve(ctx, l, h)
}
