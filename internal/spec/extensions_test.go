package spec

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi3"
)

// extensionFixtures are documents that carry "X_EXT": X_VALUE on every kind
// of object they have, schemas at every depth included, first among its
// members.
var extensionFixtures = []string{
	"testdata/extensions/openapi30.json",
	"testdata/extensions/openapi31.json",
	"testdata/extensions/swagger2.json",
}

// withExtension returns a fixture with key: value on every object, or with
// none when key is "".
func withExtension(t *testing.T, fixture, key, value string) string {
	t.Helper()
	data, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if key == "" {
		return regexp.MustCompile(`"X_EXT": X_VALUE,\s*`).ReplaceAllString(string(data), "")
	}
	return strings.ReplaceAll(strings.ReplaceAll(string(data), "X_EXT", key), "X_VALUE", value)
}

// TestLoadDropsCodeExtensions loads, for each family of extensions that
// shape oapi-codegen's code, fixtures carrying one on every object, as
// JSON and as YAML: each loads as the same fixture without it, and its JSON
// holds none.
func TestLoadDropsCodeExtensions(t *testing.T) {
	families := []struct {
		name  string
		keys  []string
		value string
	}{
		{"x-go", []string{"x-go-type", "x-go-type-import", "x-go-name", "x-go-type-name", "x-go-type-skip-optional-pointer", "x-go-json-ignore", "x-go-something-new"}, `"github.com/evil/pkg"`},
		{"x-oapi-codegen", []string{"x-oapi-codegen-extra-tags", "x-oapi-codegen-only-honour-go-name", "x-oapi-codegen-something-new"}, `{"json": "-", "validate": "x"}`},
		{"x-enum-varnames", []string{"x-enum-varnames"}, `["Evil", "Names"]`},
		{"x-omitempty", []string{"x-omitempty", "x-omitzero"}, `true`},
		{"x-order", []string{"x-order"}, `1`},
		{"x-deprecated-reason", []string{"x-deprecated-reason"}, `"use X\nfunc init() {}"`},
	}
	formats := []string{"json", "yaml"}
	load := func(t *testing.T, name, format, doc string) *Document {
		t.Helper()
		if format == "yaml" {
			// JSON is YAML; a comment makes it read as such.
			doc = "# YAML\n" + doc
		}
		d, err := loadData(t, name, doc)
		if err != nil {
			t.Fatalf("Load %s = %v; want no error", name, err)
		}
		return d
	}
	without := map[string]*Document{}
	for _, fixture := range extensionFixtures {
		for _, format := range formats {
			without[fixture+format] = load(t, "without", format, withExtension(t, fixture, "", ""))
		}
	}
	for _, family := range families {
		t.Run(family.name, func(t *testing.T) {
			for _, key := range family.keys {
				for _, fixture := range extensionFixtures {
					for _, format := range formats {
						t.Run(key+"/"+filepath.Base(fixture)+"/"+format, func(t *testing.T) {
							with := load(t, "with", format, withExtension(t, fixture, key, family.value))
							// kin-openapi's loader resolves a YAML document as it decodes
							// it: a 3.1 $ref with an extension beside it has a copy of its
							// target by then (its unexported target records it), which is
							// still compared field by field.
							copied := format == "yaml" && strings.HasPrefix(with.OpenAPI.OpenAPI, "3.1")
							if d := valueDiff(reflect.ValueOf(with.OpenAPI), reflect.ValueOf(without[fixture+format].OpenAPI), "T", copied, map[[2]uintptr]bool{}); d != "" {
								t.Errorf("the document with %s on every object loads otherwise than without it: %s", key, d)
							}
							if js := dump(t, with.OpenAPI); strings.Contains(js, `"`+key+`"`) {
								t.Errorf("the loaded document keeps %s: %s", key, js)
							}
						})
					}
				}
			}
		})
	}
}

