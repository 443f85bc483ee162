package sttest

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// DefaultReportLimit is how many runs of one report a minute the fake
// lets through per tenant unless WithReportLimit says otherwise: the limit
// ServiceTitan's developer portal states.
const DefaultReportLimit = 5

const (
	// reportWindow is the span in which the report limit counts runs.
	reportWindow = time.Minute
	// maxReportKeys bounds the reports whose runs the limiter remembers:
	// beyond it, those that left the window are forgotten, then others.
	maxReportKeys = 10_000
)

// reportLimiter remembers the runs of each report of each tenant within
// the last reportWindow.
type reportLimiter struct {
	// mu guards runs.
	mu sync.Mutex
	// runs maps a report of a tenant (route and path parameters) to the
	// times of its runs within the window, oldest first, at most the limit.
	runs map[string][]time.Time
}

// run records a run of the report key at now when fewer than limit runs
// of it fall in the window that ends at now; otherwise it records nothing
// and returns how long until the oldest of them leaves the window.
func (l *reportLimiter) run(key string, now time.Time, limit int) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	times, known := l.runs[key]
	for len(times) > 0 && !times[0].After(now.Add(-reportWindow)) {
		times = times[1:]
	}
	if len(times) >= limit {
		l.runs[key] = times
		return times[0].Add(reportWindow).Sub(now), false
	}
	if l.runs == nil {
		l.runs = make(map[string][]time.Time)
	}
	if !known && len(l.runs) >= maxReportKeys {
		l.prune(now)
	}
	l.runs[key] = append(times, now)
	return 0, true
}

// prune forgets the reports none of whose runs fall in the window that
// ends at now and, while more than half of maxReportKeys remain, others:
// each prune makes room for as many new reports as it visited, so the
// work stays constant per run.
func (l *reportLimiter) prune(now time.Time) {
	for key, times := range l.runs {
		if len(times) == 0 || !times[len(times)-1].After(now.Add(-reportWindow)) {
			delete(l.runs, key)
		}
	}
	for key := range l.runs {
		if len(l.runs) <= maxReportKeys/2 {
			break
		}
		delete(l.runs, key)
	}
}

// limitReport answers 429 when rt runs a report that already ran the
// report limit's number of times for the tenant in the minute before now.
// The answer states the wait in its title, without Retry-After.
func (h *Handler) limitReport(rt *route, params map[string]string, now time.Time) *apiError {
	limit := h.cfg.reportLimit
	if !rt.reply.report || limit == 0 {
		return nil
	}
	var key strings.Builder
	key.WriteString(rt.key)
	for _, name := range rt.params {
		key.WriteString("\x00" + params[name])
	}
	wait, ok := h.reports.run(key.String(), now, limit)
	if ok {
		return nil
	}
	return &apiError{
		status: http.StatusTooManyRequests,
		title:  waitTitle(http.StatusTooManyRequests, wait),
		errors: map[string][]string{"report": {fmt.Sprintf(
			"this report ran %d times for the tenant in the last minute, the most the fake lets through, as ServiceTitan does (sttest.WithReportLimit, stgen serve --report-limit)", limit)}},
	}
}
