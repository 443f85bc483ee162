package spec

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
)

// Swagger 2.0 documents are converted to OpenAPI 3.0 on loading by
// kin-openapi's openapi2conv, so that everything downstream sees the
// document a 3.0 author would have written for the same API. The converter
// takes the server from host, schemes (https when none) and basePath,
// definitions, parameters and responses to components with every reference
// rewritten, body and formData parameters to request bodies (a file to
// {type: string, format: binary}), securityDefinitions to securitySchemes,
// and x-nullable on a schema to nullable. What it loses or gets wrong is
// restored here, each by one rule:
//
//  1. Media types. An operation without produces takes the document's
//     (the converter ignores the document's), else application/json; one
//     without consumes takes the document's, else application/json for a
//     body (the converter writes */*). A form takes only the form media
//     types among them, else multipart/form-data when it sends a file and
//     application/x-www-form-urlencoded otherwise (Swagger 2.0 allows
//     formData with no other).
//  2. Forms. A form is a required request body when any of its fields is
//     (the converter never marks it), and the converter's bookkeeping
//     (x-formData-name, x-originalParamName, a components schema per shared
//     formData parameter) does not stay in the document.
//  3. Parameters. Swagger 2.0 writes a parameter's schema on the parameter
//     itself: x-nullable and x-enumNames there belong to its schema (the
//     converter leaves them on the parameter), and so do
//     additionalProperties and properties, which object query parameters
//     such as customField.Fields carry and the converter drops.
//  4. Arrays in a query. A query array without collectionFormat is csv
//     (Swagger 2.0's default): style form, explode false. The converter
//     leaves it to OpenAPI 3's default, form exploded (multi). tsv has no
//     OpenAPI 3 equivalent and is refused.
//  5. Nullable references. x-nullable beside a $ref (the converter drops
//     everything beside a $ref) and a one-item allOf beside annotations
//     (Swagger 2.0 has no oneOf) become the one-item oneOf that
//     ServiceTitan's 3.0 documents write: {nullable: true, oneOf: [$ref]}.
//  6. Nested schemas. Under additionalProperties every reference is
//     rewritten and x-nullable read as well (the converter does so only at
//     the first level).
//  7. Empty lists. The converter gives every schema an empty, not a
//     missing, allOf and properties; oapi-codegen takes a non-nil allOf for
//     a composition (and fails on an empty one). They are nil, as decoding
//     an OpenAPI 3 document leaves them.
//
// What the converter loses that no ServiceTitan document uses stays lost: a
// schema's `not`, oneOf or anyOf (not Swagger 2.0), the collectionFormat of
// a form field, path-level references ($ref on a path item is refused).

// swagger20 is the one Swagger version there is to convert.
const swagger20 = "2.0"

// Extensions of Swagger 2.0 documents, of the converter's bookkeeping, and
// of this file's (extParamKeywords, which never leaves it).
const (
	extNullable      = "x-nullable"
	extEnumNames     = "x-enumNames"
	extFormDataName  = "x-formData-name"
	extOriginalParam = "x-originalParamName"
	extParamKeywords = "x-stgen-swagger2-keywords"
)

// Media types of the rules.
const (
	mediaJSON       = "application/json"
	mediaMultipart  = "multipart/form-data"
	mediaURLEncoded = "application/x-www-form-urlencoded"
)

