package stapi

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
)

// TestLyingContentLength sends 20 calls at once to a server whose responses
// announce a body of 1 GiB and send 2 bytes: the buffers they read into grow
// with the bytes that arrive, so together they allocate megabytes.
func TestLyingContentLength(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{}")
		buf.Flush()
	}))
	defer srv.Close()
	c := &Client{BaseURL: srv.URL, Tenant: 1}
	call := &Call{Method: http.MethodGet, Path: "/x/tenant/{tenant}/things"}

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, err := JSON(context.Background(), c, call, new(thing), decodeThing, nil); err == nil {
				t.Error("a body cut short of its Content-Length decoded without an error")
			}
		})
	}
	wg.Wait()
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("20 responses of 2 bytes announcing 1 GiB each allocated %d MiB; want a few", alloc>>20)
	} else {
		t.Logf("20 responses of 2 bytes announcing 1 GiB each allocated %.1f MiB", float64(alloc)/(1<<20))
	}
}

// wide is a record type as large as the largest that generated code
// decodes in slices (telecom's BundleCallModel, 1,440 bytes).
type wide struct {
	ID   int64
	Rest [1432]byte
}

func decodeWide(d *Decoder, v *wide) {
	for key := d.Object(); key != nil; key = d.Field() {
		if string(key) == "ID" {
			d.Int64(&v.ID)
		}
	}
}

// array returns a JSON array of n copies of elem.
func array(n int, elem string) []byte {
	b := make([]byte, 0, 2+n*(len(elem)+1))
	b = append(b, '[')
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, elem...)
	}
	return append(b, ']')
}

// TestDecodeBudget decodes bodies that amplify into much more memory than
// their size, and pages as large as the API sends, measuring what each
// allocates: the first stop at the Decoder's budget, within twice what it
// allows, the others decode.
func TestDecodeBudget(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes what appending allocates")
	}
	wides := func(d *Decoder) any { v := new([]wide); Slice(d, v, decodeWide); return v }
	anys := func(d *Decoder) any { v := new(any); d.Any(v); return v }
	rows := func(d *Decoder) any { v := new([][]any); Slice(d, v, SliceOf((*Decoder).Any)); return v }
	for _, c := range []struct {
		name   string
		body   []byte
		budget int64              // when not NewDecoder's
		dec    func(*Decoder) any // returns what it decoded into
		fail   bool
	}{
		{"empty objects into wide structs", array(200_000, "{}"), 0, wides, true},
		{"nulls into wide structs", array(200_000, "null"), 0, wides, true},
		{"empty objects into pointers", array(200_000, "{}"), 0, func(d *Decoder) any { v := new([]*wide); Slice(d, v, PtrOf(decodeWide)); return v }, true},
		{"empty objects into a map", mapOf(100_000, "{}"), 0, func(d *Decoder) any { v := new(map[string]wide); Map(d, v, decodeWide); return v }, true},
		// Without the budget's floor of 64 MiB, as a body of 13 MB would need.
		{"empty objects into any", array(500_000, "{}"), decodeBudgetRatio * 1_500_001, anys, true},
		{"empty arrays into any", array(500_000, "[]"), decodeBudgetRatio * 1_500_001, anys, true},
		{"a page of 5,000 sparse wide records", array(5000, `{"id":1}`), 0, wides, false},
		{"25,000 report rows of 40 small numbers", array(25_000, string(array(40, "1"))), 0, rows, false},
		{"25,000 report rows of 40 small numbers, without the floor", array(25_000, string(array(40, "1"))), decodeBudgetRatio * 2_050_001, rows, false},
	} {
		var before, after, kept runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		d := NewDecoder(c.body)
		if c.budget != 0 {
			d.budget = c.budget
		}
		budget := d.budget
		v := c.dec(d)
		err := d.Finish()
		runtime.ReadMemStats(&after)
		runtime.GC()
		runtime.ReadMemStats(&kept)
		runtime.KeepAlive(v)
		n, live := after.TotalAlloc-before.TotalAlloc, kept.HeapAlloc-min(kept.HeapAlloc, before.HeapAlloc)
		t.Logf("%s: %d bytes allocated %.1f MiB (%.0f per byte), %.1f MiB live; budget %.1f MiB: %v",
			c.name, len(c.body), float64(n)/(1<<20), float64(n)/float64(len(c.body)), float64(live)/(1<<20), float64(budget)/(1<<20), err)
		switch {
		case c.fail && (err == nil || !strings.Contains(err.Error(), "16 times the size of the body")):
			t.Errorf("%s: err = %v; want the budget's error", c.name, err)
		case !c.fail && err != nil:
			t.Errorf("%s: %v", c.name, err)
		}
		if n > 3*uint64(budget) || live > uint64(budget)+uint64(budget)/4 {
			t.Errorf("%s: allocated %d bytes, %d live; want at most 3 times the budget, %d, and the budget live", c.name, n, live, budget)
		}
	}
}

// mapOf returns a JSON object of n fields of distinct names, each valued elem.
func mapOf(n int, elem string) []byte {
	b := []byte{'{'}
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = strconv.AppendInt(b, int64(i), 36)
		b = append(b, `":`...)
		b = append(b, elem...)
	}
	return append(b, '}')
}

// TestReadBody reads bodies of several sizes whatever length they announce,
// in small reads: each comes whole, within the limit, in a buffer no larger
// than eight times its size or firstBodyBuffer.
func TestReadBody(t *testing.T) {
	for _, size := range []int{0, 1, 1000, firstBodyBuffer - 1, firstBodyBuffer, 4*firstBodyBuffer + 3} {
		body := bytes.Repeat([]byte("0123456789abcdef"), size/16+1)[:size]
		for _, announced := range []int64{int64(size), -1, 1 << 30, int64(size / 2)} {
			for _, limit := range []int64{DefaultMaxResponseBytes, int64(size), int64(max(size-1, 0))} {
				got, err := readBody(iotest.HalfReader(bytes.NewReader(body)), announced, limit)
				switch {
				case err != nil:
					t.Errorf("size %d announced %d limit %d: %v", size, announced, limit, err)
				case int64(size) <= limit && !bytes.Equal(got, body):
					t.Errorf("size %d announced %d limit %d: read %d bytes, not the body", size, announced, limit, len(got))
				case int64(size) > limit && int64(len(got)) != limit+1:
					t.Errorf("size %d announced %d limit %d: read %d bytes; want limit+1 to tell it is over", size, announced, limit, len(got))
				case cap(got) > max(8*size, firstBodyBuffer)+4096:
					t.Errorf("size %d announced %d limit %d: a buffer of %d bytes", size, announced, limit, cap(got))
				}
			}
		}
	}
	if _, err := readBody(iotest.ErrReader(io.ErrUnexpectedEOF), 10, 100); err != io.ErrUnexpectedEOF {
		t.Errorf("a failing read gave %v", err)
	}
}
