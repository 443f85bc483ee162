package sttest

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// TokenPath is the path of the token endpoint, as on ServiceTitan's auth server.
const TokenPath = "/connect/token"

// tokenState is what the store knows of a presented token.
type tokenState int

const (
	tokenUnknown tokenState = iota
	tokenValid
	tokenExpired
)

// tokenStore holds the access tokens the handler issued. Issuing and
// checking a token take constant time: expired tokens are swept from the
// front of a queue ordered by issue time (which is also expiry order, the
// time to live being fixed), each at most once, never by scanning them all.
type tokenStore struct {
	// mu guards every field below.
	mu sync.Mutex
	// tokens maps each token held to its expiry.
	tokens map[string]time.Time
	// order holds the tokens of tokens in the order issued, oldest first
	// from order[head]; order[:head] is spent.
	order []string
	head  int
	// visited counts the queue entries sweeps examined, for tests of the
	// cost of issuing.
	visited int
}

const (
	// forgetAfter is how long an expired token is remembered, so that it is
	// reported as expired rather than unknown.
	forgetAfter = time.Hour
	// maxTokens bounds the tokens held: beyond it the oldest are forgotten,
	// even unexpired (a client presenting one gets 401 and a new token), so
	// that a flood of grants cannot exhaust memory.
	maxTokens = 100_000
)

// issue makes a new opaque token valid until now+ttl.
func (s *tokenStore) issue(now time.Time, ttl time.Duration) string {
	b := make([]byte, 24)
	rand.Read(b) // never fails (crypto/rand)
	tok := base64.RawURLEncoding.EncodeToString(b)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tokens == nil {
		s.tokens = make(map[string]time.Time)
	}
	s.sweep(now)
	s.tokens[tok] = now.Add(ttl)
	s.order = append(s.order, tok)
	return tok
}

// sweep forgets tokens from the front of the queue while they expired more
// than forgetAfter before now or the store holds maxTokens, making room for
// one more. A token that must stay ends the sweep: the tokens behind it were
// issued later. The queue is compacted once half of it is spent, so each
// token is swept and moved a bounded number of times.
func (s *tokenStore) sweep(now time.Time) {
	for s.head < len(s.order) {
		s.visited++
		tok := s.order[s.head]
		if len(s.order)-s.head < maxTokens && now.Sub(s.tokens[tok]) <= forgetAfter {
			break
		}
		delete(s.tokens, tok)
		s.order[s.head] = ""
		s.head++
	}
	if s.head > 0 && 2*s.head >= len(s.order) {
		n := copy(s.order, s.order[s.head:])
		clear(s.order[n:])
		s.order = s.order[:n]
		s.head = 0
	}
}

// check tells whether tok is valid at now.
func (s *tokenStore) check(tok string, now time.Time) tokenState {
	s.mu.Lock()
	exp, ok := s.tokens[tok]
	s.mu.Unlock()
	switch {
	case !ok:
		return tokenUnknown
	case now.Before(exp):
		return tokenValid
	}
	return tokenExpired
}

// expireAll makes every issued token expire at now.
func (s *tokenStore) expireAll(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for t, exp := range s.tokens {
		if exp.After(now) {
			s.tokens[t] = now
		}
	}
}

// serveToken is the token endpoint: a client_credentials grant with the
// client id and secret in the form body, as ServiceTitan's auth server
// takes them. It answers {access_token, token_type: "Bearer", expires_in}
// or an OAuth 2 error {error, error_description}, and returns the status.
func (h *Handler) serveToken(w http.ResponseWriter, r *http.Request, body []byte) int {
	fail := func(status int, code, desc string) int {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
		return status
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return fail(http.StatusMethodNotAllowed, "invalid_request", "the token endpoint takes POST")
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		return fail(http.StatusBadRequest, "invalid_request", "the body must be a form (Content-Type: application/x-www-form-urlencoded)")
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return fail(http.StatusBadRequest, "invalid_request", "the form body does not parse: "+err.Error())
	}
	if g := form.Get("grant_type"); g != "client_credentials" {
		return fail(http.StatusBadRequest, "unsupported_grant_type", "grant_type must be client_credentials, not "+strconv.Quote(g))
	}
	id, secret := form.Get("client_id"), form.Get("client_secret")
	if id == "" || secret == "" {
		return fail(http.StatusBadRequest, "invalid_client", "client_id and client_secret must be in the form body")
	}
	if !equal(id, h.cfg.clientID) || !equal(secret, h.cfg.clientSecret) {
		return fail(http.StatusBadRequest, "invalid_client", "unknown client_id or wrong client_secret")
	}
	tok := h.tokens.issue(h.cfg.now(), h.cfg.tokenTTL)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	json.NewEncoder(w).Encode(map[string]any{
		"access_token": tok,
		"token_type":   "Bearer",
		"expires_in":   int64(h.cfg.tokenTTL / time.Second),
	})
	return http.StatusOK
}

// authenticate checks the bearer token and the app key of an API request.
func (h *Handler) authenticate(r *http.Request, rt *route) *apiError {
	unauthorized := func(field, msg, challenge string) *apiError {
		return &apiError{
			status: http.StatusUnauthorized,
			errors: map[string][]string{field: {msg}},
			header: http.Header{"Www-Authenticate": {challenge}},
		}
	}
	auth := r.Header.Get("Authorization")
	scheme, tok, _ := strings.Cut(auth, " ")
	switch {
	case auth == "":
		return unauthorized("Authorization", "the Authorization header is missing: send Authorization: Bearer <access token>", "Bearer")
	case !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "":
		return unauthorized("Authorization", "the Authorization header must be Bearer <access token>", `Bearer error="invalid_request"`)
	}
	switch h.tokens.check(strings.TrimSpace(tok), h.cfg.now()) {
	case tokenUnknown:
		return unauthorized("Authorization", "the access token is not valid", `Bearer error="invalid_token", error_description="The access token is not valid"`)
	case tokenExpired:
		return unauthorized("Authorization", "the access token expired", `Bearer error="invalid_token", error_description="The access token expired"`)
	}

	key, from := r.Header.Get("ST-App-Key"), "ST-App-Key"
	if key == "" {
		for _, name := range rt.appKeyQuery {
			if v := r.URL.Query().Get(name); v != "" {
				key, from = v, name
				break
			}
		}
	}
	switch {
	case key == "":
		return unauthorized("ST-App-Key", "the ST-App-Key header is missing: send the application key", "Bearer")
	case !equal(key, h.cfg.appKey):
		return unauthorized(from, "the application key is not valid", "Bearer")
	}
	return nil
}

// equal compares secrets in constant time.
func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
