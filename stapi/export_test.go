package stapi

import "hash/maphash"

// DecodeSummed decodes data as a call of Pages does, summing the arrays of
// the top-level value, and returns the sum.
func DecodeSummed[T any](data []byte, v *T, decode func(*Decoder, *T)) (uint64, error) {
	r := &pageRecord{seed: maphash.MakeSeed()}
	d := NewDecoder(data)
	d.pages = r
	decode(d, v)
	return r.sum, d.Finish()
}
