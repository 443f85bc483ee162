package stapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

func TestDo(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/crm/v2/ok":
			w.Write([]byte(`{"id": 42}`))
		case "/crm/v2/missing":
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"type":"https://httpstatuses.com/404","title":"Customer not found","status":404,"traceId":"abc","errors":{"id":["unknown"],"a":["x","y"]}}`))
		case "/crm/v2/plain":
			w.WriteHeader(http.StatusBadGateway)
			w.Write([]byte(`upstream down`))
		case "/crm/v2/file":
			w.Write([]byte(`bytes`))
		}
	}))
	defer srv.Close()
	c := &Client{BaseURL: srv.URL + "/", Tenant: 1}
	if got := c.URL("/crm/v2"); got != srv.URL+"/crm/v2" {
		t.Errorf("URL = %q; want %q", got, srv.URL+"/crm/v2")
	}
	get := func(path string) *http.Request {
		req, err := http.NewRequest(http.MethodGet, c.URL("/crm/v2")+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		return req
	}

	var out struct{ ID int64 }
	if err := c.Do(get("/ok"), &out); err != nil || out.ID != 42 {
		t.Errorf("Do = %v, id %d; want nil, 42", err, out.ID)
	}

	err := c.Do(get("/missing"), &out)
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("Do error %v is not an *Error", err)
	}
	if apiErr.Status != 404 || apiErr.Title != "Customer not found" || apiErr.TraceID != "abc" || !slices.Equal(apiErr.Errors["id"], []string{"unknown"}) {
		t.Errorf("error fields = %+v", apiErr)
	}
	want := "stapi: GET /crm/v2/missing: 404 Not Found: Customer not found; a: x y; id: unknown (traceId abc)"
	if got := err.Error(); got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}

	err = c.Do(get("/plain"), nil)
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusBadGateway || string(apiErr.Body) != "upstream down" {
		t.Errorf("non-JSON error = %v", err)
	}

	body, err := c.Stream(get("/file"))
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	if b, _ := io.ReadAll(body); string(b) != "bytes" {
		t.Errorf("Stream read %q; want %q", b, "bytes")
	}
}

func TestPages(t *testing.T) {
	pages := map[int][]int{1: {1, 2}, 2: {3, 4}, 3: {5}}
	var asked []int
	fetch := func(_ context.Context, page int) ([]int, bool, error) {
		asked = append(asked, page)
		return pages[page], page < 3, nil
	}
	var got []int
	for v, err := range Pages(context.Background(), 1, fetch) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if !slices.Equal(got, []int{1, 2, 3, 4, 5}) || !slices.Equal(asked, []int{1, 2, 3}) {
		t.Errorf("got %v asking pages %v; want [1 2 3 4 5] asking [1 2 3]", got, asked)
	}

	asked = nil
	for v := range Pages(context.Background(), 2, fetch) {
		if v == 3 {
			break
		}
	}
	if !slices.Equal(asked, []int{2}) {
		t.Errorf("breaking on the first item of page 2 asked %v; want [2]", asked)
	}

	boom := errors.New("boom")
	n := 0
	for _, err := range Pages(context.Background(), 1, func(context.Context, int) ([]int, bool, error) { return nil, true, boom }) {
		n++
		if !errors.Is(err, boom) {
			t.Errorf("err = %v; want boom", err)
		}
	}
	if n != 1 {
		t.Errorf("an error was yielded %d times; want once", n)
	}
}

func TestFeed(t *testing.T) {
	batches := map[string]struct {
		items []string
		next  string
		more  bool
	}{
		"":   {[]string{"a", "b"}, "t1", true},
		"t1": {[]string{"c"}, "t2", true},
		"t2": {[]string{"d"}, "t3", false},
	}
	fetch := func(_ context.Context, from string) ([]string, string, bool, error) {
		b := batches[from]
		return b.items, b.next, b.more, nil
	}
	ctx := context.Background()
	f := NewFeed("", fetch)
	var got []string
	for v, err := range f.All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
		if v == "c" {
			break
		}
	}
	if !slices.Equal(got, []string{"a", "b", "c"}) || f.Token() != "t1" {
		t.Errorf("got %v, token %q; want [a b c], t1 (the batch left early comes again)", got, f.Token())
	}
	got = nil
	resumed := NewFeed(f.Token(), fetch)
	for v, err := range resumed.All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if !slices.Equal(got, []string{"c", "d"}) || resumed.Token() != "t3" {
		t.Errorf("resumed feed gave %v, token %q; want [c d], t3", got, resumed.Token())
	}

	// A last batch without a token keeps the one before it.
	batches["t3"] = struct {
		items []string
		next  string
		more  bool
	}{[]string{"e"}, "", false}
	drained := NewFeed("t3", fetch)
	for range drained.All(ctx) {
	}
	if drained.Token() != "t3" {
		t.Errorf("token after a last batch without one = %q; want t3", drained.Token())
	}

	fetches := 0
	stuck := NewFeed("x", func(context.Context, string) ([]string, string, bool, error) {
		fetches++
		if fetches > 3 {
			t.Fatal("a feed repeating its token kept fetching")
		}
		return []string{"z"}, "x", true, nil
	})
	var last error
	for _, err := range stuck.All(ctx) {
		last = err
	}
	if last == nil || !strings.Contains(last.Error(), "continuation token") {
		t.Errorf("a feed repeating its token ended with %v; want an error about the token", last)
	}
}

func TestDeref(t *testing.T) {
	s := "x"
	if Deref(&s) != "x" || Deref[string](nil) != "" {
		t.Error("Deref")
	}
}

func TestDoEdges(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out struct{ ID int64 }
	if err := (&Client{BaseURL: srv.URL, Tenant: 1}).Do(req, &out); err != nil {
		t.Errorf("an empty 2xx body: %v; want no error", err)
	}
	if err := (&Client{BaseURL: srv.URL}).Do(req, &out); err == nil || !strings.Contains(err.Error(), "Tenant is not set") {
		t.Errorf("a client without a tenant: %v; want an error saying so", err)
	}
}
