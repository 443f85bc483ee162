package authmw

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ConfigError reports an invalid Config field; it names the field, never its value.
type ConfigError struct {
	// Field is the name of the Config field, e.g. "ClientSecret".
	Field string
	// Problem says what is wrong with the field and what to do about it.
	Problem string
}

// Error returns "authmw: Config.<Field> <Problem>".
func (e *ConfigError) Error() string {
	return "authmw: Config." + e.Field + " " + e.Problem
}

// TokenError reports a failed token request with the HTTP status and the
// server's error text; it never contains the client secret.
type TokenError struct {
	// StatusCode is the token endpoint's HTTP status, or 0 if no response arrived.
	StatusCode int
	// ErrorCode is the OAuth 2.0 "error" value of the response (e.g. "invalid_client"), if any.
	ErrorCode string
	// ErrorDescription is the OAuth 2.0 "error_description" value of the response, if any.
	ErrorDescription string
	// Body is the start of the response body when it carried no OAuth error code, with secrets removed.
	Body string
	// Err is the underlying transport or decoding error, or nil. After a
	// timeout (see Timeout) it says so, and it does not wrap
	// context.DeadlineExceeded: that is left to the caller's own deadline.
	Err error

	// cause is Err's text with secrets removed; set by this package.
	cause string
	// timeout is set when the request took longer than Config.TokenTimeout.
	timeout bool
	// retryAfter is the response's Retry-After, if hasRetryAfter.
	retryAfter    time.Duration
	hasRetryAfter bool
	// retryAt is when the TokenSource may make its next token request;
	// set before the error is shared.
	retryAt time.Time
}

// Timeout reports whether the token request took longer than
// Config.TokenTimeout; such a failure is temporary, and the chain retries it.
func (e *TokenError) Timeout() bool { return e.timeout }

// Error describes the failure and what to do about it.
func (e *TokenError) Error() string {
	var b strings.Builder
	b.WriteString("authmw: token request failed")
	if e.StatusCode != 0 {
		b.WriteString(" (HTTP ")
		b.WriteString(strconv.Itoa(e.StatusCode))
		if t := http.StatusText(e.StatusCode); t != "" {
			b.WriteString(" ")
			b.WriteString(t)
		}
		b.WriteString(")")
	}
	switch {
	case e.ErrorCode != "":
		b.WriteString(": ")
		b.WriteString(strconv.Quote(e.ErrorCode))
		if e.ErrorDescription != "" {
			b.WriteString(" ")
			b.WriteString(strconv.Quote(e.ErrorDescription))
		}
	case e.Body != "":
		b.WriteString(": server said ")
		b.WriteString(strconv.Quote(e.Body))
	case e.cause != "":
		b.WriteString(": ")
		b.WriteString(e.cause)
	case e.Err != nil:
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	b.WriteString("; ")
	b.WriteString(e.hint())
	return b.String()
}

// Unwrap returns e.Err.
func (e *TokenError) Unwrap() error { return e.Err }

func (e *TokenError) hint() string {
	switch c := e.StatusCode; {
	case e.timeout:
		return "check that the token URL is reachable, or raise Config.TokenTimeout"
	case c == 0:
		return "check that the token URL is reachable"
	case c == http.StatusBadRequest || c == http.StatusUnauthorized || c == http.StatusForbidden:
		return "check Config.ClientID, Config.ClientSecret and Config.EndpointParams"
	case c == http.StatusTooManyRequests || c >= 500:
		return "the token server is unavailable; retry later"
	case c >= 300 && c < 400:
		return "the token URL redirects; set Config.TokenURL to the final URL"
	}
	return "the token server did not return a valid OAuth 2.0 token response; check Config.TokenURL"
}

// temporary reports whether retrying the token request may succeed.
func (e *TokenError) temporary() bool {
	return e.timeout || e.StatusCode == 0 || e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500
}
