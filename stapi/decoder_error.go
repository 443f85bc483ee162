package stapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// DecodeError is a JSON body that is malformed or does not fit the Go type it
// is decoded into. It names the place and what is wrong, and never quotes
// the body: no value, no field name but the type's own, no date as
// written. A body can echo a secret back, as a value or as a field name.
type DecodeError struct {
	// Offset is the byte offset in the body of the value or character at fault.
	Offset int
	// Path is where that value is, such as data[17].address.zip; it is empty
	// for the top-level value. A field name that is not the type's (a map's
	// key, a field the type does not have) is shown as ?.
	Path string
	// Msg says what is wrong, such as "expected a string, got a number".
	Msg string
	// Err is the error of a type's own UnmarshalJSON method, if any. Its
	// text is the type's, not stapi's, and may quote the value: Error does
	// not include it.
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
func (d *Decoder) fail(off int, msg string) {
	if d.err == nil {
		d.err = &DecodeError{Offset: off, Path: d.pathAt(off), Msg: msg}
	}
	d.pos = len(d.data)
}

// unmarshalError records the error err of encoding/json's Unmarshal of the
// value at off into v. A *DecodeError (a generated type's UnmarshalJSON
// decodes with a Decoder) is placed in the body; encoding/json's own errors
// are described by kind, as their text can quote the value; any other
// error is the type's, kept in Err.
func (d *Decoder) unmarshalError(off int, v any, err error) {
	if d.err != nil {
		return
	}
	typ := strings.TrimPrefix(fmt.Sprintf("%T", v), "*")
	var de *DecodeError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &de):
		path := d.pathAt(off)
		if de.Path != "" && path != "" && de.Path[0] != '[' {
			path += "."
		}
		d.err = &DecodeError{Offset: off + de.Offset, Path: path + de.Path, Msg: de.Msg, Err: de.Err}
	case errors.As(err, &te):
		got, _, _ := strings.Cut(te.Value, " ") // "number 1.5": the kind, not the number
		d.err = &DecodeError{Offset: off, Path: d.pathAt(off), Msg: "expected " + te.Type.String() + ", got a JSON " + got}
	default:
		d.err = &DecodeError{Offset: off, Path: d.pathAt(off), Msg: "the value does not decode into a " + typ + " (its UnmarshalJSON method failed)", Err: err}
	}
	d.pos = len(d.data)
}

// syntax records a syntax error at d.pos, where want was expected.
func (d *Decoder) syntax(want string) {
	if d.err != nil {
		return
	}
	d.fail(d.pos, d.found()+"; expected "+want)
}

// found describes what is at d.pos for a syntax error: a character of
// JSON's syntax is shown, any other only by its kind.
func (d *Decoder) found() string {
	if d.pos >= len(d.data) {
		return "unexpected end of the input"
	}
	switch c := d.data[d.pos]; {
	case c < ' ' || c == 0x7f:
		return "invalid control character"
	case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		return "invalid letter"
	case isDigit(c):
		return "invalid digit"
	case c >= utf8.RuneSelf:
		return "invalid non-ASCII character"
	default:
		return "invalid character " + strconv.QuoteRune(rune(c))
	}
}

// badLiteral records the error of a value that starts like true, false or
// null but is not one.
func (d *Decoder) badLiteral() {
	if d.err != nil {
		return
	}
	d.fail(d.pos, "invalid literal; expected true, false or null")
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
	d.fail(d.pos, "expected "+want+", got "+got)
}

// pathAt returns where byte offset off is in the JSON value in data, such as
// data[17].address.zip, by scanning data from the start: it costs nothing
// until an error needs it. It assumes nothing about data beyond off. Of the
// field names, it shows those d.dataNames and d.unknownAt say are a type's,
// ? for the others.
func (d *Decoder) pathAt(off int) string {
	data := d.data
	type level struct {
		array   bool
		index   int
		key     []byte // the field name, as written between its quotes; nil before it
		wantKey bool   // the next string is a field name
	}
	var stack []level
	for i := 0; i < off && i < len(data); {
		c := data[i]
		i++
		switch c {
		case '{':
			stack = append(stack, level{wantKey: true})
		case '[':
			stack = append(stack, level{array: true})
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
	for depth, l := range stack {
		switch {
		case l.array:
			b.WriteString("[" + strconv.Itoa(l.index) + "]")
		case l.key != nil:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			data := depth < len(d.dataNames) && d.dataNames[depth]
			own := !data && d.unknownAt != depth+1 && !(d.atKey && depth == len(stack)-1)
			if own {
				b.WriteString(pathKey(l.key))
			} else {
				b.WriteByte('?')
			}
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
