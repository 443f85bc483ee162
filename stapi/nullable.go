package stapi

import (
	"encoding/json"
	"reflect"
	"time"
)

// Nullable is a request field the document declares nullable, in one of
// three states: unset (its zero value), sent as null, or sent with a value.
// For a PATCH, null means "clear this value" and unset means "leave it as
// it is". A struct field of type Nullable[T] tagged `json:",omitzero"` is
// left out of JSON when unset.
//
// stgen defines its own type rather than use github.com/oapi-codegen/nullable
// so that generated code with --runtime copy needs no module beyond the
// standard library, golang.org/x/oauth2 and golang.org/x/time.
type Nullable[T any] struct {
	value T
	state nullState
}

// nullState is the state of a Nullable.
type nullState uint8

const (
	unset nullState = iota
	null
	set
)

// Null returns a Nullable sent as null.
func Null[T any]() Nullable[T] { return Nullable[T]{state: null} }

// Value returns a Nullable sent with the value v.
func Value[T any](v T) Nullable[T] { return Nullable[T]{value: v, state: set} }

// Get returns the value and true when n holds one; the zero value and
// false when n is unset or null.
func (n Nullable[T]) Get() (T, bool) { return n.value, n.state == set }

// IsNull reports whether n is sent as null.
func (n Nullable[T]) IsNull() bool { return n.state == null }

// IsZero reports whether n is unset, so that `omitzero` leaves it out.
func (n Nullable[T]) IsZero() bool { return n.state == unset }

// MarshalJSON encodes n's value, or null when n is null or unset (a field
// that is not left out when unset).
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if n.state != set {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}

// UnmarshalJSON decodes null into a null n and anything else into its
// value exactly as a generated decoder decodes a field of type T, leniency
// included (see [Decoder]): json.Unmarshal into a Nullable[time.Time]
// takes a date-time without an offset, as the client does.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	return Decode(b, n, NullableOf(decodeValue[T]))
}

// NullableOf returns a decoder of Nullable values that decodes a value
// with decode: null gives a null Nullable, anything else a set one. Not
// inlined, as [SliceOf] is not: a package calls it for every nullable
// field, and each call inlined costs the compiler a closure of its own.
//
//go:noinline
func NullableOf[T any](decode func(*Decoder, *T)) func(*Decoder, *Nullable[T]) {
	return func(d *Decoder, n *Nullable[T]) {
		if d.peek() == 'n' {
			if d.literal("null") {
				*n = Null[T]()
			}
			return
		}
		var v T
		decode(d, &v)
		*n = Value(v)
	}
}

// decodeValue decodes the next value into *v with the decoder generated
// code uses for T (see decodeInto).
func decodeValue[T any](d *Decoder, v *T) { decodeInto(d, reflect.ValueOf(v)) }

// decodeInto decodes the next value into what p, a pointer, points to, as
// generated code decodes a value of that type: the Decoder's method of a
// scalar, a type's own UnmarshalJSON (a generated type's runs its
// decoder), and pointers, slices and maps of them as [Ptr], [Slice] and
// [Map] do. Any other type is decoded by encoding/json.
func decodeInto(d *Decoder, p reflect.Value) {
	switch v := p.Interface().(type) {
	case *string:
		d.String(v)
	case *bool:
		d.Bool(v)
	case *int:
		d.Int(v)
	case *int32:
		d.Int32(v)
	case *int64:
		d.Int64(v)
	case *float32:
		d.Float32(v)
	case *float64:
		d.Float64(v)
	case *time.Time:
		d.Time(v)
	case *Date:
		d.Date(v)
	case *[]byte:
		d.Bytes(v)
	case *json.RawMessage:
		d.RawMessage(v)
	case *any:
		d.Any(v)
	case json.Unmarshaler:
		d.Unmarshal(v)
	default:
		switch e := p.Elem(); e.Kind() {
		case reflect.Pointer:
			decodePointer(d, e)
		case reflect.Slice:
			decodeSlice(d, e)
		case reflect.Map:
			if e.Type().Key().Kind() == reflect.String {
				decodeMap(d, e)
				return
			}
			d.Unmarshal(v)
		default:
			d.Unmarshal(v)
		}
	}
}

// decodePointer decodes the next value into the pointer e as [Ptr] does.
func decodePointer(d *Decoder, e reflect.Value) {
	if d.peek() == 'n' {
		if d.literal("null") {
			e.SetZero()
		}
		return
	}
	if e.IsNil() {
		if !d.spend(int64(e.Type().Elem().Size())) {
			return
		}
		e.Set(reflect.New(e.Type().Elem()))
	}
	decodeInto(d, e)
}

// decodeSlice decodes a JSON array into the slice e as [Slice] does, into
// a new slice.
func decodeSlice(d *Decoder, e reflect.Value) {
	if null, ok := d.array(); !ok {
		if null {
			e.SetZero()
		}
		return
	}
	s := reflect.MakeSlice(e.Type(), 0, 0)
	size := int64(e.Type().Elem().Size())
	for more := d.beginArray(); more; more = d.nextElement() {
		if !d.spend(size) {
			return
		}
		s = reflect.Append(s, reflect.Zero(e.Type().Elem()))
		decodeInto(d, s.Index(s.Len()-1).Addr())
	}
	if d.err == nil {
		e.Set(s)
	}
}

// decodeMap decodes a JSON object into the map e, whose keys are strings,
// as [Map] does.
func decodeMap(d *Decoder, e reflect.Value) {
	switch d.peek() {
	case '{':
	case 'n':
		if d.literal("null") {
			e.SetZero()
		}
		return
	default:
		d.wrongType("an object")
		return
	}
	if e.IsNil() {
		e.Set(reflect.MakeMap(e.Type()))
	}
	t := e.Type()
	size := int64(t.Key().Size() + t.Elem().Size())
	for more := d.beginData(); more; more = d.nextField() {
		key, ok := d.name()
		if !ok {
			return
		}
		v := reflect.New(t.Elem())
		decodeInto(d, v)
		n := e.Len()
		if e.SetMapIndex(reflect.ValueOf(string(key)).Convert(t.Key()), v.Elem()); e.Len() > n && !d.spend(size) {
			return
		}
	}
	d.endData()
}
