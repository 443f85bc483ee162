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

// Before kin-openapi decodes a document, Load decodes it into plain values
// (maps with string keys, slices and scalars: the raw tree) and checks the
// shapes that would make kin-openapi's work, or the generator's, grow
// faster than the document: nesting and, in YAML, large mappings (here),
// and chains of references (see ref.go). The raw tree also tells the
// dialect, and locates an unresolved $ref when kin-openapi fails.
//
// One such shape is left: the YAML reader also takes time that grows with
// the square of a large flow collection ({...} or [...]) that begins a
// line or a sequence entry (a megabyte of it, half a second; four, some
// ten seconds). ServiceTitan's YAML documents write small ones only.

// maxDepth is how deeply a document's objects and arrays may nest, the
// document itself being the first level. ServiceTitan's documents nest 17
// deep at most (an example of the forms domain). kin-openapi decodes each
// schema again for every schema it is nested in, and the generated Go nests
// as deep, so that loading and generating a document nested 3,000 deep took
// minutes: deeper documents are refused, so loading stays linear.
const maxDepth = 64

// decodeRaw decodes a document into the raw tree. JSON must be valid (parse
// has checked it); malformed YAML is located by the line its error names.
func decodeRaw(file string, data []byte, isJSON bool) (any, error) {
	var root any
	if isJSON {
		if err := json.Unmarshal(data, &root); err != nil {
			return nil, &Error{File: file, Err: fmt.Errorf("malformed JSON: %v", err)}
		}
		return root, nil
	}
	var node yaml.Node
	if err := yaml.Unmarshal(data, &node); err != nil {
		if strings.Contains(err.Error(), "exceeded max depth") {
			return nil, &Error{File: file, Err: fmt.Errorf("%v: %w", err, errTooDeep())}
		}
		return nil, &Error{File: file, Err: fmt.Errorf("malformed document: %v", err)}
	}
	if node.Kind == 0 {
		return nil, nil // an empty document
	}
	if at, n, ok := largeMapping(&node, "#"); ok {
		return nil, &Error{File: file, Location: at, Err: fmt.Errorf("a mapping of %d members, more than the %d a YAML document may hold (ServiceTitan's hold at most 197): "+
			"reading YAML checks each key of a mapping against every other, which takes minutes for mappings of tens of thousands; write the document as JSON", n, maxYAMLMembers)}
	}
	if err := node.Decode(&root); err != nil {
		return nil, &Error{File: file, Err: fmt.Errorf("malformed document: %v", err)}
	}
	return stringKeys(root), nil
}

// maxYAMLMembers is how many members a mapping of a YAML document may have.
// The YAML reader (go.yaml.in/yaml/v4, kin-openapi's too) compares each key
// of a mapping with every other: mappings of maxYAMLMembers keep the work
// within maxYAMLMembers comparisons a key.
const maxYAMLMembers = 2000

// largeMapping returns the JSON pointer and size of the first mapping under
// node (at the place at) with more than maxYAMLMembers members.
func largeMapping(node *yaml.Node, at string) (string, int, bool) {
	switch node.Kind {
	case yaml.DocumentNode:
		for _, n := range node.Content {
			if found, size, ok := largeMapping(n, at); ok {
				return found, size, true
			}
		}
	case yaml.MappingNode:
		if len(node.Content)/2 > maxYAMLMembers {
			return at, len(node.Content) / 2, true
		}
		for i := 0; i+1 < len(node.Content); i += 2 {
			if found, size, ok := largeMapping(node.Content[i+1], at+"/"+EscapePointer(node.Content[i].Value)); ok {
				return found, size, true
			}
		}
	case yaml.SequenceNode:
		for i, n := range node.Content {
			if found, size, ok := largeMapping(n, at+"/"+strconv.Itoa(i)); ok {
				return found, size, true
			}
		}
	}
	return "", 0, false
}

// errTooDeep says that a document nests too deep, and what to do about it.
func errTooDeep() error {
	return fmt.Errorf("objects and arrays nest more than %d levels deep (ServiceTitan's documents nest at most 17): move nested schemas into components/schemas and refer to them with $ref", maxDepth)
}

// stringKeys returns node with the keys of its YAML mappings as strings, as
// kin-openapi reads them: YAML allows any scalar as a key (responses: {200: ...}).
func stringKeys(node any) any {
	switch n := node.(type) {
	case map[string]any:
		for k, v := range n {
			n[k] = stringKeys(v)
		}
	case map[any]any:
		m := make(map[string]any, len(n))
		for k, v := range n {
			m[fmt.Sprint(k)] = stringKeys(v)
		}
		return m
	case []any:
		for i, v := range n {
			n[i] = stringKeys(v)
		}
	}
	return node
}

// checkDepth fails when the objects and arrays of root nest deeper than
// maxDepth, naming the first place (in document order of sorted keys) that
// is too deep by its JSON pointer.
func checkDepth(file string, root any) error {
	if height(root, maxDepth+1) <= maxDepth {
		return nil
	}
	at, _ := tooDeep(root, "#", 1)
	return &Error{File: file, Location: at, Err: errTooDeep()}
}

// height returns how many levels of objects and arrays node holds, counted
// up to limit.
func height(node any, limit int) int {
	if limit == 0 {
		return 0
	}
	h := 0
	switch n := node.(type) {
	case map[string]any:
		for _, v := range n {
			h = max(h, height(v, limit-1))
		}
	case []any:
		for _, v := range n {
			h = max(h, height(v, limit-1))
		}
	default:
		return 0
	}
	return h + 1
}

// tooDeep returns the pointer of the first object or array under node,
// which is at level, that lies deeper than maxDepth.
func tooDeep(node any, at string, level int) (string, bool) {
	var children []string
	var child func(string) any
	switch n := node.(type) {
	case map[string]any:
		children = slices.Sorted(maps.Keys(n))
		child = func(k string) any { return n[k] }
	case []any:
		for i := range n {
			children = append(children, strconv.Itoa(i))
		}
		child = func(k string) any { i, _ := strconv.Atoi(k); return n[i] }
	default:
		return "", false
	}
	if level > maxDepth {
		return at, true
	}
	for _, k := range children {
		if found, ok := tooDeep(child(k), at+"/"+EscapePointer(k), level+1); ok {
			return found, true
		}
	}
	return "", false
}
