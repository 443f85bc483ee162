package sttest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// reportRun runs a report of a tenant through h and returns the status
// and the title of the error, if any.
func reportRun(t *testing.T, h *Handler, tok, tenant, report string) (int, string, http.Header) {
	t.Helper()
	w := do(h, apiReq(h, tok, http.MethodPost, "/reporting/v2/tenant/"+tenant+"/report-category/operations/reports/"+report+"/data?pageSize=10", `{"parameters":[]}`))
	var e struct{ Title string }
	if w.Code != http.StatusOK {
		json.Unmarshal(w.Body.Bytes(), &e)
	}
	return w.Code, e.Title, w.Header()
}

// TestReportLimit runs one report of one tenant on a clock the test moves:
// five runs a minute go through, the sixth is answered 429 with the wait in
// its title and no Retry-After, other reports and tenants count apart, and
// a run goes through again once the oldest leaves the minute.
func TestReportLimit(t *testing.T) {
	clock := newClock()
	h := latest(t).NewHandler(WithClock(clock.Now))
	tok := token(t, h, h.Credentials())
	for i := range DefaultReportLimit {
		if code, title, _ := reportRun(t, h, tok, "1", "3"); code != http.StatusOK {
			t.Fatalf("run %d: %d %s", i+1, code, title)
		}
		clock.Add(10 * time.Second)
	}
	// 50 s after the first run.
	code, title, header := reportRun(t, h, tok, "1", "3")
	if code != http.StatusTooManyRequests || title != "Rate limit is exceeded. Try again in 10 seconds." || header.Get("Retry-After") != "" {
		t.Errorf("sixth run in a minute: %d %q, Retry-After %q; want 429 stating 10 seconds, no Retry-After", code, title, header.Get("Retry-After"))
	}
	for _, other := range [][2]string{{"2", "3"}, {"1", "4"}} {
		if code, title, _ := reportRun(t, h, tok, other[0], other[1]); code != http.StatusOK {
			t.Errorf("tenant %s, report %s, beside a report at its limit: %d %s", other[0], other[1], code, title)
		}
	}
	clock.Add(9 * time.Second)
	if code, title, _ := reportRun(t, h, tok, "1", "3"); code != http.StatusTooManyRequests || title != "Rate limit is exceeded. Try again in 1 seconds." {
		t.Errorf("a second before the first run leaves the minute: %d %q", code, title)
	}
	clock.Add(time.Second)
	if code, title, _ := reportRun(t, h, tok, "1", "3"); code != http.StatusOK {
		t.Errorf("once the first run left the minute: %d %q", code, title)
	}
	if code, _, _ := reportRun(t, h, tok, "1", "3"); code != http.StatusTooManyRequests {
		t.Errorf("the limit again: %d", code)
	}
	// The dynamic value sets a report's parameters take are no report runs.
	for range 2 * DefaultReportLimit {
		if w := do(h, apiReq(h, tok, http.MethodGet, "/reporting/v2/tenant/1/dynamic-value-sets/1", "")); w.Code != http.StatusOK {
			t.Fatalf("dynamic value set: %d %s", w.Code, w.Body)
		}
	}
}

func TestReportLimitOption(t *testing.T) {
	a := latest(t)
	for _, tc := range []struct {
		limit, through int
	}{{0, 20}, {1, 1}, {12, 12}} {
		h := a.NewHandler(WithReportLimit(tc.limit), WithClock(newClock().Now))
		tok := token(t, h, h.Credentials())
		through := 0
		for range 20 {
			if code, _, _ := reportRun(t, h, tok, "1", "3"); code == http.StatusOK {
				through++
			}
		}
		if through != tc.through {
			t.Errorf("WithReportLimit(%d): %d of 20 runs in a minute went through; want %d", tc.limit, through, tc.through)
		}
	}
}

// TestReportLimiterBounded checks that the limiter remembers at most
// maxReportKeys reports however many run, the newest kept.
func TestReportLimiterBounded(t *testing.T) {
	var l reportLimiter
	now := newClock().Now()
	for i := range 3 * maxReportKeys {
		if _, ok := l.run(strconv.Itoa(i), now, 1); !ok {
			t.Fatalf("the first run of report %d was refused", i)
		}
		if len(l.runs) > maxReportKeys {
			t.Fatalf("%d reports remembered; want at most %d", len(l.runs), maxReportKeys)
		}
	}
	if _, ok := l.run(strconv.Itoa(3*maxReportKeys-1), now, 1); ok {
		t.Error("the newest report was forgotten")
	}
}
