package main

import (
	"log"
	"os"
	"time"

	"github.com/stgen-dev/stgen/authmw"
	"github.com/stgen-dev/stgen/examples/etl/internal/st/servicetitan"
)

// This example tunes the limits a production client keeps to: report runs,
// telecom calls one at a time, and the longest wait a 429 gets.
func Example_limits() {
	cfg := servicetitan.Config{
		ClientID:     os.Getenv("ST_CLIENT_ID"),
		ClientSecret: os.Getenv("ST_CLIENT_SECRET"),
		AppKey:       os.Getenv("ST_APP_KEY"),
		Tenant:       1234567,
		Environment:  authmw.Production,
	}
	// Two runs of a report a minute, instead of ServiceTitan's five: this
	// limit replaces the one New puts first, having the same pattern.
	reports := authmw.ReportRunLimit("POST /reporting/v2/tenant/{tenant}/report-category/{category}/reports/{reportId}/data")
	reports.PathRate = 2.0 / 60
	cfg.Middleware.OperationLimits = append(cfg.Middleware.OperationLimits,
		reports,
		// One telecom calls request in flight: concurrent ones trigger rate limiting and skew results.
		authmw.OperationLimit{Pattern: "GET /telecom/v3/tenant/{tenant}/calls", MaxInFlight: 1},
	)
	// A 429 waits for its Retry-After, else for the wait its title states,
	// else for the backoff: at most this long (60 s by default).
	cfg.Middleware.MaxRetryAfter = 2 * time.Minute
	if _, err := servicetitan.New(cfg); err != nil {
		log.Fatal(err)
	}
}
