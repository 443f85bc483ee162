package gen

import (
	"fmt"
	"go/token"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stgen-dev/stgen/internal/normalize"
	"github.com/stgen-dev/stgen/internal/spec"
)

const schemaRefPrefix = "#/components/schemas/"

// lower rewrites a normalized document into the form oapi-codegen turns
// into the types stgen wants, and builds the model of its operations:
//   - the dialect is 3.0 (normalization removed every 3.1 construct), so
//     oapi-codegen takes one code path for every release;
//   - a required property that may be null and is a $ref is made optional,
//     so that it becomes a plain pointer (3.0 cannot put `nullable` beside a
//     $ref, and oapi-codegen would otherwise emit a value), and so is a
//     required property whose type contains, through required properties,
//     the property's own type (Go has no infinite values);
//   - inline schemas that methods take or return (request bodies, results,
//     page items, enum and object parameters) move into components to get a
//     name, since oapi-codegen generates the components' types only;
//   - each operation becomes a model operation (see model.go).
func lower(d *spec.Document) (*model, error) {
	doc := d.OpenAPI
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
	breakValueCycles(doc.Components.Schemas)

	m := &model{domain: d.Domain, basePath: d.BasePath, title: d.Title()}
	l := &lowering{doc: doc, file: d.File}
	for _, path := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
		item := doc.Paths.Value(path)
		for _, method := range slices.Sorted(maps.Keys(item.Operations())) {
			op, err := l.operation(item, method, item.GetOperation(method))
			if err != nil {
				return nil, &spec.Error{File: d.File, Location: "#/paths/" + spec.EscapePointer(path) + "/" + strings.ToLower(method), Err: err}
			}
			m.ops = append(m.ops, op)
		}
	}
	prune(doc)
	slices.SortFunc(m.ops, func(a, b *operation) int {
		if c := strings.Compare(a.resource, b.resource); c != 0 {
			return c
		}
		return strings.Compare(a.method, b.method)
	})
	return m, nil
}

// lowering holds the state of one document's lowering.
type lowering struct {
	doc  *openapi3.T
	file string
}

// operation builds the model of one operation, hoisting the inline schemas it needs named.
func (l *lowering) operation(item *openapi3.PathItem, method string, op *openapi3.Operation) (*operation, error) {
	o := &operation{
		resource:   normalize.Resource(op),
		method:     normalize.Method(op),
		httpMethod: method,
		path:       op.Extensions[normalize.ExtFullPath].(string),
		deprecated: op.Deprecated,
	}
	o.summary, o.details = docText(op)
	o.scopes = scopes(l.doc, op)
	prefix := o.resource + o.method

	taken := map[string]bool{}
	for _, pr := range parameters(item, op) {
		p := pr.Value
		if normalize.IsClientParam(p) {
			continue
		}
		schema := p.Schema
		if schema == nil {
			schema = &openapi3.SchemaRef{Value: openapi3.NewStringSchema()}
		}
		schema = l.hoistParam(schema, prefix+normalize.GoName(p.Name))
		p.Schema = schema
		goType := l.goType(schema)
		prm := &param{name: p.Name, in: p.In, goType: goType, doc: p.Description, deprec: p.Deprecated, deep: p.Style == openapi3.SerializationDeepObject, delim: delimiter(p)}
		switch p.In {
		case openapi3.ParameterInPath:
			prm.goName = argName(p.Name)
			o.pathParams = append(o.pathParams, prm)
			continue
		case openapi3.ParameterInQuery, openapi3.ParameterInHeader:
		default:
			continue // cookies: the API takes none
		}
		prm.goName = uniqueName(normalize.GoName(p.Name), taken)
		if !p.Required && !isContainer(goType) {
			prm.goType, prm.pointer = "*"+goType, true
		}
		if o.params == nil {
			o.params = &paramsStruct{typeName: normalize.ParamsType(op)}
		}
		o.params.fields = append(o.params.fields, prm)
	}
	slices.SortStableFunc(o.pathParams, func(a, b *param) int {
		return strings.Index(o.path, "{"+a.name+"}") - strings.Index(o.path, "{"+b.name+"}")
	})

	if op.RequestBody != nil && op.RequestBody.Value != nil {
		b, err := l.body(op.RequestBody.Value, prefix+"Request")
		if err != nil {
			return nil, err
		}
		o.body = b
	}
	o.result = l.result(op, method, prefix)
	o.pager = l.pager(item, op, o)
	return o, nil
}

