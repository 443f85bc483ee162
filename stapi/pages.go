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
// records are those of a page it yielded is an error, not an endless loop:
// a server that ignores the page parameter, or cycles through pages (X, Y,
// X), is stopped at the first repeat when it cycles through at most 8
// pages, and within a few laps of a longer cycle.
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

// pageWindow is how many of the last pages' hashes a pageGuard compares a
// page with.
const pageWindow = 8

// pageGuard tells when a page repeats one before. The records of a page
// are the arrays of its response's top-level object (data; a report's
// fields too): the Decoder hashes their bytes as it decodes them, for the
// pageRecord that the context of the call carries. A page is compared with
// the last pageWindow pages, and with a cycleCheck's anchor for longer
// cycles; in constant memory. Comparing the hashes is exact but for a
// chance of 2^-64 a pair, and costs a hash of the page's bytes, a fraction
// of decoding them.
type pageGuard struct {
	ctx context.Context
	rec pageRecord
	// recent holds the hashes of the last pages with records, the page of
	// index n%pageWindow the oldest once n reaches pageWindow.
	recent [pageWindow]pageHash
	n      int
	cycle  cycleCheck
}

// pageHash is the hash of a page's records.
type pageHash struct {
	sum  uint64
	page int
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
// error, or one for a page whose records repeat an earlier page's. A page
// without records, or whose records were not hashed (not fetched through
// JSON), is not remembered.
//
//go:noinline
func (g *pageGuard) check(page, n int, err error) error {
	sum, summed := g.rec.sum, g.rec.n > 0
	g.rec.sum, g.rec.n = 0, 0
	if err != nil || n == 0 || !summed {
		return err
	}
	for _, p := range g.recent[:min(g.n, pageWindow)] {
		if p.sum == sum {
			return repeatedPage(page, p.page)
		}
	}
	if earlier, again := g.cycle.repeats(sum, page); again {
		return repeatedPage(page, earlier)
	}
	g.recent[g.n%pageWindow] = pageHash{sum, page}
	g.n++
	return nil
}

// repeatedPage is the error of a page whose records are those of the
// earlier page.
func repeatedPage(page, earlier int) error {
	if earlier == page-1 {
		return fmt.Errorf("stapi: page %d has the same records as page %d, the page before: the server seems to ignore the page parameter; stopping instead of looping", page, earlier)
	}
	return fmt.Errorf("stapi: page %d has the same records as page %d, %d pages before: the server cycles through pages; stopping instead of looping", page, earlier, page-earlier)
}

// cycleCheck tells when a sequence of hashes (of pages, of continuation
// tokens) comes back to one it had, however long the cycle, in constant
// memory: Brent's cycle detection. It compares each hash with an anchor,
// moved to the current hash after 1, 2, 4, 8... steps, so a cycle of L
// hashes entered after M is caught within M + 3L steps or so, once the
// anchor is in the cycle and the steps between moves reach L.
type cycleCheck struct {
	anchor   uint64
	anchorAt int // where the anchor was, as the caller counts
	set      bool
	steps    int // since the anchor moved
	power    int // steps before it moves next
}

// repeats reports whether h is the anchor, and where the anchor was; else
// it takes h, at at, into account.
func (c *cycleCheck) repeats(h uint64, at int) (int, bool) {
	if c.set && h == c.anchor {
		return c.anchorAt, true
	}
	if c.steps++; c.steps >= c.power {
		c.anchor, c.anchorAt, c.set = h, at, true
		c.steps, c.power = 0, max(2*c.power, 1)
	}
	return 0, false
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
