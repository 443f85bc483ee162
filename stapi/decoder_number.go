package stapi

import (
	"fmt"
	"math"
	"strconv"
)

// Int64 decodes a JSON number into *v; a fraction, an exponent or a value out
// of range is an error, as in encoding/json, and null leaves *v as it is.
func (d *Decoder) Int64(v *int64) {
	switch c := d.peek(); {
	case c == '-' || isDigit(c):
		if n, ok := d.readInt(math.MinInt64, math.MaxInt64, "an int64"); ok {
			*v = n
		}
	case c == 'n':
		d.null()
	default:
		d.wrongType("an integer")
	}
}

// Int32 decodes a JSON number into *v, as [Decoder.Int64] does, within
// int32's range.
func (d *Decoder) Int32(v *int32) {
	switch c := d.peek(); {
	case c == '-' || isDigit(c):
		if n, ok := d.readInt(math.MinInt32, math.MaxInt32, "an int32"); ok {
			*v = int32(n)
		}
	case c == 'n':
		d.null()
	default:
		d.wrongType("an integer")
	}
}

// Int decodes a JSON number into *v, as [Decoder.Int64] does.
func (d *Decoder) Int(v *int) {
	switch c := d.peek(); {
	case c == '-' || isDigit(c):
		if n, ok := d.readInt(math.MinInt, math.MaxInt, "an int"); ok {
			*v = int(n)
		}
	case c == 'n':
		d.null()
	default:
		d.wrongType("an integer")
	}
}

// IntEnum decodes a JSON number into *v, an integer enum type, as
// [Decoder.Int64] does.
func IntEnum[T ~int | ~int32 | ~int64](d *Decoder, v *T) {
	switch c := d.peek(); {
	case c == '-' || isDigit(c):
		start := d.pos
		n, ok := d.readInt(math.MinInt64, math.MaxInt64, "an integer")
		if !ok {
			return
		}
		if int64(T(n)) != n {
			d.fail(start, fmt.Sprintf("expected a %T, got a number out of its range", *v))
			return
		}
		*v = T(n)
	case c == 'n':
		d.null()
	default:
		d.wrongType("an integer")
	}
}

// Float64 decodes a JSON number into *v, as strconv.ParseFloat reads it; a
// value beyond float64's range is an error, and null leaves *v as it is.
func (d *Decoder) Float64(v *float64) {
	switch c := d.peek(); {
	case c == '-' || isDigit(c):
		if f, ok := d.readFloat(); ok {
			*v = f
		}
	case c == 'n':
		d.null()
	default:
		d.wrongType("a number")
	}
}

// Float32 decodes a JSON number into *v, as strconv.ParseFloat reads it for
// a float32; a value beyond float32's range is an error, and null leaves *v
// as it is.
func (d *Decoder) Float32(v *float32) {
	switch c := d.peek(); {
	case c == '-' || isDigit(c):
		n, ok := d.readNumber()
		if !ok {
			return
		}
		f, err := strconv.ParseFloat(string(d.data[n.start:n.end]), 32)
		if err != nil {
			d.fail(n.start, "expected a float32, got a number out of its range")
			return
		}
		*v = float32(f)
	case c == 'n':
		d.null()
	default:
		d.wrongType("a number")
	}
}

// number is a JSON number as read: mant times ten to the power exp, and
// where it is written.
type number struct {
	start, end int
	mant       uint64 // the first 19 significant digits
	exp        int
	neg        bool
	isInt      bool // written without a fraction or an exponent
	trunc      bool // a digit other than 0 was dropped from mant
}

