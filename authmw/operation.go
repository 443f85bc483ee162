package authmw

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// ReportRunRate is how often ServiceTitan lets a tenant run one report: 5
// times a minute, by the developer portal's statement.
const ReportRunRate rate.Limit = 5.0 / 60

// OperationLimit bounds the requests of one API operation, beyond the
// client-wide Config.RateLimit: how many may be in flight at once, how often
// each of its paths may be requested, and which further statuses are
// retried. Set them in Config.OperationLimits; [ReportRunLimit] gives
// ServiceTitan's limit of report runs.
type OperationLimit struct {
	// Pattern names the operation as a [net/http.ServeMux] pattern, a method
	// and a path whose parameters are wildcards, as in the documents:
	// "GET /telecom/v3/tenant/{tenant}/calls". A request is the operation's
	// when a ServeMux with these patterns would route it to this one (a GET
	// pattern takes HEAD requests too). Wildcards may be named anything; a
	// later limit with the same pattern, wildcard names aside, replaces an
	// earlier one.
	Pattern string
	// MaxInFlight bounds the requests of the operation in flight at once,
	// whatever their paths, from sending each to the end of its response
	// body (read to EOF or closed); zero means no bound. A request waits for
	// its turn, or for its context to end.
	MaxInFlight int
	// PathRate bounds the requests to each path of the operation (the URL
	// path with its tenant and ids, without the query) to PathRate a second,
	// in bursts of PathBurst; zero (or rate.Inf) means no bound. A request
	// waits for its turn, or fails at once if its context's deadline comes
	// first.
	PathRate rate.Limit
	// PathBurst is how many requests to one path may go at once before
	// PathRate spaces them; zero means 1, which spaces every two by 1/PathRate.
	PathBurst int
	// RetryStatuses are further statuses that RetryTransport retries for the
	// operation, as it retries 503: for any method, within MaxAttempts,
	// after the response's Retry-After or the backoff; that is, when the
	// OperationLimitTransport is the RetryTransport's Base, as NewTransport
	// wires them. List only statuses that mean the server did not act on
	// the request.
	RetryStatuses []int
}

// ReportRunLimit returns ServiceTitan's limit of report runs for the
// operation pattern names, such as "POST
// /reporting/v2/tenant/{tenant}/report-category/{category}/reports/{reportId}/data":
// one run of a report every 12 seconds per tenant (its path), which keeps to
// the portal's 5 a minute in any minute, and 409 retried (the reporting
// service answers it while it is suspended for maintenance). A run that
// comes sooner waits for its turn instead of failing with 429.
func ReportRunLimit(pattern string) OperationLimit {
	return OperationLimit{Pattern: pattern, PathRate: ReportRunRate, PathBurst: 1, RetryStatuses: []int{http.StatusConflict}}
}

// minSweep is the number of paths an operation holds before it first drops
// the state of idle ones.
const minSweep = 64

// OperationLimitTransport is an http.RoundTripper that holds each request
// of an operation named in its limits until they let it through (see
// [OperationLimit]), then sends it through its base; other requests pass at
// once. Build it with [NewOperationLimitTransport].
//
// [NewTransport] puts it between the RetryTransport and the AuthTransport:
// each attempt of a request waits for its turn, so retries keep to the
// limits too; the RetryTransport lets it wait before the attempt's
// AttemptTimeout starts, and retries the operation's RetryStatuses; the
// token is fetched and the client-wide rate limiter waited for only once a
// request's turn has come.
//
// Its state is bounded: the state of a path is dropped once the path has
// been idle long enough that a new request would find it as a fresh one
// (PathBurst/PathRate), so it holds only the paths requested that recently.
type OperationLimitTransport struct {
	base      http.RoundTripper
	mux       *http.ServeMux  // routes a request to its operation's handler
	methods   map[string]bool // the methods the patterns name, HEAD with GET
	anyMethod bool            // some pattern names no method
	pass      *admission      // the admission of every request no limit applies to
}

