package stapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 1 << 20

// DefaultMaxResponseBytes is the default bound on a success response body
// read into memory: a page of 5,000 records is a few megabytes.
const DefaultMaxResponseBytes = 256 << 20

// DefaultPageSize is the page size iterators ask for when the caller sets
// none and the document states no maximum: what production integrations
// send, and what the API accepts where its documents say nothing.
const DefaultPageSize = 5000

// Client holds what every call of every domain needs: the API host, the
// tenant and the HTTP client. It is safe for concurrent use once built; do
// not change its fields while calls are in flight.
type Client struct {
	// BaseURL is the API host, such as https://api.servicetitan.io, without the domain's base path.
	BaseURL string
	// Tenant is the ServiceTitan tenant id that every request path carries.
	Tenant int64
	// HTTPClient sends the requests; nil means http.DefaultClient. Use one
	// whose transport adds the token and app key (package authmw).
	HTTPClient *http.Client
	// PageSize is the page size iterators ask for when the caller sets none
	// and the document states no maximum; zero means DefaultPageSize.
	PageSize int
	// MaxResponseBytes bounds a success response body read into memory;
	// zero means DefaultMaxResponseBytes. Downloads are streams, not bound.
	MaxResponseBytes int64
	// Options apply to every call, before the call's own.
	Options []Option
}

// Call is one request of an operation, as generated code describes it.
type Call struct {
	// Method is the HTTP method.
	Method string
	// Path is the path under the host, with placeholders:
	// "/crm/v2/tenant/{tenant}/customers/{id}". {tenant} is Client.Tenant.
	Path string
	// Args are the values of the other placeholders, in order.
	Args []any
	// Params points to the operation's parameters struct, or is nil (see encodeParams).
	Params any
	// Body is the request body, sent as JSON, or nil for none.
	Body any
	// Multipart sends Body as multipart/form-data instead (see Multipart).
	Multipart bool
	// Accept lists the media types of the success response.
	Accept string
}

// Page returns the page size an iterator asks for: max when the document
// states one, else Client.PageSize, else DefaultPageSize.
func (c *Client) Page(max int) int {
	if max > 0 {
		return max
	}
	if c.PageSize > 0 {
		return c.PageSize
	}
	return DefaultPageSize
}

// JSON sends call and decodes its JSON response into out with dec, and
// returns out; a 2xx response with an empty body leaves out as it is. out
// is a pointer, so that every result type shares one compiled JSON.
func JSON[P any](ctx context.Context, c *Client, call *Call, out P, dec func(*Decoder, P), opts []Option) (P, error) {
	if err := c.decode(ctx, call, func(d *Decoder) { dec(d, out) }, opts); err != nil {
		var zero P
		return zero, err
	}
	return out, nil
}

// JSONValue is JSON for a result returned as a value (a slice or a map).
func JSONValue[T any](ctx context.Context, c *Client, call *Call, dec func(*Decoder, *T), opts []Option) (T, error) {
	var out T
	if err := c.decode(ctx, call, func(d *Decoder) { dec(d, &out) }, opts); err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// decode sends call and runs dec over its JSON response, unless the body
// is empty. The generic JSON and JSONValue are only thin wrappers of it, so
// that each result type a package decodes compiles little code of its own.
//
//go:noinline
func (c *Client) decode(ctx context.Context, call *Call, dec func(*Decoder), opts []Option) error {
	return c.do(ctx, call, opts, func(resp *http.Response, body []byte) error {
		if len(bytes.TrimSpace(body)) == 0 {
			return nil
		}
		d := NewDecoder(body)
		d.pages = pageRecordOf(ctx)
		dec(d)
		if err := d.Finish(); err != nil {
			return fmt.Errorf("stapi: %s %s: decoding the %d response: %w", call.Method, resp.Request.URL.Path, resp.StatusCode, err)
		}
		return nil
	})
}

// Bytes sends call and returns its response body, which the document does
// not describe; nil when it is empty.
func Bytes(ctx context.Context, c *Client, call *Call, opts []Option) ([]byte, error) {
	var out []byte
	err := c.do(ctx, call, opts, func(_ *http.Response, body []byte) error {
		if len(body) > 0 {
			out = body
		}
		return nil
	})
	return out, err
}

// do sends call and hands a 2xx response's body, read in full, to read; a
// response outside 2xx is returned as an *Error.
func (c *Client) do(ctx context.Context, call *Call, opts []Option, read func(*http.Response, []byte) error) error {
	o := c.collect(opts)
	if o.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.timeout)
		defer cancel()
	}
	resp, err := c.send(ctx, call, &o)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	limit := c.MaxResponseBytes
	if limit <= 0 {
		limit = DefaultMaxResponseBytes
	}
	body, err := readBody(resp.Body, resp.ContentLength, limit)
	if err != nil {
		return fmt.Errorf("stapi: %s %s: reading the %d response: %w", call.Method, resp.Request.URL.Path, resp.StatusCode, err)
	}
	if int64(len(body)) > limit {
		return fmt.Errorf("stapi: %s %s: the %d response is larger than %d bytes: raise Client.MaxResponseBytes (servicetitan.Config.MaxResponseBytes) if it is expected",
			call.Method, resp.Request.URL.Path, resp.StatusCode, limit)
	}
	if o.response != nil {
		resp.Body = io.NopCloser(bytes.NewReader(body))
	}
	return read(resp, body)
}

