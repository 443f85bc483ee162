package stapi

import (
	"bytes"
	"encoding/json"
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
// value, as the decoders of generated types do.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*n = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*n = Value(v)
	return nil
}

// NullableOf returns a decoder of Nullable values that decodes a value
// with decode: null gives a null Nullable, anything else a set one.
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
