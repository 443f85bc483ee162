package stapi

import (
	"context"
	"fmt"
	"iter"
)

// MaxEmptyBatches bounds the batches in a row an export feed accepts that
// carry no record while the server says it has more: a server that keeps
// doing so would otherwise be asked for ever.
const MaxEmptyBatches = 100

// Feed is an export feed: [Feed.All] iterates over its records, following
// the server's continuation tokens, and [Feed.Token] tells where to resume
// later. A Feed is for one goroutine at a time.
type Feed[T any] struct {
	token string
	fetch func(ctx context.Context, from string) (items []T, next string, hasMore bool, err error)
}

// NewFeed returns a feed starting at from: a continuation token, a date the
// API accepts ("2026-01-02"), or "" for the beginning. fetch gets one batch.
//
//go:noinline
func NewFeed[T any](from string, fetch func(ctx context.Context, from string) (items []T, next string, hasMore bool, err error)) *Feed[T] {
	return &Feed[T]{token: from, fetch: fetch}
}

// Token returns the continuation token to resume from: the one after the
// last batch whose every record was yielded. Records of a batch the loop
// left early come again on resuming.
func (f *Feed[T]) Token() string { return f.token }

// All returns an iterator over the feed's records, from Token on. On an error
// the iterator yields it once, with the zero record, and stops; a server that
// hands back the token it was given while claiming more records, or sends
// MaxEmptyBatches batches in a row without a record while claiming more, is
// an error, not an endless loop.
func (f *Feed[T]) All(ctx context.Context) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		empty := 0
		for {
			items, next, more, err := f.fetch(ctx, f.token)
			if len(items) == 0 {
				empty++
			} else {
				empty = 0
			}
			switch {
			case err != nil:
			case more && (next == "" || next == f.token):
				err = fmt.Errorf("stapi: export feed: the server claims more records but gave continuation token %q after %q: stopping instead of looping", next, f.token)
			case more && empty >= MaxEmptyBatches:
				f.token = next // nothing was skipped: resuming goes on from here
				err = fmt.Errorf("stapi: export feed: %d batches in a row without a record while the server claims more (last token %q): stopping instead of looping; resume later from Token", empty, next)
			}
			if !yieldBatch(yield, items, err) {
				return
			}
			if next != "" {
				// The last batch may come without a token; the one before
				// it still says where the feed ends.
				f.token = next
			}
			if !more {
				return
			}
		}
	}
}
