package sttest

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault describes a failure the handler injects into the requests it
// matches. Empty match fields match anything; a fault with no Path matches
// API requests only, never the token endpoint (give Path "/connect/token"
// to fault that). Faults apply in the order added; every matching fault adds
// its latency, and the first one that answers (Status, Drop, or an
// exhausted RateLimit) decides the reply.
type Fault struct {
	// Method matches the HTTP method ("GET"); empty matches any.
	Method string
	// Path matches the operation's path template ("/crm/v2/tenant/{tenant}/customers")
	// or the request's path ("/crm/v2/tenant/1/customers"); a trailing "*" matches
	// a prefix of either. Empty matches every API path.
	Path string
	// OperationID matches the operation's operationId ("Customers_GetList"); empty matches any.
	OperationID string

	// Status is the status to answer with (429, 401, 500, 503...) instead of
	// serving the request; 0 serves it (after Latency).
	Status int
	// RetryAfter is sent as the Retry-After header (whole seconds, rounded up) with Status.
	RetryAfter time.Duration
	// TitleWait states the wait (RetryAfter, or a rate limit's wait for its
	// next slot) in the title of the error instead of a Retry-After header,
	// as some of ServiceTitan's 429s do: "Rate limit is exceeded. Try again
	// in 12 seconds." (another status's title starts with its text).
	TitleWait bool
	// Latency delays the reply.
	Latency time.Duration
	// Drop closes the connection without a reply.
	Drop bool
	// RateLimit, when positive, lets RateLimit matching requests through per
	// second (a token bucket holding one second's worth) and answers the rest
	// with Status (429 by default) and Retry-After (the wait for the next slot
	// unless RetryAfter is set).
	RateLimit int

	// Skip lets the first Skip matching requests through untouched.
	Skip int
	// Count limits the fault to Count requests after the skipped ones; 0 means no limit.
	Count int
}

// faultRule is a fault and its counters.
type faultRule struct {
	Fault
	// seen counts matching requests.
	seen int
	// fired counts requests the fault acted on.
	fired int
	// tokens is the rate limit bucket's content, as of last.
	tokens float64
	last   time.Time
}

// faultSet holds a handler's faults.
type faultSet struct {
	// mu guards rules and every counter in them.
	mu    sync.Mutex
	rules []*faultRule
}

// faultAction is what the faults decided for one request.
type faultAction struct {
	latency time.Duration
	// status answers the request when non-zero.
	status     int
	retryAfter time.Duration
	// titleWait states retryAfter in the title rather than in Retry-After.
	titleWait bool
	drop      bool
}

// add appends faults.
func (fs *faultSet) add(faults ...Fault) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for _, f := range faults {
		fs.rules = append(fs.rules, &faultRule{Fault: f, tokens: float64(f.RateLimit)})
	}
}

// clear removes every fault.
func (fs *faultSet) clear() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.rules = nil
}

// list returns the faults in the order added.
func (fs *faultSet) list() []Fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := make([]Fault, len(fs.rules))
	for i, r := range fs.rules {
		out[i] = r.Fault
	}
	return out
}

// decide applies the faults to one request. template and opID are empty
// for requests that match no operation.
func (fs *faultSet) decide(method, template, path, opID string, now time.Time) faultAction {
	var act faultAction
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for _, f := range fs.rules {
		if !f.matches(method, template, path, opID) {
			continue
		}
		f.seen++
		if f.seen <= f.Skip || (f.Count > 0 && f.fired >= f.Count) {
			continue
		}
		answered := act.status != 0 || act.drop
		if f.RateLimit > 0 {
			rate := float64(f.RateLimit)
			if !f.last.IsZero() {
				f.tokens = math.Min(rate, f.tokens+now.Sub(f.last).Seconds()*rate)
			}
			f.last = now
			if f.tokens >= 1 {
				f.tokens--
				continue
			}
			f.fired++
			act.latency += f.Latency
			if !answered {
				act.status = f.Status
				if act.status == 0 {
					act.status = http.StatusTooManyRequests
				}
				act.retryAfter, act.titleWait = f.RetryAfter, f.TitleWait
				if act.retryAfter == 0 {
					act.retryAfter = time.Duration((1 - f.tokens) / rate * float64(time.Second))
				}
			}
			continue
		}
		f.fired++
		act.latency += f.Latency
		if answered {
			continue
		}
		switch {
		case f.Drop:
			act.drop = true
		case f.Status != 0:
			act.status, act.retryAfter, act.titleWait = f.Status, f.RetryAfter, f.TitleWait
		}
	}
	return act
}

// matches reports whether the fault applies to a request.
func (f *Fault) matches(method, template, path, opID string) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, method) {
		return false
	}
	if f.OperationID != "" && f.OperationID != opID {
		return false
	}
	if f.Path == "" {
		return path != TokenPath
	}
	if prefix, ok := strings.CutSuffix(f.Path, "*"); ok {
		return (template != "" && strings.HasPrefix(template, prefix)) || strings.HasPrefix(path, prefix)
	}
	return f.Path == template || f.Path == path
}

// faultError is the reply of a fault's status.
func faultError(act faultAction) *apiError {
	e := &apiError{status: act.status, errors: map[string][]string{}}
	if act.retryAfter > 0 && act.titleWait {
		e.title = waitTitle(act.status, act.retryAfter)
		return e
	}
	if act.retryAfter > 0 {
		secs := int64(math.Ceil(act.retryAfter.Seconds()))
		e.header = http.Header{"Retry-After": {strconv.FormatInt(secs, 10)}}
	}
	switch act.status {
	case http.StatusTooManyRequests:
		e.title = "Too Many Requests: rate limit exceeded (injected by sttest)"
	case http.StatusUnauthorized:
		e.title = "Unauthorized: the access token is not valid (injected by sttest)"
		e.errors["Authorization"] = []string{"the access token is not valid"}
		e.header = mergeHeader(e.header, "Www-Authenticate", `Bearer error="invalid_token"`)
	case http.StatusConflict:
		e.title = "Service is suspended for maintenance (injected by sttest)"
	default:
		e.title = http.StatusText(act.status) + " (injected by sttest)"
	}
	return e
}

// waitTitle is the title of an error that states its wait instead of
// sending Retry-After, in the words of the gateway in front of
// ServiceTitan's API (Azure API Management's): "Rate limit is exceeded.
// Try again in 12 seconds." for a 429. The wait is in whole seconds,
// rounded up, and always "seconds", as the gateway writes it.
func waitTitle(status int, wait time.Duration) string {
	secs := max(int64(math.Ceil(wait.Seconds())), 1)
	lead := "Rate limit is exceeded."
	if status != http.StatusTooManyRequests {
		lead = http.StatusText(status) + "."
	}
	return fmt.Sprintf("%s Try again in %d seconds.", lead, secs)
}

// mergeHeader adds one header to h, making h when nil.
func mergeHeader(h http.Header, k, v string) http.Header {
	if h == nil {
		h = http.Header{}
	}
	h.Add(k, v)
	return h
}

// dropConnection closes the client's connection without a reply.
func dropConnection(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
		return
	}
	// Not hijackable (HTTP/2, a recorder): abort the handler, which resets the stream.
	panic(http.ErrAbortHandler)
}
