package normalize

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
	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/names"
)

// operation builds the model of a named operation: its arguments, body,
// result and iterators.
func (b *builder) operation(o *operation) *model.Operation {
	at := pointer("#/paths", o.path, strings.ToLower(o.method))
	op := &model.Operation{
		Key:        names.OperationKey(o.method, b.basePath+o.path),
		ID:         o.op.OperationID,
		Resource:   o.resource,
		Method:     o.action,
		HTTPMethod: o.method,
		Path:       b.basePath + o.path,
		Location:   at,
		Tags:       slices.Clone(o.op.Tags),
		Scopes:     operationScopes(b.doc, o.op),
		Deprecated: o.op.Deprecated,
	}
	op.Summary, op.Description = operationText(o.op)
	prefix := o.resource + o.action
	b.parameters(op, o, at, prefix)
	if rb := o.op.RequestBody; rb != nil && rb.Value != nil {
		body, err := b.body(rb.Value, pointer(at, "requestBody"), prefix+"Request")
		if err != nil {
			b.fail(pointer(at, "requestBody"), err)
			return op
		}
		op.Body = body
	}
	op.Result = b.result(o, at, prefix)
	op.Responses = b.responses(o.op, op.Result.Status)
	if o.pager != "" && op.Result.Kind == model.ResultJSON {
		op.Pager = b.pager(o, op)
	}
	op.ReportRun = op.HTTPMethod == "POST" && op.Pager != nil && op.Pager.Kind == model.PagerTable
	return op
}

// parameters adds an operation's parameters to op: the path parameters as
// arguments, the query and header parameters as a struct.
func (b *builder) parameters(op *model.Operation, o *operation, at, prefix string) {
	taken := map[string]bool{}
	args := map[string]bool{}
	for _, lp := range parameters(o.item, o.op, pointer("#/paths", o.path), at) {
		p := lp.param
		if p.In == openapi3.ParameterInPath && p.Name == TenantParam {
			continue
		}
		schema := p.Schema
		if schema == nil {
			schema = &openapi3.SchemaRef{Value: openapi3.NewStringSchema()}
		}
		typ, _ := b.valueType(schema, pointer(lp.at, "schema"), prefix+GoName(p.Name))
		prm := &model.Param{Name: p.Name, In: p.In, Type: typ, Required: p.Required, Doc: docText(p.Description), Deprecated: p.Deprecated}
		if schema.Value != nil {
			prm.Format = schema.Value.Format
		}
		switch p.In {
		case openapi3.ParameterInPath:
			prm.GoName = unique(argName(p.Name), args)
			op.PathParams = append(op.PathParams, prm)
			continue
		case openapi3.ParameterInQuery, openapi3.ParameterInHeader:
		default:
			continue // cookies: the API takes none
		}
		prm.GoName = unique(GoName(p.Name), taken)
		prm.Encoding = encoding(p)
		if !p.Required && !typ.Nilable() {
			prm.Type = model.PointerTo(typ)
		}
		if op.Params == nil {
			op.Params = &model.Params{TypeName: prefix + "Params"}
		}
		op.Params.Fields = append(op.Params.Fields, prm)
	}
	slices.SortStableFunc(op.PathParams, func(a, c *model.Param) int {
		return strings.Index(op.Path, "{"+a.Name+"}") - strings.Index(op.Path, "{"+c.Name+"}")
	})
}

// locatedParam is a parameter and its JSON pointer.
type locatedParam struct {
	param *openapi3.Parameter
	at    string
}

// parameters returns op's parameters and those of its path item that op
// does not override, in order, with their JSON pointers (itemAt and opAt
// are those of the path item and the operation).
func parameters(item *openapi3.PathItem, op *openapi3.Operation, itemAt, opAt string) []locatedParam {
	var out []locatedParam
	for i, p := range op.Parameters {
		if p != nil && p.Value != nil {
			out = append(out, locatedParam{p.Value, pointer(opAt, "parameters", strconv.Itoa(i))})
		}
	}
	for i, p := range item.Parameters {
		if p == nil || p.Value == nil {
			continue
		}
		if !slices.ContainsFunc(out, func(q locatedParam) bool { return q.param.Name == p.Value.Name && q.param.In == p.Value.In }) {
			out = append(out, locatedParam{p.Value, pointer(itemAt, "parameters", strconv.Itoa(i))})
		}
	}
	return out
}

