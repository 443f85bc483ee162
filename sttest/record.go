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
	// Body is the request's body, or only its first bytes when BodySize is
	// larger than its length: see WithHistoryBytes.
	Body []byte
	// BodySize is the length of the body as sent. A body over the 32 MiB
	// the fake reads (answered 413) is not read to its end: BodySize is then
	// its Content-Length, or the bytes read when it announced none.
	BodySize int64
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

// requestLog keeps the most recent requests, within a number of requests
// and a number of bytes.
type requestLog struct {
	// mu guards reqs, head and bytes.
	mu sync.Mutex
	// reqs holds the requests kept in the order they were answered, oldest
	// first from reqs[head]; reqs[:head] is spent.
	reqs []Request
	head int
	// bytes is the size of the requests kept (see requestSize).
	bytes int64
	// limit is the number of requests kept and maxBytes their size, 0 for
	// no bound (immutable).
	limit    int
	maxBytes int64
}

// add records r, its body cut to a sixteenth of maxBytes, and forgets the
// oldest requests beyond the limits (the newest is always kept).
func (l *requestLog) add(r Request) {
	r.Body = keptBody(r.Body, l.maxBytes/16)
	size := requestSize(&r)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reqs = append(l.reqs, r)
	l.bytes += size
	for n := len(l.reqs) - l.head; n > 1 && (l.limit > 0 && n > l.limit || l.maxBytes > 0 && l.bytes > l.maxBytes); n-- {
		l.bytes -= requestSize(&l.reqs[l.head])
		l.reqs[l.head] = Request{}
		l.head++
	}
	if l.head > 0 && 2*l.head >= len(l.reqs) {
		n := copy(l.reqs, l.reqs[l.head:])
		clear(l.reqs[n:])
		l.reqs = l.reqs[:n]
		l.head = 0
	}
}

// keptBody returns the part of b a history entry keeps, at most limit
// bytes (0 is no limit), in a slice that holds no memory beyond it.
func keptBody(b []byte, limit int64) []byte {
	if limit > 0 && int64(len(b)) > limit {
		return bytes.Clone(b[:limit])
	}
	if cap(b)-len(b) > len(b)/8 {
		return bytes.Clone(b)
	}
	return b
}

// requestSize is what a request counts against the history's bytes: its
// body, path, header and query.
func requestSize(r *Request) int64 {
	n := len(r.Body) + len(r.Path)
	for _, m := range []map[string][]string{r.Header, r.Query} {
		for k, vs := range m {
			n += len(k)
			for _, v := range vs {
				n += len(v)
			}
		}
	}
	return int64(n)
}

// all returns copies of the requests kept.
func (l *requestLog) all() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	reqs := l.reqs[l.head:]
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
	l.reqs, l.head, l.bytes = nil, 0, 0
}

// Requests returns copies of the requests the handler answered, oldest
// first: the most recent ones, within the WithHistory and WithHistoryBytes
// limits. It is safe to
// call while requests are being served.
func (h *Handler) Requests() []Request { return h.log.all() }

// ResetRequests forgets the requests recorded so far.
func (h *Handler) ResetRequests() { h.log.reset() }

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
	// answered is called once, with the status, before the response goes
	// out: a client that has the response finds its request recorded.
	answered func(status int)
}

// WriteHeader records the status and writes it.
func (s *statusRecorder) WriteHeader(code int) {
	s.answer(code)
	s.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200 and writes b.
func (s *statusRecorder) Write(b []byte) (int, error) {
	s.answer(http.StatusOK)
	return s.ResponseWriter.Write(b)
}

// answer records the first status written.
func (s *statusRecorder) answer(code int) {
	if s.status != 0 {
		return
	}
	s.status = code
	if s.answered != nil {
		s.answered(code)
	}
}

// Unwrap returns the underlying writer, for http.ResponseController and hijacking.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