// firstBodyBuffer bounds the buffer a response body is first read into,
// whatever its Content-Length announces.
const firstBodyBuffer = 256 << 10

// readBody reads r, a response body whose Content-Length is n (-1 when
// unknown), up to limit+1 bytes. Its buffer grows with the bytes that
// arrive, never from n alone: it starts at n+1 bytes, but no more than
// firstBodyBuffer, and then at most doubles, or grows eightfold up to n+1
// when n announces more, so a body that keeps its announcement fills one or
// two buffers, and one that lies costs at most eight times what it sent.
func readBody(r io.Reader, n, limit int64) ([]byte, error) {
	size := min(firstBodyBuffer, limit+1)
	if n >= 0 {
		size = min(size, n+1) // +1: room to read the end without growing
	}
	buf := make([]byte, 0, size)
	for {
		if len(buf) == cap(buf) {
			have := int64(len(buf))
			if have > limit {
				return buf, nil
			}
			grow := have
			if n > have {
				grow = min(7*have, n+1-have)
			}
			buf = slices.Grow(buf, int(min(grow, limit+1-have)))
		}
		m, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		switch {
		case err == io.EOF:
			return buf, nil
		case err != nil:
			return buf, err
		}
	}
}

// send builds and sends call's request and returns a 2xx response, or the
// response outside 2xx as an *Error.
func (c *Client) send(ctx context.Context, call *Call, o *callOptions) (*http.Response, error) {
	req, err := c.newRequest(ctx, call, o)
	if err != nil {
		return nil, err
	}
	hc := c.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	if o.response != nil {
		*o.response = resp
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	if o.response != nil {
		resp.Body = io.NopCloser(bytes.NewReader(body))
	}
	return nil, newError(req, resp, body)
}

// newRequest builds the HTTP request of call.
func (c *Client) newRequest(ctx context.Context, call *Call, o *callOptions) (*http.Request, error) {
	fail := func(err error) (*http.Request, error) {
		return nil, fmt.Errorf("stapi: %s %s: %w", call.Method, call.Path, err)
	}
	if c.Tenant <= 0 {
		return fail(errors.New("Client.Tenant is not set: every ServiceTitan request is for a tenant"))
	}
	path, err := expandPath(call.Path, c.Tenant, call.Args)
	if err != nil {
		return fail(err)
	}
	u, err := url.Parse(strings.TrimSuffix(c.BaseURL, "/") + path)
	if err != nil {
		return fail(err)
	}
	q, h := url.Values{}, http.Header{}
	if err := encodeParams(call.Params, q, h); err != nil {
		return fail(err)
	}
	for k, vs := range o.query {
		q[k] = append(q[k], vs...)
	}
	u.RawQuery = q.Encode()

	var body io.Reader
	switch {
	case call.Body == nil:
	case call.Multipart:
		b, contentType, err := Multipart(call.Body)
		if err != nil {
			return fail(fmt.Errorf("encoding the body: %w", err))
		}
		body = bytes.NewReader(b)
		h.Set("Content-Type", contentType)
	default:
		b, err := json.Marshal(call.Body)
		if err != nil {
			return fail(fmt.Errorf("encoding the body: %w", err))
		}
		body = bytes.NewReader(b)
		h.Set("Content-Type", "application/json")
	}
	req, err := http.NewRequestWithContext(ctx, call.Method, u.String(), body)
	if err != nil {
		return fail(err)
	}
	if call.Accept != "" {
		req.Header.Set("Accept", call.Accept)
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	for k, vs := range o.header {
		req.Header[k] = vs
	}
	for _, edit := range o.edit {
		if err := edit(req); err != nil {
			return fail(err)
		}
	}
	return req, nil
}
