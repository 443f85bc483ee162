package stapi

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
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
