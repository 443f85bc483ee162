package sttest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/sync/semaphore"
)

// countingReader counts the bytes read from it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// chunked hides the length of a body, as a chunked upload does.
func chunked(s string) io.Reader { return io.MultiReader(strings.NewReader(s)) }

// budgetFree reports whether the handler's budgets of bodies in flight are whole.
func budgetFree(h *Handler) bool {
	for _, b := range []struct {
		sem  *semaphore.Weighted
		size int64
	}{{h.bodies.small, smallBudget}, {h.bodies.large, largeBudget}} {
		if !b.sem.TryAcquire(b.size) {
			return false
		}
		b.sem.Release(b.size)
	}
	return true
}

func TestBodyOverLimitNotRead(t *testing.T) {
	h := latest(t).NewHandler()
	tok := token(t, h, h.Credentials())
	body := &countingReader{r: strings.NewReader("{}")}
	r := apiReq(h, tok, http.MethodPost, "/crm/v2/tenant/1/customers", "")
	r.Body, r.ContentLength = io.NopCloser(body), maxBody+1
	w := do(h, r)
	wantError(t, apiErrors(t, w, http.StatusRequestEntityTooLarge), "body", "too large")
	if body.n != 0 {
		t.Errorf("%d bytes read of a body whose Content-Length is over the limit; want none", body.n)
	}
	if got := h.Requests()[1]; got.BodySize != maxBody+1 || len(got.Body) != 0 {
		t.Errorf("recorded %d bytes of %d; want none of %d", len(got.Body), got.BodySize, maxBody+1)
	}
}

func TestBodyOfUnknownLength(t *testing.T) {
	h := latest(t).NewHandler(WithHistoryBytes(0))
	tok := token(t, h, h.Credentials())
	for _, size := range []int{10, smallBody, smallBody + 1, 3 * smallBody} {
		body := strings.Repeat("q", size)
		r := apiReq(h, tok, http.MethodPost, "/crm/v2/tenant/1/customers", "")
		r.Body, r.ContentLength = io.NopCloser(chunked(body)), -1
		r.Header.Set("Content-Type", "application/json")
		if w := do(h, r); w.Code != http.StatusBadRequest {
			t.Errorf("%d bytes: status %d; want 400 (not JSON)", size, w.Code)
		}
		reqs := h.Requests()
		if got := reqs[len(reqs)-1]; got.BodySize != int64(size) || string(got.Body) != body {
			t.Errorf("%d bytes of unknown length recorded as %d of %d", size, len(got.Body), got.BodySize)
		}
	}
	r := apiReq(h, tok, http.MethodPost, "/crm/v2/tenant/1/customers", "")
	r.Body, r.ContentLength = io.NopCloser(chunked(strings.Repeat("q", maxBody+100))), -1
	wantError(t, apiErrors(t, do(h, r), http.StatusRequestEntityTooLarge), "body", "too large")
	reqs := h.Requests()
	if got := reqs[len(reqs)-1]; got.BodySize != maxBody+1 {
		t.Errorf("over-long body of unknown length: BodySize %d; want %d, the bytes read", got.BodySize, maxBody+1)
	}
	if !budgetFree(h) {
		t.Error("the budgets of bodies in flight are not whole after the requests")
	}
}

// TestBodyWaitsForBudget holds a whole budget of bodies in flight: a
// request whose body takes from it waits until its context ends (503), a
// request whose body takes from the other budget, is no larger than
// freeBody or is empty does not wait, and once the budget is free bodies
// are read.
func TestBodyWaitsForBudget(t *testing.T) {
	h := latest(t).NewHandler()
	tok := token(t, h, h.Credentials())
	tinyJSON := `{"name":"` + strings.Repeat("x", freeBody-12) + `"}`
	smallJSON := `{"name":"` + strings.Repeat("x", freeBody) + `"}`
	largeJSON := `{"name":"` + strings.Repeat("x", smallBody) + `"}`
	post := func(ctx context.Context, body string) int {
		return do(h, apiReq(h, tok, http.MethodPost, "/crm/v2/tenant/1/customers", body).WithContext(ctx)).Code
	}
	for _, tc := range []struct {
		name          string
		budget        *semaphore.Weighted
		size          int64
		waits, passes string
	}{
		{"large", h.bodies.large, largeBudget, largeJSON, smallJSON},
		{"small", h.bodies.small, smallBudget, smallJSON, largeJSON},
	} {
		if err := tc.budget.Acquire(context.Background(), tc.size); err != nil {
			t.Fatal(err)
		}
		if w := do(h, apiReq(h, tok, http.MethodGet, "/crm/v2/tenant/1/customers/1", "")); w.Code != http.StatusOK {
			t.Errorf("%s budget held: GET without a body: %d; want 200", tc.name, w.Code)
		}
		if code := post(context.Background(), tc.passes); code != http.StatusBadRequest {
			t.Errorf("%s budget held: POST of a body from the other budget: %d; want 400 (required fields missing)", tc.name, code)
		}
		if code := post(context.Background(), tinyJSON); code != http.StatusBadRequest {
			t.Errorf("%s budget held: POST of a body of %d bytes: %d; want 400 (required fields missing)", tc.name, len(tinyJSON), code)
		}
		ctx, cancel := context.WithCancel(context.Background())
		answered := make(chan int)
		go func() { answered <- post(ctx, tc.waits) }()
		cancel()
		if code := <-answered; code != http.StatusServiceUnavailable {
			t.Errorf("%s budget held: POST of a body from it, context cancelled: %d; want 503", tc.name, code)
		}
		tc.budget.Release(tc.size)
		if code := post(context.Background(), tc.waits); code != http.StatusBadRequest {
			t.Errorf("%s budget free again: POST: %d; want 400 (required fields missing)", tc.name, code)
		}
	}
	if !budgetFree(h) {
		t.Error("the budgets of bodies in flight are not whole after the requests")
	}
}

func TestKeptBody(t *testing.T) {
	b := make([]byte, 10, 100)
	if got := keptBody(b, 0); len(got) != 10 || cap(got) > 16 {
		t.Errorf("a body of 10 bytes in 100 of capacity keeps %d of capacity; want about 10", cap(got))
	}
	if got := keptBody(bytes.Repeat([]byte("a"), 50), 20); len(got) != 20 || cap(got) > 32 {
		t.Errorf("a body over the limit keeps %d bytes (capacity %d); want 20", len(got), cap(got))
	}
	exact := []byte("exact")
	if got := keptBody(exact, 0); &got[0] != &exact[0] {
		t.Error("an exact body was copied")
	}
}
