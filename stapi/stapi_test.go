package stapi

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"iter"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

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

func TestFeedStopsOnEmptyBatches(t *testing.T) {
	fetches := 0
	f := NewFeed("", func(_ context.Context, from string) ([]int, string, bool, error) {
		fetches++
		if fetches > 2*MaxEmptyBatches {
			t.Fatal("the feed kept asking")
		}
		return nil, "t" + strings.Repeat("x", fetches), true, nil
	})
	var last error
	n := 0
	for _, err := range f.All(context.Background()) {
		n++
		last = err
	}
	if n != 1 || last == nil || !strings.Contains(last.Error(), "batches in a row without a record") || fetches != MaxEmptyBatches {
		t.Errorf("after %d fetches: %d yields, last %v; want one error after %d fetches", fetches, n, last, MaxEmptyBatches)
	}
	if f.Token() == "" {
		t.Error("the token of the last empty batch is lost: resuming would ask for them all again")
	}
}

func TestPagesFromZero(t *testing.T) {
	var asked []int
	for range Pages(context.Background(), 0, func(_ context.Context, page int) ([]int, bool, error) {
		asked = append(asked, page)
		return []int{page}, page < 1, nil
	}) {
	}
	if !slices.Equal(asked, []int{0, 1}) {
		t.Errorf("asked pages %v; want [0 1]", asked)
	}
}

// thingPage is a page envelope as generated code has them.
type thingPage struct {
	Data    []thing
	HasMore bool
	Page    int32
}

func decodeThingPage(d *Decoder, v *thingPage) {
	for key := d.Object(); key != nil; key = d.Field() {
		switch string(key) {
		case "DATA":
			Slice(d, &v.Data, decodeThing)
		case "HASMORE":
			d.Bool(&v.HasMore)
		case "PAGE":
			d.Int32(&v.Page)
		}
	}
}

// TestPagesRepeated pages through servers that ignore the page parameter,
// sending the same records with hasMore: true, the page number echoed or
// not: the iterator stops with an error at the second page instead of
// yielding the same records for ever (the servers stop after 10 pages).
func TestPagesRepeated(t *testing.T) {
	for _, echo := range []bool{false, true} {
		served := 0
		c, _ := recorder(t, func(w http.ResponseWriter, r *http.Request) {
			served++
			page := "1"
			if echo {
				page = r.URL.Query().Get("page")
			}
			fmt.Fprintf(w, `{"page":%s,"hasMore":%t,"data":[{"id":1,"name":"a"},{"id":2,"name":"b"}]}`, page, served < 10)
		})
		fetch := func(ctx context.Context, page int) ([]thing, bool, error) {
			call := &Call{Method: http.MethodGet, Path: "/x/tenant/{tenant}/things", Params: &listParams{Page: PtrTo(int32(page))}}
			resp, err := JSON(ctx, c, call, new(thingPage), decodeThingPage, nil)
			if err != nil {
				return nil, false, err
			}
			return resp.Data, resp.HasMore, nil
		}
		var got []int64
		var last error
		for v, err := range Pages(context.Background(), 1, fetch) {
			got = append(got, v.ID)
			last = err
		}
		if served != 2 || !slices.Equal(got, []int64{1, 2, 0}) || last == nil || !strings.Contains(last.Error(), "page 2 has the same records as page 1") {
			t.Errorf("echoing the page %v: %d pages served, yielded %v, last error %v; want 2 pages, [1 2] and an error", echo, served, got, last)
		}
	}
}

// TestPagesDistinct pages through a server whose pages differ only in
// records of one byte: every record is yielded.
func TestPagesDistinct(t *testing.T) {
	c, _ := recorder(t, func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Query().Get("page")
		fmt.Fprintf(w, `{"page":1,"hasMore":%t,"data":[{"id":%s}]}`, p != "4", p)
	})
	var got []int64
	for v, err := range Pages(context.Background(), 1, func(ctx context.Context, page int) ([]thing, bool, error) {
		resp, err := JSON(ctx, c, &Call{Method: http.MethodGet, Path: "/x/tenant/{tenant}/things", Params: &listParams{Page: PtrTo(int32(page))}}, new(thingPage), decodeThingPage, nil)
		if err != nil {
			return nil, false, err
		}
		return resp.Data, resp.HasMore, nil
	}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v.ID)
	}
	if !slices.Equal(got, []int64{1, 2, 3, 4}) {
		t.Errorf("yielded %v; want [1 2 3 4]", got)
	}
}

