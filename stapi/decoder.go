package stapi

import (
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"unicode/utf8"
)

// maxFold is the longest field name folded in Decoder.foldArr.
const maxFold = 64

// maxDepth is how deeply arrays and objects may nest, as in encoding/json.
const maxDepth = 10000

// Decoder reads one JSON value, held whole in memory, into Go values the way
// encoding/json's Unmarshal would, without reflection: generated code calls
// one method or generic helper per value, and one function per struct type
// walks the struct's fields:
//
//	func decodeCustomer(d *stapi.Decoder, v *Customer) {
//		for key := d.Object(); key != nil; key = d.Field() {
//			switch string(key) {
//			case "ID":
//				d.Int64(&v.ID)
//			case "ADDRESS":
//				stapi.Ptr(d, &v.Address, decodeAddress)
//			}
//		}
//	}
//
// A field the loop does not decode (a name the struct does not have) is
// skipped by the next call to Field.
//
// The first error is kept, with its byte offset, and ends the decoding: every
// later call does nothing, so the functions unwind on their own. A Decoder is
// for one goroutine.
type Decoder struct {
	data  []byte
	pos   int
	depth int
	err   *DecodeError

	// The last field name read is data[keyStart:keyEnd], or keyBuf if
	// keyEnd is -1; folded, it is in foldArr (short plain ASCII) or fold.
	keyStart, keyEnd int
	foldArr          [maxFold + 8]byte
	fold             []byte
	keyBuf           []byte
	strBuf           []byte // a string value's bytes when it had escapes
	// valueAt is where the last field name's value begins: Field skips the
	// value if nothing read it.
	valueAt int

	enums [16]string // enum values met, shared rather than copied again

	// The names and values of the arrays and objects Any is decoding, in
	// the order they were read, in anyKeyBuf and anyValBuf while they are
	// few; each takes its own and leaves the stacks as it found them.
	anyKeys   []string
	anyVals   []any
	anyKeyBuf [4]string
	anyValBuf [4]any

	// budget is how many more bytes of memory the decoded value may take
	// (see NewDecoder); it counts what amplifies the input (slices, maps,
	// pointers, interface values), not the bytes of strings, which the
	// input bounds.
	budget int64
	// slices is how many calls of Slice are decoding an array; lastLen is
	// the length of the last array one decoded, inside a value at depth
	// lastAt.
	slices, lastLen, lastAt int

	// dataNames marks, by depth (dataNames[0] the outermost), the objects
	// whose field names are data: a map's, an any's, one being skipped.
	// The others' are a type's, which a generated decoder matched, but at
	// depth unknownAt (0 for none), whose current field the decoder does
	// not have. atKey is set while a field name is read past the fast path.
	// An error's path shows only the field names a type has: a body's can
	// be anything, a secret echoed back included.
	dataNames []bool
	dataBuf   [16]bool
	unknownAt int
	atKey     bool

	// pages, when set, sums the arrays of the top-level value for Pages.
	pages *pageRecord
}

// The memory budget of decoding an input of n bytes is decodeBudgetBase +
// decodeBudgetRatio*n: a page of 5,000 sparse records or 25,000 report rows
// takes far less, and a body of [{},{},...] into large structs cannot take
// hundreds of times its size.
const (
	decodeBudgetBase  = 64 << 20
	decodeBudgetRatio = 16
)

// NewDecoder returns a Decoder that reads the JSON value in data. data must
// not change until decoding is done; the Decoder never modifies it. The
// values it decodes may take at most 64 MiB and 16 times the size of data
// in slices, maps, pointers and interface values (strings aside, which
// data bounds): beyond that, decoding fails rather than let a small body of
// empty objects fill the memory.
func NewDecoder(data []byte) *Decoder {
	d := &Decoder{data: data, budget: decodeBudgetBase + decodeBudgetRatio*int64(len(data))}
	d.dataNames, d.anyKeys, d.anyVals = d.dataBuf[:0], d.anyKeyBuf[:0], d.anyValBuf[:0]
	return d
}

// spend takes n bytes from the memory budget and reports whether they were
// there; it records the error when they were not.
func (d *Decoder) spend(n int64) bool {
	if d.budget -= n; d.budget >= 0 {
		return true
	}
	if d.err == nil {
		d.fail(d.pos, "the decoded value would take more than 64 MiB and 16 times the size of the body in memory")
	}
	return false
}

// Decode decodes the JSON value in data into *v with decode, a generated
// decoder function, and checks that nothing follows it: the whole of a
// response body, as encoding/json's Unmarshal would. The error is a
// [*DecodeError]. A generated type's UnmarshalJSON method does the same with
// the type's decoder, so that json.Unmarshal into the type accepts exactly
// what the client accepts (written out, not calling Decode, so that no
// instance of Decode is compiled for every type):
//
//	func (v *Customer) UnmarshalJSON(b []byte) error {
//		d := stapi.NewDecoder(b)
//		decodeCustomer(d, v)
//		return d.Finish()
//	}
//
// The decoder must decode the fields of generated types with their own
// decoders, never through [Decoder.Unmarshal], which would go back through
// encoding/json, scanning the same bytes again at each level, each with a
// memory budget of its own.
func Decode[T any](data []byte, v *T, decode func(*Decoder, *T)) error {
	d := NewDecoder(data)
	decode(d, v)
	return d.Finish()
}