// encoding tells how a query parameter's value is written (see
// model.Param.Encoding).
//
// Object-valued query parameters (customField.Fields, a map of custom field
// name to value) and arrays of objects (sort, owners) are sent as
// deepObject: `customField.Fields[Color]=red`. The API is ASP.NET, whose
// model binding reads `prefix[key]` for a dictionary and `prefix[0][field]`
// for a list of objects; the documents leave the style unset, and the
// OpenAPI default for a query parameter (form, exploded) would flatten the
// map into bare `Color=red` pairs the server ignores. An array not
// exploded (Swagger 2.0's default collectionFormat, csv) is sent as one
// value.
func encoding(p *openapi3.Parameter) string {
	if p.In != openapi3.ParameterInQuery {
		return ""
	}
	switch p.Style {
	case openapi3.SerializationDeepObject:
		return "deepObject"
	case openapi3.SerializationSpaceDelimited:
		return "ssv"
	case openapi3.SerializationPipeDelimited:
		return "pipes"
	case "":
		if isObjectValued(p.Schema) {
			return "deepObject"
		}
		fallthrough
	case openapi3.SerializationForm:
		if p.Explode != nil && !*p.Explode && p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Type.Includes(openapi3.TypeArray) {
			return "csv"
		}
	}
	return ""
}

// reservedArgs are the identifiers generated methods declare or use beside
// their path parameters; a path parameter named like one gets "Param" added.
var reservedArgs = []string{"ctx", "r", "params", "body", "opts", "p", "page", "resp", "err", "yield", "stapi", "http", "iter", "context", "time", "json", "from", "since"}

// argName returns the Go argument name of a path parameter ("id", "contactID").
func argName(name string) string {
	arg := lowerFirst(GoName(name))
	if token.IsKeyword(arg) || slices.Contains(reservedArgs, arg) || isPredeclared(arg) {
		arg += "Param"
	}
	return arg
}