// NewOperationLimitTransport returns an OperationLimitTransport for limits
// that sends through base (http.DefaultTransport if nil); its error names
// the limit that is wrong as Config.OperationLimits does.
func NewOperationLimitTransport(limits []OperationLimit, base http.RoundTripper) (*OperationLimitTransport, error) {
	t, err := compileLimits(limits)
	if err != nil {
		return nil, err
	}
	if base == nil {
		base = http.DefaultTransport
	}
	t.base = base
	return t, nil
}

// compileLimits checks limits and returns an OperationLimitTransport without
// a base, whose ServeMux routes a request to an operationHandler of its
// operation.
func compileLimits(limits []OperationLimit) (*OperationLimitTransport, error) {
	byPattern := map[string]int{} // normalized pattern -> index in ops
	var ops []*operation
	var index []int // index in limits of each op, for errors
	for i, l := range limits {
		field := "OperationLimits[" + strconv.Itoa(i) + "]"
		switch {
		case l.MaxInFlight < 0:
			return nil, &ConfigError{field + ".MaxInFlight", "is negative: use zero for no bound"}
		case l.PathRate < 0:
			return nil, &ConfigError{field + ".PathRate", "is negative: use zero for no bound"}
		case l.PathBurst < 0:
			return nil, &ConfigError{field + ".PathBurst", "is negative: use zero for 1"}
		}
		for _, s := range l.RetryStatuses {
			if s < 400 || s > 599 {
				return nil, &ConfigError{field + ".RetryStatuses", "holds " + strconv.Itoa(s) + ": list statuses from 400 to 599"}
			}
		}
		op := &operation{limit: l, pattern: normalizePattern(strings.TrimSpace(l.Pattern))}
		if l.MaxInFlight > 0 {
			op.slots = make(chan struct{}, l.MaxInFlight)
		}
		if l.PathRate > 0 && l.PathRate != rate.Inf {
			op.paths = map[string]*rate.Limiter{}
			op.sweepAt = minSweep
		}
		if j, ok := byPattern[op.pattern]; ok {
			ops[j], index[j] = op, i // a later limit replaces an earlier one
			continue
		}
		byPattern[op.pattern] = len(ops)
		ops = append(ops, op)
		index = append(index, i)
	}
	t := &OperationLimitTransport{mux: http.NewServeMux(), methods: map[string]bool{}}
	t.pass = &admission{t: t}
	for j, op := range ops {
		if err := register(t.mux, op); err != nil {
			return nil, &ConfigError{"OperationLimits[" + strconv.Itoa(index[j]) + "].Pattern", patternProblem(op, ops[:j], index)}
		}
		// As ServeMux parses a pattern: a method, if any, is what comes
		// before the first space or tab.
		if i := strings.IndexAny(op.pattern, " \t"); i >= 0 {
			m := op.pattern[:i]
			t.methods[m] = true
			if m == http.MethodGet {
				t.methods[http.MethodHead] = true
			}
		} else {
			t.anyMethod = true
		}
	}
	return t, nil
}

// patternProblem says why ServeMux refused the pattern of op, registered
// after earlier (whose indexes in Config.OperationLimits are index), in one line.
func patternProblem(op *operation, earlier []*operation, index []int) string {
	if err := register(http.NewServeMux(), op); err != nil {
		// "parsing "GET /x/{": at offset 7: bad wildcard segment": the reason is last.
		reason := err.Error()
		if i := strings.LastIndex(reason, ": "); i >= 0 {
			reason = reason[i+2:]
		}
		return strconv.Quote(op.limit.Pattern) + " is not a net/http.ServeMux pattern: " + reason
	}
	for k, e := range earlier {
		mux := http.NewServeMux()
		register(mux, e)
		if register(mux, op) != nil {
			return strconv.Quote(op.limit.Pattern) + " conflicts with OperationLimits[" + strconv.Itoa(index[k]) + "].Pattern " +
				strconv.Quote(e.limit.Pattern) + ": both match some requests and neither is more specific; make one of them more specific"
		}
	}
	return strconv.Quote(op.limit.Pattern) + " conflicts with the patterns before it"
}

