package stapi

import (
	"context"
	"io"
	"mime"
	"sync"
)

// Download is a response body returned as a stream: a file, an image, or a
// body the document does not describe. The caller reads and closes Body.
type Download struct {
	// Body is the response body; close it when done.
	Body io.ReadCloser
	// ContentType is the response's Content-Type ("application/pdf"), or "".
	ContentType string
	// ContentLength is the body's length in bytes, or -1 when unknown.
	ContentLength int64
	// Filename is the file name of the Content-Disposition header, or "".
	Filename string
}

// Stream sends call and returns the body of its 2xx response as a
// Download; a response outside 2xx is returned as an [*Error]. A
// WithTimeout option bounds the call until the body is closed.
func Stream(ctx context.Context, c *Client, call *Call, opts []Option) (*Download, error) {
	o := c.collect(opts)
	cancel := context.CancelFunc(func() {})
	if o.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, o.timeout)
	}
	resp, err := c.send(ctx, call, &o)
	if err != nil {
		cancel()
		return nil, err
	}
	d := &Download{
		Body:          &cancelBody{ReadCloser: resp.Body, cancel: cancel},
		ContentType:   resp.Header.Get("Content-Type"),
		ContentLength: resp.ContentLength,
	}
	if _, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition")); err == nil {
		d.Filename = params["filename"]
	}
	return d, nil
}

// cancelBody ends a call's context when its body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
	once   sync.Once
}

// Close closes the body and ends the call's context.
func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.cancel)
	return err
}
