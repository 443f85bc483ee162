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

// Beneath Paths, kin-openapi decodes each path item, operation, parameter,
// request body and response twice, the second time into map[string]any
// for its extensions; each parameter, request body and response before
// that into Ref, to look for a $ref; and the responses of an operation
// into map[string]any, each response encoded again and decoded from that
// (Responses.UnmarshalJSON). An itemDecoder decodes each of these objects
// once: the members that are fields of its struct, by the exact name of
// their JSON tag, through a copy of the struct without UnmarshalJSON, the
// others as extensions. What it cannot decode as kin does (a key that is a
// field name in another case, an operation's "responses": null, which kin
// marks in an unexported field, a reference), it leaves to kin's
// UnmarshalJSON of that object, given the bytes the level above gives it.
//
// The result is kin's:
//   - Where the path item is decoded straight (see reencode.go),
//     reencodingKeeps has checked every object and number in it, those of
//     each response included, and what it checks shows alike in any of
//     kin's decoders: each response decodes straight as it does from its
//     re-encoding.
//   - Where the path item is re-encoded, each response is already what kin
//     re-encodes it to (json.Marshal of what json.Unmarshal reads from
//     json.Marshal's output is that output).
//   - Dropping the decoding of whole objects into map[string]any loses no
//     error: on valid JSON that fails only for a number beyond float64,
//     which fails reencodingKeeps, then the re-encoding.

// itemDecoder decodes the path items of a document; it holds the JSON field
// names of the types it decodes.
type itemDecoder struct {
	itemFields, opFields, responseFields, parameterFields, requestBodyFields []string
}

// newItemDecoder returns an itemDecoder; ok is false when a type it decodes
// embeds a type.
func newItemDecoder() (d itemDecoder, ok bool) {
	for _, f := range []struct {
		names *[]string
		t     reflect.Type
	}{
		{&d.itemFields, reflect.TypeFor[openapi3.PathItem]()},
		{&d.opFields, reflect.TypeFor[openapi3.Operation]()},
		{&d.responseFields, reflect.TypeFor[openapi3.Response]()},
		{&d.parameterFields, reflect.TypeFor[openapi3.Parameter]()},
		{&d.requestBodyFields, reflect.TypeFor[openapi3.RequestBody]()},
	} {
		if *f.names, ok = jsonFieldNames(f.t); !ok {
			return d, false
		}
	}
	return d, true
}

// pathItem decodes a path item (valid JSON) as Paths.UnmarshalJSON does:
// straight, unless the re-encoding Paths.UnmarshalJSON decodes from could
// change the result (see reencode.go).
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
		return kinDecode[openapi3.PathItem](data)
	}
	// The same struct without its UnmarshalJSON method.
	type plainPathItem openapi3.PathItem
	var x plainPathItem
	item := (*openapi3.PathItem)(&x)
	decodedHere := func(key string) bool { return key == "parameters" || operationField(item, key) != nil }
	if x.Extensions, ok = decodeFields(data, ms, d.itemFields, decodedHere, &x); !ok {
		return nil, false
	}
	for _, m := range ms {
		switch op := operationField(item, m.key); {
		case m.key == "parameters":
			if x.Parameters, ok = d.parameters(m.value); !ok {
				return nil, false
			}
		// encoding/json leaves a pointer nil on null, calling no
		// UnmarshalJSON.
		case op != nil && string(m.value) != "null":
			if *op, ok = d.operation(m.value); !ok {
				return nil, false
			}
		}
	}
	return item, true
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
		return kinDecode[openapi3.Operation](data)
	}
	for _, m := range ms {
		if m.key == "responses" && string(m.value) == "null" {
			// kin marks the responses explicitly null, in a field only it
			// can set.
			return kinDecode[openapi3.Operation](data)
		}
	}
	// The same struct without its UnmarshalJSON method.
	type plainOperation openapi3.Operation
	var x plainOperation
	decodedHere := func(key string) bool { return key == "responses" || key == "parameters" || key == "requestBody" }
	if x.Extensions, ok = decodeFields(data, ms, d.opFields, decodedHere, &x); !ok {
		return nil, false
	}
	for _, m := range ms {
		switch m.key {
		case "responses":
			x.Responses, ok = d.responses(m.value)
		case "parameters":
			x.Parameters, ok = d.parameters(m.value)
		case "requestBody":
			// encoding/json leaves a pointer nil on null.
			if string(m.value) != "null" {
				x.RequestBody, ok = d.requestBody(m.value)
			}
		}
		if !ok {
			return nil, false
		}
	}
	return (*openapi3.Operation)(&x), true
}

// responses decodes an operation's responses (valid JSON, no null) as
// Responses.UnmarshalJSON does: members whose key starts with x- are
// extensions, kept in a map even when there are none, and the others
// responses.
func (d itemDecoder) responses(data []byte) (*openapi3.Responses, bool) {
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
		r, ok := d.response(m.value)
		if !ok {
			return nil, false
		}
		responses.Set(m.key, r)
	}
	return responses, true
}

// parameters decodes a list of parameters (valid JSON) as encoding/json
// decodes openapi3.Parameters: nil for null, a nil element for null.
func (d itemDecoder) parameters(data []byte) (openapi3.Parameters, bool) {
	if string(data) == "null" {
		return nil, true
	}
	es, ok := elements(data)
	if !ok {
		return nil, false
	}
	params := make(openapi3.Parameters, len(es))
	for i, e := range es {
		if string(e) != "null" {
			if params[i], ok = d.parameter(e); !ok {
				return nil, false
			}
		}
	}
	return params, true
}

