package sttest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
)

const (
	// maxBody bounds the request bodies the handler reads; a larger one is answered 413.
	maxBody = 32 << 20
	// bodiesInFlight bounds the bytes of the request bodies held by the
	// requests being served at once, three bodies of the largest size: a
	// request whose body does not fit waits for others to finish.
	bodiesInFlight = 3 * (maxBody + 1)
	// smallBody is what a body of unknown length is first read into, from
	// the budget, before the budget is asked for the largest size.
	smallBody = 64 << 10
)

// body is a request body read within the handler's budget.
type body struct {
	// data is the body as read.
	data []byte
	// size is the length of the body as sent: len(data), or for a body too
	// large to read, its Content-Length or the bytes read.
	size int64
	// held is the weight taken from the budget, which release gives back.
	held int64
}

// readBody reads r's body, taking its length from the handler's budget of
// bytes in flight first (waiting while other requests hold it); the caller
// must release the body once the request is answered. A body of unknown
// length (chunked) takes smallBody, then, when it turns out longer, the
// largest size. It answers 413 for a body over maxBody, without reading it
// when its Content-Length says so.
func (h *Handler) readBody(r *http.Request) (*body, *apiError) {
	b := &body{data: []byte{}}
	n := r.ContentLength
	switch {
	case r.Body == nil || r.Body == http.NoBody || n == 0:
		return b, nil
	case n > maxBody:
		b.size = n
		return b, tooLarge()
	case n < 0:
		n = smallBody
	}
	if apiErr := b.take(h, r, n); apiErr != nil {
		return b, apiErr
	}
	if r.ContentLength >= 0 {
		b.data = make([]byte, n)
		read, err := io.ReadFull(r.Body, b.data)
		b.data, b.size = b.data[:read], int64(read)
		if err != nil {
			return b, badRequest("body", "reading the body: "+err.Error())
		}
		return b, nil
	}

	// Unknown length: read smallBody+1 bytes, then, if there are more, the rest up to maxBody+1.
	b.data = make([]byte, 0, smallBody+1)
	read, err := io.ReadFull(r.Body, b.data[:smallBody+1])
	b.data, b.size = b.data[:read], int64(read)
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return b, nil
	case err != nil:
		return b, badRequest("body", "reading the body: "+err.Error())
	}
	h.bodies.Release(b.held)
	b.held = 0
	if apiErr := b.take(h, r, maxBody+1); apiErr != nil {
		return b, apiErr
	}
	buf := bytes.NewBuffer(b.data)
	_, err = buf.ReadFrom(io.LimitReader(r.Body, maxBody+1-int64(read)))
	b.data, b.size = buf.Bytes(), int64(buf.Len())
	switch {
	case err != nil:
		return b, badRequest("body", "reading the body: "+err.Error())
	case b.size > maxBody:
		return b, tooLarge()
	}
	return b, nil
}

// take takes n bytes from the handler's budget, waiting for them while r's context lasts.
func (b *body) take(h *Handler, r *http.Request, n int64) *apiError {
	if err := h.bodies.Acquire(r.Context(), n); err != nil {
		return &apiError{status: http.StatusServiceUnavailable, errors: map[string][]string{
			"body": {fmt.Sprintf("the request ended while waiting for other requests' bodies to be served: %v", err)},
		}}
	}
	b.held = n
	return nil
}

// release gives the body's bytes back to the handler's budget.
func (b *body) release(h *Handler) {
	if b.held > 0 {
		h.bodies.Release(b.held)
		b.held = 0
	}
}

// tooLarge is the 413 of a body over maxBody.
func tooLarge() *apiError {
	return &apiError{status: http.StatusRequestEntityTooLarge, errors: map[string][]string{
		"body": {fmt.Sprintf("the body is too large: the fake reads at most %d MiB", maxBody>>20)},
	}}
}
