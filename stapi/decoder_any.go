package stapi

import (
	"reflect"
)

// Any decodes any JSON value into *v as encoding/json decodes into an empty
// interface: map[string]any, []any, float64, string, bool, or nil for null.
func (d *Decoder) Any(v *any) {
	if *v != nil && reflect.TypeOf(*v).Kind() == reflect.Pointer {
		// encoding/json decodes into what a non-nil pointer in the
		// interface points to; so does its Unmarshal.
		d.Unmarshal(v)
		return
	}
	if x, ok := d.anyValue(); ok {
		*v = x
	}
}

// anyValue reads the next value as an interface value.
func (d *Decoder) anyValue() (any, bool) {
	switch c := d.peek(); c {
	case '{':
		m := make(map[string]any)
		for more := d.beginObject(); more; more = d.nextField() {
			key, ok := d.name()
			if !ok {
				return nil, false
			}
			k := string(key)
			x, ok := d.anyValue()
			if !ok {
				return nil, false
			}
			m[k] = x
		}
		return m, d.err == nil
	case '[':
		s := make([]any, 0)
		for more := d.beginArray(); more; more = d.nextElement() {
			x, ok := d.anyValue()
			if !ok {
				return nil, false
			}
			s = append(s, x)
		}
		return s, d.err == nil
	case '"':
		s, ok := d.readString(&d.strBuf)
		return string(s), ok
	case 't':
		return true, d.literal("true")
	case 'f':
		return false, d.literal("false")
	case 'n':
		return nil, d.literal("null")
	default:
		if c == '-' || isDigit(c) {
			return d.readFloat()
		}
		d.syntax("a value")
		return nil, false
	}
}