// delimiter tells how an array query parameter joins its values when it
// is sent as one: "csv" for form style not exploded (Swagger 2.0's default
// collectionFormat), "ssv" for spaceDelimited, "pipes" for pipeDelimited; ""
// when each value is a parameter of its own (form, exploded: the default).
func delimiter(p *openapi3.Parameter) string {
	if p.In != openapi3.ParameterInQuery {
		return ""
	}
	switch p.Style {
	case openapi3.SerializationSpaceDelimited:
		return "ssv"
	case openapi3.SerializationPipeDelimited:
		return "pipes"
	case "", openapi3.SerializationForm:
		if p.Explode != nil && !*p.Explode {
			return "csv"
		}
	}
	return ""
}

// parameters returns op's parameters and those of its path item that op
// does not override, in order.
func parameters(item *openapi3.PathItem, op *openapi3.Operation) openapi3.Parameters {
	out := slices.Clone(op.Parameters)
	for _, p := range item.Parameters {
		if p.Value == nil {
			continue
		}
		if !slices.ContainsFunc(out, func(q *openapi3.ParameterRef) bool {
			return q.Value != nil && q.Value.Name == p.Value.Name && q.Value.In == p.Value.In
		}) {
			out = append(out, p)
		}
	}
	return slices.DeleteFunc(out, func(p *openapi3.ParameterRef) bool { return p.Value == nil })
}

// body lowers a request body: JSON (an inline object hoisted as name),
// sent as multipart/form-data when it carries a file, or a multipart form.
func (l *lowering) body(rb *openapi3.RequestBody, name string) (*body, error) {
	media := slices.Sorted(maps.Keys(rb.Content))
	pick := func(ok func(string) bool) (*openapi3.MediaType, bool) {
		for _, mt := range media {
			if ok(mt) {
				return rb.Content[mt], true
			}
		}
		return nil, false
	}
	c, ok := pick(normalize.IsJSON)
	form := false
	if !ok {
		if c, ok = pick(func(mt string) bool { return mt == "multipart/form-data" }); !ok {
			if len(media) == 0 {
				return nil, nil
			}
			return nil, fmt.Errorf("request body of media types %s: only JSON and multipart/form-data request bodies are supported", strings.Join(media, ", "))
		}
		form = true
	}
	if c.Schema == nil {
		return &body{goType: "interface{}", multipart: form}, nil
	}
	c.Schema = l.hoist(c.Schema, name)
	return &body{goType: l.goType(c.Schema), multipart: form || hasBinary(c.Schema)}, nil
}

// hasBinary reports whether a body schema has a binary property: a file
// upload, which the API takes as multipart/form-data (see stapi.Multipart).
func hasBinary(sr *openapi3.SchemaRef) bool {
	if sr.Value == nil {
		return false
	}
	for _, p := range sr.Value.Properties {
		if p.Value != nil && p.Value.Type.Is(openapi3.TypeString) && p.Value.Format == "binary" {
			return true
		}
	}
	return false
}