// register adds op to mux, turning the panic of a bad or conflicting pattern into an error.
func register(mux *http.ServeMux, op *operation) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	mux.Handle(op.pattern, operationHandler{op})
	return nil
}

// normalizePattern renames the wildcards of pattern w0, w1, ... (keeping
// "{$}" and the "..." of a rest wildcard), so that a wildcard may be named
// anything, and patterns that differ only in the names are the same.
func normalizePattern(pattern string) string {
	var b strings.Builder
	n := 0
	for {
		open := strings.IndexByte(pattern, '{')
		end := strings.IndexByte(pattern[max(open, 0):], '}')
		if open < 0 || end < 0 {
			b.WriteString(pattern)
			return b.String()
		}
		end += open
		name := pattern[open+1 : end]
		b.WriteString(pattern[:open+1])
		if name != "$" {
			b.WriteString("w" + strconv.Itoa(n))
			n++
			if strings.HasSuffix(name, "...") {
				b.WriteString("...")
			}
		} else {
			b.WriteString(name)
		}
		b.WriteByte('}')
		pattern = pattern[end+1:]
	}
}

// RoundTrip implements http.RoundTripper.
func (t *OperationLimitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	a, _ := req.Context().Value(admissionKey{}).(*admission)
	if a == nil || a.t != t || (a.op != nil && !a.take()) {
		var err error
		if a, err = t.admit(req.Context(), req); err != nil {
			closeRequestBody(req)
			return nil, err
		}
	}
	resp, err := t.base.RoundTrip(req)
	return a.hold(resp, err)
}

// admissionKey is the context key of the admission RetryTransport got for an attempt.
type admissionKey struct{}

// admission is a request's turn: it was let through its operation's
// limits, and holds its in-flight slot until released. The admission of a
// request no limit applies to (op nil) is shared, and never changes.
type admission struct {
	t      *OperationLimitTransport
	op     *operation    // nil if no limit applies
	queued time.Duration // how long the request waited for its turn
	taken  atomic.Bool   // the RoundTrip it was got for has begun
	once   sync.Once
}

// take reports whether a is still unused, and marks it used.
func (a *admission) take() bool { return a.taken.CompareAndSwap(false, true) }

// release frees a's in-flight slot, once.
func (a *admission) release() {
	if a.op != nil && a.op.slots != nil {
		a.once.Do(func() { <-a.op.slots })
	}
}

// retries reports whether a's operation retries status beyond RetryTransport's own.
func (a *admission) retries(status int) bool {
	if a == nil || a.op == nil {
		return false
	}
	for _, s := range a.op.limit.RetryStatuses {
		if s == status {
			return true
		}
	}
	return false
}

// hold returns the outcome of a's round trip, a's slot held until the end
// of the response body.
func (a *admission) hold(resp *http.Response, err error) (*http.Response, error) {
	if a.op == nil || a.op.slots == nil {
		return resp, err
	}
	if err != nil || resp.Body == nil || resp.Body == http.NoBody {
		a.release()
		return resp, err
	}
	resp.Body = &heldBody{ReadCloser: resp.Body, a: a}
	return resp, nil
}

// heldBody is a response body that frees its request's in-flight slot at EOF or Close.
type heldBody struct {
	io.ReadCloser
	a *admission
}

func (b *heldBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.a.release()
	}
	return n, err
}

func (b *heldBody) Close() error {
	err := b.ReadCloser.Close()
	b.a.release()
	return err
}

// admit waits until req's operation lets it through: for an in-flight slot,
// then for its path's turn (so that it is sent as soon as its turn comes),
// or until ctx ends.
func (t *OperationLimitTransport) admit(ctx context.Context, req *http.Request) (*admission, error) {
	op := t.operation(req)
	if op == nil {
		return t.pass, nil
	}
	a := &admission{t: t, op: op}
	start := time.Now()
	if a.op.slots != nil {
		select {
		case a.op.slots <- struct{}{}:
		case <-ctx.Done():
			return nil, fmt.Errorf("authmw: %s %s: gave up waiting for a turn of %s, which has at most %d in flight (Config.OperationLimits): %w",
				method(req), req.URL.Path, a.op.limit.Pattern, a.op.limit.MaxInFlight, ctx.Err())
		}
	}
	if a.op.paths != nil {
		if err := a.op.waitPath(ctx, req); err != nil {
			a.release()
			return nil, err
		}
	}
	a.queued = time.Since(start)
	return a, nil
}

