package sttest

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Handler is the fake ServiceTitan as an http.Handler: the token endpoint
// at TokenPath and every operation of the API at its path (base path of the
// document's servers followed by the path key). It checks credentials,
// validates requests, injects faults, answers with synthesized data and
// records every request. It is safe for concurrent use.
type Handler struct {
	api *API
	// cfg is fixed at construction.
	cfg    config
	tokens tokenStore
	faults faultSet
	log    requestLog
	// bodies bound the request bodies in flight (see readBody).
	bodies bodyBudgets
	// reports counts the runs of reports, for the report limit.
	reports reportLimiter
	// changes holds what PATCH requests changed in records.
	changes changeStore
	// created counts records created by POST, which get fresh ids.
	created atomic.Int64
	// traces numbers error replies, for their traceId.
	traces atomic.Uint64
	// stop is closed by Close to cut injected latency short.
	stop     chan struct{}
	stopOnce sync.Once
}

// Credentials are the credentials the fake accepts.
type Credentials struct {
	// ClientID is the client_id of the token endpoint.
	ClientID string
	// ClientSecret is the client_secret of the token endpoint.
	ClientSecret string
	// AppKey is the application key, sent as the ST-App-Key header.
	AppKey string
}

// NewHandler loads the documents in specsDir and returns a handler serving
// them; see Load for the errors. To serve one folder from several handlers,
// Load it once and call API.NewHandler.
func NewHandler(specsDir string, opts ...Option) (*Handler, error) {
	a, err := Load(specsDir)
	if err != nil {
		return nil, err
	}
	return a.NewHandler(opts...), nil
}

// NewHandler returns a handler serving the API, with its own tokens,
// faults and request record.
func (a *API) NewHandler(opts ...Option) *Handler {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	h := &Handler{api: a, cfg: cfg, stop: make(chan struct{}), bodies: newBodyBudgets()}
	h.log.limit, h.log.maxBytes = cfg.history, cfg.historyBytes
	h.faults.add(cfg.faults...)
	return h
}

// API returns the API the handler serves.
func (h *Handler) API() *API { return h.api }

// Credentials returns the credentials the handler accepts.
func (h *Handler) Credentials() Credentials {
	return Credentials{ClientID: h.cfg.clientID, ClientSecret: h.cfg.clientSecret, AppKey: h.cfg.appKey}
}

// ExpireTokens makes every access token issued so far expire now, so the
// next API request with one gets 401.
func (h *Handler) ExpireTokens() { h.tokens.expireAll(h.cfg.now()) }

// AddFault injects more faults, after those already in place.
func (h *Handler) AddFault(faults ...Fault) { h.faults.add(faults...) }

// ClearFaults removes every fault, those of WithFault included.
func (h *Handler) ClearFaults() { h.faults.clear() }

// Close cuts short the injected latency of requests in flight and of later
// ones; call it before shutting down the server the handler runs in.
func (h *Handler) Close() { h.stopOnce.Do(func() { close(h.stop) }) }

// Banner describes the fake served at baseURL ("http://127.0.0.1:8080"):
// the API and token URLs, the credentials it accepts, its records and seed
// and the faults in place, for printing.
func (h *Handler) Banner(baseURL string) string {
	baseURL = strings.TrimSuffix(baseURL, "/")
	example := ""
	if len(h.api.routes) > 0 {
		example = ", e.g. " + h.api.routes[0].method + " " + baseURL + h.api.routes[0].template
	}
	c := h.Credentials()
	var b strings.Builder
	fmt.Fprintf(&b, "sttest: fake ServiceTitan serving %d operations of %d documents from %s\n", len(h.api.routes), len(h.api.docs), h.api.dir)
	fmt.Fprintf(&b, "  API URL:       %s (paths as in the documents%s)\n", baseURL, example)
	fmt.Fprintf(&b, "  token URL:     %s%s (POST grant_type=client_credentials, client_id, client_secret)\n", baseURL, TokenPath)
	fmt.Fprintf(&b, "  client id:     %s\n", c.ClientID)
	fmt.Fprintf(&b, "  client secret: %s\n", c.ClientSecret)
	fmt.Fprintf(&b, "  app key:       %s (header ST-App-Key)\n", c.AppKey)
	fmt.Fprintf(&b, "  records:       %d per collection, ids 1 to %d (seed %d)\n", h.cfg.records, h.cfg.records, h.cfg.seed)
	if h.cfg.reportLimit > 0 {
		fmt.Fprintf(&b, "  report limit:  %d runs of a report a minute per tenant, then 429\n", h.cfg.reportLimit)
	}
	for _, f := range h.faults.list() {
		fmt.Fprintf(&b, "  fault:         %s\n", f)
	}
	return b.String()
}