// result decides what op's method returns, from its 2xx responses: the
// decoded value of the first with a JSON body; else, for a GET, the body as
// a stream (files, text, and bodies the document does not declare, which
// the API sends all the same); else the body read in full.
func (l *lowering) result(op *openapi3.Operation, method, prefix string) result {
	status, mt, schema := normalize.SuccessJSON(op)
	if schema == nil {
		media := strings.Join(successMedia(op), ", ")
		if len(media) > 0 || method == "GET" {
			return result{kind: resultDownload, accept: media}
		}
		return result{kind: resultBytes}
	}
	schema = l.hoist(schema, prefix+"Response")
	if s := schema.Value; schema.Ref == "" && s != nil && s.Type.Is(openapi3.TypeArray) && s.Items != nil {
		s.Items = l.hoist(s.Items, prefix+"Item")
	}
	op.Responses.Value(status).Value.Content[mt].Schema = schema
	return result{kind: resultJSON, goType: l.goType(schema), pointer: l.isStruct(schema), accept: mt}
}

// pageSizeMax finds a maximum page size stated in a parameter's description.
var pageSizeMax = regexp.MustCompile(`(?i)\bmax(?:imum)?(?:\s+value)?(?:\s+is)?\s*:?\s*(\d[\d,]*)`)

// pager builds what the iterators of a paged operation (see
// normalize.ExtPager) need. An operation whose driving parameter an
// iterator cannot move, or whose body it cannot send again, gets none.
func (l *lowering) pager(item *openapi3.PathItem, op *openapi3.Operation, o *operation) *pager {
	kind, _ := op.Extensions[normalize.ExtPager].(string)
	if kind == "" || o.result.kind != resultJSON {
		return nil
	}
	p := &pager{kind: pagerPages, allName: op.Extensions[normalize.ExtAllName].(string)}
	driverName, want := "page", []string{"int", "int32", "int64"}
	if kind == normalize.PagerExport {
		p.kind, driverName, want = pagerExport, "from", []string{"string"}
		p.feedName = op.Extensions[normalize.ExtFeedName].(string)
	}
	p.driver = o.params.field(driverName)
	if p.driver == nil || !slices.Contains(want, strings.TrimPrefix(p.driver.goType, "*")) {
		return nil
	}
	_, _, env := normalize.SuccessJSON(op)
	props := env.Value.Properties
	data := props["data"].Value
	data.Items = l.hoist(data.Items, o.resource+o.method+"Item")
	p.itemType = l.goType(data.Items)
	p.hasMorePointer = !slices.Contains(env.Value.Required, "hasMore")
	p.continuePointer = !slices.Contains(env.Value.Required, "continueFrom")
	if kind == normalize.PagerExport {
		return p
	}
	if it := data.Items.Value; it != nil && it.Type.Is(openapi3.TypeArray) && isFieldList(props["fields"]) {
		p.kind, p.itemType = pagerTable, "stapi.Row"
		p.fieldsName = normalize.FieldName(env.Value, "fields")
	}
	if qp := normalize.QueryParam(item, op, "page"); qp != nil && qp.Schema != nil && qp.Schema.Value != nil {
		if min := qp.Schema.Value.Min; min != nil && *min == 0 {
			p.first = 0
		} else {
			p.first = 1
		}
	}
	p.size = o.params.field("pageSize")
	if qp := normalize.QueryParam(item, op, "pageSize"); qp != nil && p.size != nil {
		if s := qp.Schema; s != nil && s.Value != nil && s.Value.Max != nil && *s.Value.Max < 1<<31 {
			p.maxSize = int(*s.Value.Max)
		} else if m := pageSizeMax.FindStringSubmatch(qp.Description); m != nil {
			p.maxSize, _ = strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
		}
	}
	return p
}

