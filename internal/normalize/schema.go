package normalize

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/stgen-dev/stgen/internal/spec"
)

// isNullSchema reports whether sr, not a reference, admits only null (see
// spec.NullOnly).
func isNullSchema(sr *openapi3.SchemaRef) bool {
	if sr == nil || sr.Ref != "" || sr.Value == nil {
		return false
	}
	return spec.NullOnly(sr.Value)
}