// Finish checks that nothing but white space follows the value and returns
// the first error met, a [*DecodeError], or nil.
func (d *Decoder) Finish() error {
	if d.err == nil {
		if d.peek(); d.pos < len(d.data) {
			d.syntax("the end of the input after the value")
		}
	}
	if d.err != nil {
		return d.err
	}
	return nil
}

// Object begins a JSON object to decode into a struct and returns its first
// field name, folded as [FoldName] folds names; it returns nil for an empty
// object, for null (which leaves the struct as it is) and on an error (which
// it records). Get the next names from [Decoder.Field]; after each name,
// decode the field's value, or leave it for Field to skip. The name is
// valid until the next call to Object or Field.
func (d *Decoder) Object() []byte {
	switch d.peek() {
	case '{':
		d.unknownAt = 0
		if d.beginObject() {
			return d.fieldName()
		}
		return nil
	case 'n':
		d.null()
		return nil
	}
	d.wrongType("an object")
	return nil
}

// Field returns the next field name of the object begun by [Decoder.Object],
// folded, or nil at its end (or on an error). It first skips the last
// field's value if nothing decoded it.
func (d *Decoder) Field() []byte {
	if d.pos == d.valueAt {
		// The loop left the last field's value: skip it.
		d.Skip()
	}
	if d.nextField() {
		d.unknownAt = 0 // a new name, for the decoder to match
		return d.fieldName()
	}
	return nil
}

// Key returns the last field name [Decoder.Object] or [Decoder.Field]
// returned, as written (unescaped, not folded), valid until the field's value
// is decoded: generated code compares it only for the rare struct whose
// field names are equal once folded.
func (d *Decoder) Key() []byte {
	if d.keyEnd < 0 {
		return d.keyBuf
	}
	return d.data[d.keyStart:d.keyEnd]
}

// fieldName reads a field name and its colon and returns the name folded,
// or nil on an error.
func (d *Decoder) fieldName() []byte {
	if d.peek() != '"' {
		d.atKey = true
		d.syntax("a field name")
		return nil
	}
	// Most names are short and plain ASCII: fold them as they are read, 8
	// bytes at a time.
	data := d.data
	start := d.pos + 1
	i, n := start, 0
	for i+8 <= len(data) && n < maxFold {
		x := binary.LittleEndian.Uint64(data[i:])
		binary.LittleEndian.PutUint64(d.foldArr[n:], upperASCII(x))
		if m := (quoteOrEscape(x) | x) & msb; m != 0 {
			k := bits.TrailingZeros64(m) >> 3
			i, n = i+k, n+k
			break
		}
		i, n = i+8, n+8
	}
	for ; i < len(data) && n < maxFold; i, n = i+1, n+1 {
		c := data[i]
		if c < ' ' || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			break
		}
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		d.foldArr[n] = c
	}
	if i < len(data) && data[i] == '"' {
		d.keyStart, d.keyEnd = start, i
		if d.pos = i + 1; d.pos < len(data) && data[d.pos] == ':' {
			d.pos++
			d.valueAt = d.pos
			return d.foldArr[:n]
		}
		if d.peek() != ':' {
			d.atKey = true
			d.syntax("':' after a field name")
			return nil
		}
		d.pos++
		d.valueAt = d.pos
		return d.foldArr[:n]
	}
	d.atKey = true
	key, ok := d.name()
	if !ok {
		return nil
	}
	d.atKey = false
	d.valueAt = d.pos
	d.keyBuf = append(d.keyBuf[:0], key...) // key may be d.keyBuf already
	d.keyEnd = -1
	d.fold = appendFolded(d.fold[:0], key)
	return d.fold
}

// name reads a field name and its colon and returns the name, unescaped.
func (d *Decoder) name() ([]byte, bool) {
	if d.peek() != '"' {
		d.syntax("a field name")
		return nil, false
	}
	key, ok := d.readString(&d.keyBuf)
	if !ok {
		return nil, false
	}
	if d.peek() != ':' {
		d.syntax("':' after a field name")
		return nil, false
	}
	d.pos++
	return key, true
}

// beginObject consumes the '{' at d.pos and reports whether a field follows.
func (d *Decoder) beginObject() bool {
	if !d.enter() {
		return false
	}
	if d.peek() == '}' {
		d.leave()
		return false
	}
	return true
}

