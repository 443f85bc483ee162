package stapi

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

func TestUpperASCII(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var in, want [8]byte
	for range 200000 {
		for i := range in {
			in[i] = byte(r.IntN(128))
			want[i] = in[i]
			if 'a' <= in[i] && in[i] <= 'z' {
				want[i] -= 'a' - 'A'
			}
		}
		if got := upperASCII(binary.LittleEndian.Uint64(in[:])); got != binary.LittleEndian.Uint64(want[:]) {
			t.Fatalf("upperASCII(%q) = %x; want %q", in, got, want)
		}
	}
}

func TestQuoteOrEscape(t *testing.T) {
	// The lowest marked byte is the first special one, whatever follows.
	r := rand.New(rand.NewPCG(3, 4))
	var in [8]byte
	for range 200000 {
		first := 8
		for i := range in {
			in[i] = byte(r.IntN(256))
			if first == 8 && (in[i] == '"' || in[i] == '\\' || in[i] < ' ') {
				first = i
			}
		}
		m := quoteOrEscape(binary.LittleEndian.Uint64(in[:])) & msb
		got := 8
		for i := range 8 {
			if m>>(8*i+7)&1 != 0 {
				got = i
				break
			}
		}
		if got != first {
			t.Fatalf("quoteOrEscape(%q) marks byte %d first; want %d", in, got, first)
		}
	}
}
