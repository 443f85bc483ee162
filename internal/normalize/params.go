package normalize

import "github.com/getkin/kin-openapi/openapi3"

// TenantParam is the path parameter every ServiceTitan operation takes; the
// generated client sets it from its configuration instead of asking for it
// in each call.
const TenantParam = "tenant"

// parameter rewrites one parameter's schema and sets how it is sent.
//
// Object-valued query parameters (customField.Fields, a map of custom field
// name to value) and arrays of objects (sort, owners) are sent as
// deepObject with explode: `customField.Fields[Color]=red`. The API is
// ASP.NET, whose model binding reads `prefix[key]` for a dictionary and
// `prefix[0][field]` for a list of objects; the documents leave the style
// unset, and the OpenAPI default for a query parameter (form, exploded)
// would flatten the map into bare `Color=red` pairs the server ignores.
func (n *normalizer) parameter(pr *openapi3.ParameterRef, at string) {
	if pr == nil || pr.Value == nil {
		return
	}
	p := pr.Value
	p.Description = cleanText(p.Description)
	p.Schema = n.schema(p.Schema, pointer(at, "schema"))
	if p.In == openapi3.ParameterInPath && p.Name == TenantParam {
		if p.Extensions == nil {
			p.Extensions = map[string]any{}
		}
		p.Extensions[ExtClientParam] = TenantParam
	}
	if p.In == openapi3.ParameterInQuery && p.Style == "" && isObjectValued(p.Schema) {
		explode := true
		p.Style = openapi3.SerializationDeepObject
		p.Explode = &explode
	}
}

// IsClientParam reports whether the generated client supplies p from its configuration.
func IsClientParam(p *openapi3.Parameter) bool {
	_, ok := p.Extensions[ExtClientParam]
	return ok
}

// isObjectValued reports whether a schema is an object or an array of objects.
func isObjectValued(sr *openapi3.SchemaRef) bool {
	if sr == nil || sr.Value == nil {
		return false
	}
	s := sr.Value
	if s.Type.Is(openapi3.TypeArray) {
		return s.Items != nil && s.Items.Value != nil && s.Items.Value.Type.Is(openapi3.TypeObject)
	}
	return s.Type.Is(openapi3.TypeObject)
}
