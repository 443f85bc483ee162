package gen

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"

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
	// extAccept is the Accept header the request sends: the media types of the result.
	extAccept = "x-stgen-accept"
	// extPageType is the Go type of a paged operation's page parameter.
	extPageType = "x-stgen-page-type"
	// extItemType is the Go type of a paged operation's items.
	extItemType = "x-stgen-item-type"
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
//     results being moved into components so that they get a name;
//   - paged operations get the Go shapes their iterators need (see pager);
//   - path parameters that would shadow the template's identifiers are
//     renamed in Go (see renameShadowingParams).
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
			pager(doc, item, op)
			renameShadowingParams(item, op)
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

// result decides what op's method returns, from its 2xx responses: the
// decoded value of the first with a JSON body, else the body as a stream
// (downloads, text) if one has a body, else nothing. An inline object, or
// inline object items of an array, is moved into components to get a name.
func result(doc *openapi3.T, op *openapi3.Operation) {
	status, mt, schema := normalize.SuccessJSON(op)
	if schema == nil {
		op.Extensions[extResult] = "none"
		if media := successMedia(op); len(media) > 0 {
			op.Extensions[extResult] = "stream"
			op.Extensions[extAccept] = strings.Join(media, ", ")
		}
		return
	}
	op.Extensions[extAccept] = mt
	prefix := normalize.Resource(op) + normalize.Method(op)
	schema = hoist(doc, schema, prefix+"Response")
	if s := schema.Value; schema.Ref == "" && s != nil && s.Type.Is(openapi3.TypeArray) && s.Items != nil {
		s.Items = hoist(doc, s.Items, prefix+"Item")
	}
	op.Responses.Value(status).Value.Content[mt].Schema = schema
	goType, pointer := goType(schema)
	op.Extensions[extResult] = "json"
	op.Extensions[extResultType] = goType
	op.Extensions[extResultPointer] = pointer
}

// templateNames are the identifiers the client template declares or imports
// in the functions that take path parameters as arguments.
func templateNames() map[string]bool {
	names := map[string]bool{}
	for _, n := range []string{
		"ctx", "c", "r", "p", "n", "req", "resp", "err", "params", "body", "contentType", "out",
		"first", "page", "pages", "from", "records", "it", "yield", "buf",
		"queryURL", "queryValues", "rawQueryFragments", "queryFrag", "queryParamBuf",
		"bytes", "context", "json", "errors", "fmt", "io", "iter", "http", "url", "strings", "time",
		"runtime", "openapi_types", "stapi",
	} {
		names[n] = true
	}
	return names
}

// renameShadowingParams gives a path parameter whose Go name would shadow
// one of the template's identifiers ({url}, {body}) the Go name ...Param.
func renameShadowingParams(item *openapi3.PathItem, op *openapi3.Operation) {
	names := templateNames()
	for _, params := range []openapi3.Parameters{op.Parameters, item.Parameters} {
		for _, p := range params {
			if p.Value == nil || p.Value.In != openapi3.ParameterInPath || normalize.IsClientParam(p.Value) {
				continue
			}
			goName := normalize.GoName(p.Value.Name)
			if names[lowerFirst(goName)] || strings.HasPrefix(lowerFirst(goName), "pathParam") || strings.HasPrefix(lowerFirst(goName), "headerParam") {
				if p.Value.Extensions == nil {
					p.Value.Extensions = map[string]any{}
				}
				p.Value.Extensions["x-go-name"] = goName + "Param"
			}
		}
	}
}

// lowerFirst lower-cases the leading capitals of a Go name as oapi-codegen
// does for a variable ("URL" gives "url", "GpsProvider" "gpsProvider").
func lowerFirst(name string) string {
	r := []rune(name)
	for i := range r {
		if i != 0 && i+1 < len(r) && unicode.IsLower(r[i+1]) {
			break
		}
		r[i] = unicode.ToLower(r[i])
	}
	return string(r)
}

// hasRawBody reports whether op takes a body that is not JSON (an io.Reader
// in Go, which can be read only once).
func hasRawBody(op *openapi3.Operation) bool {
	if op.RequestBody == nil || op.RequestBody.Value == nil || len(op.RequestBody.Value.Content) == 0 {
		return false
	}
	for mt := range op.RequestBody.Value.Content {
		if normalize.IsJSON(mt) {
			return false
		}
	}
	return true
}

// successMedia returns the media types of op's 2xx responses, sorted.
func successMedia(op *openapi3.Operation) []string {
	var media []string
	for code, r := range op.Responses.Map() {
		if strings.HasPrefix(code, "2") && r.Value != nil {
			for mt := range r.Value.Content {
				if !slices.Contains(media, mt) {
					media = append(media, mt)
				}
			}
		}
	}
	slices.Sort(media)
	return media
}

// hoist moves an inline object schema into components under a unique name
// built from name, and returns a reference to it; anything else is returned
// as it is.
func hoist(doc *openapi3.T, sr *openapi3.SchemaRef, name string) *openapi3.SchemaRef {
	if sr == nil || sr.Ref != "" || sr.Value == nil || !isObject(sr.Value) {
		return sr
	}
	name = uniqueSchemaName(doc, name)
	doc.Components.Schemas[name] = &openapi3.SchemaRef{Value: sr.Value}
	return &openapi3.SchemaRef{Ref: schemaRefPrefix + name, Value: sr.Value}
}

// pager tells the iterators of a paged operation (see normalize.ExtPager)
// the Go type of the items, and the Go shape of the parameter that moves
// through the pages and of the envelope fields they read. An operation whose
// parameter an iterator cannot move gets no iterator.
func pager(doc *openapi3.T, item *openapi3.PathItem, op *openapi3.Operation) {
	kind, _ := op.Extensions[normalize.ExtPager].(string)
	if kind == "" {
		return
	}
	driver, want := "page", []string{"int", "int32", "int64"}
	if kind == normalize.PagerExport {
		driver, want = "from", []string{"string"}
	}
	p := normalize.QueryParam(item, op, driver)
	t, _ := goType(p.Schema)
	if !slices.Contains(want, t) || hasRawBody(op) {
		// A parameter an iterator cannot move, or a body it cannot send
		// again for the next page.
		delete(op.Extensions, normalize.ExtPager)
		return
	}
	op.Extensions[extDriverPointer] = !p.Required
	op.Extensions[extPageType] = t

	_, _, env := normalize.SuccessJSON(op)
	data := env.Value.Properties["data"].Value
	data.Items = hoist(doc, data.Items, normalize.Resource(op)+normalize.Method(op)+"Item")
	op.Extensions[extItemType], _ = goType(data.Items)
	op.Extensions[extHasMorePointer] = !slices.Contains(env.Value.Required, "hasMore")
	op.Extensions[extContinuePointer] = !slices.Contains(env.Value.Required, "continueFrom")
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
		return "interface{}", false
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
	// What oapi-codegen makes of a schema without a type, so that an item
	// type matches the envelope's field.
	return "interface{}", false
}

func isObject(s *openapi3.Schema) bool {
	return s.Type.Is(openapi3.TypeObject) || len(s.Properties) > 0 || len(s.AllOf) > 0 || len(s.OneOf) > 0 || len(s.AnyOf) > 0
}

// uniqueSchemaName returns name, numbered if a component schema has it already.
func uniqueSchemaName(doc *openapi3.T, name string) string {
	candidate := name
	for i := 2; doc.Components.Schemas[candidate] != nil; i++ {
		candidate = name + strconv.Itoa(i)
	}
	return candidate
}
