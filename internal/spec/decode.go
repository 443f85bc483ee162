package spec

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// json.Unmarshal into an openapi3.T decodes far more than the document:
// T.UnmarshalJSON decodes the whole document a second time into
// map[string]any to collect its extensions, Components.UnmarshalJSON does
// the same with the components, and Paths.UnmarshalJSON decodes the paths
// into map[string]any, encodes each path item again and decodes it from
// that. decodeJSON makes the same openapi3.T without these outer rounds: the
// document without its paths and components goes through T.UnmarshalJSON,
// each path item through PathItem.UnmarshalJSON (from kin's re-encoding only
// where that changes the result: see reencode.go), the components through
// their struct, and the extensions of paths and components are collected
// from their members. Where it cannot be sure of the same result (duplicate
// keys, a key encoding/json would take for "paths", "components" or a field
// of the components but is not that name), or where json.Unmarshal fails,
// it declines, and the caller decodes as before.

// decodeJSON decodes a JSON OpenAPI document into what json.Unmarshal into
// an openapi3.T makes of it; ok is false when it cannot tell that its
// result is the same, or when json.Unmarshal would fail.
func decodeJSON(data []byte) (doc *openapi3.T, ok bool) {
	if !json.Valid(data) {
		return nil, false
	}
	top, ok := members(data)
	if !ok {
		return nil, false
	}
	// The shell is the document without its paths and components.
	shell := []byte{'{'}
	var paths, components []byte
	for _, m := range top {
		switch {
		case m.key == "paths":
			paths = m.value
		case m.key == "components":
			components = m.value
		case strings.EqualFold(m.key, "paths") || strings.EqualFold(m.key, "components"):
			// encoding/json would decode it into the field as well.
			return nil, false
		default:
			if len(shell) > 1 {
				shell = append(shell, ',')
			}
			shell = append(shell, m.rawKey...)
			shell = append(shell, ':')
			shell = append(shell, m.value...)
		}
	}
	shell = append(shell, '}')
	doc = new(openapi3.T)
	if err := doc.UnmarshalJSON(shell); err != nil {
		return nil, false
	}
	// encoding/json leaves a pointer nil on null, calling no UnmarshalJSON.
	if paths != nil && string(paths) != "null" {
		if doc.Paths, ok = decodePaths(paths); !ok {
			return nil, false
		}
	}
	if components != nil && string(components) != "null" {
		if doc.Components, ok = decodeComponents(components); !ok {
			return nil, false
		}
	}
	return doc, true
}

// decodePaths decodes a document's paths (valid JSON) as
// Paths.UnmarshalJSON does, which makes Extensions an empty map when there
// are none.
func decodePaths(data []byte) (*openapi3.Paths, bool) {
	ms, ok := members(data)
	if !ok {
		return nil, false
	}
	paths := openapi3.NewPathsWithCapacity(len(ms))
	paths.Extensions = make(map[string]any)
	for _, m := range ms {
		if strings.HasPrefix(m.key, "x-") {
			var v any
			if err := json.Unmarshal(m.value, &v); err != nil {
				return nil, false
			}
			paths.Extensions[m.key] = v
			continue
		}
		item, ok := decodePathItem(m.value)
		if !ok {
			return nil, false
		}
		paths.Set(m.key, item)
	}
	return paths, true
}

// decodePathItem decodes a path item (valid JSON) as Paths.UnmarshalJSON
// does: straight, unless the re-encoding Paths.UnmarshalJSON decodes from
// could change the result (see reencode.go).
func decodePathItem(data []byte) (*openapi3.PathItem, bool) {
	if !reencodingKeeps(data) {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return nil, false
		}
		again, err := json.Marshal(v)
		if err != nil {
			return nil, false
		}
		data = again
	}
	item := new(openapi3.PathItem)
	if err := item.UnmarshalJSON(data); err != nil {
		return nil, false
	}
	return item, true
}

// decodeComponents decodes a document's components (valid JSON) as
// Components.UnmarshalJSON does: the members that are no field, by the
// exact name of its JSON tag, are extensions.
func decodeComponents(data []byte) (*openapi3.Components, bool) {
	ms, ok := members(data)
	if !ok {
		return nil, false
	}
	// The same struct without its UnmarshalJSON method.
	type plainComponents openapi3.Components
	var c plainComponents
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, false
	}
	fields, ok := jsonFieldNames(reflect.TypeFor[openapi3.Components]())
	if !ok {
		return nil, false
	}
	for _, m := range ms {
		if slices.Contains(fields, m.key) {
			continue
		}
		if slices.ContainsFunc(fields, func(f string) bool { return strings.EqualFold(f, m.key) }) {
			// encoding/json decodes it into the field too.
			return nil, false
		}
		var v any
		if err := json.Unmarshal(m.value, &v); err != nil {
			return nil, false
		}
		if c.Extensions == nil {
			c.Extensions = make(map[string]any)
		}
		c.Extensions[m.key] = v
	}
	components := openapi3.Components(c)
	return &components, true
}

// jsonFieldNames returns the names encoding/json matches the fields of
// struct type t by; ok is false when t embeds a type, whose fields
// encoding/json may promote.
func jsonFieldNames(t reflect.Type) (names []string, ok bool) {
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		switch {
		case f.Anonymous:
			return nil, false
		case tag == "-" || !f.IsExported():
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		names = append(names, name)
	}
	return names, true
}