// ServeHTTP answers one request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := h.cfg.now()
	var rt *route
	var params map[string]string
	var allowed []string
	cost := int64(rawCost)
	switch {
	case r.URL.Path == TokenPath:
		cost = formCost
	case strings.HasPrefix(r.URL.Path, downloadPath+"/"):
	default:
		rt, params, allowed = h.api.match(r.Method, r.URL.EscapedPath())
		if rt != nil && h.cfg.validate {
			cost = decodedCost
		}
	}
	b, bodyErr := h.readBody(w, r, cost)
	body := b.data
	rec := Request{
		Time:     now,
		Method:   r.Method,
		Path:     r.URL.Path,
		Query:    r.URL.Query(),
		Header:   r.Header.Clone(),
		Body:     body,
		BodySize: b.size,
	}
	recorded := false
	record := func(status int) {
		if !recorded {
			recorded = true
			rec.Status = status
			h.log.add(rec)
		}
	}
	sw := &statusRecorder{ResponseWriter: w, answered: record}
	defer func() {
		record(sw.status) // a dropped connection answered nothing: status 0
		b.release()
	}()
	if bodyErr != nil {
		h.writeError(sw, bodyErr)
		return
	}

	if r.URL.Path == TokenPath {
		rec.Route = TokenPath
		if h.applyFaults(sw, r, h.faults.decide(r.Method, TokenPath, TokenPath, "", now)) {
			return
		}
		h.serveToken(sw, r, body)
		return
	}
	if strings.HasPrefix(r.URL.Path, downloadPath+"/") && r.Method == http.MethodGet {
		serveDownload(sw, r)
		return
	}

	var template, opID string
	if rt != nil {
		template, opID = rt.template, rt.op.OperationID
		rec.Route, rec.OperationID = template, opID
	}
	if h.applyFaults(sw, r, h.faults.decide(r.Method, template, r.URL.Path, opID, now)) {
		return
	}
	if rt == nil {
		if allowed != nil {
			e := &apiError{
				status: http.StatusMethodNotAllowed,
				errors: map[string][]string{"method": {fmt.Sprintf("%s is not declared for this path; declared: %s", r.Method, strings.Join(allowed, ", "))}},
				header: http.Header{"Allow": {strings.Join(allowed, ", ")}},
			}
			h.writeError(sw, e)
			return
		}
		h.writeError(sw, &apiError{status: http.StatusNotFound, errors: map[string][]string{"path": {"no operation of the documents matches " + r.URL.Path}}})
		return
	}
	if e := h.authenticate(r, rt); e != nil {
		h.writeError(sw, e)
		return
	}
	if h.cfg.validate {
		if e := h.validate(r, rt, params, body); e != nil {
			h.writeError(sw, e)
			return
		}
	}
	if e := h.missingRecord(rt, params); e != nil {
		h.writeError(sw, e)
		return
	}
	if e := h.limitReport(rt, params, now); e != nil {
		h.writeError(sw, e)
		return
	}
	h.recordChange(rt, params, body)
	if e := h.writeReply(sw, r, rt, params, rec.Query); e != nil {
		h.writeError(sw, e)
	}
}

// applyFaults carries out what the faults decided; it reports whether the
// request has been dealt with.
func (h *Handler) applyFaults(w http.ResponseWriter, r *http.Request, act faultAction) bool {
	if act.latency > 0 {
		t := time.NewTimer(act.latency)
		defer t.Stop()
		select {
		case <-t.C:
		case <-h.stop:
		case <-r.Context().Done():
			return true
		}
	}
	switch {
	case act.drop:
		dropConnection(w)
		return true
	case act.status != 0:
		h.writeError(w, faultError(act))
		return true
	}
	return false
}
