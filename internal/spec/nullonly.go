package spec

import (
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// NullOnly reports whether s admits null and nothing else, in any
// dialect's spelling: 3.1's type null, or an enum listing only null (3.0's
// nullable: true, enum: [null], and Swagger 2.0's x-nullable, which loading
// turns into nullable).
func NullOnly(s *openapi3.Schema) bool {
	if s == nil {
		return false
	}
	if len(s.Enum) > 0 && !slices.ContainsFunc(s.Enum, func(v any) bool { return v != nil }) {
		return true
	}
	return s.Type != nil && len(s.Type.Slice()) > 0 && !slices.ContainsFunc(s.Type.Slice(), func(t string) bool { return t != openapi3.TypeNull })
}
