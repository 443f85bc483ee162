package stapi

import (
	"context"
	"net/http"
)

// Send sends call, for an operation whose document declares no response
// content: a 2xx response is success, whatever its body (WithResponse
// keeps the response, its body read); any other is an *Error.
func Send(ctx context.Context, c *Client, call *Call, opts []Option) error {
	return c.do(ctx, call, opts, func(*http.Response, []byte) error { return nil })
}
