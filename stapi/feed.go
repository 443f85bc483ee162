package stapi

import (
	"context"
	"fmt"
	"hash/maphash"
	"iter"
	"strconv"
	"strings"
	"time"
)

// MaxEmptyBatches bounds the batches in a row an export feed accepts that
// carry no record while the server says it has more: a server that keeps
// doing so would otherwise be asked for ever.
const MaxEmptyBatches = 100

// MaxFollowedTokens bounds the continuation tokens a run of [Feed.All]
// remembers (a hash of each: about 2.4 MB at most), to stop when the server
// sends one it already followed (A, B, A, B): a loop of up to
// MaxFollowedTokens tokens is caught on its first repeat. Past it the run
// forgets them and starts again, so such a loop is caught one more lap
// later at worst; a longer loop is caught by a check in constant memory
// (Brent's cycle detection), within about three laps of it.
const MaxFollowedTokens = 1 << 16

// maxQuoted bounds how much of a server's continuation token an error
// quotes.
const maxQuoted = 64

// DedupeWindow is how many records' keys a feed with [Feed.Dedupe]
// remembers at least (and twice as many at most, 8 bytes each): a record
// repeated further back than that is not recognized.
const DedupeWindow = 1 << 17

// Feed is an export feed: [Feed.All] iterates over its records, following
// the server's continuation tokens, and [Feed.Token] tells where to resume
// later. A Feed is for one goroutine at a time.
type Feed[T any] struct {
	state feedState
	fetch func(ctx context.Context, from string) (items []T, next string, hasMore bool, err error)
	key   func(T) RecordKey
}

// RecordKey identifies one version of an exported record, for
// [Feed.Dedupe]: its id and when it was last modified.
type RecordKey struct {
	// ID is the record's id.
	ID int64
	// ModifiedOn is when the record was last modified; only the instant
	// counts, not the location.
	ModifiedOn time.Time
}

// feedState is where a feed is, kept apart from the record type so that
// the code following tokens is compiled once, not for every feed.
type feedState struct {
	token string
	empty int // batches in a row without a record

	// followed holds the hashes of the tokens this run of All followed,
	// up to MaxFollowedTokens of them; cycle catches longer loops.
	followed map[uint64]struct{}
	cycle    cycleCheck
	batches  int // batches fetched by this run of All
	// recent and older hold the hashes of the keys of the records yielded
	// lately, for Dedupe: when recent is full, it becomes older.
	recent, older map[uint64]struct{}
	seed          maphash.Seed
}

// NewFeed returns a feed starting at from: a continuation token, a
// date-time the API accepts (see [FromTime]), or "" for the beginning.
// fetch gets one batch.
//
//go:noinline
func NewFeed[T any](from string, fetch func(ctx context.Context, from string) (items []T, next string, hasMore bool, err error)) *Feed[T] {
	return &Feed[T]{state: feedState{token: from, seed: maphash.MakeSeed()}, fetch: fetch}
}

// FromTime returns t as an export's from parameter: the feed starts with
// the records modified on or after t. It is t in UTC with a Z
// ("2026-01-02T03:04:05Z"), the form the API takes, as time parameters are
// sent.
func FromTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339Nano)
}

// Dedupe makes f drop each record whose key (key returns its id and
// modification time) it already yielded, among the last DedupeWindow
// records or more, across runs of All: an export with
// includeRecentChanges=true can send a record again in a later batch, or
// the first batch of the next poll. It returns f.
func (f *Feed[T]) Dedupe(key func(T) RecordKey) *Feed[T] {
	f.key = key
	return f
}

// Token returns the continuation token to resume from: the one after the
// last batch whose every record was yielded. Records of a batch the loop
// left early come again on resuming. Once the server says it has no more
// (caught up), Token is the token to poll with later for the records
// changed since; until the first batch, it is where the feed started.
func (f *Feed[T]) Token() string { return f.state.token }

