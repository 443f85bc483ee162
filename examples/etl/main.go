// Command etl syncs ServiceTitan's customers and invoices into JSON Lines
// files, one record a line, and can be stopped and restarted at any point:
// it saves each export's continuation token, with the size of the file
// that holds the records before it, after every batch.
//
// The first run starts each export at -since (records modified on or
// after it), or at the beginning; later runs resume from the saved tokens.
// A run drains both exports until the API says it has no more (it has
// caught up), then exits, or with -every sleeps and polls again from the
// tokens until it is interrupted. With -recent it asks for recent changes
// sooner (includeRecentChanges=true), which can send a record again, and
// drops the records it already wrote in this process (same id and
// modifiedOn).
//
// Usage:
//
//	etl [-out DIR] [-since TIME] [-every DURATION] [-recent]
//
// The environment holds the app's credentials and the tenant:
// ST_CLIENT_ID, ST_CLIENT_SECRET, ST_APP_KEY, ST_TENANT, and
// ST_ENVIRONMENT (integration or production), or ST_BASE_URL and
// ST_TOKEN_URL for another server, such as `stgen serve`.
//
// DIR (etl-data) holds customers.jsonl, invoices.jsonl and state.json.
// A file longer than its state says (a run killed mid-batch) is cut back
// to it on the next start, those records coming again, so each record of
// an export is written once without -recent; with -recent, a record sent
// again after a restart is written again, and a consumer keeps, for each
// id, the line with the latest modifiedOn. Delete DIR to start over.
package main

//go:generate go tool stgen generate --specs $STGEN_SPECS --out internal/st --domains crm,accounting

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/stgen-dev/stgen/authmw"
	"github.com/stgen-dev/stgen/examples/etl/internal/st/servicetitan"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

// options are the command's flags.
type options struct {
	out    string
	since  time.Time
	every  time.Duration
	recent bool
}

// run runs the command with args, logging to stderr, and returns its exit
// status: 0 when it caught up (or was interrupted), 1 on an error, 2 on a
// usage mistake.
func run(args []string, stderr io.Writer) int {
	opts, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	cfg, err := configFromEnv(os.Getenv)
	if err != nil {
		log.Error("etl: " + err.Error())
		return 2
	}
	st, err := servicetitan.New(cfg)
	if err != nil {
		log.Error("etl: " + err.Error())
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s, err := open(st, opts, log)
	if err != nil {
		log.Error("etl: " + err.Error())
		return 1
	}
	defer s.close()
	err = s.loop(ctx, opts.every)
	if ctx.Err() != nil {
		log.Info("etl: stopped; the next run resumes from the saved state", "dir", opts.out)
		return 0
	}
	if err != nil {
		log.Error("etl: "+err.Error(), "dir", opts.out)
		return 1
	}
	return 0
}

// parseFlags reads the command's flags, printing usage mistakes to stderr.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	var opts options
	var since string
	fs := flag.NewFlagSet("etl", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&opts.out, "out", "etl-data", "folder of the JSON Lines files and the state")
	fs.StringVar(&since, "since", "", "start exports with no saved state at the records modified on or after this date-time (RFC 3339, or a date, UTC)")
	fs.DurationVar(&opts.every, "every", 0, "after catching up, poll again after this long, until interrupted (0: exit once caught up)")
	fs.BoolVar(&opts.recent, "recent", false, "ask for recent changes sooner (includeRecentChanges=true), dropping the records sent again")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: etl [-out DIR] [-since TIME] [-every DURATION] [-recent]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return opts, err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "etl: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return opts, errors.New("unexpected argument")
	}
	if opts.every < 0 {
		fmt.Fprintf(stderr, "etl: -every %v: give a positive duration, or 0 to exit once caught up\n", opts.every)
		return opts, errors.New("negative -every")
	}
	if since != "" {
		t, err := parseSince(since)
		if err != nil {
			fmt.Fprintf(stderr, "etl: -since %q: give a date-time such as 2026-01-02T15:04:05Z, or a date such as 2026-01-02\n", since)
			return opts, err
		}
		opts.since = t
	}
	return opts, nil
}

// parseSince reads -since: an RFC 3339 date-time, or a date (midnight UTC).
func parseSince(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, s)
}

// configFromEnv returns the client's configuration from the environment,
// read through getenv. Its errors name the variable, never its value.
func configFromEnv(getenv func(string) string) (servicetitan.Config, error) {
	cfg := servicetitan.Config{
		ClientID:     getenv("ST_CLIENT_ID"),
		ClientSecret: getenv("ST_CLIENT_SECRET"),
		AppKey:       getenv("ST_APP_KEY"),
		BaseURL:      getenv("ST_BASE_URL"),
		TokenURL:     getenv("ST_TOKEN_URL"),
	}
	for _, name := range []string{"ST_CLIENT_ID", "ST_CLIENT_SECRET", "ST_APP_KEY"} {
		if getenv(name) == "" {
			return cfg, fmt.Errorf("%s is not set: give the app's credentials in ST_CLIENT_ID, ST_CLIENT_SECRET and ST_APP_KEY", name)
		}
	}
	tenant, err := strconv.ParseInt(getenv("ST_TENANT"), 10, 64)
	if err != nil || tenant <= 0 {
		return cfg, errors.New("ST_TENANT is not a tenant id: give the id of the ServiceTitan tenant to sync, a positive integer")
	}
	cfg.Tenant = tenant
	switch env := getenv("ST_ENVIRONMENT"); env {
	case "integration":
		cfg.Environment = authmw.Integration
	case "production":
		cfg.Environment = authmw.Production
	case "":
		if cfg.BaseURL == "" || cfg.TokenURL == "" {
			return cfg, errors.New("ST_ENVIRONMENT is not set: give integration or production (or ST_BASE_URL and ST_TOKEN_URL for another server)")
		}
	default:
		return cfg, fmt.Errorf("ST_ENVIRONMENT is %q: give integration or production", env)
	}
	return cfg, nil
}
