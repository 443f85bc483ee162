package gen

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stgen-dev/stgen/internal/normalize"
)

// Extensions lower sets on operations for the client template.
const (
	// extResult is "json", "stream" or "none": what a successful call returns.
	extResult = "x-stgen-result"
	// extResultType is the Go type a "json" result decodes into.
	extResultType = "x-stgen-result-type"
	// extResultPointer is true when the method returns a pointer to the result type.
	extResultPointer = "x-stgen-result-pointer"
	// extPageType is the Go type of a paged operation's page parameter.
	extPageType = "x-stgen-page-type"
	// extDriverPointer is true when the page or from parameter is a pointer in the params struct.
	extDriverPointer = "x-stgen-driver-pointer"
	// extHasMorePointer and extContinuePointer are true when the envelope's
	// hasMore and continueFrom fields are pointers.
	extHasMorePointer  = "x-stgen-has-more-pointer"
	extContinuePointer = "x-stgen-continue-pointer"
)

const schemaRefPrefix = "#/components/schemas/"

// lower rewrites a normalized document into the form oapi-codegen turns into
// the Go stgen wants:
//   - the dialect is 3.0 (normalization removed every 3.1 construct), so
//     oapi-codegen takes one code path for every release;
//   - a required property that may be null and is a $ref is made optional,
//     so that it becomes a plain pointer (3.0 cannot put `nullable` beside a
//     $ref, and oapi-codegen would otherwise emit a value);
//   - each operation's success result is decided (see result), inline object
//     results being moved into components so that they get a name.
func lower(doc *openapi3.T) {
	doc.OpenAPI = "3.0.3"
	if doc.Components == nil {
		doc.Components = &openapi3.Components{}
	}
	if doc.Components.Schemas == nil {
		doc.Components.Schemas = openapi3.Schemas{}
	}
	visited := map[*openapi3.Schema]bool{}
	for _, name := range slices.Sorted(maps.Keys(doc.Components.Schemas)) {
		pointNullableRefs(doc.Components.Schemas[name], visited)
	}
	for _, path := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
		item := doc.Paths.Value(path)
		for _, method := range slices.Sorted(maps.Keys(item.Operations())) {
			op := item.GetOperation(method)
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					pointNullableRefs(mt.Schema, visited)
				}
			}
			result(doc, op)
			pager(op)
		}
	}
}

// pointNullableRefs drops nullable $ref properties from the required lists
// of sr and the inline schemas under it.
func pointNullableRefs(sr *openapi3.SchemaRef, visited map[*openapi3.Schema]bool) {
	if sr == nil || sr.Ref != "" || sr.Value == nil || visited[sr.Value] {
		return
	}
	s := sr.Value
	visited[s] = true
	s.Required = slices.DeleteFunc(slices.Clone(s.Required), func(name string) bool {
		p := s.Properties[name]
		return p != nil && p.Ref != "" && normalize.IsNullable(p)
	})
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		pointNullableRefs(s.Properties[name], visited)
	}
	pointNullableRefs(s.Items, visited)
	pointNullableRefs(s.AdditionalProperties.Schema, visited)
	for _, group := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, m := range group {
			pointNullableRefs(m, visited)
		}
	}
}

// result decides what op's method returns, from its first 2xx response: a
// decoded JSON value, the body as a stream (downloads, text), or nothing.
func result(doc *openapi3.T, op *openapi3.Operation) {
	op.Extensions[extResult] = "none"
	resp := successResponse(op)
	if resp == nil || len(resp.Content) == 0 {
		return
	}
	ct := firstJSON(resp.Content)
	if ct == "" || resp.Content[ct].Schema == nil {
		op.Extensions[extResult] = "stream"
		return
	}
	schema := resp.Content[ct].Schema
	if schema.Ref == "" && schema.Value != nil && isObject(schema.Value) {
		name := uniqueSchemaName(doc, normalize.Resource(op)+normalize.Method(op)+"Response")
		doc.Components.Schemas[name] = &openapi3.SchemaRef{Value: schema.Value}
		schema = &openapi3.SchemaRef{Ref: schemaRefPrefix + name, Value: schema.Value}
		resp.Content[ct].Schema = schema
	}
	goType, pointer := goType(schema)
	op.Extensions[extResult] = "json"
	op.Extensions[extResultType] = goType
	op.Extensions[extResultPointer] = pointer
}

