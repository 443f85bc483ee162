package normalize

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stgen-dev/stgen/internal/spec"
)

// loadSchemas normalizes a document with one operation returning Thing and the given component schemas (YAML).
func loadSchemas(t *testing.T, schemas string) (*openapi3.T, error) {
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
	_, err = Document(d, nil)
	return d.OpenAPI, err
}

func TestPropertyNames(t *testing.T) {
	doc, err := loadSchemas(t, "    Thing: {type: object, properties: {Id: {type: string}, id: {type: integer}, ID: {type: integer}, customerIds: {type: array, items: {type: integer}}}}\n")
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Components.Schemas["Thing"].Value
	for prop, want := range map[string]string{"id": "ID", "ID": "ID2", "Id": "ID3", "customerIds": "CustomerIDs"} {
		if got := FieldName(s, prop); got != want {
			t.Errorf("FieldName(%q) = %q; want %q", prop, got, want)
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
	for n := range doc.Components.Schemas {
		names = append(names, n)
	}
	slices.Sort(names)
	if want := []string{"CallDirection", "CallDirection2", "Thing"}; !slices.Equal(names, want) {
		t.Errorf("schemas %v; want %v (the two identical enums are one)", names, want)
	}
	props := doc.Components.Schemas["Thing"].Value.Properties
	for p, want := range map[string]string{"a": "CallDirection", "b": "CallDirection", "c": "CallDirection2"} {
		if got := strings.TrimPrefix(props[p].Ref, schemaRefPrefix); got != want {
			t.Errorf("property %s refers to %s; want %s", p, got, want)
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
	s := doc.Components.Schemas["Kind"].Value
	got := EnumConstants("Kind", s)
	want := []string{"KindDash", "KindEmpty", "KindUnder", "KindX"}
	if !slices.Equal(got, want) || len(s.Enum) != 4 {
		t.Errorf("constants %v for values %v; want %v (null dropped)", got, s.Enum, want)
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