// isFieldList reports whether a schema is an array of objects with a name:
// the fields of a report's rows.
func isFieldList(sr *openapi3.SchemaRef) bool {
	if sr == nil || sr.Value == nil || !sr.Value.Type.Is(openapi3.TypeArray) || sr.Value.Items == nil || sr.Value.Items.Value == nil {
		return false
	}
	name := sr.Value.Items.Value.Properties["name"]
	return name != nil && name.Value != nil && name.Value.Type.Is(openapi3.TypeString)
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

// hoistParam names what a parameter's schema needs named: an inline enum or
// object, or the inline object items of an array.
func (l *lowering) hoistParam(sr *openapi3.SchemaRef, name string) *openapi3.SchemaRef {
	if sr.Ref == "" && sr.Value != nil && len(sr.Value.Enum) > 0 {
		return l.hoistAs(sr, name)
	}
	if s := sr.Value; sr.Ref == "" && s != nil && s.Type.Is(openapi3.TypeArray) && s.Items != nil {
		s.Items = l.hoistParam(s.Items, name+"Item")
		return sr
	}
	return l.hoist(sr, name)
}

// hoist moves an inline object schema (one with properties or composition)
// into components under a unique name built from name, and returns a
// reference to it; anything else is returned as it is.
func (l *lowering) hoist(sr *openapi3.SchemaRef, name string) *openapi3.SchemaRef {
	if sr == nil || sr.Ref != "" || sr.Value == nil || !needsName(sr.Value) {
		return sr
	}
	return l.hoistAs(sr, name)
}

// hoistAs moves an inline schema into components under a unique name.
func (l *lowering) hoistAs(sr *openapi3.SchemaRef, name string) *openapi3.SchemaRef {
	name = uniqueSchemaName(l.doc, name)
	l.doc.Components.Schemas[name] = &openapi3.SchemaRef{Value: sr.Value}
	return &openapi3.SchemaRef{Ref: schemaRefPrefix + name, Value: sr.Value, Extensions: sr.Extensions}
}

// needsName reports whether an inline schema becomes a type of its own.
func needsName(s *openapi3.Schema) bool {
	return len(s.Properties) > 0 || len(s.AllOf) > 0 || len(s.OneOf) > 0 || len(s.AnyOf) > 0 || len(s.Enum) > 0
}

// isStruct reports whether a schema is a component object, which methods return by pointer.
func (l *lowering) isStruct(sr *openapi3.SchemaRef) bool {
	if sr.Ref == "" || sr.Value == nil {
		return false
	}
	s := sr.Value
	return len(s.Enum) == 0 && (len(s.Properties) > 0 || len(s.AllOf) > 0 || len(s.OneOf) > 0 || len(s.AnyOf) > 0 || s.Type.Is(openapi3.TypeObject) && s.AdditionalProperties.Schema == nil)
}

// goType returns the Go type of a schema that a method takes or returns:
// a component's type, a scalar, or a slice or map of them.
func (l *lowering) goType(sr *openapi3.SchemaRef) string {
	if sr.Ref != "" {
		return strings.TrimPrefix(sr.Ref, schemaRefPrefix)
	}
	s := sr.Value
	switch {
	case s == nil:
		return "interface{}"
	case s.Type.Is(openapi3.TypeArray):
		if s.Items == nil {
			return "[]interface{}"
		}
		return "[]" + l.goType(s.Items)
	case s.Type.Is(openapi3.TypeObject) || s.Type == nil && s.AdditionalProperties.Schema != nil:
		if ap := s.AdditionalProperties.Schema; ap != nil {
			return "map[string]" + l.goType(ap)
		}
		return "map[string]interface{}"
	case normalize.ScalarType(s) != "":
		return normalize.ScalarType(s)
	}
	return "interface{}"
}

// isContainer reports whether a Go type's nil already says "not set".
func isContainer(goType string) bool {
	return strings.HasPrefix(goType, "[]") || strings.HasPrefix(goType, "map[") || goType == "interface{}"
}

// uniqueSchemaName returns name, numbered if a component schema has it already.
func uniqueSchemaName(doc *openapi3.T, name string) string {
	candidate := name
	for i := 2; doc.Components.Schemas[candidate] != nil; i++ {
		candidate = name + strconv.Itoa(i)
	}
	return candidate
}

// uniqueName returns name, or name with the smallest number from 2 up that is not taken, and takes it.
func uniqueName(name string, taken map[string]bool) string {
	candidate := name
	for i := 2; taken[candidate]; i++ {
		candidate = name + strconv.Itoa(i)
	}
	taken[candidate] = true
	return candidate
}

// reservedArgs are the identifiers generated methods declare or use beside
// their path parameters; a path parameter named like one gets "Param" added.
var reservedArgs = []string{"ctx", "r", "params", "body", "opts", "p", "page", "resp", "err", "yield", "stapi", "http", "iter", "context", "time", "json"}

// argName returns the Go argument name of a path parameter ("id", "contactID").
func argName(name string) string {
	arg := lowerFirst(normalize.GoName(name))
	if token.IsKeyword(arg) || slices.Contains(reservedArgs, arg) {
		arg += "Param"
	}
	return arg
}

// lowerFirst lower-cases the leading capitals of a Go name as a variable
// name has them ("URL" gives "url", "GPSProvider" "gpsProvider").
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

// breakValueCycles makes optional (so a pointer in Go) each required $ref
// property of a component whose type holds, through required $ref
// properties, the component itself: A{b B} with B{a A} is a type of
// infinite size. Components are visited in name order, so the result does
// not depend on map order.
func breakValueCycles(schemas openapi3.Schemas) {
	// holds returns the components a component holds by value.
	holds := func(name string) []string {
		sr := schemas[name]
		if sr == nil || sr.Ref != "" || sr.Value == nil {
			return nil
		}
		var out []string
		for _, prop := range sr.Value.Required {
			if p := sr.Value.Properties[prop]; p != nil && p.Ref != "" {
				out = append(out, strings.TrimPrefix(p.Ref, schemaRefPrefix))
			}
		}
		return out
	}
	reaches := func(from, to string) bool {
		seen := map[string]bool{}
		stack := []string{from}
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if n == to {
				return true
			}
			if !seen[n] {
				seen[n] = true
				stack = append(stack, holds(n)...)
			}
		}
		return false
	}
	for _, name := range slices.Sorted(maps.Keys(schemas)) {
		sr := schemas[name]
		if sr == nil || sr.Ref != "" || sr.Value == nil {
			continue
		}
		s := sr.Value
		for _, prop := range slices.Clone(s.Required) {
			p := s.Properties[prop]
			if p != nil && p.Ref != "" && reaches(strings.TrimPrefix(p.Ref, schemaRefPrefix), name) {
				s.Required = slices.DeleteFunc(s.Required, func(r string) bool { return r == prop })
			}
		}
	}
}