// readNumber reads the JSON number at d.pos, checking its syntax.
func (d *Decoder) readNumber() (n number, ok bool) {
	data := d.data
	i := d.pos
	n.start = i
	if i < len(data) && data[i] == '-' {
		n.neg = true
		i++
	}
	digits := 0 // significant digits in mant
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		for ; i < len(data) && isDigit(data[i]); i++ {
			if digits < 19 {
				n.mant = n.mant*10 + uint64(data[i]-'0')
				digits++
			} else {
				n.exp++
				n.trunc = n.trunc || data[i] != '0'
			}
		}
	default:
		d.pos = i
		d.syntax("a digit in a number")
		return n, false
	}
	n.isInt = true
	if i < len(data) && data[i] == '.' {
		n.isInt = false
		i++
		if i >= len(data) || !isDigit(data[i]) {
			d.pos = i
			d.syntax("a digit after the decimal point")
			return n, false
		}
		for ; i < len(data) && isDigit(data[i]); i++ {
			switch c := data[i]; {
			case digits == 0 && c == '0':
				n.exp--
			case digits < 19:
				n.mant = n.mant*10 + uint64(c-'0')
				digits++
				n.exp--
			default:
				n.trunc = n.trunc || c != '0'
			}
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		n.isInt = false
		i++
		sign := 1
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			if data[i] == '-' {
				sign = -1
			}
			i++
		}
		if i >= len(data) || !isDigit(data[i]) {
			d.pos = i
			d.syntax("a digit in the exponent")
			return n, false
		}
		e := 0
		for ; i < len(data) && isDigit(data[i]); i++ {
			if e < 1e6 {
				e = e*10 + int(data[i]-'0')
			}
		}
		n.exp += sign * e
	}
	n.end = i
	d.pos = i
	return n, true
}

// readInt reads a JSON number that must be an integer in [lo, hi]; typ names
// the Go type for the error.
func (d *Decoder) readInt(lo, hi int64, typ string) (int64, bool) {
	// Most integers are short and plain: at most 18 digits cannot overflow.
	data := d.data
	i := d.pos
	neg := data[i] == '-'
	if neg {
		i++
	}
	start := i
	var u uint64
	for ; i < len(data) && i-start < 18 && isDigit(data[i]); i++ {
		u = u*10 + uint64(data[i]-'0')
	}
	if digits := i - start; digits > 0 && (digits == 1 || data[start] != '0') &&
		(i == len(data) || !isDigit(data[i]) && data[i] != '.' && data[i] != 'e' && data[i] != 'E') {
		v := int64(u)
		if neg {
			v = -v
		}
		if lo <= v && v <= hi {
			d.pos = i
			return v, true
		}
	}
	n, ok := d.readNumber()
	if !ok {
		return 0, false
	}
	switch {
	case !n.isInt:
		d.fail(n.start, "expected "+typ+", got a number with a fraction or an exponent")
	case n.neg && n.exp == 0 && n.mant <= uint64(-(lo+1))+1:
		return -int64(n.mant), true
	case !n.neg && n.exp == 0 && n.mant <= uint64(hi):
		return int64(n.mant), true
	default:
		d.fail(n.start, "expected "+typ+", got a number out of its range")
	}
	return 0, false
}

// readFloat reads a JSON number as a float64.
func (d *Decoder) readFloat() (float64, bool) {
	n, ok := d.readNumber()
	if !ok {
		return 0, false
	}
	if !n.trunc {
		if f, ok := exactFloat(n.mant, n.exp, n.neg); ok {
			return f, true
		}
	}
	f, err := strconv.ParseFloat(string(d.data[n.start:n.end]), 64)
	if err != nil {
		d.fail(n.start, "expected a float64, got a number out of its range")
		return 0, false
	}
	return f, true
}

// exactFloat returns mant times ten to the power exp when floating-point
// arithmetic computes it exactly rounded, as strconv's own fast path does:
// mant and the power of ten (math.Pow10 is exact up to 1e22) are exact, so
// one rounding gives the nearest float64, the same as strconv.ParseFloat.
func exactFloat(mant uint64, exp int, neg bool) (float64, bool) {
	if mant>>52 != 0 {
		return 0, false
	}
	f := float64(mant)
	if neg {
		f = -f
	}
	switch {
	case exp == 0:
		return f, true
	case exp > 0 && exp <= 15+22:
		if exp > 22 {
			f *= math.Pow10(exp - 22)
			exp = 22
		}
		if f > 1e15 || f < -1e15 {
			return 0, false
		}
		return f * math.Pow10(exp), true
	case exp < 0 && exp >= -22:
		return f / math.Pow10(-exp), true
	}
	return 0, false
}

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool {
	return '0' <= c && c <= '9'
}
