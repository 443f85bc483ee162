package normalize

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// schema rewrites one schema and returns what should stand in its place: a
// oneOf or anyOf that, nulls aside, has a single alternative becomes that
// alternative. References are renamed, not followed: the schema they point
// to is rewritten once, as a component.
func (n *normalizer) schema(sr *openapi3.SchemaRef, at string) *openapi3.SchemaRef {
	if sr == nil {
		return nil
	}
	if sr.Ref != "" {
		if to, ok := n.renamed[sr.Ref]; ok {
			sr.Ref = to
		}
		if canonical, ok := n.aliasOf[sr.Value]; ok {
			sr.Value = canonical
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
	s.Description = cleanText(s.Description)
	s.OneOf = n.alternatives(s, s.OneOf, pointer(at, "oneOf"))
	s.AnyOf = n.alternatives(s, s.AnyOf, pointer(at, "anyOf"))
	for i, m := range s.AllOf {
		s.AllOf[i] = n.schema(m, pointer(at, "allOf", strconv.Itoa(i)))
	}
	s.Items = n.schema(s.Items, pointer(at, "items"))
	s.Not = n.schema(s.Not, pointer(at, "not"))
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		s.Properties[name] = n.schema(s.Properties[name], pointer(at, "properties", name))
	}
	s.AdditionalProperties.Schema = n.schema(s.AdditionalProperties.Schema, pointer(at, "additionalProperties"))
	if err := nameProperties(s); err != nil {
		n.fail(pointer(at, "properties"), err)
	}
	nameEnum(s, nil)

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
func (n *normalizer) alternatives(s *openapi3.Schema, members openapi3.SchemaRefs, at string) openapi3.SchemaRefs {
	var out openapi3.SchemaRefs
	for i, m := range members {
		if isNullSchema(m) {
			s.Nullable = true
			continue
		}
		out = append(out, n.schema(m, pointer(at, strconv.Itoa(i))))
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
