package authmw

import (
	"fmt"
	"net/http"
	"strings"
)

// maxRedirects bounds a redirect chain, as http.Client's default policy does.
const maxRedirects = 10

// RedirectPolicy returns the CheckRedirect function of an http.Client that
// calls the API of cfg (at Config.BaseURL, else the Environment's API host):
//
//   - A redirect within the API's origin (scheme, host and port) is
//     followed; AuthTransport sends it with the credentials.
//   - A redirect to another origin is followed only if the request was a
//     GET or HEAD (downloads often redirect to blob storage) and would carry
//     no body there, and AuthTransport sends it without credentials. For
//     any other method it stops with an error, even for a 301, 302 or 303
//     that would resend it as a GET, so nothing the caller meant for the API
//     reaches another host.
//   - A redirect from https to plain http stops with an error, whatever the method.
//   - A chain stops with an error after 10 redirects, as with http.Client's default policy.
//
// [NewClient] returns an http.Client with this policy.
func RedirectPolicy(cfg Config) func(req *http.Request, via []*http.Request) error {
	api, err := parseOrigin(cfg.apiBaseURL())
	known := err == nil // without an API origin every redirect leaves it
	return func(req *http.Request, via []*http.Request) error {
		first, prev := via[0], via[len(via)-1]
		if len(via) >= maxRedirects {
			return fmt.Errorf("authmw: %s %s: stopped after %d redirects", method(first), first.URL.Path, maxRedirects)
		}
		status := 0
		if req.Response != nil {
			status = req.Response.StatusCode
		}
		if strings.EqualFold(prev.URL.Scheme, "https") && !strings.EqualFold(req.URL.Scheme, "https") {
			return fmt.Errorf("authmw: %s %s: not following the %d redirect from https to %s://%s: it would leave TLS",
				method(first), first.URL.Path, status, req.URL.Scheme, req.URL.Host)
		}
		if known && api.matches(req.URL) {
			return nil
		}
		if m := method(first); m != http.MethodGet && m != http.MethodHead {
			return fmt.Errorf("authmw: %s %s: not following the %d redirect to another host (%s): only GET and HEAD requests follow a redirect off the API's origin",
				m, first.URL.Path, status, req.URL.Host)
		}
		if req.Body != nil && req.Body != http.NoBody {
			return fmt.Errorf("authmw: %s %s: not following the %d redirect to another host (%s): it would resend the request body there",
				method(first), first.URL.Path, status, req.URL.Host)
		}
		return nil
	}
}

// NewClient returns an http.Client for the API of cfg: NewTransport's chain
// over base, and RedirectPolicy(cfg). It sets no Client.Timeout, which would
// bound a call's whole body however fast it flows: Config.AttemptTimeout
// bounds each attempt, and the request's context bounds the call.
func NewClient(cfg Config, base http.RoundTripper) (*http.Client, error) {
	rt, err := NewTransport(cfg, base)
	if err != nil {
		return nil, err
	}
	return &http.Client{Transport: rt, CheckRedirect: RedirectPolicy(cfg)}, nil
}