// dump renders a loaded document as JSON, extensions included.
func dump(t *testing.T, doc *openapi3.T) string {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLoadKeepsOtherExtensions checks that extensions that shape no code,
// those of ServiceTitan's documents among them, stay.
func TestLoadKeepsOtherExtensions(t *testing.T) {
	d, err := loadData(t, "doc.json", withExtension(t, "testdata/extensions/openapi30.json", "x-deprecatedMessage", `"Use V3."`))
	if err != nil {
		t.Fatal(err)
	}
	thing := d.OpenAPI.Components.Schemas["Thing"].Value
	if got := thing.Extensions["x-deprecatedMessage"]; got != "Use V3." {
		t.Errorf("Thing x-deprecatedMessage = %v; want it kept", got)
	}
	kind := d.OpenAPI.Components.Schemas["Kind"].Value
	if names, _ := kind.Extensions["x-enumNames"].([]any); len(names) != 2 {
		t.Errorf("Kind x-enumNames = %v; want it kept", kind.Extensions["x-enumNames"])
	}
	d, err = Load("testdata/swagger2/crm-swagger2.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.OpenAPI.Components.Schemas["Crm.V2.ContactType"].Value.Extensions["x-enumNames"]; !ok {
		t.Error("a Swagger 2.0 enum's x-enumNames is dropped; want it kept")
	}
}

func TestIsCodeExtension(t *testing.T) {
	for _, name := range []string{"x-go-type", "x-go-type-import", "X-GO-NAME", "x-oapi-codegen-extra-tags", "x-enum-varnames", "x-omitempty", "x-omitzero", "x-order", "x-deprecated-reason"} {
		if !isCodeExtension(name) {
			t.Errorf("isCodeExtension(%q) = false; want true", name)
		}
	}
	for _, name := range []string{"x-enumNames", "x-nullable", "x-deprecatedMessage", "x-enumFlags", "x-zones", "x-gopher", "x-go", "x-ordering"} {
		if isCodeExtension(name) {
			t.Errorf("isCodeExtension(%q) = true; want false", name)
		}
	}
}

// TestDropperReachesEveryObject guards dropCodeExtensions against a
// kin-openapi that keeps objects where reflection cannot change them, in
// unexported fields: each such field must be one the dropper reaches
// another way, or one that only kin-openapi reads.
func TestDropperReachesEveryObject(t *testing.T) {
	known := map[string]string{
		"openapi3.SchemaRef.sibling":    "a 3.1 $ref's sibling keywords, applied to Value on resolving",
		"openapi3.SchemaRef.target":     "kin-openapi's own",
		"openapi3.MappingRef.sibling":   "a 3.1 $ref's sibling keywords, applied to Value on resolving",
		"openapi3.MappingRef.target":    "kin-openapi's own",
		"openapi3.PathItem.refSiblings": "a path item $ref's siblings, merged into it on resolving",
		"openapi3.T.visited":            "kin-openapi's own",
	}
	holds := map[reflect.Type]bool{}
	var canHold func(reflect.Type) bool
	canHold = func(t reflect.Type) bool {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Array {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return false
		}
		if h, ok := holds[t]; ok {
			return h
		}
		holds[t] = true
		_, h := t.FieldByName("Extensions")
		for i := range t.NumField() {
			h = h || canHold(t.Field(i).Type)
		}
		holds[t] = h
		return h
	}
	canHold(reflect.TypeFor[openapi3.T]())
	canHold(reflect.TypeFor[openapi2.T]())
	for typ := range holds {
		for i := range typ.NumField() {
			f := typ.Field(i)
			if f.IsExported() || !canHold(f.Type) {
				continue
			}
			if _, ok := reflect.PointerTo(typ).MethodByName("Map"); ok && f.Name == "m" {
				continue // reached through Map
			}
			if name := typ.String() + "." + f.Name; known[name] == "" {
				t.Errorf("%s (%s) can hold objects with extensions where dropCodeExtensions does not look", name, f.Type)
			}
		}
	}
}

// valueDiff returns the path to the first place where a and b differ, or
// "" when they are deeply equal; unexported fields count but for the
// exceptions below, and the target of a copied $ref when copied is set.
func valueDiff(a, b reflect.Value, path string, copied bool, seen map[[2]uintptr]bool) string {
	if a.IsValid() != b.IsValid() {
		return path + ": one is missing"
	}
	if !a.IsValid() {
		return ""
	}
	if a.Type() != b.Type() {
		return path + ": types differ"
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return path + fmt.Sprintf(": nil %t vs %t", a.IsNil(), b.IsNil())
		}
		if a.IsNil() {
			return ""
		}
		k := [2]uintptr{a.Pointer(), b.Pointer()}
		if a.Kind() == reflect.Pointer {
			if seen[k] {
				return ""
			}
			seen[k] = true
			return valueDiff(a.Elem(), b.Elem(), path, copied, seen)
		}
		if a.Len() != b.Len() {
			return path + fmt.Sprintf(": length %d vs %d", a.Len(), b.Len())
		}
		if a.Kind() == reflect.Slice {
			for i := range a.Len() {
				if d := valueDiff(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i), copied, seen); d != "" {
					return d
				}
			}
			return ""
		}
		for _, key := range a.MapKeys() {
			if d := valueDiff(a.MapIndex(key), b.MapIndex(key), fmt.Sprintf("%s[%v]", path, key), copied, seen); d != "" {
				return d
			}
		}
		return ""
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return path + ": nil interface"
			}
			return ""
		}
		return valueDiff(a.Elem(), b.Elem(), path, copied, seen)
	case reflect.Struct:
		for i := range a.NumField() {
			switch name := a.Type().Field(i).Name; {
			case name == "extra":
				// The keys beside a $ref, which kin-openapi's Validate
				// alone reads.
			case name == "target" && copied:
			case name == "Extensions" && a.Field(i).Len() == 0 && b.Field(i).Len() == 0:
				// None, nil or empty: kin-openapi and its Swagger 2.0
				// converter leave either.
			default:
				if d := valueDiff(a.Field(i), b.Field(i), path+"."+name, copied, seen); d != "" {
					return d
				}
			}
		}
		return ""
	case reflect.Func:
		return ""
	}
	if fmt.Sprint(a) != fmt.Sprint(b) {
		return path + fmt.Sprintf(": %v vs %v", a, b)
	}
	return ""
}
