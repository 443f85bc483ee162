package stapi

import (
	"context"
	"iter"
)

// Pages returns an iterator over the items of consecutive pages, from page
// first on, for as long as the server says it has more. fetch gets one page.
// On an error the iterator yields it once, with the zero item, and stops.
func Pages[T any](ctx context.Context, first int, fetch func(ctx context.Context, page int) (items []T, hasMore bool, err error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for page := max(first, 1); ; page++ {
			items, more, err := fetch(ctx, page)
			if !yieldBatch(yield, items, err) || !more || len(items) == 0 {
				return
			}
		}
	}
}

// yieldBatch yields err once, with the zero item, or else every item, and
// reports whether the iteration goes on: no error and the loop did not stop.
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

// Deref returns *p, or the zero value when p is nil.
func Deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