// batch is one answer of an export endpoint.
type batch struct {
	items []string
	next  string
	more  bool
}

// TestFeedRevisitsToken follows a server whose tokens go A, B, A, B: the
// feed stops with an error when it is sent A again, having yielded each
// batch once.
func TestFeedRevisitsToken(t *testing.T) {
	batches := map[string]batch{"": {[]string{"a"}, "A", true}, "A": {[]string{"b"}, "B", true}, "B": {[]string{"c"}, "A", true}}
	fetches := 0
	f := NewFeed("", func(_ context.Context, from string) ([]string, string, bool, error) {
		if fetches++; fetches > 10 {
			t.Fatal("the feed kept fetching")
		}
		b := batches[from]
		return b.items, b.next, b.more, nil
	})
	var got []string
	var last error
	for v, err := range f.All(context.Background()) {
		got = append(got, v)
		last = err
	}
	if !slices.Equal(got, []string{"a", "b", ""}) || last == nil || !strings.Contains(last.Error(), `token "A" after "B", a token this run already followed`) {
		t.Errorf("yielded %v, last error %v; want [a b] and an error naming A", got, last)
	}
	if f.Token() != "B" {
		t.Errorf("token %q; want B, after the last batch yielded", f.Token())
	}

	// The token a run starts from counts as followed.
	fetches = 0
	batches = map[string]batch{"S": {[]string{"a"}, "T", true}, "T": {[]string{"b"}, "S", true}}
	last = nil
	for _, err := range NewFeed("S", func(_ context.Context, from string) ([]string, string, bool, error) {
		fetches++
		b := batches[from]
		return b.items, b.next, b.more, nil
	}).All(context.Background()) {
		last = err
	}
	if fetches != 2 || last == nil {
		t.Errorf("a loop back to the starting token: %d fetches, last error %v; want 2 and an error", fetches, last)
	}
}

// TestFollowedTokensBounded follows more tokens than MaxFollowedTokens, then
// a loop: the run remembers at most MaxFollowedTokens and still stops.
func TestFollowedTokensBounded(t *testing.T) {
	n := 0
	f := NewFeed("", func(_ context.Context, from string) ([]int, string, bool, error) {
		if n++; n > MaxFollowedTokens+10 {
			return []int{n}, "t1", true, nil // back to a token followed long ago
		}
		return []int{n}, "t" + strconv.Itoa(n), true, nil
	})
	var last error
	for _, err := range f.All(context.Background()) {
		last = err
		if len(f.state.followed) > MaxFollowedTokens {
			t.Fatalf("%d tokens remembered", len(f.state.followed))
		}
		if n > 3*MaxFollowedTokens {
			t.Fatal("the feed kept fetching")
		}
	}
	if last == nil {
		t.Error("a loop after many tokens was not caught")
	}
}

// TestFeedAllRestarts ranges twice over an iterator from FeedAll, which
// starts a new feed each time, and twice over one Feed's All, which resumes.
func TestFeedAllRestarts(t *testing.T) {
	batches := map[string]batch{"": {[]string{"a", "b"}, "t1", true}, "t1": {[]string{"c"}, "t2", false}, "t2": {nil, "t2", false}}
	fetch := func(_ context.Context, from string) ([]string, string, bool, error) {
		b := batches[from]
		return b.items, b.next, b.more, nil
	}
	collect := func(seq iter.Seq2[string, error]) []string {
		var got []string
		for v, err := range seq {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, v)
		}
		return got
	}
	all := FeedAll(context.Background(), func() *Feed[string] { return NewFeed("", fetch) })
	if first, second := collect(all), collect(all); !slices.Equal(first, []string{"a", "b", "c"}) || !slices.Equal(second, first) {
		t.Errorf("FeedAll ranged twice: %v then %v; want [a b c] both times", first, second)
	}

	f := NewFeed("", fetch)
	seq := f.All(context.Background())
	if first := collect(seq); !slices.Equal(first, []string{"a", "b", "c"}) || f.Token() != "t2" {
		t.Errorf("All: %v, token %q; want [a b c], t2", first, f.Token())
	}
	// Caught up: Token is where to poll from, and ranging again polls.
	batches["t2"] = batch{[]string{"d"}, "t3", false}
	if second := collect(seq); !slices.Equal(second, []string{"d"}) || f.Token() != "t3" {
		t.Errorf("All ranged again: %v, token %q; want [d] from t2, t3", second, f.Token())
	}
}