// parseSwagger2 decodes a Swagger 2.0 document (text, as parse decodes
// it; root, its raw tree), converts it to OpenAPI 3.0 by the rules above
// and resolves its references. Errors point into the Swagger 2.0 document.
func parseSwagger2(file string, text []byte, root any, isJSON bool, version any) (*openapi3.T, error) {
	if v, _ := version.(string); v != swagger20 {
		return nil, &Error{File: file, Location: "#/swagger", Err: fmt.Errorf(`swagger version %s: only Swagger "2.0" (and OpenAPI 3.0 and 3.1) documents are supported`, describeVersion(version))}
	}
	var doc2 openapi2.T
	var err error
	if isJSON {
		err = json.Unmarshal(text, &doc2)
	} else {
		err = openapi2.UnmarshalFromData(text, &doc2)
	}
	if err != nil {
		return nil, &Error{File: file, Err: fmt.Errorf("malformed Swagger 2.0 document: %v", err)}
	}
	// Before the rules: an extension beside a $ref is a wrapper's (rule 5).
	dropCodeExtensions(&doc2)
	c := &swagger2{doc: &doc2, file: file}
	if err := c.prepare(); err != nil {
		return nil, err
	}
	doc, err := openapi2conv.ToV3WithLoader(&doc2, openapi3.NewLoader(), nil)
	if err == nil {
		c.finish(doc)
		err = openapi3.NewLoader().ResolveRefsIn(doc, nil)
	}
	if err != nil {
		if refErr := findUnresolvedRef(file, root); refErr != nil {
			return nil, refErr
		}
		return nil, &Error{File: file, Err: fmt.Errorf("converting Swagger 2.0 to OpenAPI 3.0: %v", err)}
	}
	return doc, nil
}

// describeVersion quotes a version given as a string and names the type of any other.
func describeVersion(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case nil:
		return "null"
	case float64, int, uint64, int64:
		return fmt.Sprintf("%v (a number: quote it)", v)
	}
	return fmt.Sprintf("%v", v)
}

// swagger2 holds one Swagger 2.0 document being converted.
type swagger2 struct {
	doc  *openapi2.T
	file string
	// noConsumes records that the document declares no consumes, so that
	// the converter wrote */* for its shared body parameters.
	noConsumes bool
}

// fail returns a located error.
func (c *swagger2) fail(at string, format string, args ...any) error {
	return &Error{File: c.file, Location: at, Err: fmt.Errorf(format, args...)}
}

