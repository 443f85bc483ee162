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

// enumValues settles an enum's values and the Go names of its constants,
// without the type's name: a null value is dropped and makes the enum
// nullable; a value that repeats is merged into its first occurrence, whose
// name it keeps (2022 crm ContactType lists "Phone" twice, named Phone and
// LandlinePhone); every value gets a Go name from the document's
// x-enumNames or else from the value ("" is Empty), made unique; pinned
// names (by value) come first. labels are the document's names of the
// values kept, "" where it gives none.
func enumValues(s *openapi3.Schema, pinned map[string]string) (values []any, goNames, labels []string, nullable bool) {
	given, _ := s.Extensions[extEnumVarNames].([]any)
	if given == nil {
		given, _ = s.Extensions[extEnumNames].([]any)
	}
	seen := map[string]bool{}
	taken := map[string]bool{}
	for _, name := range pinned {
		taken[name] = true
	}
	for i, v := range s.Enum {
		if v == nil {
			nullable = true
			continue
		}
		key := fmt.Sprint(v)
		if seen[key] {
			continue
		}
		seen[key] = true
		values = append(values, v)
		label := ""
		if i < len(given) && given[i] != nil {
			label = fmt.Sprint(given[i])
		}
		labels = append(labels, label)
		if p, ok := pinned[key]; ok {
			goNames = append(goNames, p)
			continue
		}
		name := key
		if label != "" {
			name = label
		}
		goName := "Empty"
		if name != "" {
			goName = GoName(name)
		}
		goNames = append(goNames, unique(goName, taken))
	}
	return values, goNames, labels, nullable
}

// enumRepeats returns, by value (as fmt.Sprint writes it), the
// x-enumNames labels of the entries of s that repeat an earlier entry's
// value ("" for an entry without one): what enumValues merges away.
func enumRepeats(s *openapi3.Schema) map[string][]string {
	given, _ := s.Extensions[extEnumVarNames].([]any)
	if given == nil {
		given, _ = s.Extensions[extEnumNames].([]any)
	}
	seen := map[string]bool{}
	var out map[string][]string
	for i, v := range s.Enum {
		if v == nil {
			continue
		}
		key := fmt.Sprint(v)
		if !seen[key] {
			seen[key] = true
			continue
		}
		label := ""
		if i < len(given) && given[i] != nil {
			label = fmt.Sprint(given[i])
		}
		if out == nil {
			out = map[string][]string{}
		}
		out[key] = append(out[key], label)
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
	values, goNames, _, nullable := enumValues(s, nil)
	return fmt.Sprint(parseSchemaName(name).short(), s.Type.Slice(), s.Nullable || nullable, values, goNames)
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
		k := enumKey(name, sr.Value)
		if f, ok := first[k]; ok {
			alias[name] = f
			continue
		}
		first[k] = name
	}
	return alias
}
