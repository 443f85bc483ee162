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
	state feedState
	fetch func(ctx context.Context, from string) (items []T, next string, hasMore bool, err error)
}

// feedState is where a feed is, kept apart from the record type so that
// the code following tokens is compiled once, not for every feed.
type feedState struct {
	token string
	empty int // batches in a row without a record
}

// NewFeed returns a feed starting at from: a continuation token, a date the
// API accepts ("2026-01-02"), or "" for the beginning. fetch gets one batch.
//
//go:noinline
func NewFeed[T any](from string, fetch func(ctx context.Context, from string) (items []T, next string, hasMore bool, err error)) *Feed[T] {
	return &Feed[T]{state: feedState{token: from}, fetch: fetch}
}

// Token returns the continuation token to resume from: the one after the
// last batch whose every record was yielded. Records of a batch the loop
// left early come again on resuming.
func (f *Feed[T]) Token() string { return f.state.token }

// All returns an iterator over the feed's records, from Token on. On an error
// the iterator yields it once, with the zero record, and stops; a server that
// hands back the token it was given while claiming more records, or sends
// MaxEmptyBatches batches in a row without a record while claiming more, is
// an error, not an endless loop.
//
//go:noinline
func (f *Feed[T]) All(ctx context.Context) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		f.state.empty = 0
		for {
			items, next, more, err := f.fetch(ctx, f.state.token)
			if !yieldBatch(yield, items, f.state.check(len(items), next, more, err)) {
				return
			}
			if !f.state.advance(next, more) {
				return
			}
		}
	}
}

// check returns the error to yield with a batch of n records that the
// server says is followed by more or not, from continuation token next: the
// fetch's own error, or one for a server that would have the feed loop.
//
//go:noinline
func (s *feedState) check(n int, next string, more bool, err error) error {
	if n == 0 {
		s.empty++
	} else {
		s.empty = 0
	}
	switch {
	case err != nil:
	case more && (next == "" || next == s.token):
		err = fmt.Errorf("stapi: export feed: the server claims more records but gave continuation token %q after %q: stopping instead of looping", next, s.token)
	case more && s.empty >= MaxEmptyBatches:
		s.token = next // nothing was skipped: resuming goes on from here
		err = fmt.Errorf("stapi: export feed: %d batches in a row without a record while the server claims more (last token %q): stopping instead of looping; resume later from Token", s.empty, next)
	}
	return err
}

// advance moves past a batch whose records were all yielded and reports
// whether the server has more.
func (s *feedState) advance(next string, more bool) bool {
	if next != "" {
		// The last batch may come without a token; the one before it
		// still says where the feed ends.
		s.token = next
	}
	return more
}
