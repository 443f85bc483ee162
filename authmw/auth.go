package authmw

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
)

// appKeyHeader is ST-App-Key in canonical form, so setting it does not allocate.
const appKeyHeader = "St-App-Key"

// AuthTransport is an http.RoundTripper that sends each request for the API
// with "Authorization: Bearer <token>" from Source and "ST-App-Key: <AppKey>",
// and after a 401 drops the token, fetches a new one and retries once.
//
// The credentials go only to the origin of APIBaseURL: a request with
// another scheme, host or port (a redirect to blob storage, say) is sent as
// it is, without them and without fetching a token. APIBaseURL must be
// https, or plain http on a loopback host; any other makes every request
// fail, so credentials never cross the network in cleartext.
//
// The caller's request is never modified: headers are set on a clone. A
// request whose body cannot be rewound (no GetBody) is not retried; its 401
// is returned, as is a second 401.
//
// A server may echo credentials into an error body, which package stapi
// puts into its *Error: the body of a response outside 2xx is read (at most
// 1 MiB, the rest dropped), the client secret, the app key and the access
// token replaced by "[REDACTED]" in every encoding a server may echo them in
// (see [Config.ClientSecret]), and put back. A gzip-encoded error body is
// decompressed first; one in another content coding is dropped.
type AuthTransport struct {
	// Source supplies the access tokens (required).
	Source *TokenSource
	// AppKey is sent as ST-App-Key; empty sends no ST-App-Key header.
	AppKey string
	// APIBaseURL is the API's base URL (Config.BaseURL or Environment.APIBaseURL()); only requests for its origin get the credentials (required).
	APIBaseURL string
	// Base sends the requests; nil means http.DefaultTransport.
	Base http.RoundTripper
	// Logger, if set, gets a line when a 401 makes the transport refresh its
	// token, and a debug line when a request for another origin goes without credentials.
	Logger *slog.Logger

	// origin caches the origin of APIBaseURL.
	origin atomic.Pointer[apiOrigin]
}

// apiOrigin is the origin of an APIBaseURL, or why it has none.
type apiOrigin struct {
	raw    string
	origin origin
	err    error
}

// RoundTrip implements http.RoundTripper.
func (t *AuthTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.Source == nil {
		closeRequestBody(req)
		return nil, errors.New("authmw: AuthTransport.Source is nil: create one with authmw.NewTokenSource")
	}
	o, err := t.apiOrigin()
	if err != nil {
		closeRequestBody(req)
		return nil, err
	}
	ctx := req.Context()
	if !o.matches(req.URL) {
		if t.Logger != nil {
			t.Logger.LogAttrs(ctx, slog.LevelDebug, "authmw: request for another origin; sending it without credentials",
				slog.String("method", method(req)), slog.String("origin", req.URL.Scheme+"://"+req.URL.Host))
		}
		return t.base().RoundTrip(req)
	}
	tok, err := t.Source.token(ctx)
	if err != nil {
		closeRequestBody(req)
		return nil, err
	}
	resp, err := t.base().RoundTrip(t.authorize(req, req.Body, tok))
	if err != nil {
		return resp, err
	}
	if resp.StatusCode != http.StatusUnauthorized {
		return t.redact(resp, tok, nil), nil
	}

	// The API rejected the token: drop it and retry once with a new one.
	t.Source.invalidate(tok)
	if !rewindable(req) {
		return t.redact(resp, tok, nil), nil
	}
	body, berr := rewindBody(req)
	if berr != nil {
		return t.redact(resp, tok, nil), nil
	}
	if t.Logger != nil {
		t.Logger.LogAttrs(ctx, slog.LevelInfo, "authmw: access token rejected; refreshing it and retrying",
			slog.String("method", method(req)), slog.String("path", req.URL.Path), slog.Int("status", resp.StatusCode))
	}
	rejected := tok
	tok, err = t.Source.token(ctx)
	drainAndClose(resp)
	if err != nil {
		if body != nil {
			body.Close()
		}
		return nil, err
	}
	resp, err = t.base().RoundTrip(t.authorize(req, body, tok))
	if err != nil {
		return resp, err
	}
	return t.redact(resp, tok, rejected), nil
}

// redact returns resp, its body redacted if its status is outside 2xx: a
// server may echo the credentials sent with tok (and with rejected, the
// token a first attempt sent) into an error body, which package stapi puts
// into its *Error.
func (t *AuthTransport) redact(resp *http.Response, tok, rejected *cachedToken) *http.Response {
	if resp.StatusCode/100 == 2 {
		return resp
	}
	secrets := []string{tok.tok.AccessToken, t.AppKey}
	if rejected != nil {
		secrets = append(secrets, rejected.tok.AccessToken)
	}
	redactErrorBody(resp, t.Source.redact.with(secrets...))
	return resp
}

// authorize returns a clone of req with body and the authorization headers.
func (t *AuthTransport) authorize(req *http.Request, body io.ReadCloser, tok *cachedToken) *http.Request {
	r := req.Clone(req.Context())
	r.Body = body
	if r.Header == nil {
		r.Header = make(http.Header, 2)
	}
	// Both values share one allocation; capacities are capped so an append
	// by a later layer cannot overwrite the neighbour.
	vals := []string{tok.header, t.AppKey}
	r.Header["Authorization"] = vals[0:1:1]
	if t.AppKey != "" {
		r.Header[appKeyHeader] = vals[1:2:2]
	}
	return r
}

// apiOrigin returns the origin of t.APIBaseURL, parsed once.
func (t *AuthTransport) apiOrigin() (origin, error) {
	if c := t.origin.Load(); c != nil && c.raw == t.APIBaseURL {
		return c.origin, c.err
	}
	c := &apiOrigin{raw: t.APIBaseURL}
	if t.APIBaseURL == "" {
		c.err = errors.New("authmw: AuthTransport.APIBaseURL is empty: set it to the API's base URL, whose origin alone gets the credentials")
	} else if c.origin, c.err = parseOrigin(t.APIBaseURL); c.err != nil {
		c.err = errors.New("authmw: AuthTransport.APIBaseURL " + c.err.Error())
	}
	t.origin.Store(c)
	return c.origin, c.err
}

func (t *AuthTransport) base() http.RoundTripper {
	if t.Base != nil {
		return t.Base
	}
	return http.DefaultTransport
}