// TestFeedFromTime starts a feed at a date-time: it asks for it in UTC with
// a Z, as time parameters are sent, and its Token is that until the first
// batch.
func TestFeedFromTime(t *testing.T) {
	since := time.Date(2026, 1, 2, 3, 4, 5, 120_000_000, time.FixedZone("-06:00", -6*3600))
	if got, want := FromTime(since), "2026-01-02T09:04:05.12Z"; got != want {
		t.Errorf("FromTime = %q; want %q", got, want)
	}
	if got, _ := formatScalar(reflect.ValueOf(since)); got != FromTime(since) {
		t.Errorf("a time parameter is sent as %q, a feed's from as %q", got, FromTime(since))
	}
	var asked []string
	f := NewFeed(FromTime(since), func(_ context.Context, from string) ([]int, string, bool, error) {
		asked = append(asked, from)
		return []int{1}, "t1", false, nil
	})
	if f.Token() != "2026-01-02T09:04:05.12Z" {
		t.Errorf("Token before the first batch = %q", f.Token())
	}
	for range f.All(context.Background()) {
	}
	if !slices.Equal(asked, []string{"2026-01-02T09:04:05.12Z"}) || f.Token() != "t1" {
		t.Errorf("asked %v, token %q; want the date-time, then t1", asked, f.Token())
	}
}

// TestFeedDedupe follows a feed whose batches repeat records, as
// includeRecentChanges=true can, in a batch and in the first batch of the
// next poll: each version of a record (id and modification time) is yielded
// once, and a new version again.
func TestFeedDedupe(t *testing.T) {
	type rec struct {
		ID  int64
		Mod time.Time
	}
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	key := func(r rec) RecordKey { return RecordKey{ID: r.ID, ModifiedOn: r.Mod} }
	batches := map[string]struct {
		items []rec
		next  string
		more  bool
	}{
		"":   {[]rec{{1, t0}, {2, t0}}, "t1", true},
		"t1": {[]rec{{2, t0}, {3, t0}, {1, t0.Add(time.Second)}}, "t2", false},
		"t2": {[]rec{{3, t0.In(time.FixedZone("+01:00", 3600))}, {4, t0}}, "t3", false},
	}
	f := NewFeed("", func(_ context.Context, from string) ([]rec, string, bool, error) {
		b := batches[from]
		return slices.Clone(b.items), b.next, b.more, nil
	}).Dedupe(key)
	var got []rec
	for range 2 {
		for v, err := range f.All(context.Background()) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, v)
		}
	}
	want := []rec{{1, t0}, {2, t0}, {3, t0}, {1, t0.Add(time.Second)}, {4, t0}}
	if !slices.Equal(got, want) {
		t.Errorf("yielded %v; want %v", got, want)
	}

	// The window: at least DedupeWindow keys are remembered, at most twice as many.
	var s feedState
	s.seed = maphash.MakeSeed()
	for i := range 2*DedupeWindow + 1 {
		if !s.fresh(RecordKey{ID: int64(i)}) {
			t.Fatalf("key %d is not fresh", i)
		}
		if i == DedupeWindow && s.fresh(RecordKey{ID: 0}) {
			t.Fatal("the first key is forgotten after DedupeWindow more")
		}
	}
	if len(s.recent)+len(s.older) > 2*DedupeWindow {
		t.Errorf("%d keys remembered", len(s.recent)+len(s.older))
	}
}
