package stapi

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// DecodeError is a JSON body that is malformed or does not fit the Go type it
// is decoded into. It names the place, never quotes the body: a bad number,
// date or character is shown, a string value is not.
type DecodeError struct {
	// Offset is the byte offset in the body of the value or character at fault.
	Offset int
	// Path is where that value is, such as data[17].address.zip; it is empty
	// for the top-level value.
	Path string
	// Msg says what is wrong, such as "expected a string, got a number".
	Msg string
	// Err is the underlying error of a date-time or an UnmarshalJSON method, if any.
	Err error
}

// Error returns "stapi: JSON PATH at offset N: MSG".
func (e *DecodeError) Error() string {
	where := "stapi: JSON"
	if e.Path != "" {
		where += " " + e.Path
	}
	return where + " at offset " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

// Unwrap returns Err.
func (e *DecodeError) Unwrap() error {
	return e.Err
}

// fail records the first error, at byte offset off, and moves to the end of
// the input so that every later call finds nothing to read.
func (d *Decoder) fail(off int, msg string, err error) {
	if d.err == nil {
		d.err = &DecodeError{Offset: off, Path: pathAt(d.data, off), Msg: msg, Err: err}
	}
	d.pos = len(d.data)
}

// syntax records a syntax error at d.pos, where want was expected.
func (d *Decoder) syntax(want string) {
	if d.err != nil {
		return
	}
	d.fail(d.pos, d.found()+"; expected "+want, nil)
}

// found describes what is at d.pos for a syntax error.
func (d *Decoder) found() string {
	if d.pos >= len(d.data) {
		return "unexpected end of the input"
	}
	r, _ := utf8.DecodeRune(d.data[d.pos:])
	return "invalid character " + strconv.QuoteRune(r)
}

// badLiteral records the error of a value that starts like true, false or
// null but is not one.
func (d *Decoder) badLiteral() {
	if d.err != nil {
		return
	}
	end := d.pos
	for end < len(d.data) && end-d.pos < 8 && 'a' <= d.data[end] && d.data[end] <= 'z' {
		end++
	}
	d.fail(d.pos, fmt.Sprintf("invalid literal %q; expected true, false or null", d.data[d.pos:end]), nil)
}

// wrongType records that the value at d.pos is not the kind wanted (such as
// "a string"), or is no value at all.
func (d *Decoder) wrongType(want string) {
	if d.err != nil {
		return
	}
	var got string
	switch c := d.peek(); {
	case c == '{':
		got = "an object"
	case c == '[':
		got = "an array"
	case c == '"':
		got = "a string"
	case c == 't' || c == 'f':
		lit := "true"
		if c == 'f' {
			lit = "false"
		}
		if !d.literal(lit) {
			return
		}
		d.pos -= len(lit)
		got = lit
	case c == 'n':
		got = "null"
	case c == '-' || isDigit(c):
		got = "a number"
	default:
		d.syntax(want)
		return
	}
	d.fail(d.pos, "expected "+want+", got "+got, nil)
}

// excerpt returns b quoted, cut to a few dozen bytes.
func excerpt(b []byte) string {
	const max = 40
	if len(b) > max {
		return strconv.Quote(string(b[:max])) + "..."
	}
	return strconv.Quote(string(b))
}

// pathAt returns where byte offset off is in the JSON value in data, such as
// data[17].address.zip, by scanning data from the start: it costs nothing
// until an error needs it. It assumes nothing about data beyond off.
func pathAt(data []byte, off int) string {
	type frame struct {
		array   bool
		index   int
		key     []byte // the field name, as written between its quotes; nil before it
		wantKey bool   // the next string is a field name
	}
	var stack []frame
	for i := 0; i < off && i < len(data); {
		c := data[i]
		i++
		switch c {
		case '{':
			stack = append(stack, frame{wantKey: true})
		case '[':
			stack = append(stack, frame{array: true})
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if len(stack) > 0 {
				top := &stack[len(stack)-1]
				top.index++
				top.key, top.wantKey = nil, !top.array
			}
		case '"':
			start := i
			for i < len(data) && data[i] != '"' {
				if data[i] == '\\' {
					i++
				}
				i++
			}
			if len(stack) > 0 && stack[len(stack)-1].wantKey {
				top := &stack[len(stack)-1]
				top.key, top.wantKey = data[start:min(i, len(data))], false
			}
			i++
		}
	}
	var b strings.Builder
	for _, f := range stack {
		switch {
		case f.array:
			b.WriteString("[" + strconv.Itoa(f.index) + "]")
		case f.key != nil:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(pathKey(f.key))
		}
	}
	const max = 200
	if p := b.String(); len(p) > max {
		return "..." + strings.ToValidUTF8(p[len(p)-max:], "")
	}
	return b.String()
}

// pathKey returns a field name as written between its quotes, unescaped and
// cut to a few dozen bytes.
func pathKey(raw []byte) string {
	key := string(raw)
	if strings.IndexByte(key, '\\') >= 0 {
		var s string
		if json.Unmarshal([]byte(`"`+key+`"`), &s) == nil {
			key = s
		}
	}
	const max = 64
	if len(key) > max {
		key = strings.ToValidUTF8(key[:max], "") + "..."
	}
	return key
}
