package normalize

import (
	"fmt"
	"maps"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// extEnumNames holds the names of an enum's values, parallel to its values
// (ServiceTitan's documents and oapi-codegen read it); extEnumVarNames is
// another spelling of it that oapi-codegen prefers when present.
const (
	extEnumNames    = "x-enumNames"
	extEnumVarNames = "x-enum-varnames"
)

// nameEnum settles an enum's values and the Go names of its constants: a
// null value is dropped and makes the schema nullable; a value that repeats
// is merged into its first occurrence, whose name it keeps (2022 crm
// ContactType lists "Phone" twice, named Phone and LandlinePhone); every
// value gets a Go name in x-enumNames, from the document's names or else
// from the value ("" is Empty), made unique; pinned names (by value) come
// first. It is idempotent.
func nameEnum(s *openapi3.Schema, pinned map[string]string) {
	if len(s.Enum) == 0 {
		return
	}
	given, _ := s.Extensions[extEnumVarNames].([]any)
	if given == nil {
		given, _ = s.Extensions[extEnumNames].([]any)
	}
	seen := map[string]bool{}
	taken := map[string]bool{}
	for _, name := range pinned {
		taken[name] = true
	}
	var values, names []any
	for i, v := range s.Enum {
		if v == nil {
			s.Nullable = true
			continue
		}
		key := fmt.Sprint(v)
		if seen[key] {
			continue
		}
		seen[key] = true
		values = append(values, v)
		name := key
		if i < len(given) && given[i] != nil && fmt.Sprint(given[i]) != "" {
			name = fmt.Sprint(given[i])
		}
		if p, ok := pinned[key]; ok {
			names = append(names, p)
			continue
		}
		goName := "Empty"
		if name != "" {
			goName = GoName(name)
		}
		names = append(names, unique(goName, taken))
	}
	s.Enum = values
	if s.Extensions == nil {
		s.Extensions = map[string]any{}
	}
	delete(s.Extensions, extEnumVarNames)
	s.Extensions[extEnumNames] = names
}

// EnumConstants returns the Go names of the constants of a normalized enum
// schema whose Go type is typeName, one per value of s.Enum, in order.
func EnumConstants(typeName string, s *openapi3.Schema) []string {
	names, _ := s.Extensions[extEnumNames].([]any)
	out := make([]string, len(s.Enum))
	for i := range s.Enum {
		if i < len(names) {
			out[i] = typeName + fmt.Sprint(names[i])
		}
	}
	return out
}

// isEnum reports whether s is an enum type of its own (not an object).
func isEnum(s *openapi3.Schema) bool {
	return s != nil && len(s.Enum) > 0 && len(s.Properties) == 0
}

// enumKey describes a named enum so that two identical ones have one key:
// its short name, type, values and value names.
func enumKey(name string, s *openapi3.Schema) string {
	return fmt.Sprint(parseSchemaName(name).short(), s.Type.Slice(), s.Nullable, s.Enum, s.Extensions[extEnumNames])
}

// sameEnums groups the component enums that differ only by namespace
// (telecom's Telecom.CallDirection, Telecom.V2.CallDirection and
// Telecom.V3.CallDirection, all Inbound and Outbound): each of names that
// repeats an earlier one maps to that one, the first in sorted order.
func sameEnums(schemas openapi3.Schemas) map[string]string {
	first := map[string]string{}
	alias := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(schemas)) {
		sr := schemas[name]
		if sr == nil || sr.Ref != "" || !isEnum(sr.Value) {
			continue
		}
		nameEnum(sr.Value, nil)
		k := enumKey(name, sr.Value)
		if f, ok := first[k]; ok {
			alias[name] = f
			continue
		}
		first[k] = name
	}
	return alias
}