// isPredeclared reports whether name is one of Go's predeclared identifiers.
func isPredeclared(name string) bool {
	switch name {
	case "any", "append", "bool", "byte", "cap", "clear", "close", "comparable", "complex", "complex64", "complex128",
		"copy", "delete", "error", "false", "float32", "float64", "imag", "int", "int8", "int16", "int32", "int64",
		"iota", "len", "make", "max", "min", "new", "nil", "panic", "print", "println", "real", "recover", "rune",
		"string", "true", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr":
		return true
	}
	return false
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

// body models a request body: JSON (an inline object named name), sent as
// multipart/form-data when it carries a file, or a multipart form.
func (b *builder) body(rb *openapi3.RequestBody, at, name string) (*model.Body, error) {
	media := slices.Sorted(maps.Keys(rb.Content))
	pick := func(ok func(string) bool) (string, *openapi3.MediaType) {
		for _, mt := range media {
			if ok(mt) {
				return mt, rb.Content[mt]
			}
		}
		return "", nil
	}
	mt, c := pick(IsJSON)
	form := false
	if c == nil {
		if mt, c = pick(func(mt string) bool { return mt == "multipart/form-data" }); c == nil {
			if len(media) == 0 {
				return nil, nil
			}
			return nil, fmt.Errorf("request body of media types %s: only JSON and multipart/form-data request bodies are supported", strings.Join(media, ", "))
		}
		form = true
	}
	body := &model.Body{MediaType: mt, Multipart: form, Required: rb.Required}
	if c.Schema == nil {
		body.Type = model.Any()
		return body, nil
	}
	body.Type, _ = b.valueType(c.Schema, pointer(at, "content", mt, "schema"), name)
	body.Multipart = form || hasBinary(c.Schema)
	return body, nil
}

// hasBinary reports whether a body schema has a binary property: a file
// upload, which the API takes as multipart/form-data (see stapi.Multipart).
func hasBinary(sr *openapi3.SchemaRef) bool {
	if sr.Value == nil {
		return false
	}
	for _, p := range sr.Value.Properties {
		if p.Value != nil && p.Value.Type.Includes(openapi3.TypeString) && p.Value.Format == "binary" {
			return true
		}
	}
	return false
}

// result decides what an operation's method returns, from its 2xx
// responses: the decoded value of the first with a JSON body; else, for a
// GET or a response that declares content, the body as a stream (files,
// text, and bodies the document does not declare, which the API sends all
// the same); else nothing but the error.
func (b *builder) result(o *operation, at, prefix string) model.Result {
	status, mt, schema := SuccessJSON(o.op)
	if schema == nil {
		media := strings.Join(successMedia(o.op), ", ")
		if len(media) > 0 || o.method == "GET" {
			return model.Result{Kind: model.ResultDownload, Accept: media}
		}
		return model.Result{Kind: model.ResultNone}
	}
	schemaAt := pointer(at, "responses", status, "content", mt, "schema")
	if data := schema.Value.Properties["data"]; o.pager != "" && schema.Ref == "" && data != nil && data.Value != nil {
		if items := data.Value.Items; items != nil && items.Ref == "" && items.Value != nil && (b.isStruct(items.Value) || isEnumType(items.Value)) {
			// An inline envelope's items are named after the method, not the envelope.
			b.hoist(items.Value, pointer(schemaAt, "properties", "data", "items"), prefix+"Item")
		}
	}
	var typ *model.GoType
	if s := schema.Value; schema.Ref == "" && s != nil && s.Type.Includes(openapi3.TypeArray) && b.onlyIsArray(s) {
		item, nullable := b.valueType(s.Items, pointer(schemaAt, "items"), prefix+"Item")
		typ = model.SliceOf(element(item, nullable))
	} else {
		typ, _ = b.valueType(schema, schemaAt, prefix+"Response")
	}
	return model.Result{Kind: model.ResultJSON, Type: typ, Pointer: typ.IsStruct(), Accept: mt, Status: status}
}

// onlyIsArray reports whether an inline array schema is nothing else.
func (b *builder) onlyIsArray(s *openapi3.Schema) bool {
	return s.Items != nil && !b.isStruct(s) && !isEnumType(s) && len(nonNull(s.OneOf))+len(nonNull(s.AnyOf)) == 0
}

// responses returns the named types of the operation's responses other
// than the result's (status result): the components their bodies refer
// to, which package users read from an error's body.
func (b *builder) responses(op *openapi3.Operation, result string) []model.Response {
	if op.Responses == nil {
		return nil
	}
	var out []model.Response
	for _, code := range slices.Sorted(maps.Keys(op.Responses.Map())) {
		r := op.Responses.Value(code)
		if code == result || r == nil || r.Value == nil {
			continue
		}
		for _, mt := range slices.Sorted(maps.Keys(r.Value.Content)) {
			if c := r.Value.Content[mt]; c != nil && c.Schema != nil {
				if target, ok := b.refTarget(c.Schema); ok {
					out = append(out, model.Response{Status: code, Type: model.NamedOf(b.component(target))})
					break
				}
			}
		}
	}
	return out
}

// successMedia returns the media types of op's 2xx responses, sorted.
func successMedia(op *openapi3.Operation) []string {
	var media []string
	if op.Responses == nil {
		return nil
	}
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

// ReportPageSize is the page size report iterators ask for when the
// document states no maximum: the largest the API takes for report data,
// as ServiceTitan's developer portal states it.
const ReportPageSize = 25000

// pageSizeMax finds a maximum page size stated in a parameter's description.
var pageSizeMax = regexp.MustCompile(`(?i)\bmax(?:imum)?(?:\s+value)?(?:\s+is)?\s*:?\s*(\d[\d,]{0,12})`)

// pager models what the iterators of a paged operation need; nil when the
// parameter that drives it is not one an iterator can move (a page number
// that is not an integer, a from that is not a string) or the envelope is
// not a struct.
func (b *builder) pager(o *operation, op *model.Operation) *model.Pager {
	env := op.Result.Type
	if !env.IsStruct() || env.Named.Kind != model.Struct {
		return nil
	}
	envelope := env.Named
	data := envelope.Field("data")
	if data == nil || data.Type.Deref().Kind != model.KindSlice {
		return nil
	}
	p := &model.Pager{Kind: model.PagerPages, All: o.all, Item: data.Type.Deref().Elem}
	driverName, want := "page", []model.Scalar{model.Int, model.Int32, model.Int64}
	if o.pager == PagerExport {
		p.Kind, p.Feed, p.Since, driverName, want = model.PagerExport, o.feed, o.since, "from", []model.Scalar{model.String}
	}
	p.Driver = op.Params.Field(driverName)
	if p.Driver == nil || p.Driver.Type.Deref().Kind != model.KindScalar || !slices.Contains(want, p.Driver.Type.Deref().Scalar) {
		return nil
	}
	if f := envelope.Field("hasMore"); f != nil {
		p.HasMorePointer = f.Type.Kind == model.KindPointer
	}
	if p.Kind == model.PagerExport {
		if f := envelope.Field("continueFrom"); f != nil {
			p.ContinuePointer = f.Type.Kind == model.KindPointer
		}
		p.Identity = identity(p.Item)
		return p
	}
	if fields := envelope.Field("fields"); p.Item.Deref().Kind == model.KindSlice && isFieldList(fields) {
		p.Kind, p.Fields = model.PagerTable, fields.Name
	}
	if qp := QueryParam(o.item, o.op, "page"); qp != nil && qp.Schema != nil && qp.Schema.Value != nil {
		if m := qp.Schema.Value.Min; m != nil && *m == 0 {
			p.First = 0
		} else {
			p.First = 1
		}
	}
	if p.Size = op.Params.Field("pageSize"); p.Size != nil && !isInteger(p.Size.Type.Deref()) {
		p.Size = nil
	}
	if qp := QueryParam(o.item, o.op, "pageSize"); qp != nil && p.Size != nil {
		if s := qp.Schema; s != nil && s.Value != nil && s.Value.Max != nil && *s.Value.Max >= 1 && *s.Value.Max < 1<<31 {
			p.MaxSize = int(*s.Value.Max)
		} else if m := pageSizeMax.FindStringSubmatch(qp.Description); m != nil {
			if n, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", "")); err == nil && n < 1<<31 {
				p.MaxSize = n
			}
		}
	}
	if p.Kind == model.PagerTable && p.MaxSize == 0 {
		p.MaxSize = ReportPageSize
	}
	return p
}

// isFieldList reports whether a field is a list of objects with a name:
// the fields of a report's rows.
func isFieldList(f *model.Field) bool {
	if f == nil || f.Type.Deref().Kind != model.KindSlice {
		return false
	}
	item := f.Type.Deref().Elem.Deref()
	if item.Kind != model.KindNamed || item.Named.Kind != model.Struct {
		return false
	}
	name := item.Named.Field("name")
	return name != nil && name.Type.Deref().Kind == model.KindScalar && name.Type.Deref().Scalar == model.String
}

// isInteger reports whether a Go type is an integer scalar.
func isInteger(t *model.GoType) bool {
	return t.Kind == model.KindScalar && (t.Scalar == model.Int || t.Scalar == model.Int32 || t.Scalar == model.Int64)
}

// identity returns the Go names of an export item's id and modifiedOn
// fields, when it has both (see model.Pager.Identity).
func identity(item *model.GoType) []string {
	t := item.Deref()
	if t.Kind != model.KindNamed || t.Named.Kind != model.Struct {
		return nil
	}
	id, modified := t.Named.Field("id"), t.Named.Field("modifiedOn")
	if id == nil || modified == nil || !isInteger(id.Type.Deref()) || modified.Type.Deref().Kind != model.KindScalar || modified.Type.Deref().Scalar != model.Time {
		return nil
	}
	return []string{id.Name, modified.Name}
}
