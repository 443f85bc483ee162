package stapi

import (
	"context"
	"iter"
)

// Pages returns an iterator over the items of consecutive pages, from page
// first on (1 for most operations, 0 for those whose page starts there), for
// as long as the server says it has more and sends items. fetch gets one
// page. On an error the iterator yields it once, with the zero item, and
// stops.
//
//go:noinline
func Pages[T any](ctx context.Context, first int, fetch func(ctx context.Context, page int) (items []T, hasMore bool, err error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for page := first; ; page++ {
			items, more, err := fetch(ctx, page)
			if !yieldBatch(yield, items, err) || !more || len(items) == 0 {
				return
			}
		}
	}
}

// yieldBatch yields err once, with the zero item, or else every item, and
// reports whether the iteration goes on: no error and the loop did not stop.
//
//go:noinline
func yieldBatch[T any](yield func(T, error) bool, items []T, err error) bool {
	if err != nil {
		var zero T
		yield(zero, err)
		return false
	}
	for _, it := range items {
		if !yield(it, nil) {
			return false
		}
	}
	return true
}

// PtrTo returns a pointer to v.
//
//go:noinline
func PtrTo[T any](v T) *T { return &v }

// Deref returns *p, or the zero value when p is nil.
//
//go:noinline
func Deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// Clone returns a copy of *p, or a new zero value when p is nil: an
// iterator changes its copy of the caller's parameters, never theirs.
//
//go:noinline
func Clone[T any](p *T) *T {
	c := new(T)
	if p != nil {
		*c = *p
	}
	return c
}

// NonZero returns a pointer to v, or nil when v is the zero value.
//
//go:noinline
func NonZero[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

// FirstPage returns the page an iterator starts from: *page, or def when
// page is nil.
//
//go:noinline
func FirstPage[N ~int | ~int32 | ~int64](page *N, def int) int {
	if page == nil {
		return def
	}
	return int(*page)
}

// SetDefault sets *p to a pointer to v unless it is set already.
//
//go:noinline
func SetDefault[T any](p **T, v T) {
	if *p == nil {
		*p = &v
	}
}
