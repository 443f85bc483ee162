package normalize

import (
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// isNullSchema reports whether sr admits only null, in any dialect: 3.1's
// `{type: null}` (or `{type: [null]}`), or an enum that lists only null,
// as 3.0 writes it (`{nullable: true, enum: [null]}`, Swagger 2.0's
// x-nullable becoming `nullable` on loading) and 3.1 may.
func isNullSchema(sr *openapi3.SchemaRef) bool {
	if sr == nil || sr.Ref != "" || sr.Value == nil {
		return false
	}
	s := sr.Value
	if len(s.Enum) > 0 && !slices.ContainsFunc(s.Enum, func(v any) bool { return v != nil }) {
		return true
	}
	return s.Type != nil && slices.Equal(s.Type.Slice(), []string{openapi3.TypeNull})
}
