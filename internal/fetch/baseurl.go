package fetch

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// DefaultBaseURL is the developer portal that serves ServiceTitan's API documents.
const DefaultBaseURL = "https://developer.servicetitan.io"

// maxRedirects bounds the redirects followed by one request.
const maxRedirects = 10

// errRedirect marks a redirect that is not followed.
var errRedirect = errors.New("redirect refused")

// ParseBaseURL checks a portal base URL and returns it without a trailing
// slash. Only https URLs are accepted, and http ones to a loopback host
// (localhost, 127.0.0.0/8, ::1) for tests and local mirrors; the URL may
// have a path prefix but no query, fragment or user information.
func ParseBaseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("base URL %q: %v", raw, err)
	}
	if err := checkURL(u); err != nil {
		return "", fmt.Errorf("base URL %q: %v", raw, err)
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", fmt.Errorf("base URL %q: give only the scheme, host and an optional path, such as %s", raw, DefaultBaseURL)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String(), nil
}

// checkURL accepts an absolute https URL, or an http URL to a loopback host.
func checkURL(u *url.URL) error {
	if u.Host == "" || u.Hostname() == "" {
		return fmt.Errorf("not an absolute URL with a host, such as %s", DefaultBaseURL)
	}
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return nil
	case u.Scheme == "http":
		return fmt.Errorf("plain http is accepted only to a loopback host (localhost, 127.0.0.1, ::1); use https")
	}
	return fmt.Errorf("scheme %q: use https", u.Scheme)
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkRedirect follows a redirect only to a URL that ParseBaseURL would
// accept, and at most maxRedirects in a row.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("%w: more than %d redirects", errRedirect, maxRedirects)
	}
	if err := checkURL(req.URL); err != nil {
		return fmt.Errorf("%w to %s: %v", errRedirect, req.URL.Redacted(), err)
	}
	return nil
}