// The XRef types (ResponseRef, ParameterRef, RequestBodyRef) decode a
// reference when a key encoding/json takes for $ref has a value, else the
// X, through X.UnmarshalJSON. Their decoders here leave any object with
// such a key, and null, of which kin makes an empty XRef, to
// XRef.UnmarshalJSON; toKin says when.

// response decodes a response (valid JSON) as ResponseRef.UnmarshalJSON
// does.
func (d itemDecoder) response(data []byte) (*openapi3.ResponseRef, bool) {
	ms, ok := members(data)
	if toKin(ms, ok, d.responseFields) {
		return kinDecode[openapi3.ResponseRef](data)
	}
	// The same struct without its UnmarshalJSON method.
	type plainResponse openapi3.Response
	var x plainResponse
	if x.Extensions, ok = decodeFields(data, ms, d.responseFields, nil, &x); !ok {
		return nil, false
	}
	return &openapi3.ResponseRef{Value: (*openapi3.Response)(&x)}, true
}

// parameter decodes a parameter (valid JSON) as
// ParameterRef.UnmarshalJSON does.
func (d itemDecoder) parameter(data []byte) (*openapi3.ParameterRef, bool) {
	ms, ok := members(data)
	if toKin(ms, ok, d.parameterFields) {
		return kinDecode[openapi3.ParameterRef](data)
	}
	// The same struct without its UnmarshalJSON method.
	type plainParameter openapi3.Parameter
	var x plainParameter
	if x.Extensions, ok = decodeFields(data, ms, d.parameterFields, nil, &x); !ok {
		return nil, false
	}
	return &openapi3.ParameterRef{Value: (*openapi3.Parameter)(&x)}, true
}

// requestBody decodes a request body (valid JSON) as
// RequestBodyRef.UnmarshalJSON does.
func (d itemDecoder) requestBody(data []byte) (*openapi3.RequestBodyRef, bool) {
	ms, ok := members(data)
	if toKin(ms, ok, d.requestBodyFields) {
		return kinDecode[openapi3.RequestBodyRef](data)
	}
	// The same struct without its UnmarshalJSON method.
	type plainRequestBody openapi3.RequestBody
	var x plainRequestBody
	if x.Extensions, ok = decodeFields(data, ms, d.requestBodyFields, nil, &x); !ok {
		return nil, false
	}
	return &openapi3.RequestBodyRef{Value: (*openapi3.RequestBody)(&x)}, true
}

// toKin reports whether the value of an XRef, split into ms (ok false when
// it is no object), is left to kin: it is no object, a key is $ref in any
// case, or a key is one of fields in another case.
func toKin(ms []member, ok bool, fields []string) bool {
	isRef := func(m member) bool { return strings.EqualFold(m.key, "$ref") }
	return !ok || slices.ContainsFunc(ms, isRef) || !exactFields(ms, fields)
}

// kinDecode decodes data with T's UnmarshalJSON.
func kinDecode[T any, P interface {
	*T
	json.Unmarshaler
}](data []byte) (*T, bool) {
	v := P(new(T))
	if err := v.UnmarshalJSON(data); err != nil {
		return nil, false
	}
	return v, true
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

// decodeFields decodes the members of an object (data, split into ms, no
// key a field name in another case) whose key is one of fields into plain,
// a pointer to a struct without UnmarshalJSON, as encoding/json decodes the
// object, and returns the others as extensions, nil when there are none;
// it leaves out the members whose key skip (when not nil) reports, for the
// caller.
func decodeFields(data []byte, ms []member, fields []string, skip func(key string) bool, plain any) (map[string]any, bool) {
	var ext map[string]any
	skipped := false
	for _, m := range ms {
		switch {
		case skip != nil && skip(m.key):
			skipped = true
		case !slices.Contains(fields, m.key):
			var v any
			if err := json.Unmarshal(m.value, &v); err != nil {
				return nil, false
			}
			if ext == nil {
				ext = make(map[string]any)
			}
			ext[m.key] = v
		}
	}
	// encoding/json passes over the members that are no field, but would
	// decode those left to the caller: they are left out.
	if skipped {
		rest := []byte{'{'}
		for _, m := range ms {
			if !skip(m.key) && slices.Contains(fields, m.key) {
				if len(rest) > 1 {
					rest = append(rest, ',')
				}
				rest = append(rest, m.rawKey...)
				rest = append(rest, ':')
				rest = append(rest, m.value...)
			}
		}
		if len(rest) == 1 {
			return ext, true
		}
		data = append(rest, '}')
	}
	if err := json.Unmarshal(data, plain); err != nil {
		return nil, false
	}
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
	fields, ok := jsonFieldNames(reflect.TypeFor[openapi3.Components]())
	if !ok || !exactFields(ms, fields) {
		return nil, false
	}
	// The same struct without its UnmarshalJSON method.
	type plainComponents openapi3.Components
	var c plainComponents
	if c.Extensions, ok = decodeFields(data, ms, fields, nil, &c); !ok {
		return nil, false
	}
	return (*openapi3.Components)(&c), true
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
