package sttest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"

	"golang.org/x/sync/semaphore"
)

const (
	// maxBody bounds the request bodies the handler reads; a larger one is answered 413.
	maxBody = 32 << 20
	// smallBody is the largest body that takes from the budget of small
	// bodies; a body of unknown length is first read into that much.
	smallBody = 64 << 10
	// largeBudget bounds the weight of the bodies over smallBody held by the
	// requests being served at once: one body of the largest size decoded,
	// or four recorded. A request whose body does not fit waits for others
	// to finish.
	largeBudget = decodedCost * (maxBody + 1)
	// smallBudget bounds the weight of the bodies up to smallBody in flight,
	// 64 of the largest decoded: small bodies, token requests among them,
	// never wait behind large ones.
	smallBudget = 64 * decodedCost * smallBody
)

// The weights of a body's bytes in the budget of bodies in flight: a body
// the fake decodes takes several times its size while it is served.
const (
	// rawCost weighs a body that is only recorded.
	rawCost = 1
	// formCost weighs a token request's form: the body, as a string, and its values.
	formCost = 2
	// decodedCost weighs a body validated against its document, which
	// openapi3filter copies and decodes (a JSON string as large as the body).
	decodedCost = 4
)

// bodyBudgets bound the memory the bodies of the requests in flight take.
type bodyBudgets struct {
	small, large *semaphore.Weighted
}

// newBodyBudgets returns budgets with nothing taken.
func newBodyBudgets() bodyBudgets {
	return bodyBudgets{small: semaphore.NewWeighted(smallBudget), large: semaphore.NewWeighted(largeBudget)}
}

// body is a request body read within the handler's budgets.
type body struct {
	// data is the body as read.
	data []byte
	// size is the length of the body as sent: len(data), or for a body too
	// large to read, its Content-Length or the bytes read.
	size int64
	// held is the weight taken from budget, which release gives back.
	held   int64
	budget *semaphore.Weighted
}

// readBody reads r's body, first taking its length times cost from one of
// the handler's budgets of bodies in flight, waiting while other requests
// hold it; the caller must release the body once the request is answered.
// A body of unknown length (chunked) takes smallBody, then, when it turns
// out longer, the largest size. It answers 413 for a body over maxBody,
// without reading it when its Content-Length says so.
func (h *Handler) readBody(r *http.Request, cost int64) (*body, *apiError) {
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
	if apiErr := b.take(r, h.bodies.of(n), n*cost); apiErr != nil {
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
	b.release()
	if apiErr := b.take(r, h.bodies.large, (maxBody+1)*cost); apiErr != nil {
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

// of returns the budget a body of n bytes takes from.
func (bb bodyBudgets) of(n int64) *semaphore.Weighted {
	if n <= smallBody {
		return bb.small
	}
	return bb.large
}

// take takes a weight of n from budget, waiting for it while r's context lasts.
func (b *body) take(r *http.Request, budget *semaphore.Weighted, n int64) *apiError {
	if err := budget.Acquire(r.Context(), n); err != nil {
		return &apiError{status: http.StatusServiceUnavailable, errors: map[string][]string{
			"body": {fmt.Sprintf("the request ended while waiting for other requests' bodies to be served: %v", err)},
		}}
	}
	b.held, b.budget = n, budget
	return nil
}

// release gives the body's weight back to its budget.
func (b *body) release() {
	if b.held > 0 {
		b.budget.Release(b.held)
		b.held = 0
	}
}

// tooLarge is the 413 of a body over maxBody.
func tooLarge() *apiError {
	return &apiError{status: http.StatusRequestEntityTooLarge, errors: map[string][]string{
		"body": {fmt.Sprintf("the body is too large: the fake reads at most %d MiB", maxBody>>20)},
	}}
}