// operation returns the operation of req, or nil if no limit applies to it.
func (t *OperationLimitTransport) operation(req *http.Request) *operation {
	m := method(req)
	if !t.anyMethod && !t.methods[m] {
		return nil // no pattern for the method: skip ServeMux's search
	}
	if req.Method != m { // the empty method, GET for a client, is no method to ServeMux
		r := *req
		r.Method = m
		req = &r
	}
	if h, _ := t.mux.Handler(req); h != nil {
		if oh, ok := h.(operationHandler); ok {
			return oh.op
		}
	}
	return nil
}

// operation is the state of one OperationLimit.
type operation struct {
	limit   OperationLimit
	pattern string        // limit.Pattern, normalized
	slots   chan struct{} // one value per request in flight; nil without MaxInFlight

	mu      sync.Mutex
	paths   map[string]*rate.Limiter // by path; nil without PathRate
	sweepAt int                      // the number of paths at which idle ones are dropped next
}

// operationHandler is what the ServeMux of an OperationLimitTransport routes
// a request to: it names the request's operation, and serves nothing.
type operationHandler struct{ op *operation }

func (operationHandler) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	http.Error(w, "authmw: an OperationLimitTransport routes requests, it does not serve them", http.StatusNotImplemented)
}

// waitPath waits for the turn of req's path, or until ctx ends; it fails at
// once if the turn comes after ctx's deadline.
func (op *operation) waitPath(ctx context.Context, req *http.Request) error {
	key := req.URL.EscapedPath()
	now := time.Now()
	op.mu.Lock()
	lim := op.paths[key]
	if lim == nil {
		if len(op.paths) >= op.sweepAt {
			op.sweep(now)
		}
		lim = rate.NewLimiter(op.limit.PathRate, op.burst())
		op.paths[key] = lim
	}
	// Reserved under the lock, so that a sweep cannot drop a limiter
	// between a request finding it and reserving its turn.
	r := lim.ReserveN(now, 1)
	op.mu.Unlock()
	delay := r.DelayFrom(now)
	if delay == 0 {
		return nil
	}
	if deadline, ok := ctx.Deadline(); ok && deadline.Before(now.Add(delay)) {
		r.CancelAt(now)
		return fmt.Errorf("authmw: %s %s: the next turn of this path comes in %v, after the context's deadline (Config.OperationLimits: %s, %s); allow more time: %w",
			method(req), req.URL.Path, delay.Round(time.Millisecond), op.limit.Pattern, op.pace(), context.DeadlineExceeded)
	}
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		r.Cancel()
		return fmt.Errorf("authmw: %s %s: gave up waiting for the next turn of this path (Config.OperationLimits: %s, %s): %w",
			method(req), req.URL.Path, op.limit.Pattern, op.pace(), ctx.Err())
	}
}

// sweep drops the limiters of the paths idle long enough to be full again,
// which a new limiter would be too. Called with op.mu held.
func (op *operation) sweep(now time.Time) {
	burst := float64(op.burst())
	for path, lim := range op.paths {
		if lim.TokensAt(now) >= burst {
			delete(op.paths, path)
		}
	}
	op.sweepAt = max(minSweep, 2*len(op.paths))
}

func (op *operation) burst() int { return max(op.limit.PathBurst, 1) }

// pace describes PathRate and PathBurst: "one every 12s per path".
func (op *operation) pace() string {
	every := time.Duration(min(float64(time.Second)/float64(op.limit.PathRate), 1<<62)).Round(time.Millisecond)
	if b := op.burst(); b > 1 {
		return fmt.Sprintf("%d at once, then one every %v per path", b, every)
	}
	return fmt.Sprintf("one every %v per path", every)
}
