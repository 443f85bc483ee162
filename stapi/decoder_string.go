package stapi

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// String decodes a JSON string into *v, as encoding/json does: escapes
// decoded, invalid UTF-8 and lone surrogates replaced by U+FFFD. null leaves
// *v as it is.
func (d *Decoder) String(v *string) {
	switch d.peek() {
	case '"':
		if s, ok := d.readString(&d.strBuf); ok {
			*v = string(s)
		}
	case 'n':
		d.null()
	default:
		d.wrongType("a string")
	}
}

// Enum decodes a JSON string into *v, a string enum type, whatever its
// value (one the document does not list is kept); a JSON number gives its
// text exactly as written ("0", "1.5", "1e3"), as ServiceTitan sends some
// enums as numbers; null leaves *v as it is. Values met before are shared
// rather than copied again.
func Enum[T ~string](d *Decoder, v *T) {
	switch c := d.peek(); {
	case c == '"':
		if s, ok := d.readString(&d.strBuf); ok {
			*v = T(d.intern(s))
		}
	case c == '-' || isDigit(c):
		start := d.pos
		if _, ok := d.readNumber(); ok {
			*v = T(d.intern(d.data[start:d.pos]))
		}
	case c == 'n':
		d.null()
	default:
		d.wrongType("a string")
	}
}

// Bytes decodes a JSON string of base64 (an OpenAPI "format: byte") into
// *v, as encoding/json decodes a []byte: standard base64, with padding, line
// breaks ignored; an array of numbers from 0 to 255 is taken too, and null
// sets *v to nil.
func (d *Decoder) Bytes(v *[]byte) {
	switch d.peek() {
	case '"':
		start := d.pos
		s, ok := d.readString(&d.strBuf)
		if !ok {
			return
		}
		b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
		n, err := base64.StdEncoding.Decode(b, s)
		if err != nil {
			d.fail(start, "expected base64 data, got a string that is not base64")
			return
		}
		*v = b[:n]
	case '[', 'n':
		Slice(d, v, (*Decoder).uint8)
	default:
		d.wrongType("a base64 string")
	}
}

// uint8 decodes a JSON number from 0 to 255 into *v, for an array of bytes.
func (d *Decoder) uint8(v *byte) {
	switch c := d.peek(); {
	case c == '-' || isDigit(c):
		if n, ok := d.readInt(0, 255, "a uint8"); ok {
			*v = byte(n)
		}
	case c == 'n':
		d.null()
	default:
		d.wrongType("an integer")
	}
}

// RawMessage decodes any JSON value into *v as its bytes, as written (null
// too), as encoding/json does: a copy, which the input's later changes do
// not affect.
func (d *Decoder) RawMessage(v *json.RawMessage) {
	if raw := d.Raw(); raw != nil {
		*v = append((*v)[:0], raw...)
	}
}

// intern returns s as a string, the one it returned for the same bytes
// before if that is still in its slot of d.enums.
func (d *Decoder) intern(s []byte) string {
	if len(s) == 0 {
		return ""
	}
	e := &d.enums[(7*len(s)+int(s[0])+int(s[len(s)-1]))%len(d.enums)]
	if *e != string(s) {
		*e = string(s)
	}
	return *e
}

// FoldName returns name folded as encoding/json folds field names to match
// them case-insensitively (ASCII letters upper-cased, every other letter
// replaced by the smallest rune of its case-folding set, so the Kelvin sign
// becomes K): the form [Decoder.Field] returns, and the generator writes in
// each case of a struct's decoder.
func FoldName(name string) string {
	return string(appendFolded(nil, []byte(name)))
}

