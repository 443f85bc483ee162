package spec

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestNullOnly(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    *openapi3.Schema
		want bool
	}{
		{"nil", nil, false},
		{"3.1 type null", &openapi3.Schema{Type: &openapi3.Types{"null"}}, true},
		{"3.1 type [null, null]", &openapi3.Schema{Type: &openapi3.Types{"null", "null"}}, true},
		{"3.1 type [string, null]", &openapi3.Schema{Type: &openapi3.Types{"string", "null"}}, false},
		{"3.0 nullable enum [null]", &openapi3.Schema{Nullable: true, Enum: []any{nil}}, true},
		{"typed enum [null]", &openapi3.Schema{Type: &openapi3.Types{"string"}, Nullable: true, Enum: []any{nil}}, true},
		{"enum [null, a]", &openapi3.Schema{Nullable: true, Enum: []any{nil, "a"}}, false},
		{"no type", &openapi3.Schema{}, false},
		{"empty type list", &openapi3.Schema{Type: &openapi3.Types{}}, false},
	} {
		if got := NullOnly(tc.s); got != tc.want {
			t.Errorf("%s: NullOnly = %v, want %v", tc.name, got, tc.want)
		}
	}
}