// prepare checks what the converter would refuse or get wrong, so that the
// error points into the document, and rewrites the Swagger 2.0 document for
// rules 1, 3, 4, 5 and 6. It visits the document in a fixed order.
func (c *swagger2) prepare() error {
	d := c.doc
	if strings.Contains(d.Host, "/") {
		return c.fail("#/host", "host %q must be a host name (and port) only: the scheme goes in schemes, the path in basePath", d.Host)
	}
	if strings.Trim(d.BasePath, "/") == "" {
		return c.fail("#/basePath", "no basePath: the base path (and so the domain) cannot be told; add one such as \"/crm/v2\"")
	}
	for _, name := range slices.Sorted(maps.Keys(d.SecurityDefinitions)) {
		if err := c.checkSecurity(name, d.SecurityDefinitions[name]); err != nil {
			return err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(d.Parameters)) {
		if err := c.prepareParam(d.Parameters[name], pointerTo("parameters", name)); err != nil {
			return err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(d.Responses)) {
		if err := c.prepareResponse(d.Responses[name], pointerTo("responses", name)); err != nil {
			return err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(d.Definitions)) {
		d.Definitions[name] = prepareSchema(d.Definitions[name])
	}
	for _, path := range slices.Sorted(maps.Keys(d.Paths)) {
		if err := c.preparePath(path); err != nil {
			return err
		}
	}
	c.noConsumes = len(d.Consumes) == 0
	return nil
}

// checkSecurity refuses a security definition the converter would drop or fail on.
func (c *swagger2) checkSecurity(name string, s *openapi2.SecurityScheme) error {
	at := pointerTo("securityDefinitions", name)
	switch {
	case s == nil:
		return c.fail(at, "empty security definition: give its type (apiKey, basic or oauth2)")
	case s.Ref != "":
		return c.fail(at, "$ref in a security definition: write the definition itself")
	}
	switch s.Type {
	case "apiKey", "basic":
	case "oauth2":
		switch s.Flow {
		case "implicit", "password", "application", "accessCode":
		default:
			return c.fail(at+"/flow", "oauth2 flow %q: want implicit, password, application or accessCode", s.Flow)
		}
	default:
		return c.fail(at+"/type", "security type %q: want apiKey, basic or oauth2", s.Type)
	}
	return nil
}

// preparePath prepares the parameters and operations of one path item.
func (c *swagger2) preparePath(path string) error {
	at := pointerTo("paths", path)
	item := c.doc.Paths[path]
	if item == nil {
		// As kin-openapi reads a null path item of an OpenAPI 3 document.
		c.doc.Paths[path] = &openapi2.PathItem{}
		return nil
	}
	if item.Ref != "" {
		return c.fail(at+"/$ref", "$ref on a path item is not supported: write the path item itself")
	}
	for i, p := range item.Parameters {
		if err := c.prepareParam(p, at+"/parameters/"+strconv.Itoa(i)); err != nil {
			return err
		}
	}
	for _, method := range slices.Sorted(maps.Keys(item.Operations())) {
		if err := c.prepareOperation(item, method, at); err != nil {
			return err
		}
	}
	return nil
}

// prepareOperation checks an operation's body and sets its media types
// (rule 1); itemAt points to its path item.
func (c *swagger2) prepareOperation(item *openapi2.PathItem, method, itemAt string) error {
	op := item.GetOperation(method)
	at := itemAt + "/" + strings.ToLower(method)
	for i, p := range op.Parameters {
		if err := c.prepareParam(p, at+"/parameters/"+strconv.Itoa(i)); err != nil {
			return err
		}
	}
	var body, form, file bool
	for _, p := range c.operationParams(item, op, itemAt, at) {
		switch p.param.In {
		case "body":
			if body {
				return c.fail(p.at, "a second body parameter: an operation has one body at most")
			}
			body = true
		case "formData":
			form = true
			file = file || p.param.Type.Is("file")
		}
		if body && form {
			return c.fail(p.at, "body and formData parameters together: an operation sends either a body or a form")
		}
	}
	if op.Responses != nil {
		for _, code := range slices.Sorted(maps.Keys(op.Responses.Map())) {
			if err := c.prepareResponse(op.Responses.Value(code), at+"/responses/"+EscapePointer(code)); err != nil {
				return err
			}
		}
	}

	op.Produces = firstOf(op.Produces, c.doc.Produces, []string{mediaJSON})
	consumes := firstOf(op.Consumes, c.doc.Consumes)
	switch {
	case form:
		consumes = slices.DeleteFunc(slices.Clone(consumes), func(mt string) bool { return !isFormMedia(mt) })
		if len(consumes) == 0 && file {
			consumes = []string{mediaMultipart}
		} else if len(consumes) == 0 {
			consumes = []string{mediaURLEncoded}
		}
	case body && len(consumes) == 0:
		consumes = []string{mediaJSON}
	}
	op.Consumes = consumes
	return nil
}

// located is a parameter with its JSON pointer.
type located struct {
	param *openapi2.Parameter
	at    string
}

// operationParams returns the parameters an operation takes, references
// followed: those of the path item it does not declare again, then its own.
// itemAt and opAt point to the path item and the operation.
func (c *swagger2) operationParams(item *openapi2.PathItem, op *openapi2.Operation, itemAt, opAt string) []located {
	var out []located
	own := map[string]bool{}
	for _, p := range op.Parameters {
		if p := c.deref(p); p != nil {
			own[p.In+" "+p.Name] = true
		}
	}
	for i, p := range item.Parameters {
		if p := c.deref(p); p != nil && !own[p.In+" "+p.Name] {
			out = append(out, located{p, itemAt + "/parameters/" + strconv.Itoa(i)})
		}
	}
	for i, p := range op.Parameters {
		if p := c.deref(p); p != nil {
			out = append(out, located{p, opAt + "/parameters/" + strconv.Itoa(i)})
		}
	}
	return out
}

// deref follows a parameter's reference into the document's parameters; it
// returns nil for one that does not resolve (reported later, with its place).
func (c *swagger2) deref(p *openapi2.Parameter) *openapi2.Parameter {
	if p == nil || p.Ref == "" {
		return p
	}
	name, ok := strings.CutPrefix(p.Ref, "#/parameters/")
	if !ok {
		return nil
	}
	return c.doc.Parameters[strings.NewReplacer("~1", "/", "~0", "~").Replace(name)]
}

// prepareParam applies rules 3, 4 and 5 to one parameter.
func (c *swagger2) prepareParam(p *openapi2.Parameter, at string) error {
	if p == nil {
		return c.fail(at, "empty parameter: give its name and in")
	}
	if p.Ref != "" {
		return nil
	}
	p.Schema = prepareSchema(p.Schema)
	p.Items = prepareSchema(p.Items)
	if p.In == "body" || p.In == "formData" {
		return nil
	}
	if p.In == "query" && p.Type.Is("array") {
		switch p.CollectionFormat {
		case "":
			p.CollectionFormat = "csv"
		case "csv", "ssv", "pipes", "multi":
		case "tsv":
			return c.fail(at+"/collectionFormat", "collectionFormat tsv has no OpenAPI 3 equivalent: use csv, ssv, pipes or multi")
		default:
			return c.fail(at+"/collectionFormat", "collectionFormat %q: want csv, ssv, pipes or multi", p.CollectionFormat)
		}
	}
	// Keywords of an object parameter, outside Swagger 2.0's parameter
	// object: the converter would drop them, so they ride along in an
	// extension (the converter keeps those) until finish.
	keywords := map[string]any{}
	for _, k := range []string{"additionalProperties", "properties"} {
		if v, ok := p.Extensions[k]; ok {
			keywords[k] = v
		}
	}
	if len(keywords) > 0 {
		raw, err := json.Marshal(keywords)
		if err != nil {
			return c.fail(at, "%v", err)
		}
		var s openapi2.Schema
		if err := json.Unmarshal(raw, &s); err != nil {
			return c.fail(at, "malformed %s: %v", strings.Join(slices.Sorted(maps.Keys(keywords)), " and "), err)
		}
		converted := openapi2conv.ToV3SchemaRef(prepareSchema(&openapi2.SchemaRef{Value: &s}))
		rewriteRefs(converted)
		p.Extensions[extParamKeywords] = converted.Value
	}
	return nil
}

// prepareResponse applies rule 5 to a response's schema.
func (c *swagger2) prepareResponse(r *openapi2.Response, at string) error {
	if r == nil {
		return c.fail(at, "empty response: give at least its description")
	}
	r.Schema = prepareSchema(r.Schema)
	for _, name := range slices.Sorted(maps.Keys(r.Headers)) {
		if h := r.Headers[name]; h != nil {
			h.Items = prepareSchema(h.Items)
		}
	}
	return nil
}

// prepareSchema applies rules 5 and 6 to a Swagger 2.0 schema and those
// under it, and returns what should stand in its place.
func prepareSchema(sr *openapi2.SchemaRef) *openapi2.SchemaRef {
	if sr == nil {
		return nil
	}
	if sr.Ref != "" {
		if len(sr.Extensions) == 0 {
			return sr
		}
		// The converter keeps nothing beside a $ref: wrap it, and
		// finish turns the wrapper into a oneOf.
		return &openapi2.SchemaRef{Value: &openapi2.Schema{
			Extensions: sr.Extensions,
			AllOf:      openapi2.SchemaRefs{{Ref: sr.Ref}},
		}}
	}
	s := sr.Value
	if s == nil {
		return sr
	}
	for i, m := range s.AllOf {
		s.AllOf[i] = prepareSchema(m)
	}
	s.Not = prepareSchema(s.Not)
	s.Items = prepareSchema(s.Items)
	for name, p := range s.Properties {
		s.Properties[name] = prepareSchema(p)
	}
	rewriteRefs(s.AdditionalProperties.Schema)
	return sr
}

// rewriteRefs rewrites the Swagger 2.0 references of an OpenAPI 3 schema
// and those under it (rule 6).
func rewriteRefs(sr *openapi3.SchemaRef) {
	walkSchemas(sr, map[*openapi3.Schema]bool{}, func(sr *openapi3.SchemaRef) *openapi3.SchemaRef {
		sr.Ref = openapi2conv.ToV3Ref(sr.Ref)
		return sr
	})
}

// finish applies the rules that need the converted document: 1 (shared
// bodies), 2, 3, 5 and 7, and the x-nullable of rule 6.
func (c *swagger2) finish(doc *openapi3.T) {
	params := map[*openapi3.Parameter]bool{}
	bodies := map[*openapi3.RequestBody]bool{}
	if comp := doc.Components; comp != nil {
		for _, p := range comp.Parameters {
			c.finishParam(p, params)
		}
		for _, rb := range comp.RequestBodies {
			c.finishBody(doc, rb, c.noConsumes, bodies)
		}
	}
	if doc.Paths != nil {
		for _, item := range doc.Paths.Map() {
			for _, p := range item.Parameters {
				c.finishParam(p, params)
			}
			for _, op := range item.Operations() {
				for _, p := range op.Parameters {
					c.finishParam(p, params)
				}
				c.finishBody(doc, op.RequestBody, false, bodies)
			}
		}
	}
	visited := map[*openapi3.Schema]bool{}
	eachSchema(doc, func(sr *openapi3.SchemaRef) *openapi3.SchemaRef {
		return walkSchemas(sr, visited, finishSchema)
	})
	dropUnusedFormFields(doc)
}

// dropUnusedFormFields removes the components schema of each shared
// formData parameter that no form refers to, which finishBody leaves
// (rule 2); one a reference still reaches keeps the schema, without the
// converter's bookkeeping.
func dropUnusedFormFields(doc *openapi3.T) {
	if doc.Components == nil {
		return
	}
	var fields []string
	for name, sr := range doc.Components.Schemas {
		if sr != nil && sr.Value != nil && sr.Value.Extensions[extFormDataName] != nil {
			fields = append(fields, name)
		}
	}
	if len(fields) == 0 {
		return
	}
	referred := map[string]bool{}
	visited := map[*openapi3.Schema]bool{}
	eachSchema(doc, func(sr *openapi3.SchemaRef) *openapi3.SchemaRef {
		return walkSchemas(sr, visited, func(sr *openapi3.SchemaRef) *openapi3.SchemaRef {
			referred[sr.Ref] = true
			return sr
		})
	})
	for _, name := range fields {
		if referred["#/components/schemas/"+name] {
			s := doc.Components.Schemas[name].Value
			delete(s.Extensions, extFormDataName)
			if len(s.Extensions) == 0 {
				s.Extensions = nil
			}
			continue
		}
		delete(doc.Components.Schemas, name)
	}
}

// finishParam moves what belongs to a parameter's schema into it (rule 3).
func (c *swagger2) finishParam(pr *openapi3.ParameterRef, done map[*openapi3.Parameter]bool) {
	if pr == nil || pr.Value == nil || done[pr.Value] {
		return
	}
	p := pr.Value
	done[p] = true
	keywords, _ := p.Extensions[extParamKeywords].(*openapi3.Schema)
	delete(p.Extensions, extParamKeywords)
	defer func() {
		if len(p.Extensions) == 0 {
			p.Extensions = nil
		}
	}()
	if p.Schema == nil || p.Schema.Value == nil {
		return
	}
	if p.Schema.Ref != "" {
		// A schema of the document's own, which the parameter must not
		// change: its x-nullable goes on the reference (see finishSchema).
		if v, _ := p.Extensions[extNullable].(bool); v {
			p.Schema = &openapi3.SchemaRef{Ref: p.Schema.Ref, Value: p.Schema.Value, Extensions: map[string]any{extNullable: true}}
			delete(p.Extensions, extNullable)
		}
		return
	}
	s := p.Schema.Value
	if keywords != nil {
		s.AdditionalProperties = keywords.AdditionalProperties
		if len(keywords.Properties) > 0 {
			s.Properties = keywords.Properties
		}
	}
	if v, ok := p.Extensions[extNullable].(bool); ok {
		s.Nullable = v
		delete(p.Extensions, extNullable)
	}
	if v, ok := p.Extensions[extEnumNames]; ok {
		target := s
		if len(s.Enum) == 0 && s.Items != nil && s.Items.Value != nil && len(s.Items.Value.Enum) > 0 {
			target = s.Items.Value
		}
		if target.Extensions == nil {
			target.Extensions = map[string]any{}
		}
		target.Extensions[extEnumNames] = v
		delete(p.Extensions, extEnumNames)
	}
	if s.AllowEmptyValue {
		// Swagger 2.0's allowEmptyValue is the parameter's, as in OpenAPI 3.
		p.AllowEmptyValue, s.AllowEmptyValue = true, false
	}
}

// finishBody applies rules 1 and 2 to a request body: shared is set for a
// components body whose */* the converter wrote for want of consumes.
func (c *swagger2) finishBody(doc *openapi3.T, rb *openapi3.RequestBodyRef, shared bool, done map[*openapi3.RequestBody]bool) {
	if rb == nil || rb.Value == nil || done[rb.Value] {
		return
	}
	b := rb.Value
	done[b] = true
	delete(b.Extensions, extOriginalParam)
	if len(b.Extensions) == 0 {
		b.Extensions = nil
	}
	if mt, ok := b.Content["*/*"]; ok && shared && len(b.Content) == 1 {
		b.Content = openapi3.Content{mediaJSON: mt}
	}
	for _, mt := range b.Content {
		if mt == nil || mt.Schema == nil || mt.Schema.Value == nil || !isFormSchema(mt.Schema.Value) {
			continue
		}
		form := mt.Schema.Value
		for name, field := range form.Properties {
			form.Properties[name] = c.inlineFormField(doc, field)
		}
		if len(form.Required) > 0 {
			b.Required = true
		}
	}
}

// isFormSchema reports whether s is a form the converter built from
// formData parameters: each of its fields carries x-formData-name.
func isFormSchema(s *openapi3.Schema) bool {
	if len(s.Properties) == 0 {
		return false
	}
	for _, f := range s.Properties {
		if f == nil || f.Value == nil {
			return false
		}
		if _, ok := f.Value.Extensions[extFormDataName]; !ok {
			return false
		}
	}
	return true
}

// inlineFormField returns a form field without the converter's
// bookkeeping: a field that refers to a shared formData parameter (which
// the converter makes a components schema) becomes a copy of it, and the
// components schema goes.
func (c *swagger2) inlineFormField(doc *openapi3.T, field *openapi3.SchemaRef) *openapi3.SchemaRef {
	s := field.Value
	if field.Ref != "" {
		cp := *s
		cp.Required = nil
		cp.Extensions = maps.Clone(s.Extensions)
		s = &cp
		if name, ok := strings.CutPrefix(field.Ref, "#/components/schemas/"); ok && doc.Components != nil {
			delete(doc.Components.Schemas, name)
		}
	}
	delete(s.Extensions, extFormDataName)
	if len(s.Extensions) == 0 {
		s.Extensions = nil
	}
	return &openapi3.SchemaRef{Value: s}
}

// finishSchema applies rules 5 and 7, and 6's x-nullable, to one schema.
func finishSchema(sr *openapi3.SchemaRef) *openapi3.SchemaRef {
	if sr.Ref != "" {
		if v, _ := sr.Extensions[extNullable].(bool); v {
			return &openapi3.SchemaRef{Value: &openapi3.Schema{
				Nullable: true,
				OneOf:    openapi3.SchemaRefs{{Ref: sr.Ref, Value: sr.Value}},
			}}
		}
		return sr
	}
	s := sr.Value
	if s == nil {
		return sr
	}
	if len(s.AllOf) == 0 {
		s.AllOf = nil
	}
	if len(s.Properties) == 0 {
		s.Properties = nil
	}
	if v, ok := s.Extensions[extNullable].(bool); ok {
		s.Nullable = v
		delete(s.Extensions, extNullable)
		if len(s.Extensions) == 0 {
			s.Extensions = nil
		}
	}
	if len(s.AllOf) == 1 && len(s.OneOf) == 0 && len(s.AnyOf) == 0 && len(s.Properties) == 0 && len(s.Required) == 0 &&
		s.Items == nil && len(s.Enum) == 0 && s.AdditionalProperties.Schema == nil {
		s.OneOf, s.AllOf = s.AllOf, nil
	}
	return sr
}

// eachSchema calls visit with every schema slot of the document outside
// the schemas (components, parameters, bodies, responses, headers) and
// stores what it returns.
func eachSchema(doc *openapi3.T, visit func(*openapi3.SchemaRef) *openapi3.SchemaRef) {
	params := func(ps openapi3.Parameters) {
		for _, p := range ps {
			if p != nil && p.Value != nil && p.Value.Schema != nil {
				p.Value.Schema = visit(p.Value.Schema)
			}
		}
	}
	content := func(c openapi3.Content) {
		for _, mt := range c {
			if mt != nil && mt.Schema != nil {
				mt.Schema = visit(mt.Schema)
			}
		}
	}
	responses := func(rs map[string]*openapi3.ResponseRef) {
		for _, r := range rs {
			if r == nil || r.Value == nil {
				continue
			}
			content(r.Value.Content)
			for _, h := range r.Value.Headers {
				if h != nil && h.Value != nil && h.Value.Schema != nil {
					h.Value.Schema = visit(h.Value.Schema)
				}
			}
		}
	}
	if comp := doc.Components; comp != nil {
		for name, sr := range comp.Schemas {
			if sr != nil {
				comp.Schemas[name] = visit(sr)
			}
		}
		for _, p := range comp.Parameters {
			params(openapi3.Parameters{p})
		}
		for _, rb := range comp.RequestBodies {
			if rb != nil && rb.Value != nil {
				content(rb.Value.Content)
			}
		}
		responses(comp.Responses)
	}
	if doc.Paths == nil {
		return
	}
	for _, item := range doc.Paths.Map() {
		params(item.Parameters)
		for _, op := range item.Operations() {
			params(op.Parameters)
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				content(op.RequestBody.Value.Content)
			}
			if op.Responses != nil {
				responses(op.Responses.Map())
			}
		}
	}
}

// walkSchemas calls visit on sr and every schema under it, each schema value
// once, storing what visit returns in place of each; it returns what visit
// returned for sr.
func walkSchemas(sr *openapi3.SchemaRef, visited map[*openapi3.Schema]bool, visit func(*openapi3.SchemaRef) *openapi3.SchemaRef) *openapi3.SchemaRef {
	if sr == nil {
		return nil
	}
	sr = visit(sr)
	s := sr.Value
	if s == nil || visited[s] {
		return sr
	}
	visited[s] = true
	for _, list := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for i, m := range list {
			list[i] = walkSchemas(m, visited, visit)
		}
	}
	s.Not = walkSchemas(s.Not, visited, visit)
	s.Items = walkSchemas(s.Items, visited, visit)
	for name, p := range s.Properties {
		s.Properties[name] = walkSchemas(p, visited, visit)
	}
	s.AdditionalProperties.Schema = walkSchemas(s.AdditionalProperties.Schema, visited, visit)
	return sr
}

// firstOf returns the first list that is not empty.
func firstOf(lists ...[]string) []string {
	for _, l := range lists {
		if len(l) > 0 {
			return l
		}
	}
	return nil
}

// isFormMedia reports whether a media type is one a form is sent as.
func isFormMedia(mt string) bool {
	base, _, _ := strings.Cut(mt, ";")
	base = strings.ToLower(strings.TrimSpace(base))
	return base == mediaMultipart || base == mediaURLEncoded
}

// pointerTo makes a JSON pointer of unescaped tokens.
func pointerTo(tokens ...string) string {
	var b strings.Builder
	b.WriteString("#")
	for _, t := range tokens {
		b.WriteString("/")
		b.WriteString(EscapePointer(t))
	}
	return b.String()
}
