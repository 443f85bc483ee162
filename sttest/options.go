package sttest

import (
	"time"
)

// Default credentials the fake accepts unless WithCredentials says otherwise.
const (
	// DefaultClientID is the client id accepted by default.
	DefaultClientID = "sttest-client-id"
	// DefaultClientSecret is the client secret accepted by default.
	DefaultClientSecret = "sttest-client-secret"
	// DefaultAppKey is the application key (ST-App-Key) accepted by default.
	DefaultAppKey = "sttest-app-key"
)

// DefaultRecords is how many records every collection holds unless WithRecords says otherwise.
const DefaultRecords = 25

// Option configures a Handler or Server.
type Option func(*config)

// config is a handler's configuration, fixed at construction.
type config struct {
	clientID, clientSecret, appKey string
	tokenTTL                       time.Duration
	records                        int
	seed                           uint64
	exportBatch                    int
	faults                         []Fault
	now                            func() time.Time
	history                        int
	historyBytes                   int64
	validate                       bool
	timeouts                       Timeouts
	reportLimit                    int
}

// defaultConfig returns the configuration before options.
func defaultConfig() config {
	return config{
		clientID:     DefaultClientID,
		clientSecret: DefaultClientSecret,
		appKey:       DefaultAppKey,
		tokenTTL:     900 * time.Second,
		records:      DefaultRecords,
		exportBatch:  10,
		now:          time.Now,
		history:      10_000,
		historyBytes: 64 << 20,
		validate:     true,
		timeouts:     Timeouts{Header: 10 * time.Second, Body: time.Minute, Idle: 2 * time.Minute},
		reportLimit:  DefaultReportLimit,
	}
}

// Timeouts bound how long the fake waits on a client; see WithTimeouts.
type Timeouts struct {
	// Header bounds the time a request's line and headers take to arrive
	// (default 10 seconds).
	Header time.Duration
	// Body bounds the time a request's body takes to arrive, counted from
	// when the handler starts reading it, and again once the body has room
	// in the memory the bodies in flight may take (default a minute: 32 MiB,
	// the most the fake reads, at half a MiB a second). A body later than
	// that is answered 408 and its connection closed.
	Body time.Duration
	// Idle bounds how long a keep-alive connection may wait for its next
	// request before the fake closes it (default two minutes, longer than
	// net/http's clients keep an idle connection, so that they close it
	// first).
	Idle time.Duration
}

// WithTimeouts sets how long the fake waits on a client; zero fields keep
// their defaults. Body applies wherever the handler runs; Header and Idle
// apply to the servers of NewServer and Serve.
func WithTimeouts(t Timeouts) Option {
	return func(c *config) {
		if t.Header > 0 {
			c.timeouts.Header = t.Header
		}
		if t.Body > 0 {
			c.timeouts.Body = t.Body
		}
		if t.Idle > 0 {
			c.timeouts.Idle = t.Idle
		}
	}
}

// WithCredentials sets the client id and secret the token endpoint accepts
// and the application key (ST-App-Key) API requests must carry; empty
// values keep the defaults.
func WithCredentials(clientID, clientSecret, appKey string) Option {
	return func(c *config) {
		if clientID != "" {
			c.clientID = clientID
		}
		if clientSecret != "" {
			c.clientSecret = clientSecret
		}
		if appKey != "" {
			c.appKey = appKey
		}
	}
}

// WithTokenTTL sets how long issued access tokens stay valid (default 900 s,
// as ServiceTitan); the token response's expires_in says it in whole seconds.
func WithTokenTTL(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.tokenTTL = d
		}
	}
}

// WithRecords sets how many records every collection holds (default 25):
// pages and exports walk this many, bare arrays show up to 50 of them, and
// ids 1 to n (and those POST creates after them) are held, any other
// answering 404.
func WithRecords(n int) Option {
	return func(c *config) {
		if n >= 0 {
			c.records = n
		}
	}
}

// WithSeed sets the seed of the synthesized data (default 0): the same
// seed gives the same bytes, another seed other values in every record
// (ids, paging and continuation tokens stay as they are).
func WithSeed(seed uint64) Option {
	return func(c *config) { c.seed = seed }
}

// WithExportBatch sets how many records one export response carries
// (default 10, so that the default 25 records take three calls).
func WithExportBatch(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.exportBatch = n
		}
	}
}

// WithFault injects faults from the start; see Fault and Handler.AddFault.
func WithFault(faults ...Fault) Option {
	return func(c *config) { c.faults = append(c.faults, faults...) }
}

// WithRateLimit lets perSecond API requests through per second and answers
// the rest with 429 and Retry-After.
func WithRateLimit(perSecond int) Option {
	return WithFault(Fault{RateLimit: perSecond})
}

// WithLatency delays every API reply by d.
func WithLatency(d time.Duration) Option {
	return WithFault(Fault{Latency: d})
}

// WithReportLimit sets how many runs of one report a minute the fake lets
// through per tenant (default 5, as ServiceTitan); 0 removes the limit. A
// report run is a POST answered with a page of a report's rows and their
// fields (ServiceTitan's POST .../reports/{reportId}/data); one report is
// one path, tenant and report id included. A run beyond the limit, within
// a minute of the oldest of the runs it counts, is answered 429 without
// Retry-After, its title stating the wait ("Rate limit is exceeded. Try
// again in 12 seconds."), and does not count. WithClock moves the minute.
func WithReportLimit(n int) Option {
	return func(c *config) {
		if n >= 0 {
			c.reportLimit = n
		}
	}
}

// WithClock sets the clock for token expiry, rate limits, the report limit
// and request times (default time.Now), so tests can move time without
// sleeping.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithHistory sets how many of the most recent requests Requests keeps
// (default 10000; 0 removes this bound, not WithHistoryBytes').
func WithHistory(n int) Option {
	return func(c *config) {
		if n >= 0 {
			c.history = n
		}
	}
}

// WithHistoryBytes sets how many bytes of the most recent requests Requests
// keeps, counting their bodies, paths, headers and queries (default 64 MiB;
// 0 removes this bound): the oldest requests are forgotten beyond it. A
// body larger than a sixteenth of n (4 MiB by default) is kept cut to that
// size, and Request.BodySize tells its whole length.
func WithHistoryBytes(n int64) Option {
	return func(c *config) {
		if n >= 0 {
			c.historyBytes = n
		}
	}
}

// WithoutRequestValidation turns off validating requests against the
// documents (credentials are still checked), for documents known to be wrong.
func WithoutRequestValidation() Option {
	return func(c *config) { c.validate = false }
}