// appendFolded appends key folded to out.
func appendFolded(out, key []byte) []byte {
	for i := 0; i < len(key); {
		c := key[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(key[i:])
		out = utf8.AppendRune(out, foldRune(r))
		i += n
	}
	return out
}

// foldRune returns the smallest rune of r's case-folding set.
func foldRune(r rune) rune {
	for {
		r2 := unicode.SimpleFold(r)
		if r2 <= r {
			return r2
		}
		r = r2
	}
}

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// quoteOrEscape marks, in the high bit of each of the 8 bytes of x, the
// bytes that end the plain run of a JSON string: '"', '\\' and control
// characters. Bytes above the lowest marked one may be marked wrongly; the
// lowest mark is exact.
func quoteOrEscape(x uint64) uint64 {
	q := x ^ (lsb * '"')
	e := x ^ (lsb * '\\')
	return ((x - lsb*' ') &^ x) | ((q - lsb) &^ q) | ((e - lsb) &^ e)
}

// upperASCII returns x with each of its 8 bytes that is an ASCII lower-case
// letter upper-cased; the other bytes are kept if they are ASCII.
func upperASCII(x uint64) uint64 {
	ascii := x &^ msb
	ge := ascii + lsb*(0x80-'a')   // high bit set where the byte is >= 'a'
	gt := ascii + lsb*(0x80-'z'-1) // high bit set where the byte is > 'z'
	lower := (ge &^ gt) & msb &^ x // >= 'a' and <= 'z', and ASCII
	return x ^ lower>>2            // flip 0x20
}

// readString reads the JSON string at d.pos (a '"') and returns its value:
// the input's own bytes when it has no escapes and is valid UTF-8, else the
// value unescaped into *buf, with invalid UTF-8 and lone surrogates replaced
// by U+FFFD as encoding/json does.
func (d *Decoder) readString(buf *[]byte) ([]byte, bool) {
	data := d.data
	start := d.pos + 1
	i := start
	for i < len(data) {
		if i+8 <= len(data) {
			m := (quoteOrEscape(binary.LittleEndian.Uint64(data[i:])) | binary.LittleEndian.Uint64(data[i:])) & msb
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) >> 3
		}
		c := data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			return data[start:i], true
		case c == '\\' || c < ' ':
			return d.unescape(start, i, buf)
		case c < utf8.RuneSelf:
			i++
		default:
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 {
				return d.unescape(start, i, buf)
			}
			i += n
		}
	}
	d.pos = len(data)
	d.syntax(`'"' at the end of a string`)
	return nil, false
}

// unescape finishes reading the string that began at start, from i (the
// first byte that is not plain text), into *buf.
func (d *Decoder) unescape(start, i int, buf *[]byte) ([]byte, bool) {
	data := d.data
	b := append((*buf)[:0], data[start:i]...)
	for i < len(data) {
		switch c := data[i]; {
		case c == '"':
			*buf = b
			d.pos = i + 1
			return b, true
		case c == '\\':
			if i+1 >= len(data) {
				d.pos = len(data)
				d.syntax("an escape sequence")
				return nil, false
			}
			switch e := data[i+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := hex4(data[i+2:])
				if r < 0 {
					d.fail(i, "invalid \\u escape in a string; expected 4 hexadecimal digits")
					return nil, false
				}
				i += 6
				if utf16.IsSurrogate(r) {
					if i+1 < len(data) && data[i] == '\\' && data[i+1] == 'u' {
						if dec := utf16.DecodeRune(r, hex4(data[i+2:])); dec != unicode.ReplacementChar {
							b = utf8.AppendRune(b, dec)
							i += 6
							continue
						}
					}
					r = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, r)
				continue
			default:
				d.fail(i, "invalid escape sequence in a string")
				return nil, false
			}
			i += 2
		case c < ' ':
			d.pos = i
			d.syntax("a string character (control characters must be escaped)")
			return nil, false
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, n := utf8.DecodeRune(data[i:])
			b = utf8.AppendRune(b, r)
			i += n
		}
	}
	d.pos = len(data)
	d.syntax(`'"' at the end of a string`)
	return nil, false
}

// hex4 returns the rune of the 4 hexadecimal digits that begin s, or -1.
func hex4(s []byte) rune {
	if len(s) < 4 {
		return -1
	}
	var r rune
	for _, c := range s[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// skipString reads past the JSON string at d.pos (a '"'), checking its
// escapes and characters, and reports whether it is well-formed.
func (d *Decoder) skipString() bool {
	data := d.data
	i := d.pos + 1
	for i < len(data) {
		if i+8 <= len(data) {
			m := quoteOrEscape(binary.LittleEndian.Uint64(data[i:])) & msb
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) >> 3
		}
		switch c := data[i]; {
		case c == '"':
			d.pos = i + 1
			return true
		case c == '\\':
			if i+1 >= len(data) {
				d.pos = len(data)
				d.syntax("an escape sequence")
				return false
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if hex4(data[i+2:]) < 0 {
					d.fail(i, "invalid \\u escape in a string; expected 4 hexadecimal digits")
					return false
				}
				i += 6
			default:
				d.fail(i, "invalid escape sequence in a string")
				return false
			}
		case c < ' ':
			d.pos = i
			d.syntax("a string character (control characters must be escaped)")
			return false
		default:
			i++
		}
	}
	d.pos = len(data)
	d.syntax(`'"' at the end of a string`)
	return false
}
