package normalize

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/spec"
)

// loadSchemas builds the model of a document with one operation returning
// Thing and the given component schemas (YAML).
func loadSchemas(t *testing.T, schemas string) (*model.Domain, error) {
	t.Helper()
	doc := "openapi: 3.0.1\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://x/crm/v2'}]\npaths:\n" +
		"  /tenant/{tenant}/things:\n    get: {operationId: Things_Get, responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}}}\n" +
		"components:\n  schemas:\n" + schemas
	file := filepath.Join(t.TempDir(), "doc.yaml")
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := spec.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	return Domain(d, nil)
}

func TestPropertyNames(t *testing.T) {
	doc, err := loadSchemas(t, "    Thing: {type: object, properties: {Id: {type: string}, id: {type: integer}, ID: {type: integer}, customerIds: {type: array, items: {type: integer}}}}\n")
	if err != nil {
		t.Fatal(err)
	}
	thing := doc.Type("Thing")
	for prop, want := range map[string]string{"id": "ID", "ID": "ID2", "Id": "ID3", "customerIds": "CustomerIDs"} {
		if f := thing.Field(prop); f == nil || f.Name != want {
			t.Errorf("field of %q: %+v; want %s", prop, f, want)
		}
	}
}

func TestPropertyNameNotAJSONKey(t *testing.T) {
	for _, prop := range []string{`""`, `"a,b"`, `"a\"b"`, "'a`b'"} {
		_, err := loadSchemas(t, "    Thing: {type: object, properties: {"+prop+": {type: string}}}\n")
		if err == nil {
			t.Errorf("property %s: no error", prop)
			continue
		}
		for _, want := range []string{"doc.yaml:#/components/schemas/Thing/properties", "cannot be the JSON key"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("property %s: error %q does not say %q", prop, err, want)
			}
		}
	}
}

func TestIdenticalEnumsMerged(t *testing.T) {
	doc, err := loadSchemas(t, `    Thing: {type: object, properties: {a: {$ref: '#/components/schemas/Telecom.CallDirection'}, b: {$ref: '#/components/schemas/Telecom.V2.CallDirection'}, c: {$ref: '#/components/schemas/Telecom.V3.CallDirection'}}}
    Telecom.CallDirection: {type: string, enum: [Inbound, Outbound], x-enumNames: [Inbound, Outbound]}
    Telecom.V2.CallDirection: {type: string, enum: [Inbound, Outbound], x-enumNames: [Inbound, Outbound]}
    Telecom.V3.CallDirection: {type: string, enum: [Inbound, Outbound, Internal], x-enumNames: [Inbound, Outbound, Internal]}
`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ty := range doc.Types {
		names = append(names, ty.Name)
	}
	if want := []string{"CallDirection", "CallDirection2", "Thing"}; !slices.Equal(names, want) {
		t.Errorf("types %v; want %v (the two identical enums are one)", names, want)
	}
	for p, want := range map[string]string{"a": "*CallDirection", "b": "*CallDirection", "c": "*CallDirection2"} {
		if got := doc.Type("Thing").Field(p).Type.String(); got != want {
			t.Errorf("field %s is %s; want %s", p, got, want)
		}
	}
}

func TestEnumNames(t *testing.T) {
	doc, err := loadSchemas(t, `    Thing: {type: object, properties: {k: {$ref: '#/components/schemas/Kind'}}}
    Kind: {type: string, nullable: true, enum: [a-b, '', a_b, null, x], x-enumNames: [Dash, '', Under]}
`)
	if err != nil {
		t.Fatal(err)
	}
	kind := doc.Type("Kind")
	var got []string
	for _, v := range kind.Values {
		got = append(got, v.Const)
	}
	want := []string{"KindDash", "KindEmpty", "KindUnder", "KindX"}
	if !slices.Equal(got, want) || !kind.Nullable {
		t.Errorf("constants %v, nullable %v; want %v, nullable (null dropped)", got, kind.Nullable, want)
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"Line one \\\nLine two\\": "Line one\nLine two",
		"a\r\nb":                  "a\nb",
		"path\\to is not a break": "path\\to is not a break",
	} {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q; want %q", in, got, want)
		}
	}
}
