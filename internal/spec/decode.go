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
// that. Each path item, each of its operations and their responses go
// through the same two rounds, or a re-encoding, again. decodeJSON makes the
// same openapi3.T without these rounds: the document without its paths and
// components goes through T.UnmarshalJSON, each path item (from kin's
// re-encoding only where that changes the result: see reencode.go), its
// operations and their responses through an itemDecoder, the components
// through their struct, and the extensions of each of these are collected
// from their members. Where it cannot be sure of the same result (duplicate
// keys, a key encoding/json would take for "paths", "components" or a field
// of the components but is not that name), or where json.Unmarshal fails,
// it declines, and the caller decodes as before; what an itemDecoder cannot
// decode as kin does, it leaves to kin's UnmarshalJSON of that object.

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
	d, ok := newItemDecoder()
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
		item, ok := d.pathItem(m.value)
		if !ok {
			return nil, false
		}
		paths.Set(m.key, item)
	}
	return paths, true
}

// itemDecoder decodes path items, their operations and the operations'
// responses itself, where kin-openapi decodes each of these twice, the
// second time into map[string]any for its extensions (the responses into
// map[string]any only, each response encoded again and decoded from that).
// It knows the JSON field names of PathItem and Operation; what it cannot
// decode as kin does (a key that is a field name in another case, an
// operation's "responses": null, which kin marks in an unexported field),
// it leaves to kin's UnmarshalJSON of that object, which decodes the same
// bytes as the level above would have passed it.
type itemDecoder struct {
	itemFields, opFields []string
}

// newItemDecoder returns an itemDecoder; ok is false when PathItem or
// Operation embeds a type.
func newItemDecoder() (d itemDecoder, ok bool) {
	if d.itemFields, ok = jsonFieldNames(reflect.TypeFor[openapi3.PathItem]()); !ok {
		return d, false
	}
	d.opFields, ok = jsonFieldNames(reflect.TypeFor[openapi3.Operation]())
	return d, ok
}

// pathItem decodes a path item (valid JSON) as Paths.UnmarshalJSON does:
// straight, unless the re-encoding Paths.UnmarshalJSON decodes from could
// change the result (see reencode.go).
//
// kin decodes the responses of each operation from a re-encoding of their
// own (Responses.UnmarshalJSON), which pathItem skips too. Where the path
// item is decoded straight, reencodingKeeps has checked every object and
// number in it, those of each response included, and what it checks shows
// the same in any of kin's decoders: each response decodes straight as it
// does from its re-encoding. Where the path item is re-encoded, each
// response is already as kin would re-encode it again (json.Marshal of what
// json.Unmarshal reads from json.Marshal's output is that output).
// Dropping kin's decoding of whole objects into map[string]any loses no
// error either: on valid JSON that fails only for a number beyond float64,
// and such a number fails reencodingKeeps, then the re-encoding.
func (d itemDecoder) pathItem(data []byte) (*openapi3.PathItem, bool) {
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
	ms, ok := members(data)
	if !ok || !exactFields(ms, d.itemFields) {
		item := new(openapi3.PathItem)
		if err := item.UnmarshalJSON(data); err != nil {
			return nil, false
		}
		return item, true
	}
	// The same struct without its UnmarshalJSON method.
	type plainPathItem openapi3.PathItem
	var x plainPathItem
	rest := []byte{'{'}
	for _, m := range ms {
		op := operationField((*openapi3.PathItem)(&x), m.key)
		switch {
		case op != nil:
			// encoding/json leaves a pointer nil on null, calling no
			// UnmarshalJSON.
			if string(m.value) == "null" {
				continue
			}
			if *op, ok = d.operation(m.value); !ok {
				return nil, false
			}
		case slices.Contains(d.itemFields, m.key):
			rest = appendMember(rest, m)
		default:
			if x.Extensions, ok = addExtension(x.Extensions, m); !ok {
				return nil, false
			}
		}
	}
	if len(rest) > 1 {
		if err := json.Unmarshal(append(rest, '}'), &x); err != nil {
			return nil, false
		}
	}
	item := openapi3.PathItem(x)
	return &item, true
}

