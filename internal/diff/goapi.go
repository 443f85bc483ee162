package diff

import (
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stgen-dev/stgen/internal/normalize"
)

// The generated Go identifiers a change touches, named by the generator's
// own rules (package normalize), never re-derived here.

// methodIdent returns the Go method of an operation: "jpm.JobsResource.Complete".
func (c *comparer) methodIdent(o operation) string {
	return c.domain + "." + o.resource() + normalize.ResourceSuffix + "." + normalize.Method(o.op)
}

// paramIdent returns the Go identifier a parameter is passed by: the field of
// the operation's Params struct ("crm.CustomersGetListParams.Active"), or,
// for a path parameter, the method that takes it as an argument.
func (c *comparer) paramIdent(o operation, p *openapi3.Parameter) string {
	if p.In == openapi3.ParameterInPath {
		return c.methodIdent(o)
	}
	return c.domain + "." + normalize.Resource(o.op) + normalize.Method(o.op) + "Params." + normalize.GoName(p.Name)
}

// typeIdent returns the Go identifier of a component type: "crm.CustomerResponse".
func (c *comparer) typeIdent(name string) string {
	return c.domain + "." + name
}

// schemaRefPrefix starts the reference to a component schema.
const schemaRefPrefix = "#/components/schemas/"

// refName returns the component name a $ref points to, which normalization
// made the Go type name, or "".
func refName(sr *openapi3.SchemaRef) string {
	name, _ := strings.CutPrefix(sr.Ref, schemaRefPrefix)
	return name
}

// goType returns the Go type a schema becomes, by the generator's mapping
// (normalize.Formats): named types by name (an old one by the name it has
// in the new release), scalars by type and format. It tells whether a
// change of type or format changes the Go type.
func (c *comparer) goType(sr *openapi3.SchemaRef, old bool) string {
	if sr == nil {
		return ""
	}
	if sr.Ref != "" {
		name := refName(sr)
		if old {
			name = c.newName(name)
		}
		return name
	}
	s := sr.Value
	if s == nil {
		return "any"
	}
	if t := normalize.ScalarType(s); t != "" {
		return t
	}
	switch typeOf(s) {
	case openapi3.TypeArray:
		elem := c.goType(s.Items, old)
		if s.Items != nil && pointerItems(s.Items) {
			elem = "*" + elem
		}
		return "[]" + elem
	case openapi3.TypeObject:
		if len(s.Properties) == 0 {
			if ap := s.AdditionalProperties.Schema; ap != nil {
				return "map[string]" + c.goType(ap, old)
			}
			return "map[string]any"
		}
		return "struct"
	}
	if len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
		return "union"
	}
	return "any"
}

// typeOf returns a schema's type, inferring "object" from properties and
// "array" from items when the document leaves the type out; "" when unknown
// or several.
func typeOf(s *openapi3.Schema) string {
	if s.Type != nil && !nullOnly(s) {
		if t := s.Type.Slice(); len(t) == 1 {
			return t[0]
		} else if len(t) > 1 {
			return strings.Join(t, "|")
		}
	}
	switch {
	case len(s.Properties) > 0 || s.AdditionalProperties.Schema != nil:
		return openapi3.TypeObject
	case s.Items != nil:
		return openapi3.TypeArray
	}
	return ""
}

// isSliceOrMap reports whether a schema is a Go slice or map, which the
// generator never makes a pointer (nil says "absent").
func isSliceOrMap(sr *openapi3.SchemaRef) bool {
	if sr == nil || sr.Value == nil {
		return false
	}
	s := sr.Value
	switch typeOf(s) {
	case openapi3.TypeArray:
		return true
	case openapi3.TypeObject:
		return len(s.Properties) == 0
	}
	return false
}

// fieldPointer reports whether a body field is a pointer in Go: optional or
// nullable, and not a slice or map.
func fieldPointer(sr *openapi3.SchemaRef, required bool) bool {
	return (!required || isNullable(sr)) && !isSliceOrMap(sr)
}

// isNullable reports whether a normalized schema may be null. A schema of
// no type allows null in both dialects (3.0 ignores `nullable` without a
// type), and so does one of type null alone: ServiceTitan's 3.1 documents
// write so what their 3.0 ones wrote as a bare `nullable: true`.
func isNullable(sr *openapi3.SchemaRef) bool {
	if normalize.IsNullable(sr) {
		return true
	}
	if sr == nil || sr.Ref != "" || sr.Value == nil {
		return false
	}
	s := sr.Value
	return typeOf(s) == "" && len(s.OneOf) == 0 && len(s.AnyOf) == 0 && len(s.AllOf) == 0
}

// nullOnly reports whether a schema's only type is null.
func nullOnly(s *openapi3.Schema) bool {
	return s.Type != nil && len(*s.Type) == 1 && s.Type.Is(openapi3.TypeNull)
}

// uniq returns its arguments without repeats, in order.
func uniq(idents ...string) []string {
	var out []string
	for _, id := range idents {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
