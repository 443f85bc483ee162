package normalize

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/spec"
	"github.com/stgen-dev/stgen/internal/testenv"
)

// loadDoc builds the model of a whole document written in YAML.
func loadDoc(t *testing.T, doc string, recorded *names.Domain) (*model.Domain, error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "doc.yaml")
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := spec.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	return Domain(d, recorded)
}

// TestDomainLeavesTheDocument builds the model of every document of the
// newest release and of the fixtures, and checks that the loaded document
// is what it was: the model is built beside it, not by rewriting it.
func TestDomainLeavesTheDocument(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "gen", "testdata", "fixtures", "*"))
	if err != nil {
		t.Fatal(err)
	}
	docs, err := spec.LoadDir(testenv.Newest(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		d, err := spec.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	for _, d := range docs {
		before, err := json.Marshal(d.OpenAPI)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Domain(d, nil); err != nil {
			t.Fatal(err)
		}
		after, err := json.Marshal(d.OpenAPI)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(before, after) {
			t.Errorf("%s: building the model changed the document", d.File)
		}
	}
}

// doc is a document with one operation that takes Body and returns Result,
// and the given component schemas (YAML, indented by four spaces).
func doc(schemas string) string {
	return `openapi: 3.0.1
info: {title: T, version: '1'}
servers: [{url: 'https://x/t/v2'}]
paths:
  /tenant/{tenant}/things:
    post:
      operationId: Things_Create
      parameters: [{name: tenant, in: path, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Body'}}}}
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Result'}}}}}
components:
  schemas:
` + schemas
}

// fields describes a struct's fields: "Name GoType omitempty?" each.
func fields(ty *model.Type) string {
	var parts []string
	for _, f := range ty.Fields {
		s := f.Name + " " + f.Type.String()
		if f.OmitEmpty {
			s += " omitempty"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func TestFieldTypes(t *testing.T) {
	dom, err := loadDoc(t, doc(`    Body: {type: object}
    Result:
      type: object
      required: [req, reqNull, list, refReq, refNullReq]
      properties:
        opt: {type: integer, format: int32}
        req: {type: integer, format: int32}
        reqNull: {type: string, nullable: true}
        list: {type: array, items: {type: string}}
        optList: {type: array, items: {type: integer, nullable: true}}
        structItems: {type: array, items: {oneOf: [{$ref: '#/components/schemas/Leaf'}], nullable: true}}
        map: {type: object, additionalProperties: {type: number}}
        any: {}
        refReq: {$ref: '#/components/schemas/Leaf'}
        refNullReq: {oneOf: [{$ref: '#/components/schemas/Leaf'}], nullable: true}
        inline: {type: object, properties: {x: {type: boolean}}}
        kind: {type: string, enum: [a, b]}
    Leaf: {type: object, properties: {v: {type: string}}}
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "Any any omitempty; Inline *ResultInline omitempty; Kind *ResultKind omitempty; List []string; " +
		"Map map[string]float64 omitempty; Opt *int32 omitempty; OptList []*int omitempty; " +
		"RefNullReq *Leaf; RefReq Leaf; Req int32; ReqNull *string; StructItems []Leaf omitempty"
	if got := fields(dom.Type("Result")); got != want {
		t.Errorf("fields:\n%s\nwant\n%s", got, want)
	}
	if ty := dom.Type("Body"); ty == nil || ty.Kind != model.Defined || ty.Underlying.String() != "map[string]any" {
		t.Errorf("an object with no properties is %+v; want a map of any", ty)
	}
}

func TestValueCycles(t *testing.T) {
	dom, err := loadDoc(t, doc(`    Body: {type: object}
    Result:
      type: object
      required: [a, self, list]
      properties:
        a: {$ref: '#/components/schemas/A'}
        self: {$ref: '#/components/schemas/Result'}
        list: {type: array, items: {$ref: '#/components/schemas/Result'}}
    A:
      type: object
      required: [b]
      properties: {b: {$ref: '#/components/schemas/B'}}
    B:
      type: object
      required: [a]
      properties: {a: {$ref: '#/components/schemas/A'}}
    Tree: {type: array, items: {$ref: '#/components/schemas/Tree'}}
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"A":      "B *B omitempty",
		"B":      "A A",
		"Result": "A A; List []Result; Self *Result omitempty",
	} {
		if got := fields(dom.Type(name)); got != want {
			t.Errorf("%s: %s; want %s", name, got, want)
		}
	}
}

func TestSchemaErrors(t *testing.T) {
	for name, c := range map[string]struct{ schemas, want string }{
		"a schema that is only a reference to itself": {`    Body: {type: object}
    Result: {oneOf: [{$ref: '#/components/schemas/Other'}]}
    Other: {oneOf: [{$ref: '#/components/schemas/Result'}]}
`, "$ref cycle"},
		"an allOf cycle": {`    Body: {type: object}
    Result: {allOf: [{$ref: '#/components/schemas/Other'}]}
    Other: {allOf: [{$ref: '#/components/schemas/Result'}]}
`, "allOf cycle"},
		"an int32 enum value out of range": {`    Body: {type: object}
    Result: {type: integer, format: int32, enum: [1, 3000000000]}
`, "out of range"},
		"an integer enum value that is not an integer": {`    Body: {type: object}
    Result: {type: integer, enum: [1, 1.5]}
`, "not an integer"},
		"a constant named like a type": {`    Body: {type: object, properties: {k: {$ref: '#/components/schemas/Kind'}, p: {$ref: '#/components/schemas/KindPhone'}}}
    Result: {type: object}
    Kind: {type: string, enum: [Phone]}
    KindPhone: {type: object, properties: {x: {type: string}}}
`, "KindPhone is declared twice"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := loadDoc(t, doc(c.schemas), nil)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "doc.yaml:#/") {
				t.Errorf("error %v; want one located in doc.yaml, saying %q", err, c.want)
			}
		})
	}
}

func TestAllOfAndUnions(t *testing.T) {
	dom, err := loadDoc(t, doc(`    Body:
      allOf:
        - {$ref: '#/components/schemas/Base'}
        - {type: object, required: [extra], properties: {extra: {type: string}}}
    Base: {type: object, required: [id], properties: {id: {type: integer, format: int64}}}
    Result:
      oneOf:
        - {$ref: '#/components/schemas/Base'}
        - {type: string}
        - {type: 'null'}
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := fields(dom.Type("Body")); got != "Extra string; ID int64" {
		t.Errorf("allOf fields: %s", got)
	}
	u := dom.Type("Result")
	if u.Kind != model.Union || len(u.Alternatives) != 2 || u.Alternatives[0].Named.Name != "Base" || u.Alternatives[1].Named.Name != "ResultAlt2" {
		t.Errorf("union: %+v", u)
	}
	if alt := dom.Type("ResultAlt2"); alt == nil || alt.Kind != model.Defined || alt.Underlying.String() != "string" {
		t.Errorf("inline alternative: %+v", alt)
	}
}

func TestInlineNames(t *testing.T) {
	const paths = `openapi: 3.0.1
info: {title: T, version: '1'}
servers: [{url: 'https://x/t/v2'}]
paths:
  /tenant/{tenant}/things:
    post:
      operationId: Things_Create
      parameters: [{name: tenant, in: path, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}}
      responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {type: object, properties: {id: {type: integer}}}}}}}}
    get:
      operationId: Things_Get
      parameters:
        - {name: tenant, in: path, required: true, schema: {type: integer}}
        - {name: state, in: query, schema: {type: string, enum: [on, off]}}
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {kind: {type: string, enum: [x]}}}}}}}
`
	dom, err := loadDoc(t, paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ThingsCreateRequest", "ThingsCreateItem", "ThingsGetState", "ThingsGetResponse", "ThingsGetResponseKind"} {
		if dom.Type(name) == nil {
			t.Errorf("no type %s", name)
		}
	}
	// A later release keeps the recorded name of an inline schema.
	at := "#/paths/~1tenant~1{tenant}~1things/post/requestBody/content/application~1json/schema"
	if got := dom.Names.Schemas[at].Name; got != "ThingsCreateRequest" {
		t.Fatalf("the names record %q for %s", got, at)
	}
	dom, err = loadDoc(t, paths, &names.Domain{Schemas: map[string]names.Schema{at: {Name: "NewThing"}}})
	if err != nil {
		t.Fatal(err)
	}
	if dom.Type("NewThing") == nil || dom.Type("ThingsCreateRequest") != nil {
		t.Errorf("the recorded name of the request body is not kept")
	}
}

func TestDocText(t *testing.T) {
	for in, want := range map[string]string{
		"a\r\nb\rc":                       "a\nb\nc",
		"x\u2028y\u0085z":                 "x\ny\nz",
		"\u202eevil\u2066 text\x00\x07":   "evil text",
		"tab\there":                       "tab here",
		"  +build ignore\n+buildx\nfine ": "+ build ignore\n+ buildx\nfine",
		"line \\\nbreak":                  "line\nbreak",
	} {
		if got := docText(in); got != want {
			t.Errorf("docText(%q) = %q; want %q", in, got, want)
		}
	}
	if got := oneLine(" a\n\n b  c "); got != "a b c" {
		t.Errorf("oneLine = %q", got)
	}
}