// prune removes the component schemas no operation uses, directly or
// through other schemas: their types would only weigh on the package.
func prune(doc *openapi3.T) {
	schemas := doc.Components.Schemas
	used := map[string]bool{}
	seen := map[*openapi3.Schema]bool{}
	var visit func(sr *openapi3.SchemaRef)
	visit = func(sr *openapi3.SchemaRef) {
		if sr == nil {
			return
		}
		if name, ok := strings.CutPrefix(sr.Ref, schemaRefPrefix); ok {
			if used[name] {
				return
			}
			used[name] = true
			sr = schemas[name]
			if sr == nil {
				return
			}
			if sr.Ref != "" {
				visit(sr)
				return
			}
		}
		s := sr.Value
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		for _, p := range s.Properties {
			visit(p)
		}
		visit(s.Items)
		visit(s.AdditionalProperties.Schema)
		visit(s.Not)
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
			for _, m := range group {
				visit(m)
			}
		}
	}
	content := func(c openapi3.Content) {
		for _, mt := range c {
			if mt != nil {
				visit(mt.Schema)
			}
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, p := range parameters(item, op) {
				visit(p.Value.Schema)
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				content(op.RequestBody.Value.Content)
			}
			if op.Responses != nil {
				for _, r := range op.Responses.Map() {
					if r.Value != nil {
						content(r.Value.Content)
					}
				}
			}
		}
	}
	for name := range schemas {
		if !used[name] {
			delete(schemas, name)
		}
	}
}
