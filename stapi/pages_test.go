package stapi

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// cyclingPages returns a fetch of pages through JSON from a server that
// ignores the page parameter and serves, in turn, cycle pages of one record
// each, ids 1 to cycle, with hasMore true, for at most limit requests; and
// a counter of the requests served.
func cyclingPages(t *testing.T, cycle, limit int) (func(ctx context.Context, page int) ([]thing, bool, error), *int) {
	served := new(int)
	c, _ := recorder(t, func(w http.ResponseWriter, r *http.Request) {
		if *served >= limit {
			http.Error(w, "the client kept asking", http.StatusGone)
			return
		}
		*served++
		fmt.Fprintf(w, `{"page":%s,"hasMore":true,"data":[{"id":%d,"name":"n"}]}`, r.URL.Query().Get("page"), (*served-1)%cycle+1)
	})
	return func(ctx context.Context, page int) ([]thing, bool, error) {
		call := &Call{Method: http.MethodGet, Path: "/x/tenant/{tenant}/things", Params: &listParams{Page: PtrTo(int32(page))}}
		resp, err := JSON(ctx, c, call, new(thingPage), decodeThingPage, nil)
		if err != nil {
			return nil, false, err
		}
		return resp.Data, resp.HasMore, nil
	}, served
}

// TestPagesCycle pages through servers that cycle through 2 pages (X, Y,
// X, Y, as a pair of out-of-step replicas might) up to pageWindow pages:
// the iterator stops at the first page that repeats one it yielded,
// naming both, having yielded each page once.
func TestPagesCycle(t *testing.T) {
	for _, cycle := range []int{2, 3, pageWindow} {
		fetch, served := cyclingPages(t, cycle, 100)
		var got []int64
		var last error
		for v, err := range Pages(context.Background(), 1, fetch) {
			got = append(got, v.ID)
			last = err
		}
		want := []int64{0}
		for id := range cycle {
			want = slices.Insert(want, id, int64(id+1))
		}
		msg := fmt.Sprintf("page %d has the same records as page 1,", cycle+1)
		if *served != cycle+1 || !slices.Equal(got, want) || last == nil || !strings.Contains(last.Error(), msg) {
			t.Errorf("cycle of %d: %d pages served, yielded %v, last error %v; want %d, %v and an error saying %q", cycle, *served, got, last, cycle+1, want, msg)
		}
	}
}

// TestPagesLongCycle pages through a server cycling through more pages
// than pageWindow: the iterator still stops with an error, within a few
// laps.
func TestPagesLongCycle(t *testing.T) {
	const cycle = 3*pageWindow + 1
	fetch, served := cyclingPages(t, cycle, 10*cycle)
	var last error
	for _, err := range Pages(context.Background(), 1, fetch) {
		last = err
	}
	if last == nil || !strings.Contains(last.Error(), "has the same records as page") || *served > 4*cycle {
		t.Errorf("a cycle of %d pages: %d pages served, last error %v; want an error within 4 laps", cycle, *served, last)
	}
}

// TestPagesManyDistinct pages through a thousand distinct pages, one
// record each: no page is taken for a repeat.
func TestPagesManyDistinct(t *testing.T) {
	const pages = 1000
	c, _ := recorder(t, func(w http.ResponseWriter, r *http.Request) {
		p, _ := strconv.Atoi(r.URL.Query().Get("page"))
		fmt.Fprintf(w, `{"page":%d,"hasMore":%t,"data":[{"id":%d}]}`, p, p < pages, p)
	})
	n := 0
	for _, err := range Pages(context.Background(), 1, func(ctx context.Context, page int) ([]thing, bool, error) {
		resp, err := JSON(ctx, c, &Call{Method: http.MethodGet, Path: "/x/tenant/{tenant}/things", Params: &listParams{Page: PtrTo(int32(page))}}, new(thingPage), decodeThingPage, nil)
		if err != nil {
			return nil, false, err
		}
		return resp.Data, resp.HasMore, nil
	}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != pages {
		t.Errorf("yielded %d records; want %d", n, pages)
	}
}

// BenchmarkPageGuardCheck is the check Pages makes of each page once its
// records are hashed (BenchmarkPageRepeatCheck measures the hashing), over
// a run of distinct pages: the comparison with the pages before.
func BenchmarkPageGuardCheck(b *testing.B) {
	g := newPageGuard(context.Background())
	b.ReportAllocs()
	page := 0
	for b.Loop() {
		page++
		g.rec.sum, g.rec.n = uint64(page)*0x9e3779b97f4a7c15, 1
		if err := g.check(page, 1, nil); err != nil {
			b.Fatal(err)
		}
	}
}
