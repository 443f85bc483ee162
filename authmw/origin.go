package authmw

import (
	"net/netip"
	"net/url"
	"strings"
)

// origin is where credentials may be sent: the scheme, host and port of
// the API's base URL, lowercase, with the scheme's default port made explicit.
type origin struct {
	scheme, host, port string
}

// parseOrigin returns the origin of raw, an absolute https URL or a plain
// http URL of a loopback host; its error says which of these raw is not.
func parseOrigin(raw string) (origin, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return origin{}, errNotHTTPURL
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return origin{}, errCleartext
	}
	port := u.Port()
	if port == "" {
		port = defaultPort(u.Scheme)
	}
	return origin{scheme: u.Scheme, host: strings.ToLower(u.Hostname()), port: port}, nil
}

// originError is a reason a URL may not receive credentials.
type originError string

func (e originError) Error() string { return string(e) }

const (
	errNotHTTPURL originError = "is not an absolute https URL"
	errCleartext  originError = "is a plain http URL of a host that is not loopback: credentials would cross the network in cleartext; use https (plain http is accepted only for localhost, 127.0.0.0/8 and ::1, for tests)"
)

// matches reports whether u is for origin o; it does not allocate.
func (o origin) matches(u *url.URL) bool {
	if !strings.EqualFold(u.Scheme, o.scheme) || !strings.EqualFold(u.Hostname(), o.host) {
		return false
	}
	port := u.Port()
	if port == "" {
		port = defaultPort(o.scheme)
	}
	return port == o.port
}

// String returns the origin as scheme://host:port.
func (o origin) String() string {
	host := o.host
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return o.scheme + "://" + host + ":" + o.port
}

// defaultPort returns the port of scheme when a URL names none.
func defaultPort(scheme string) string {
	if strings.EqualFold(scheme, "http") {
		return "80"
	}
	return "443"
}

// loopback reports whether host (a URL's hostname) is localhost, in 127.0.0.0/8 or ::1.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}
