package normalize

import (
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/stgen-dev/stgen/internal/model"
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
				dom, err := Domain(d, nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, op := range dom.Operations {
					methods++
					if _, repeats := withoutResource(op.Method, op.Resource); repeats {
						t.Errorf("%s: %s %s is %s, which repeats its resource", d.Domain, op.HTTPMethod, op.Path, op.GoName())
					}
					if numbered.MatchString(op.Method) {
						t.Errorf("%s: %s %s is %s, a numbered method", d.Domain, op.HTTPMethod, op.Path, op.GoName())
					}
					if op.Method == "Get" && (op.Pager != nil || op.Result.Type != nil && op.Result.Type.Kind == model.KindSlice) {
						t.Errorf("%s: %s %s is %s, a list not named GetList", d.Domain, op.HTTPMethod, op.Path, op.GoName())
					}
					checkInitialisms(t, d.Domain, op.Resource, op.Method)
					if op.Params != nil {
						checkInitialisms(t, d.Domain, op.Params.TypeName)
						for _, p := range op.Params.Fields {
							checkInitialisms(t, d.Domain, p.GoName)
						}
					}
				}
				// Enums published under one short name with the same values
				// must be one Go type.
				enums := map[string]map[string]bool{}
				for pub, rec := range dom.Names.Schemas {
					ty := dom.Type(rec.Name)
					if ty == nil || ty.Kind != model.Enum {
						continue
					}
					var values []string
					for _, v := range ty.Values {
						values = append(values, fmt.Sprint(v.Value, "=", v.Const))
					}
					k := fmt.Sprint(parseSchemaName(pub).short(), values)
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
				for _, ty := range dom.Types {
					checkInitialisms(t, d.Domain, ty.Name)
					for _, f := range ty.Fields {
						checkInitialisms(t, d.Domain, f.Name)
					}
					for _, v := range ty.Values {
						checkInitialisms(t, d.Domain, v.Const)
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
