package stapi

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
	for more := d.beginArray(); more; more = d.nextElement() {
		switch {
		case i < len(s):
		case i < cap(s):
			s = s[:i+1]
		default:
			s = append(s, make([]T, d.room(len(s), start))...)[:i+1]
		}
		decode(d, &s[i])
		i++
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

// room returns how many elements to add to a full slice of n elements
// that an array being decoded from start fills. For a long array it reckons
// how many elements the rest of the input holds if they are as long as the
// first ones, up to 8 times n: a page of records is then allocated once or
// twice rather than copied a dozen times. Not generic, so that each element
// type compiles only the append.
//
//go:noinline
func (d *Decoder) room(n, start int) int {
	if n < 16 {
		return 1
	}
	guess := n + n*(len(d.data)-d.pos)/(d.pos-start)
	return min(guess+guess/16, 8*n) - n
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
	for more := d.beginObject(); more; more = d.nextField() {
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
		m[k] = *v
	}
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
