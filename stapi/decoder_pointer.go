package stapi

import "time"

// The pointer decoders are [Ptr] for the scalar types of generated fields:
// null sets *p to nil, anything else is decoded into the value *p points
// to, allocated first if *p is nil. Generated code calls them rather than
// Ptr, and they are not inlined, so that a package of generated code does not
// compile code of Ptr's of its own (generated decoders compile faster).

// StringPtr decodes a string or null into *p.
//
//go:noinline
func (d *Decoder) StringPtr(p **string) { Ptr(d, p, (*Decoder).String) }

// BoolPtr decodes a boolean or null into *p.
//
//go:noinline
func (d *Decoder) BoolPtr(p **bool) { Ptr(d, p, (*Decoder).Bool) }

// IntPtr decodes an integer or null into *p.
//
//go:noinline
func (d *Decoder) IntPtr(p **int) { Ptr(d, p, (*Decoder).Int) }

// Int32Ptr decodes a 32-bit integer or null into *p.
//
//go:noinline
func (d *Decoder) Int32Ptr(p **int32) { Ptr(d, p, (*Decoder).Int32) }

// Int64Ptr decodes a 64-bit integer or null into *p.
//
//go:noinline
func (d *Decoder) Int64Ptr(p **int64) { Ptr(d, p, (*Decoder).Int64) }

// Float64Ptr decodes a number or null into *p.
//
//go:noinline
func (d *Decoder) Float64Ptr(p **float64) { Ptr(d, p, (*Decoder).Float64) }

// TimePtr decodes a date-time or null into *p (see [Decoder.Time]).
//
//go:noinline
func (d *Decoder) TimePtr(p **time.Time) { Ptr(d, p, (*Decoder).Time) }

// DatePtr decodes a date or null into *p (see [Decoder.Date]).
//
//go:noinline
func (d *Decoder) DatePtr(p **Date) { Ptr(d, p, (*Decoder).Date) }
