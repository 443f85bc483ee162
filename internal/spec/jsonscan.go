package spec

import (
	"bytes"
	"encoding/json"
	"unicode"
	"unicode/utf8"
)

// The functions here walk JSON without decoding it: decode.go splits
// objects into their members and arrays into their elements with them, and
// reencode.go looks through path items. They take JSON that json.Valid
// accepts (decodeJSON checks it first) and may fail on anything else.

// member is one member of a JSON object: its key unquoted and as written,
// and its value as written, without the white space around it.
type member struct {
	key    string
	rawKey []byte
	value  []byte
}

// members splits the JSON object in data into its members, in order; ok is
// false when data is no object or two members have the same key.
func members(data []byte) (ms []member, ok bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, false
	}
	seen := make(map[string]struct{})
	for i = skipSpace(data, i+1); i < len(data) && data[i] == '"'; {
		end := skipString(data, i)
		key, ok := unquote(data[i:end])
		if !ok {
			return nil, false
		}
		if _, dup := seen[key]; dup {
			return nil, false
		}
		seen[key] = struct{}{}
		start := skipSpace(data, skipSpace(data, end)+1) // past the colon
		stop := skipValue(data, start)
		ms = append(ms, member{key: key, rawKey: data[i:end], value: data[start:stop]})
		i = skipSpace(data, stop)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
	return ms, true
}

// elements splits the JSON array in data into its elements, as written,
// in order; ok is false when data is no array.
func elements(data []byte) (es [][]byte, ok bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '[' {
		return nil, false
	}
	for i = skipSpace(data, i+1); i < len(data) && data[i] != ']'; {
		stop := skipValue(data, i)
		es = append(es, data[i:stop])
		i = skipSpace(data, stop)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
	return es, true
}

// skipSpace returns the index of the first byte at or after i that is not
// JSON white space.
func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index just past the string whose opening quote is
// at data[i].
func skipString(data []byte, i int) int {
	j := i + 1
	for {
		k := bytes.IndexByte(data[j:], '"')
		if k < 0 {
			return len(data)
		}
		j += k
		// The quote ends the string unless an odd number of backslashes
		// escapes it; the opening quote stops the count.
		escaped := false
		for b := j - 1; b > i && data[b] == '\\'; b-- {
			escaped = !escaped
		}
		if !escaped {
			return j + 1
		}
		j++
	}
}

// skipValue returns the index just past the value that starts at data[i].
func skipValue(data []byte, i int) int {
	depth := 0
	for i < len(data) {
		switch data[i] {
		case '"':
			i = skipString(data, i)
			if depth == 0 {
				return i
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth <= 0 {
				return i + 1
			}
		default:
			if depth == 0 {
				return skipScalar(data, i)
			}
		}
		i++
	}
	return i
}

// skipScalar returns the index just past the number, true, false or null
// that starts at data[i].
func skipScalar(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ',', '}', ']', ':', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// unquote returns the string a JSON string literal (quotes included)
// decodes to, as encoding/json decodes it.
func unquote(raw []byte) (string, bool) {
	plain := true
	for _, c := range raw[1 : len(raw)-1] {
		if c == '\\' || c >= utf8.RuneSelf {
			plain = false
			break
		}
	}
	if plain {
		return string(raw[1 : len(raw)-1]), true
	}
	// Escapes, and invalid UTF-8 (which becomes U+FFFD), as encoding/json does them.
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

// appendFolded appends to dst the key encoding/json compares struct field
// names with, so that two keys it takes for one field fold alike: ASCII
// letters in upper case, any other rune as the smallest of its case-folding
// orbit (encoding/json's foldName).
func appendFolded(dst []byte, key string) []byte {
	for _, r := range key {
		switch {
		case 'a' <= r && r <= 'z':
			dst = append(dst, byte(r-'a'+'A'))
		case r < utf8.RuneSelf:
			dst = append(dst, byte(r))
		default:
			dst = utf8.AppendRune(dst, smallestFold(r))
		}
	}
	return dst
}

// smallestFold returns the smallest rune that folds to r, r included.
func smallestFold(r rune) rune {
	for {
		next := unicode.SimpleFold(r)
		if next <= r {
			return next
		}
		r = next
	}
}
