package normalize

import "github.com/getkin/kin-openapi/openapi3"

// isNullSchema reports whether sr is `{type: null}` (or `{type: [null]}`).
func isNullSchema(sr *openapi3.SchemaRef) bool {
	if sr == nil || sr.Ref != "" || sr.Value == nil || sr.Value.Type == nil {
		return false
	}
	t := sr.Value.Type.Slice()
	return len(t) == 1 && t[0] == openapi3.TypeNull
}
