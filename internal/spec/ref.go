package spec

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// findUnresolvedRef looks for the first $ref (in document order of sorted
// keys) that does not resolve, and reports it with the JSON pointer of the
// place that holds it. It runs only after the loader failed, so its extra
// decoding costs nothing on a good document. It returns nil when every $ref
// resolves or the data cannot be decoded generically.
func findUnresolvedRef(file string, data []byte, isJSON bool) error {
	var root any
	var err error
	if isJSON {
		err = json.Unmarshal(data, &root)
	} else {
		err = yaml.Unmarshal(data, &root)
	}
	if err != nil {
		return nil
	}
	var found error
	walkRefs(root, "#", func(at, ref string) bool {
		if !strings.HasPrefix(ref, "#/") {
			found = &Error{File: file, Location: at, Err: fmt.Errorf("$ref %q points outside the document: documents must be self-contained", ref)}
			return false
		}
		if _, ok := resolvePointer(root, ref); !ok {
			found = &Error{File: file, Location: at, Err: fmt.Errorf("unresolved $ref %q: no such place in the document", ref)}
			return false
		}
		return true
	})
	return found
}

// walkRefs calls visit with the pointer and target of each $ref under node
// until visit returns false.
func walkRefs(node any, at string, visit func(at, ref string) bool) bool {
	switch n := node.(type) {
	case map[string]any:
		if ref, ok := n["$ref"].(string); ok && !visit(at, ref) {
			return false
		}
		for _, k := range slices.Sorted(maps.Keys(n)) {
			if !walkRefs(n[k], at+"/"+EscapePointer(k), visit) {
				return false
			}
		}
	case []any:
		for i, v := range n {
			if !walkRefs(v, at+"/"+strconv.Itoa(i), visit) {
				return false
			}
		}
	}
	return true
}

// resolvePointer follows a local JSON pointer ("#/components/schemas/X").
func resolvePointer(root any, ref string) (any, bool) {
	node := root
	for _, tok := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch n := node.(type) {
		case map[string]any:
			v, ok := n[tok]
			if !ok {
				return nil, false
			}
			node = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n) {
				return nil, false
			}
			node = n[i]
		default:
			return nil, false
		}
	}
	return node, true
}

// EscapePointer escapes one JSON pointer token (RFC 6901).
func EscapePointer(tok string) string {
	if !strings.ContainsAny(tok, "~/") {
		return tok
	}
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}
