package stapi

import (
	"context"
	"fmt"
	"hash/maphash"
	"iter"
)

// Pages returns an iterator over the items of consecutive pages, from page
// first on (1 for most operations, 0 for those whose page starts there), for
// as long as the server says it has more and sends items. fetch gets one
// page, with the context it is given, through [JSON]. On an error the
// iterator yields it once, with the zero item, and stops; a page whose
// records are those of the page before (a server that ignores the page
// parameter) is an error, not an endless loop.
//
//go:noinline
func Pages[T any](ctx context.Context, first int, fetch func(ctx context.Context, page int) (items []T, hasMore bool, err error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		g := newPageGuard(ctx)
		for page := first; ; page++ {
			items, more, err := fetch(g.ctx, page)
			err = g.check(page, len(items), err)
			if !yieldBatch(yield, items, err) || !more || len(items) == 0 {
				return
			}
		}
	}
}

// pageGuard tells when a page repeats the one before. The records of a page
// are the arrays of its response's top-level object (data; a report's
// fields too): the Decoder hashes their bytes as it decodes them, for the
// pageRecord that the context of the call carries. Comparing the hashes is
// exact but for a chance of 2^-64, and costs a hash of the page's bytes,
// a fraction of decoding them.
type pageGuard struct {
	ctx  context.Context
	rec  pageRecord
	prev uint64 // the hash of the last page's records, if have
	have bool
}

// pageRecord is the hash of the records of a response, which the Decoder
// sums as it decodes them.
type pageRecord struct {
	seed maphash.Seed
	sum  uint64
	n    int // arrays summed
}

// pageRecordKey is the context key of a call's *pageRecord.
type pageRecordKey struct{}

// newPageGuard returns a guard whose context carries its record.
func newPageGuard(ctx context.Context) *pageGuard {
	g := &pageGuard{rec: pageRecord{seed: maphash.MakeSeed()}}
	g.ctx = context.WithValue(ctx, pageRecordKey{}, &g.rec)
	return g
}

// check returns the error to yield with page, of n items: the fetch's own
// error, or one for a page whose records repeat the page before's.
//
//go:noinline
func (g *pageGuard) check(page, n int, err error) error {
	sum, summed := g.rec.sum, g.rec.n > 0
	g.rec.sum, g.rec.n = 0, 0
	switch {
	case err != nil:
		return err
	case n == 0 || !summed:
		g.have = false
	case g.have && sum == g.prev:
		return fmt.Errorf("stapi: page %d has the same records as page %d: the server seems to ignore the page parameter; stopping instead of looping", page, page-1)
	default:
		g.prev, g.have = sum, true
	}
	return nil
}

// add sums the bytes of one array of records.
func (r *pageRecord) add(b []byte) {
	r.sum = r.sum*31 + maphash.Bytes(r.seed, b)
	r.n++
}

// pageRecordOf returns the *pageRecord ctx carries, or nil.
func pageRecordOf(ctx context.Context) *pageRecord {
	r, _ := ctx.Value(pageRecordKey{}).(*pageRecord)
	return r
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
