package normalize

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// schema rewrites one schema and returns what should stand in its place: a
// oneOf or anyOf that, nulls aside, has a single alternative becomes that
// alternative. References are renamed, not followed: the schema they point
// to is rewritten once, as a component.
func (n *normalizer) schema(sr *openapi3.SchemaRef) *openapi3.SchemaRef {
	if sr == nil {
		return nil
	}
	if sr.Ref != "" {
		if to, ok := n.renamed[sr.Ref]; ok {
			sr.Ref = to
		}
		if sr.Value != nil && sr.Value.Nullable && n.isSiblingCopy(sr) {
			// A 3.1 $ref with sibling keywords resolves to a copy; a
			// stray `nullable` among them is the ref's nullability.
			markNullable(sr)
		}
		return sr
	}
	s := sr.Value
	if s == nil || n.visited[s] {
		return sr
	}
	n.visited[s] = true

	if s.Type != nil && s.Type.Includes(openapi3.TypeNull) && len(*s.Type) > 1 {
		s.Type.Without(openapi3.TypeNull)
		s.Nullable = true
	}
	s.OneOf = n.alternatives(s, s.OneOf)
	s.AnyOf = n.alternatives(s, s.AnyOf)
	for i, m := range s.AllOf {
		s.AllOf[i] = n.schema(m)
	}
	s.Items = n.schema(s.Items)
	s.Not = n.schema(s.Not)
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		s.Properties[name] = n.schema(s.Properties[name])
	}
	s.AdditionalProperties.Schema = n.schema(s.AdditionalProperties.Schema)
	mergeEnumDuplicates(s)

	if single := soleAlternative(s); single != nil {
		if s.Nullable {
			if single.Ref != "" {
				single = &openapi3.SchemaRef{Ref: single.Ref, Value: single.Value}
				markNullable(single)
			} else if single.Value != nil {
				single.Value.Nullable = true
			}
		}
		return single
	}
	return sr
}

// alternatives rewrites the members of a oneOf or anyOf, dropping `{type: null}`
// members and marking s nullable instead.
func (n *normalizer) alternatives(s *openapi3.Schema, members openapi3.SchemaRefs) openapi3.SchemaRefs {
	var out openapi3.SchemaRefs
	for _, m := range members {
		if isNullSchema(m) {
			s.Nullable = true
			continue
		}
		out = append(out, n.schema(m))
	}
	return out
}

// soleAlternative returns the one alternative of a schema that is nothing but
// a oneOf or anyOf of one member (beside annotations such as description,
// nullable or a type the member repeats), or nil.
func soleAlternative(s *openapi3.Schema) *openapi3.SchemaRef {
	var alts openapi3.SchemaRefs
	switch {
	case len(s.OneOf) == 1 && len(s.AnyOf) == 0:
		alts = s.OneOf
	case len(s.AnyOf) == 1 && len(s.OneOf) == 0:
		alts = s.AnyOf
	default:
		return nil
	}
	if len(s.AllOf) > 0 || len(s.Properties) > 0 || s.Items != nil || len(s.Enum) > 0 || s.AdditionalProperties.Schema != nil {
		return nil
	}
	return alts[0]
}

// isNullSchema reports whether sr is `{type: null}` (or `{type: [null]}`).
func isNullSchema(sr *openapi3.SchemaRef) bool {
	if sr == nil || sr.Ref != "" || sr.Value == nil || sr.Value.Type == nil {
		return false
	}
	t := sr.Value.Type.Slice()
	return len(t) == 1 && t[0] == openapi3.TypeNull
}

// isSiblingCopy reports whether a $ref's value is not the component itself
// (kin-openapi copies it to apply 3.1 sibling keywords).
func (n *normalizer) isSiblingCopy(sr *openapi3.SchemaRef) bool {
	c := n.doc.Components
	if c == nil {
		return false
	}
	name, ok := strings.CutPrefix(sr.Ref, schemaRefPrefix)
	if !ok {
		return false
	}
	target, ok := c.Schemas[name]
	return ok && target.Value != sr.Value
}

// markNullable records on a $ref that its value may be null.
func markNullable(sr *openapi3.SchemaRef) {
	if sr.Extensions == nil {
		sr.Extensions = map[string]any{}
	}
	sr.Extensions[ExtNullable] = true
}

// IsNullable reports whether a (normalized) schema reference may be null.
func IsNullable(sr *openapi3.SchemaRef) bool {
	if sr == nil {
		return false
	}
	if sr.Ref != "" {
		v, _ := sr.Extensions[ExtNullable].(bool)
		return v
	}
	return sr.Value != nil && sr.Value.Nullable
}

// mergeEnumDuplicates keeps the first of repeated enum values, with its name
// in x-enumNames (2022 crm ContactType lists "Phone" twice, named Phone and
// LandlinePhone), and makes the names unique.
func mergeEnumDuplicates(s *openapi3.Schema) {
	if len(s.Enum) == 0 {
		return
	}
	names, _ := s.Extensions["x-enumNames"].([]any)
	seen := map[string]bool{}
	taken := map[string]bool{}
	var values, kept []any
	for i, v := range s.Enum {
		key := fmt.Sprint(v)
		if seen[key] {
			continue
		}
		seen[key] = true
		values = append(values, v)
		if names != nil {
			name := key
			if i < len(names) {
				name = fmt.Sprint(names[i])
			}
			kept = append(kept, unique(GoName(name), taken))
		}
	}
	s.Enum = values
	if names != nil {
		s.Extensions["x-enumNames"] = kept
	}
}

// FieldName returns the Go name of the property prop of a normalized schema
// s: its x-go-name, else the name the generator derives from prop.
func FieldName(s *openapi3.Schema, prop string) string {
	if p := s.Properties[prop]; p != nil {
		if name, ok := p.Extensions[extGoName].(string); ok && name != "" {
			return name
		}
	}
	return GoName(prop)
}

// EnumConstants returns the Go names of the constants of a normalized enum
// schema whose Go type is typeName, one per value of s.Enum, in order: the
// type name followed by the value's name from x-enumNames, else by the value.
func EnumConstants(typeName string, s *openapi3.Schema) []string {
	names, _ := s.Extensions["x-enumNames"].([]any)
	out := make([]string, len(s.Enum))
	for i, v := range s.Enum {
		name := fmt.Sprint(v)
		if i < len(names) {
			name = fmt.Sprint(names[i])
		}
		out[i] = typeName + GoName(name)
	}
	return out
}

// extGoName is the extension oapi-codegen reads a Go name from.
const extGoName = "x-go-name"
