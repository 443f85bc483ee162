package spec

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// kin-openapi decodes a document's paths into map[string]any, encodes each
// path item again with json.Marshal and decodes the path item from that
// (Paths.UnmarshalJSON). The re-encoding sorts every object's keys, keeps
// the last of duplicate keys and writes every number as the float64 it was
// read into. Decoding a path item straight from the document gives the same
// result unless one of those shows:
//   - two keys of one object that encoding/json takes for one struct field
//     (it matches field names regardless of case, and the last one read
//     wins: the order decides);
//   - a number float64 does not carry over as written: an integer of more
//     than 53 bits read into an integer field (a schema's maxLength) comes
//     out another integer, and 1.0 or 1e2 read into one is an error only
//     when decoded straight;
//   - a schema's $ref with siblings other than extensions: kin keeps the
//     error of decoding the siblings as a schema, which names the first bad
//     sibling (the order decides) and may carry a byte offset.

// container is an object or array reencodingKeeps is inside of; an
// array's keys and flags stay empty.
type container struct {
	arena  int  // len(arena) when it opened
	keys   int  // len(keys) when it opened
	ref    bool // a key is $ref, in any case
	others int  // keys that are no extension ($ref included)
}

// span is a key, folded, at arena[from:to].
type span struct{ from, to int }

// reencodingKeeps reports whether decoding the path item item (valid JSON)
// gives what decoding kin-openapi's re-encoding of it gives.
func reencodingKeeps(item []byte) bool {
	var (
		arena []byte      // the folded keys of the open objects
		keys  []span      // their spans, each object's after its parent's
		open  []container // innermost last
	)
	for i := 0; i < len(item); {
		switch c := item[i]; {
		case c == '{' || c == '[':
			open = append(open, container{arena: len(arena), keys: len(keys)})
			i++
		case c == '}' || c == ']':
			o := open[len(open)-1]
			if !distinct(arena, keys[o.keys:]) || o.ref && o.others > 1 {
				return false
			}
			arena, keys, open = arena[:o.arena], keys[:o.keys], open[:len(open)-1]
			i++
		case c == '"':
			end := skipString(item, i)
			if next := skipSpace(item, end); next < len(item) && item[next] == ':' {
				key, ok := unquote(item[i:end])
				if !ok {
					return false
				}
				o := &open[len(open)-1]
				from := len(arena)
				arena = appendFolded(arena, key)
				keys = append(keys, span{from, len(arena)})
				if string(arena[from:]) == "$REF" {
					o.ref = true
				}
				if !strings.HasPrefix(key, "x-") {
					o.others++
				}
			}
			i = end
		case c == '-' || '0' <= c && c <= '9':
			end := skipScalar(item, i)
			if !floatKeeps(item[i:end]) {
				return false
			}
			i = end
		default:
			i++
		}
	}
	return true
}

// distinct reports whether no two of keys are equal; it sorts them.
func distinct(arena []byte, keys []span) bool {
	if len(keys) < 2 {
		return true
	}
	key := func(s span) []byte { return arena[s.from:s.to] }
	slices.SortFunc(keys, func(a, b span) int { return bytes.Compare(key(a), key(b)) })
	for i := 1; i < len(keys); i++ {
		if bytes.Equal(key(keys[i-1]), key(keys[i])) {
			return false
		}
	}
	return true
}

// floatKeeps reports whether json.Marshal writes the number literal lit,
// read into a float64, as lit.
func floatKeeps(lit []byte) bool {
	digits := len(lit)
	if lit[0] == '-' {
		digits--
	}
	// Integers below 10^15 are exact in a float64 and written as such.
	if digits <= 15 && !bytes.ContainsAny(lit, ".eE") {
		return true
	}
	f, err := strconv.ParseFloat(string(lit), 64)
	if err != nil {
		return false
	}
	again, err := json.Marshal(f)
	return err == nil && bytes.Equal(again, lit)
}
