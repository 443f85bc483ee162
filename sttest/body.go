package sttest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"golang.org/x/sync/semaphore"
)

const (
	// maxBody bounds the request bodies the handler reads; a larger one is answered 413.
	maxBody = 32 << 20
	// freeBody is the largest part of a body read before taking from a
	// budget: no more than a connection's own buffers hold. A body up to
	// this size (a token request's form) never waits behind others, and a
	// client that announces a body and sends less than this holds nothing.
	freeBody = 4 << 10
	// smallBody is the largest body that takes from the budget of small
	// bodies; a body of unknown length is first read into that much.
	smallBody = 64 << 10
	// largeBudget bounds the weight of the bodies over smallBody held by the
	// requests being served at once: one body of the largest size decoded,
	// or four recorded. A request whose body does not fit waits for others
	// to finish.
	largeBudget = decodedCost * (maxBody + 1)
	// smallBudget bounds the weight of the bodies up to smallBody in flight,
	// 64 of the largest decoded: small bodies never wait behind large ones.
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

// bodyStage is one step of reading a body: read until the body holds
// upTo bytes, first taking weight from budget (none when nil).
type bodyStage struct {
	upTo   int64
	budget *semaphore.Weighted
	weight int64
}

// readBody reads r's body within the handler's budgets of bodies in
// flight and its body timeout; the caller must release the body once the
// request is answered. The first freeBody bytes are read without a budget;
// the rest only once its length times cost is taken from a budget, waiting
// while other requests hold it. A body of unknown length (chunked) then
// takes smallBody, and, when it turns out longer, the largest size. It
// answers 413 for a body over maxBody, without reading it when its
// Content-Length says so, and 408 for a body that does not arrive within
// the body timeout (counted again after a wait for the budget).
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request, cost int64) (*body, *apiError) {
	b := &body{data: []byte{}}
	n := r.ContentLength
	var stages []bodyStage
	switch {
	case r.Body == nil || r.Body == http.NoBody || n == 0:
		return b, nil
	case n > maxBody:
		b.size = n
		return b, tooLarge()
	case n < 0:
		stages = []bodyStage{
			{upTo: freeBody + 1},
			{upTo: smallBody + 1, budget: h.bodies.small, weight: smallBody * cost},
			{upTo: maxBody + 1, budget: h.bodies.large, weight: (maxBody + 1) * cost},
		}
	case n <= freeBody:
		stages = []bodyStage{{upTo: n}}
	default:
		stages = []bodyStage{{upTo: freeBody}, {upTo: n, budget: h.bodies.of(n), weight: n * cost}}
	}

	// The deadline bounds this handler's reads of the body; recorders do
	// not support one, and the body then has none. Once the body is read,
	// the connection is net/http's again.
	rc := http.NewResponseController(w)
	timeout := h.cfg.timeouts.Body
	rc.SetReadDeadline(time.Now().Add(timeout))
	defer rc.SetReadDeadline(time.Time{})
	fail := func(e *apiError) (*body, *apiError) {
		// What is left of the body cannot be told from the next request:
		// the connection closes after the reply. Closing the body now,
		// under the deadline, keeps net/http from waiting for the rest.
		r.Body.Close()
		e.header = mergeHeader(e.header, "Connection", "close")
		return b, e
	}
	for _, st := range stages {
		if st.budget != nil {
			b.release()
			if apiErr := b.take(r, st.budget, st.weight); apiErr != nil {
				return fail(apiErr)
			}
			rc.SetReadDeadline(time.Now().Add(timeout))
		}
		var err error
		if n >= 0 {
			full := make([]byte, st.upTo)
			copy(full, b.data)
			var read int
			read, err = io.ReadFull(r.Body, full[len(b.data):])
			b.data = full[:len(b.data)+read]
		} else {
			// Grown as bytes arrive: the stage's budget allows upTo, the body may be far shorter.
			buf := bytes.NewBuffer(b.data)
			_, err = buf.ReadFrom(io.LimitReader(r.Body, st.upTo-int64(len(b.data))))
			b.data = buf.Bytes()
		}
		b.size = int64(len(b.data))
		switch {
		case errors.Is(err, os.ErrDeadlineExceeded):
			return fail(badBody(http.StatusRequestTimeout, fmt.Sprintf(
				"the body did not arrive within %v (%d bytes came): the fake waits at most that long for a body", timeout, b.size)))
		case err != nil:
			return fail(badBody(http.StatusBadRequest, "reading the body: "+err.Error()))
		case n < 0 && b.size < st.upTo:
			return b, nil // a body of unknown length ended
		}
	}
	if b.size > maxBody {
		return fail(tooLarge())
	}
	return b, nil
}

// badBody is the error reply about a body.
func badBody(status int, msg string) *apiError {
	return &apiError{status: status, errors: map[string][]string{"body": {msg}}}
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
