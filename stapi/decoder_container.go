package stapi

import "unsafe"

// Ptr decodes the next value into **p with decode: null sets *p to nil;
// anything else is decoded into the value *p points to, allocated first if
// *p is nil, as encoding/json does.
//
//go:noinline
func Ptr[T any](d *Decoder, p **T, decode func(*Decoder, *T)) {
	if d.peek() == 'n' {
		if d.literal("null") {
			*p = nil
		}
		return
	}
	if *p == nil {
		var zero T
		if !d.spend(int64(unsafe.Sizeof(zero))) {
			return
		}
		*p = new(T)
	}
	decode(d, *p)
}

// Slice decodes a JSON array into *p, each element with decode: null sets
// *p to nil and [] to an empty slice. As in encoding/json, the elements are
// decoded into the slice's existing elements (and into those between its
// length and capacity), which a duplicate field name can make matter.
//
//go:noinline
func Slice[T any](d *Decoder, p *[]T, decode func(*Decoder, *T)) {
	if null, ok := d.array(); !ok {
		if null {
			*p = nil
		}
		return
	}
	s := *p
	i := 0
	start := d.pos
	var zero T
	size := int64(unsafe.Sizeof(zero))
	d.slices++
	for more := d.beginArray(); more; more = d.nextElement() {
		switch {
		case i < len(s):
		case i < cap(s):
			s = s[:i+1]
		default:
			k := d.room(len(s), start, size)
			if k == 0 {
				return
			}
			s = append(s, make([]T, k)...)[:i+1]
		}
		decode(d, &s[i])
		i++
	}
	d.slices--
	d.lastLen, d.lastAt = i, d.depth
	if d.pages != nil {
		d.sum(start)
	}
	if i == 0 {
		*p = []T{}
		return
	}
	*p = s[:i]
}

// array reads what comes before an array's elements for Slice: ok when
// an array follows, null after reading null, neither after recording that
// the value is something else. Not generic, as room is not.
//
//go:noinline
func (d *Decoder) array() (null, ok bool) {
	switch d.peek() {
	case '[':
		return false, true
	case 'n':
		return d.literal("null"), false
	}
	d.wrongType("an array")
	return false, false
}

// sum adds the array Slice decoded from start to d.pages if it is an array
// of the top-level value. Not generic, as room is not.
//
//go:noinline
func (d *Decoder) sum(start int) {
	if d.depth <= 1 {
		d.pages.add(d.data[start:d.pos])
	}
}

// room returns how many elements of size bytes to add to a full slice of n
// elements that an array being decoded from start fills, having spent them
// from the memory budget, or 0 (and records the error) beyond the budget.
// Not generic, so that each element type compiles only the append.
//
// An array after another of the same depth first takes the other's length:
// the rows of a table are as long as each other. Else a short slice, or
// one inside another Slice is decoding, doubles. The outer array of a
// page, once long, takes as many elements as the rest of the input holds
// if they are as long as the first ones, up to 8 times n: a page of records
// is then allocated once or twice rather than copied a dozen times. No
// guess goes beyond what the rest of the input can hold, each element but
// the last taking at least 2 bytes (a digit, or {}, and a comma), nor
// beyond what the budget has left.
//
//go:noinline
func (d *Decoder) room(n, start int, size int64) int {
	var k int
	switch {
	case n == 0 && d.lastLen > 0 && d.lastAt == d.depth-1:
		k = min(d.lastLen, (len(d.data)-d.pos)/2+1)
	case n < 16 || d.slices > 1:
		k = max(n, 1)
	default:
		rest := len(d.data) - d.pos
		guess := n + n*rest/(d.pos-start)
		k = max(1, min(guess+guess/16, 8*n, n+rest/2+1)-n)
	}
	if cost := int64(k) * size; cost <= d.budget {
		d.budget -= cost
		return k
	}
	// Beyond the budget: double, if the budget has room, else one element
	// for the error.
	k = int(max(1, min(int64(n), d.budget/max(size, 1))))
	if !d.spend(int64(k) * size) {
		return 0
	}
	return k
}

// Map decodes a JSON object into *p, each value with decode into a zero V
// first: null sets *p to nil; an object adds to the map *p holds, made first
// if *p is nil. The keys are the object's field names as written.
//
//go:noinline
func Map[K ~string, V any](d *Decoder, p *map[K]V, decode func(*Decoder, *V)) {
	switch d.peek() {
	case '{':
	case 'n':
		if d.literal("null") {
			*p = nil
		}
		return
	default:
		d.wrongType("an object")
		return
	}
	m := *p
	if m == nil {
		m = make(map[K]V)
		*p = m
	}
	var v *V // one value to decode into for the whole object, as decode makes it escape
	var entry struct {
		k K
		v V
	}
	for more := d.beginData(); more; more = d.nextField() {
		key, ok := d.name()
		if !ok {
			return
		}
		k := K(key)
		if v == nil {
			v = new(V)
		} else {
			var zero V
			*v = zero
		}
		decode(d, v)
		n := len(m)
		if m[k] = *v; len(m) > n && !d.spend(int64(unsafe.Sizeof(entry))) {
			return
		}
	}
	d.endData()
}

// PtrOf returns a decoder of *T from a decoder of T (see [Ptr]), for a
// result or an element whose type is a pointer.
//
//go:noinline
func PtrOf[T any](decode func(*Decoder, *T)) func(*Decoder, **T) {
	return func(d *Decoder, p **T) { Ptr(d, p, decode) }
}

// SliceOf returns a decoder of []T from a decoder of T (see [Slice]), for a
// result or an element whose type is a slice.
//
//go:noinline
func SliceOf[T any](decode func(*Decoder, *T)) func(*Decoder, *[]T) {
	return func(d *Decoder, p *[]T) { Slice(d, p, decode) }
}

// MapOf returns a decoder of map[string]V from a decoder of V (see [Map]),
// for a result or an element whose type is a map.
//
//go:noinline
func MapOf[V any](decode func(*Decoder, *V)) func(*Decoder, *map[string]V) {
	return func(d *Decoder, p *map[string]V) { Map(d, p, decode) }
}

// UnmarshalOf decodes a value into *p with encoding/json (see
// [Decoder.Unmarshal]), for a type generated code has no decoder of.
func UnmarshalOf[T any](d *Decoder, p *T) { d.Unmarshal(p) }
