package stapi

import (
	"reflect"
	"slices"
)

// Any decodes any JSON value into *v as encoding/json decodes into an empty
// interface: map[string]any, []any, float64 (so integers past 2^53 are
// rounded, exactly as encoding/json rounds them), string, bool, or nil for
// null.
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

// What the values of Any take in memory beyond the input's bytes, which
// they spend from the budget: an interface's slot in its slice or map; a
// boxed number, string header or slice header; an empty map; and a row of a
// map's table (key, value and control byte), a table holding at least 8.
const (
	anySlot   = 16
	anyFloat  = 8
	anyString = 16
	anySlice  = 24
	anyMap    = 48
	anyMapRow = 16 + 16 + 1
)

// anyValue reads the next value as an interface value. Arrays and objects
// collect their elements on the Decoder's stacks first, then take a slice
// or a map of exactly their size: no slice grown by doubling, no map
// rehashed as it fills. The names' strings are not spent: the input bounds
// them.
func (d *Decoder) anyValue() (any, bool) {
	switch c := d.peek(); c {
	case '{':
		keys, vals := len(d.anyKeys), len(d.anyVals)
		for more := d.beginData(); more; more = d.nextField() {
			key, ok := d.name()
			if !ok {
				return nil, false
			}
			d.anyKeys = append(d.anyKeys, string(key))
			x, ok := d.anyValue()
			if !ok {
				return nil, false
			}
			if !d.pushAny(x) {
				return nil, false
			}
		}
		d.endData()
		n := len(d.anyKeys) - keys
		if !d.spend(anyMap + int64(mapSlots(n))*anyMapRow) {
			return nil, false
		}
		m := make(map[string]any, n)
		for i, k := range d.anyKeys[keys:] {
			m[k] = d.anyVals[vals+i] // a repeated name: the last value wins, as in encoding/json
		}
		d.anyKeys, d.anyVals = d.anyKeys[:keys], d.anyVals[:vals]
		return m, d.err == nil
	case '[':
		vals := len(d.anyVals)
		for more := d.beginArray(); more; more = d.nextElement() {
			x, ok := d.anyValue()
			if !ok {
				return nil, false
			}
			if !d.pushAny(x) {
				return nil, false
			}
		}
		n := len(d.anyVals) - vals
		if !d.spend(anySlice + int64(n)*anySlot) {
			return nil, false
		}
		s := make([]any, n)
		copy(s, d.anyVals[vals:])
		d.anyVals = d.anyVals[:vals]
		return s, d.err == nil
	case '"':
		s, ok := d.readString(&d.strBuf)
		return string(s), ok && d.spend(anyString)
	case 't':
		return true, d.literal("true")
	case 'f':
		return false, d.literal("false")
	case 'n':
		return nil, d.literal("null")
	default:
		if c == '-' || isDigit(c) {
			if !d.spend(anyFloat) {
				return nil, false
			}
			return d.readFloat()
		}
		d.syntax("a value")
		return nil, false
	}
}

// pushAny pushes x onto the stack of values, doubling it when full (rather
// than letting append grow a large stack by a quarter at a time) within the
// budget; it reports false, having recorded the error, beyond the budget.
func (d *Decoder) pushAny(x any) bool {
	if n := cap(d.anyVals); len(d.anyVals) == n {
		if !d.spend(int64(n+1) * anySlot) {
			return false
		}
		d.anyVals = slices.Grow(d.anyVals, n+1)
	}
	d.anyVals = append(d.anyVals, x)
	return true
}

// mapSlots returns how many slots a map made for n entries has: none when
// n is 0, a group of 8 up to 8 entries, else a power of two that keeps the
// table at most 7/8 full.
func mapSlots(n int) int {
	switch {
	case n == 0:
		return 0
	case n <= 8:
		return 8
	}
	slots := 16
	for slots*7/8 < n {
		slots *= 2
	}
	return slots
}
