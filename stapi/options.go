package stapi

import (
	"net/http"
	"net/url"
	"time"
)

// Option adjusts one call: every generated method, iterator and feed takes
// options after its other arguments, applied in order after the client's.
type Option func(*callOptions)

// callOptions is what the options of one call ask for.
type callOptions struct {
	query    url.Values
	header   http.Header
	timeout  time.Duration
	response **http.Response
	edit     []func(*http.Request) error
}

// WithQuery adds a query parameter the document does not declare (or a
// second value of one it does), such as modifiedOnOrAfter on an endpoint
// that does not list it.
func WithQuery(key, value string) Option {
	return func(o *callOptions) {
		if o.query == nil {
			o.query = url.Values{}
		}
		o.query.Add(key, value)
	}
}

// WithHeader sets a request header, replacing any value the call would send.
func WithHeader(key, value string) Option {
	return func(o *callOptions) {
		if o.header == nil {
			o.header = http.Header{}
		}
		o.header.Set(key, value)
	}
}

// WithIdempotencyKey sends the Idempotency-Key header, which also lets
// authmw retry a POST or PATCH after a server error, since the server
// recognizes the repeated request.
func WithIdempotencyKey(key string) Option {
	return WithHeader("Idempotency-Key", key)
}

// WithTimeout bounds the whole call, retries and reading the response
// included; for a download, until its body is closed.
func WithTimeout(d time.Duration) Option {
	return func(o *callOptions) { o.timeout = d }
}

// WithResponse stores the call's HTTP response in *dst once it arrives,
// for its headers and status. A decoded or read body is already consumed:
// the response's Body then holds the bytes that were read.
func WithResponse(dst **http.Response) Option {
	return func(o *callOptions) { o.response = dst }
}

// WithRequestEditor calls fn on the request just before it is sent, for
// anything the other options do not cover.
func WithRequestEditor(fn func(*http.Request) error) Option {
	return func(o *callOptions) { o.edit = append(o.edit, fn) }
}

// collect applies the client's options, then opts.
func (c *Client) collect(opts []Option) callOptions {
	var o callOptions
	for _, opt := range c.Options {
		opt(&o)
	}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}