// All returns an iterator over the feed's records, from Token on, until the
// server says it has no more. Ranging over it again, or over All again,
// resumes from Token: after catching up, that polls for what changed since.
// On an error the iterator yields it once, with the zero record, and stops;
// a server that hands back a token the run already followed (the same
// again, or A, B, A) while claiming more records, or sends MaxEmptyBatches
// batches in a row without a record while claiming more, is an error, not
// an endless loop.
//
//go:noinline
func (f *Feed[T]) All(ctx context.Context) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		f.state.start()
		for {
			items, next, more, err := f.fetch(ctx, f.state.token)
			err = f.state.check(len(items), next, more, err)
			if err == nil && f.key != nil {
				items = dedupe(&f.state, items, f.key)
			}
			if !yieldBatch(yield, items, err) {
				return
			}
			if !f.state.advance(next, more) {
				return
			}
		}
	}
}

// FeedAll returns an iterator over the records of a new feed from newFeed
// every time it is ranged over: each range starts where newFeed's feed
// starts, as an export's ...All does, where ranging over one Feed's All
// again resumes.
//
//go:noinline
func FeedAll[T any](ctx context.Context, newFeed func() *Feed[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for v, err := range newFeed().All(ctx) {
			if !yield(v, err) {
				return
			}
		}
	}
}

// dedupe returns items without those whose key s has seen, and records the
// keys of the others.
func dedupe[T any](s *feedState, items []T, key func(T) RecordKey) []T {
	kept := items[:0]
	for _, it := range items {
		if s.fresh(key(it)) {
			kept = append(kept, it)
		}
	}
	return kept
}

// start begins a run of All: no token followed yet but the one it starts
// from.
func (s *feedState) start() {
	s.empty, s.batches, s.cycle = 0, 0, cycleCheck{}
	s.followed = make(map[uint64]struct{})
	if s.token != "" {
		h := maphash.String(s.seed, s.token)
		s.followed[h] = struct{}{}
		s.cycle.repeats(h, 0)
	}
}

// check returns the error to yield with a batch of n records that the
// server says is followed by more or not, from continuation token next: the
// fetch's own error, or one for a server that would have the feed loop.
//
//go:noinline
func (s *feedState) check(n int, next string, more bool, err error) error {
	s.batches++
	if n == 0 {
		s.empty++
	} else {
		s.empty = 0
	}
	if err != nil || !more {
		return err
	}
	if next == "" {
		return fmt.Errorf("stapi: export feed: the server claims more records but gave no continuation token after %s: stopping instead of looping", quoteCut(s.token))
	}
	h := maphash.String(s.seed, next)
	_, again := s.followed[h]
	if !again {
		_, again = s.cycle.repeats(h, s.batches)
	}
	if again {
		return fmt.Errorf("stapi: export feed: the server claims more records but gave continuation token %s after %s, a token this run already followed: stopping instead of looping", quoteCut(next), quoteCut(s.token))
	}
	if len(s.followed) >= MaxFollowedTokens {
		clear(s.followed)
	}
	s.followed[h] = struct{}{}
	if s.empty >= MaxEmptyBatches {
		s.token = next // nothing was skipped: resuming goes on from here
		return fmt.Errorf("stapi: export feed: %d batches in a row without a record while the server claims more (last token %s): stopping instead of looping; resume later from Token", s.empty, quoteCut(next))
	}
	return nil
}

// quoteCut returns s quoted, cut to its first maxQuoted bytes (as valid
// UTF-8) followed by its length when longer: a server's token can be of
// any size.
func quoteCut(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	return strconv.Quote(strings.ToValidUTF8(s[:maxQuoted], "")) + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// fresh reports whether the record of key k was not seen lately, and
// remembers it.
func (s *feedState) fresh(k RecordKey) bool {
	h := maphash.Comparable(s.seed, struct {
		id, sec int64
		nsec    int
	}{k.ID, k.ModifiedOn.Unix(), k.ModifiedOn.Nanosecond()})
	if _, ok := s.recent[h]; ok {
		return false
	}
	if _, ok := s.older[h]; ok {
		return false
	}
	if s.recent == nil || len(s.recent) >= DedupeWindow {
		s.older, s.recent = s.recent, make(map[uint64]struct{})
	}
	s.recent[h] = struct{}{}
	return true
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