// operationField returns the field of item that the operation under key
// goes to, or nil when key names no method field.
func operationField(item *openapi3.PathItem, key string) **openapi3.Operation {
	switch key {
	case "connect":
		return &item.Connect
	case "delete":
		return &item.Delete
	case "get":
		return &item.Get
	case "head":
		return &item.Head
	case "options":
		return &item.Options
	case "patch":
		return &item.Patch
	case "post":
		return &item.Post
	case "put":
		return &item.Put
	case "trace":
		return &item.Trace
	case "query":
		return &item.Query
	}
	return nil
}

// operation decodes an operation (valid JSON) as Operation.UnmarshalJSON
// does, its responses as Responses.UnmarshalJSON does.
func (d itemDecoder) operation(data []byte) (*openapi3.Operation, bool) {
	ms, ok := members(data)
	if !ok || !exactFields(ms, d.opFields) {
		return kinOperation(data)
	}
	// The same struct without its UnmarshalJSON method.
	type plainOperation openapi3.Operation
	var x plainOperation
	var responses []byte
	rest := []byte{'{'}
	for _, m := range ms {
		switch {
		case m.key == "responses":
			if string(m.value) == "null" {
				// kin marks the responses explicitly null, in a field
				// only it can set.
				return kinOperation(data)
			}
			responses = m.value
		case slices.Contains(d.opFields, m.key):
			rest = appendMember(rest, m)
		default:
			if x.Extensions, ok = addExtension(x.Extensions, m); !ok {
				return nil, false
			}
		}
	}
	if len(rest) > 1 {
		if err := json.Unmarshal(append(rest, '}'), &x); err != nil {
			return nil, false
		}
	}
	if responses != nil {
		if x.Responses, ok = decodeResponses(responses); !ok {
			return nil, false
		}
	}
	op := openapi3.Operation(x)
	return &op, true
}

// kinOperation decodes an operation with Operation.UnmarshalJSON.
func kinOperation(data []byte) (*openapi3.Operation, bool) {
	op := new(openapi3.Operation)
	if err := op.UnmarshalJSON(data); err != nil {
		return nil, false
	}
	return op, true
}

// decodeResponses decodes an operation's responses (valid JSON, no null) as
// Responses.UnmarshalJSON does: members whose key starts with x- are
// extensions, kept in a map even when there are none, and the others
// responses, each decoded by ResponseRef.UnmarshalJSON (which makes a
// ResponseRef of null too).
func decodeResponses(data []byte) (*openapi3.Responses, bool) {
	ms, ok := members(data)
	if !ok {
		return nil, false
	}
	responses := openapi3.NewResponsesWithCapacity(len(ms))
	responses.Extensions = make(map[string]any)
	for _, m := range ms {
		if strings.HasPrefix(m.key, "x-") {
			var v any
			if err := json.Unmarshal(m.value, &v); err != nil {
				return nil, false
			}
			responses.Extensions[m.key] = v
			continue
		}
		r := new(openapi3.ResponseRef)
		if err := r.UnmarshalJSON(m.value); err != nil {
			return nil, false
		}
		responses.Set(m.key, r)
	}
	return responses, true
}

// exactFields reports whether no key of ms is one of fields in another
// case, which encoding/json would decode into the field while kin keeps it
// as an extension as well.
func exactFields(ms []member, fields []string) bool {
	for _, m := range ms {
		if slices.Contains(fields, m.key) {
			continue
		}
		if slices.ContainsFunc(fields, func(f string) bool { return strings.EqualFold(f, m.key) }) {
			return false
		}
	}
	return true
}

// appendMember appends m to the members of an object being written in
// dst, whose opening brace is dst[0].
func appendMember(dst []byte, m member) []byte {
	if len(dst) > 1 {
		dst = append(dst, ',')
	}
	dst = append(dst, m.rawKey...)
	dst = append(dst, ':')
	return append(dst, m.value...)
}

// addExtension adds m, decoded, to ext, which it makes when nil.
func addExtension(ext map[string]any, m member) (map[string]any, bool) {
	var v any
	if err := json.Unmarshal(m.value, &v); err != nil {
		return nil, false
	}
	if ext == nil {
		ext = make(map[string]any)
	}
	ext[m.key] = v
	return ext, true
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