// pager tells the iterators of a paged operation (see normalize.ExtPager)
// the Go shape of the parameter that moves through the pages and of the
// envelope fields they read.
func pager(op *openapi3.Operation) {
	kind, _ := op.Extensions[normalize.ExtPager].(string)
	if kind == "" {
		return
	}
	driver := "page"
	if kind == normalize.PagerExport {
		driver = "from"
	}
	for _, p := range op.Parameters {
		if p.Value == nil || p.Value.In != openapi3.ParameterInQuery || p.Value.Name != driver {
			continue
		}
		t, _ := goType(p.Value.Schema)
		if kind == normalize.PagerPage && !slices.Contains([]string{"int", "int32", "int64"}, t) ||
			kind == normalize.PagerExport && t != "string" {
			// Not a parameter an iterator knows how to move: no iterator.
			delete(op.Extensions, normalize.ExtPager)
			return
		}
		op.Extensions[extDriverPointer] = !p.Value.Required
		op.Extensions[extPageType] = t
	}
	env := successResponse(op).Content.Get("application/json").Schema.Value
	op.Extensions[extHasMorePointer] = !slices.Contains(env.Required, "hasMore")
	op.Extensions[extContinuePointer] = !slices.Contains(env.Required, "continueFrom")
}

// successResponse returns the response of the lowest 2xx status op declares.
func successResponse(op *openapi3.Operation) *openapi3.Response {
	if op.Responses == nil {
		return nil
	}
	for _, code := range slices.Sorted(maps.Keys(op.Responses.Map())) {
		if strings.HasPrefix(code, "2") {
			if r := op.Responses.Value(code); r != nil {
				return r.Value
			}
		}
	}
	return nil
}

// goType returns the Go type of a result schema and whether the method
// returns a pointer to it (not for slices and maps, whose nil says "none").
func goType(sr *openapi3.SchemaRef) (string, bool) {
	if sr.Ref != "" {
		return strings.TrimPrefix(sr.Ref, schemaRefPrefix), true
	}
	s := sr.Value
	switch {
	case s == nil:
		return "json.RawMessage", false
	case s.Type.Is(openapi3.TypeArray) && s.Items != nil:
		item, _ := goType(s.Items)
		return "[]" + item, false
	case s.Type.Is(openapi3.TypeInteger):
		switch s.Format {
		case "int32":
			return "int32", true
		case "int64":
			return "int64", true
		}
		return "int", true
	case s.Type.Is(openapi3.TypeNumber):
		return "float64", true
	case s.Type.Is(openapi3.TypeBoolean):
		return "bool", true
	case s.Type.Is(openapi3.TypeString):
		switch s.Format {
		case "date-time":
			return "time.Time", true
		case "date":
			return "openapi_types.Date", true
		}
		return "string", true
	}
	return "json.RawMessage", false
}

func isObject(s *openapi3.Schema) bool {
	return s.Type.Is(openapi3.TypeObject) || len(s.Properties) > 0 || len(s.AllOf) > 0 || len(s.OneOf) > 0 || len(s.AnyOf) > 0
}

// isJSON reports whether a media type carries JSON ("application/json", "text/json", "application/problem+json").
func isJSON(mediaType string) bool {
	mt, _, _ := strings.Cut(strings.ToLower(mediaType), ";")
	return mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json")
}

// firstJSON returns the first JSON media type of c, or "".
func firstJSON(c openapi3.Content) string {
	for _, ct := range slices.Sorted(maps.Keys(c)) {
		if isJSON(ct) {
			return ct
		}
	}
	return ""
}

// uniqueSchemaName returns name, numbered if a component schema has it already.
func uniqueSchemaName(doc *openapi3.T, name string) string {
	candidate := name
	for i := 2; doc.Components.Schemas[candidate] != nil; i++ {
		candidate = name + strconv.Itoa(i)
	}
	return candidate
}
