package sttest

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// Request is one request the fake received, for assertions. It keeps the
// request's headers and body as sent, credentials included: it belongs to
// the test that made the request, and the package never logs it.
type Request struct {
	// Time is when the request arrived (by the handler's clock).
	Time time.Time
	// Method is the HTTP method.
	Method string
	// Path is the request's path ("/crm/v2/tenant/1/customers").
	Path string
	// Query is the request's query.
	Query url.Values
	// Header is the request's header.
	Header http.Header
	// Body is the request's body.
	Body []byte
	// Route is the path template of the operation matched ("/crm/v2/tenant/{tenant}/customers"),
	// TokenPath for the token endpoint, or empty.
	Route string
	// OperationID is the operationId of the operation matched, or empty.
	OperationID string
	// Status is the status answered; 0 when the connection was dropped.
	Status int
}

// clone returns a deep copy of r.
func (r Request) clone() Request {
	r.Query = cloneValues(r.Query)
	r.Header = r.Header.Clone()
	r.Body = bytes.Clone(r.Body)
	return r
}

// cloneValues returns a deep copy of v.
func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// requestLog keeps the most recent requests.
type requestLog struct {
	// mu guards reqs.
	mu sync.Mutex
	// reqs holds the requests in the order they were answered, oldest first.
	reqs []Request
	// limit is the number of requests kept (immutable).
	limit int
}

// add records r, forgetting the oldest request beyond the limit.
func (l *requestLog) add(r Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reqs = append(l.reqs, r)
	if l.limit > 0 && len(l.reqs) > 2*l.limit {
		l.reqs = slices.Clone(l.reqs[len(l.reqs)-l.limit:])
	}
}

// all returns copies of the requests kept.
func (l *requestLog) all() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	reqs := l.reqs
	if l.limit > 0 && len(reqs) > l.limit {
		reqs = reqs[len(reqs)-l.limit:]
	}
	out := make([]Request, len(reqs))
	for i, r := range reqs {
		out[i] = r.clone()
	}
	return out
}

// reset forgets every request.
func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reqs = nil
}

// Requests returns copies of the requests the handler answered, oldest
// first: the most recent ones, up to the WithHistory limit. It is safe to
// call while requests are being served.
func (h *Handler) Requests() []Request { return h.log.all() }

// ResetRequests forgets the requests recorded so far.
func (h *Handler) ResetRequests() { h.log.reset() }

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the status and writes it.
func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200 and writes b.
func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap returns the underlying writer, for http.ResponseController and hijacking.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