// nextField consumes what follows a field's value and reports whether
// another field follows.
func (d *Decoder) nextField() bool {
	switch d.peek() {
	case ',':
		d.pos++
		return true
	case '}':
		d.leave()
		return false
	}
	d.syntax("',' or '}' after an object field")
	return false
}

// beginData consumes the '{' at d.pos, an object whose field names are data
// (see Decoder.dataNames), and reports whether a field follows. Once the
// object is read, endData ends it.
func (d *Decoder) beginData() bool {
	if !d.enter() {
		return false
	}
	for len(d.dataNames) < d.depth {
		d.dataNames = append(d.dataNames, false)
	}
	d.dataNames[d.depth-1] = true
	if d.peek() == '}' {
		d.leave()
		d.endData()
		return false
	}
	return true
}

// endData ends the object beginData began, once read (but on an error).
func (d *Decoder) endData() {
	if d.err == nil {
		d.dataNames[d.depth] = false
	}
}

// enter consumes the '{' or '[' at d.pos, one level deeper; it reports false
// (and records the error) beyond maxDepth.
func (d *Decoder) enter() bool {
	d.pos++
	d.depth++
	if d.depth > maxDepth {
		d.fail(d.pos-1, "arrays and objects nest deeper than 10000 levels")
		return false
	}
	return true
}

// leave consumes the '}' or ']' at d.pos, one level up.
func (d *Decoder) leave() {
	d.pos++
	d.depth--
}

// beginArray consumes the '[' at d.pos and reports whether an element
// follows.
func (d *Decoder) beginArray() bool {
	if !d.enter() {
		return false
	}
	if d.peek() == ']' {
		d.leave()
		return false
	}
	return true
}

// nextElement consumes what follows an array element and reports whether
// another element follows.
func (d *Decoder) nextElement() bool {
	switch d.peek() {
	case ',':
		d.pos++
		return true
	case ']':
		d.leave()
		return false
	}
	d.syntax("',' or ']' after an array element")
	return false
}

// peek skips white space and returns the byte at d.pos, or 0 at the end of
// the input (or after an error).
func (d *Decoder) peek() byte {
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		if c > ' ' || c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			return c
		}
		d.pos++
	}
	return 0
}

// null consumes the literal null.
func (d *Decoder) null() {
	d.literal("null")
}

// literal consumes lit (true, false or null), or records a syntax error.
func (d *Decoder) literal(lit string) bool {
	if end := d.pos + len(lit); end <= len(d.data) && string(d.data[d.pos:end]) == lit {
		d.pos = end
		return true
	}
	d.badLiteral()
	return false
}

// Skip reads the next value, checks that it is well-formed, and discards it:
// generated code calls it for the fields of an object that it does not know.
// An error in the value does not show the field's name: it is not the
// type's.
func (d *Decoder) Skip() {
	d.unknownAt = d.depth
	d.skip()
}

// skip reads the next value, checks that it is well-formed, and discards it.
func (d *Decoder) skip() {
	switch c := d.peek(); c {
	case '{':
		for more := d.beginData(); more; more = d.nextField() {
			if d.peek() != '"' {
				d.syntax("a field name")
				return
			}
			if !d.skipString() {
				return
			}
			if d.peek() != ':' {
				d.syntax("':' after a field name")
				return
			}
			d.pos++
			d.skip()
		}
		d.endData()
	case '[':
		for more := d.beginArray(); more; more = d.nextElement() {
			d.skip()
		}
	case '"':
		d.skipString()
	case 't':
		d.literal("true")
	case 'f':
		d.literal("false")
	case 'n':
		d.literal("null")
	default:
		if c == '-' || isDigit(c) {
			d.readNumber()
			return
		}
		d.syntax("a value")
	}
}

// Raw reads the next value, checks that it is well-formed, and returns its
// bytes as written (without surrounding white space), or nil on an error.
// The bytes are the input's own: copy them to keep them.
func (d *Decoder) Raw() []byte {
	d.peek()
	start := d.pos
	d.skip()
	if d.err != nil {
		return nil
	}
	return d.data[start:d.pos]
}

// Unmarshal decodes the next value into v with encoding/json's Unmarshal:
// generated code calls it, with a pointer to the field, for a field whose
// type has its own UnmarshalJSON method, which then sees exactly what it
// would see under encoding/json.
func (d *Decoder) Unmarshal(v any) {
	d.peek()
	start := d.pos
	raw := d.Raw()
	if raw == nil {
		return
	}
	if err := json.Unmarshal(raw, v); err != nil {
		d.unmarshalError(start, v, err)
	}
}

// Bool decodes true or false into *v; null leaves *v as it is.
func (d *Decoder) Bool(v *bool) {
	switch d.peek() {
	case 't':
		if d.literal("true") {
			*v = true
		}
	case 'f':
		if d.literal("false") {
			*v = false
		}
	case 'n':
		d.null()
	default:
		d.wrongType("true or false")
	}
}
