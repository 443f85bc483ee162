package normalize

import (
	"slices"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/model"
)

// loadSchemas builds the model of a document with one operation returning
// Thing and the given component schemas (YAML).
func loadSchemas(t *testing.T, schemas string) (*model.Domain, error) {
	t.Helper()
	doc := "openapi: 3.0.1\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://x/crm/v2'}]\npaths:\n" +
		"  /tenant/{tenant}/things:\n    get: {operationId: Things_Get, responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}}}\n" +
		"components:\n  schemas:\n" + schemas
	return loadDoc(t, doc, nil)
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

// TestAllOfOfOneMember checks that an allOf whose members do not make an
// object (one member that is an enum, a scalar, an array, a map or a
// union, beside members that only annotate it) is that member, as a
// one-alternative oneOf is, with the wrapper's nullability, description
// and deprecation; an allOf of a struct stays a struct.
func TestAllOfOfOneMember(t *testing.T) {
	doc, err := loadSchemas(t, `    Thing:
      type: object
      required: [count]
      properties:
        method: {allOf: [{$ref: '#/components/schemas/Method'}], nullable: true, deprecated: true, description: How it was paid.}
        plain: {allOf: [{$ref: '#/components/schemas/Method'}]}
        noted: {allOf: [{$ref: '#/components/schemas/Method'}, {nullable: true, description: Noted.}]}
        count: {allOf: [{type: integer, format: int32}]}
        tags: {allOf: [{type: array, items: {type: string}}, {description: Labels.}]}
        extra: {allOf: [{type: object, additionalProperties: {type: string}}]}
        inline: {allOf: [{type: string, enum: [on, off]}]}
        either: {allOf: [{oneOf: [{$ref: '#/components/schemas/Method'}, {type: integer}]}]}
        wrapped: {$ref: '#/components/schemas/Wrapped'}
        twice: {allOf: [{$ref: '#/components/schemas/Wrapped'}]}
        base: {allOf: [{$ref: '#/components/schemas/Base'}]}
    Method: {type: string, enum: [Cash, Card]}
    Wrapped: {allOf: [{$ref: '#/components/schemas/Method'}], description: A method.}
    Base: {type: object, properties: {id: {type: integer, format: int64}}}
`)
	if err != nil {
		t.Fatal(err)
	}
	want := "Base *ThingBase omitempty; Count int32; Either *ThingEither omitempty; Extra map[string]string omitempty; " +
		"Inline *ThingInline omitempty; Method *Method omitempty; Noted *Method omitempty; Plain *Method omitempty; " +
		"Tags []string omitempty; Twice *Wrapped omitempty; Wrapped *Wrapped omitempty"
	thing := doc.Type("Thing")
	if got := fields(thing); got != want {
		t.Errorf("fields:\n%s\nwant\n%s", got, want)
	}
	for prop, want := range map[string]struct {
		nullable, deprecated bool
		doc                  string
	}{
		"method": {true, true, "How it was paid."},
		"plain":  {false, false, ""},
		"noted":  {true, false, "Noted."},
		"tags":   {false, false, "Labels."},
	} {
		if f := thing.Field(prop); f.Nullable != want.nullable || f.Deprecated != want.deprecated || f.Doc != want.doc {
			t.Errorf("%s: nullable %v, deprecated %v, doc %q; want %v, %v, %q", prop, f.Nullable, f.Deprecated, f.Doc, want.nullable, want.deprecated, want.doc)
		}
	}
	for name, want := range map[string]model.TypeKind{"ThingInline": model.Enum, "ThingEither": model.Union, "ThingBase": model.Struct} {
		if ty := doc.Type(name); ty == nil || ty.Kind != want {
			t.Errorf("type %s: %+v; want kind %v", name, ty, want)
		}
	}
	if ty := doc.Type("Wrapped"); ty == nil || ty.Kind != model.Defined || ty.Underlying.String() != "Method" || ty.Doc != "A method." {
		t.Errorf("component Wrapped: %+v; want a type defined over Method, documented", ty)
	}
	for _, name := range []string{"ThingMethod", "ThingPlain", "ThingNoted", "ThingCount", "ThingTags", "ThingExtra", "ThingTwice"} {
		if ty := doc.Type(name); ty != nil {
			t.Errorf("type %s declared (%v); the field's type is its allOf member's", name, ty.Kind)
		}
	}
}

// TestAllOfCycleOfWrappers checks that allOf members that wrap each other
// in a cycle stay an error, not a loop.
func TestAllOfCycleOfWrappers(t *testing.T) {
	_, err := loadSchemas(t, `    Thing: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}
    A: {allOf: [{$ref: '#/components/schemas/B'}, {description: A.}]}
    B: {allOf: [{$ref: '#/components/schemas/A'}]}
`)
	if err == nil || !strings.Contains(err.Error(), "allOf cycle") {
		t.Errorf("error %v; want an allOf cycle", err)
	}
}

// TestNullOnly checks that a property that admits only null is told from
// one of any value in every dialect (3.1's {type: null} is TestDiffFacts'):
// 3.1's {enum: [null]}, 3.0's {nullable: true, enum: [null]}, Swagger
// 2.0's x-nullable with the same enum, typed or not. It is any and nullable in each (the diff reads
// NullOnly), and a oneOf alternative that admits only null makes the
// oneOf nullable.
func TestNullOnly(t *testing.T) {
	const props30 = `
        nullOnly: {nullable: true, enum: [null]}
        typedNullOnly: {type: string, nullable: true, enum: [null]}
        anything: {nullable: true}
        valueOrNull: {type: string, nullable: true, enum: [a, null]}`
	docs := map[string]string{
		"3.0": "openapi: 3.0.1\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://x/t/v2'}]\npaths:\n" +
			"  /tenant/{tenant}/things:\n    get: {operationId: Things_Get, responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}}}\n" +
			"components:\n  schemas:\n    Leaf: {type: object, properties: {v: {type: string}}}\n    Thing:\n      type: object\n      required: [leaf]\n      properties:" + props30 +
			"\n        leaf: {oneOf: [{$ref: '#/components/schemas/Leaf'}, {nullable: true, enum: [null]}]}\n",
		"3.1": "openapi: 3.1.0\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://x/t/v2'}]\npaths:\n" +
			"  /tenant/{tenant}/things:\n    get: {operationId: Things_Get, responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}}}\n" +
			"components:\n  schemas:\n    Leaf: {type: object, properties: {v: {type: string}}}\n    Thing:\n      type: object\n      required: [leaf]\n      properties:" + `
        nullOnly: {enum: [null]}
        typedNullOnly: {type: ['string', 'null'], enum: [null]}
        anything: {}
        valueOrNull: {type: ['string', 'null'], enum: [a, null]}
        leaf: {oneOf: [{$ref: '#/components/schemas/Leaf'}, {enum: [null]}]}
`,
		"2.0": "swagger: '2.0'\ninfo: {title: T, version: '1'}\nhost: x\nbasePath: /t/v2\npaths:\n" +
			"  /tenant/{tenant}/things:\n    get: {operationId: Things_Get, parameters: [{name: tenant, in: path, required: true, type: integer}], responses: {'200': {description: ok, schema: {$ref: '#/definitions/Thing'}}}}\n" +
			"definitions:\n  Leaf: {type: object, properties: {v: {type: string}}}\n  Thing:\n    type: object\n    required: [leaf]\n    properties:" + `
      nullOnly: {x-nullable: true, enum: [null]}
      typedNullOnly: {type: string, x-nullable: true, enum: [null]}
      anything: {x-nullable: true}
      valueOrNull: {type: string, x-nullable: true, enum: [a, null]}
      leaf: {$ref: '#/definitions/Leaf', x-nullable: true}
`,
	}
	for dialect, text := range docs {
		t.Run(dialect, func(t *testing.T) {
			dom, err := loadDoc(t, text, nil)
			if err != nil {
				t.Fatal(err)
			}
			thing := dom.Type("Thing")
			for prop, nullOnly := range map[string]bool{"nullOnly": true, "typedNullOnly": true, "anything": false, "valueOrNull": false} {
				f := thing.Field(prop)
				if f == nil {
					t.Errorf("no field %s", prop)
					continue
				}
				if f.NullOnly != nullOnly {
					t.Errorf("%s: null only %v; want %v", prop, f.NullOnly, nullOnly)
				}
				if nullOnly && (!f.Nullable || f.Type.Kind != model.KindAny) {
					t.Errorf("%s: %s, nullable %v; want any, nullable", prop, f.Type, f.Nullable)
				}
			}
			if f := thing.Field("leaf"); f == nil || f.Type.String() != "*Leaf" || !f.Nullable {
				t.Errorf("leaf: %+v; want a nullable *Leaf", f)
			}
		})
	}
}
