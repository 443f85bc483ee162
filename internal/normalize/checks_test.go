package normalize

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/spec"
)

// TestEnumValueControl checks that a string enum value holding a control
// character (a line break, a tab, NUL), which oapi-codegen cannot write
// into a constant, is refused with an error naming the file, the enum's
// schema and the value, with x-enumNames or without; and that the other
// characters, which a quoted Go string carries, are kept.
func TestEnumValueControl(t *testing.T) {
	for _, value := range []string{`a\nb`, `a\rb`, `a\tb`, `\0`, `a\x7fb`, `next\Nline`, `\n`} {
		for _, names := range []string{"", ", x-enumNames: [Odd, Plain]"} {
			// value is written in YAML's escapes.
			schemas := fmt.Sprintf("    Body: {type: object}\n    Result: {type: object, properties: {k: {$ref: '#/components/schemas/Kind'}}}\n    Kind: {type: string, enum: [\"%s\", plain]%s}\n", value, names)
			_, err := loadDoc(t, doc(schemas), nil)
			var se *spec.Error
			if !errors.As(err, &se) {
				t.Errorf("enum value %s%s: %v; want a *spec.Error", value, names, err)
				continue
			}
			if !strings.HasSuffix(se.File, "doc.yaml") || se.Location != "#/components/schemas/Kind/enum" {
				t.Errorf("enum value %s%s: error at %s:%s; want doc.yaml:#/components/schemas/Kind/enum", value, names, se.File, se.Location)
			}
			for _, want := range []string{"Kind", "control character", "fix the value in the document"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("enum value %s%s: error %q does not say %q", value, names, err, want)
				}
			}
		}
	}
	for _, value := range []string{"a\u2028b", "\u202eevil", `say "hi"`, "back`tick", `back\slash`, "*/ //go:generate x"} {
		schemas := fmt.Sprintf("    Body: {type: object}\n    Result: {type: object, properties: {k: {$ref: '#/components/schemas/Kind'}}}\n    Kind: {type: string, enum: [%q]}\n", value)
		dom, err := loadDoc(t, doc(schemas), nil)
		if err != nil {
			t.Errorf("enum value %q: %v", value, err)
			continue
		}
		if got := dom.Type("Kind").Values[0].Value; got != value {
			t.Errorf("enum value %q is %q in the model", value, got)
		}
	}
}

// TestEngineNames checks that a type or constant name oapi-codegen would
// write otherwise, from the names file or from a schema's name, is refused
// with an error naming the file, the schema and the name oapi-codegen
// would write, and that one it keeps is taken.
func TestEngineNames(t *testing.T) {
	schemas := "    Body: {type: object}\n    Result: {type: object, properties: {k: {$ref: '#/components/schemas/Kind'}}}\n    Kind: {type: string, enum: [plain, other]}\n"
	for _, c := range []struct {
		what     string
		schemas  string
		recorded *names.Domain
		at, want string // "" for no error
	}{
		{"an initialism not in capitals", schemas, &names.Domain{Schemas: map[string]names.Schema{"Result": {Name: "ResultId"}}}, "Result", `"ResultID"`},
		{"a letter after a digit", schemas, &names.Domain{Schemas: map[string]names.Schema{"Result": {Name: "Result2x"}}}, "Result", `"Result2X"`},
		{"an underscore", schemas, &names.Domain{Schemas: map[string]names.Schema{"Result": {Name: "Result_X"}}}, "Result", `"ResultX"`},
		{"a letter without case", schemas, &names.Domain{Schemas: map[string]names.Schema{"Result": {Name: "Result価格"}}}, "Result", `"Result"`},
		{"a constant starting with a digit", schemas, &names.Domain{Constants: map[string]map[string]string{"Kind": {"plain": "Kind2"}}}, "Kind", `"KindN2"`},
		{"a constant starting in lower case", schemas, &names.Domain{Constants: map[string]map[string]string{"Kind": {"plain": "Kindplain"}}}, "Kind", `"KindPlain"`},
		{"a schema named in letters without case", strings.Replace(schemas, "Result: {", "Result: {$ref: '#/components/schemas/価格'}\n    価格: {", 1), nil, "価格", `"X"`},
		{"ServiceTitan's initialism as written", schemas, &names.Domain{Schemas: map[string]names.Schema{"Result": {Name: "SmsResult"}}}, "", ""},
		{"a constant the rules would not give", schemas, &names.Domain{Constants: map[string]map[string]string{"Kind": {"plain": "KindPlainOne"}}}, "", ""},
	} {
		_, err := loadDoc(t, doc(c.schemas), c.recorded)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.what, err)
			}
			continue
		}
		var se *spec.Error
		if !errors.As(err, &se) {
			t.Errorf("%s: %v; want a *spec.Error", c.what, err)
			continue
		}
		if at := "#/components/schemas/" + c.at; se.Location != at || !strings.HasSuffix(se.File, "doc.yaml") {
			t.Errorf("%s: error at %s:%s; want doc.yaml:%s", c.what, se.File, se.Location, at)
		}
		for _, want := range []string{c.want, "oapi-codegen", "names file"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q does not say %s", c.what, err, want)
			}
		}
	}
}

// TestEngineTypeName checks engineTypeName against oapi-codegen itself,
// run once with stgen's naming option, on names made of the characters
// and words its name normalizer treats each its own way.
func TestEngineTypeName(t *testing.T) {
	_, err := codegen.Generate(&openapi3.T{OpenAPI: "3.0.3", Info: &openapi3.Info{Title: "x", Version: "1"}, Paths: openapi3.NewPaths()},
		codegen.Configuration{PackageName: "x", Generate: codegen.GenerateOptions{Models: true},
			OutputOptions: codegen.OutputOptions{SkipFmt: true, NameNormalizer: string(codegen.NameNormalizerFunctionToCamelCaseWithInitialisms)}})
	if err != nil {
		t.Fatal(err)
	}
	pieces := []string{"a", "B", "1", "_", "id", "Id", "ID", "ids", "url", "Crm", "CRM", "ǅ", "価", "ß", "Ω", "ω", "x", "Z9", "utf8", "Ⅻ", "٣"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var b strings.Builder
		for range 1 + rng.IntN(5) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		name := b.String()
		if got, want := engineTypeName(name), codegen.SchemaNameToTypeName(name); got != want {
			t.Errorf("engineTypeName(%q) = %q; oapi-codegen writes %q", name, got, want)
		}
	}
	if got := engineTypeName(""); got != codegen.SchemaNameToTypeName("") {
		t.Errorf("engineTypeName(\"\") = %q; oapi-codegen writes %q", got, codegen.SchemaNameToTypeName(""))
	}
}
