package normalize

import (
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/stgen-dev/stgen/internal/spec"
	"github.com/stgen-dev/stgen/internal/testenv"
)

// TestNameSurvey checks the naming rules on every real release: no method
// repeats its resource, no method is numbered where its path gives a name,
// every initialism is in capitals (IDs, not Ids), and no two enum types
// are the same enum under two names told apart only by a namespace or a
// number.
func TestNameSurvey(t *testing.T) {
	for _, dir := range testenv.Releases(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			docs, err := spec.LoadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			methods := 0
			for _, d := range docs {
				given, err := Document(d, nil)
				if err != nil {
					t.Fatal(err)
				}
				for path, item := range d.OpenAPI.Paths.Map() {
					for method, op := range item.Operations() {
						methods++
						res, m := Resource(op), Method(op)
						if _, repeats := withoutResource(m, res); repeats {
							t.Errorf("%s: %s %s is %s.%s, which repeats its resource", d.Domain, method, path, res, m)
						}
						if numbered.MatchString(m) {
							t.Errorf("%s: %s %s is %s.%s, a numbered method", d.Domain, method, path, res, m)
						}
						checkInitialisms(t, d.Domain, res, m, ParamsType(op))
						for _, p := range op.Parameters {
							if p.Value != nil {
								checkInitialisms(t, d.Domain, GoName(p.Value.Name))
							}
						}
					}
				}
				// Enums published under one short name with the same values
				// must be one Go type.
				enums := map[string]map[string]bool{}
				for pub, rec := range given.Schemas {
					s := d.OpenAPI.Components.Schemas[rec.Name].Value
					if !isEnum(s) {
						continue
					}
					k := fmt.Sprint(parseSchemaName(pub).short(), s.Type.Slice(), s.Enum, s.Extensions[extEnumNames])
					if enums[k] == nil {
						enums[k] = map[string]bool{}
					}
					enums[k][rec.Name] = true
				}
				for k, types := range enums {
					if len(types) > 1 {
						t.Errorf("%s: enums %v are one enum (%s) under %d names", d.Domain, slices.Sorted(maps.Keys(types)), k, len(types))
					}
				}
				for _, name := range slices.Sorted(maps.Keys(d.OpenAPI.Components.Schemas)) {
					s := d.OpenAPI.Components.Schemas[name].Value
					checkInitialisms(t, d.Domain, name)
					for prop := range s.Properties {
						checkInitialisms(t, d.Domain, FieldName(s, prop))
					}
					if isEnum(s) {
						checkInitialisms(t, d.Domain, EnumConstants(name, s)...)
					}
				}
			}
			t.Logf("%d domains, %d methods surveyed", len(docs), methods)
		})
	}
}

// numbered matches a method name ending in a number that is not a version (GetList2, not GetListV2).
var numbered = regexp.MustCompile(`[^V\d]\d+$`)

// checkInitialisms fails on a word of a Go name that is an initialism, or
// the plural of one, not written in capitals ("Ids", "Url", "Gps").
func checkInitialisms(t *testing.T, domain string, goNames ...string) {
	t.Helper()
	for _, name := range goNames {
		for _, w := range Words(name) {
			if want := initialism(w); want != w {
				t.Errorf("%s: %s has the word %s; want %s", domain, name, w, want)
			}
		}
	}
}
