package normalize

import "github.com/getkin/kin-openapi/openapi3"

// TenantParam is the path parameter every ServiceTitan operation takes; the
// generated client sets it from its configuration instead of asking for it
// in each call.
const TenantParam = "tenant"

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
