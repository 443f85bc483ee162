package normalize

import "github.com/getkin/kin-openapi/openapi3"

// Formats returns the Go type of each format of each scalar OpenAPI type
// in generated code, "" keying the type's default. The generator configures
// oapi-codegen with it and types parameters and results by it; the diff
// tells by it whether a change of type or format changes the Go type:
//   - every number, money included (format decimal), is float64, never
//     float32. Exact cents would need a decimal type and a dependency in
//     every user's module; float64 carries the API's two-decimal amounts
//     exactly enough to round-trip;
//   - a date is stapi.Date and a file (format binary) stapi.File: the
//     project's own types, so that no third-party type is in the user's API;
//   - emails, UUIDs and durations are strings: ServiceTitan's durations are
//     .NET TimeSpans ("11:00:00"), which a strict ISO 8601 type would refuse
//     to decode, and a strict email type would refuse a whole response for
//     one malformed address.
func Formats() map[string]map[string]string {
	return map[string]map[string]string{
		openapi3.TypeInteger: {"": "int", "int32": "int32", "int64": "int64"},
		openapi3.TypeNumber:  {"": "float64", "float": "float64", "double": "float64", "decimal": "float64"},
		openapi3.TypeBoolean: {"": "bool"},
		openapi3.TypeString: {"": "string", "date-time": "time.Time", "date": "stapi.Date", "binary": "stapi.File",
			"byte": "[]byte", "email": "string", "uuid": "string", "duration": "string"},
	}
}

// ScalarType returns the Go type of a scalar schema (integer, number,
// boolean or string, nullability aside), or "" for any other.
func ScalarType(s *openapi3.Schema) string {
	if s == nil || s.Type == nil || len(s.Enum) > 0 {
		return ""
	}
	formats := Formats()
	for _, t := range s.Type.Slice() {
		if f, ok := formats[t]; ok {
			if goType, ok := f[s.Format]; ok {
				return goType
			}
			return f[""]
		}
	}
	return ""
}
