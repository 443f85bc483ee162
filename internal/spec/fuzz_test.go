package spec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// FuzzLoad checks that no input makes Load panic; errors are fine, but each
// must be a *Error naming the file. A Swagger 2.0 document that loads keeps
// none of the conversion's bookkeeping or empty allOf (see swagger2.go) and
// has every schema reference resolved.
func FuzzLoad(f *testing.F) {
	addFileSeeds(f, "testdata/*/*")
	f.Add([]byte(`{"openapi":"3.0.1","servers":[null],"paths":{"/a":null}}`))
	f.Add([]byte("openapi: 3.1.0\nservers: [{url: /a}]\npaths: {/x: {get: {responses: {'200': {$ref: '#/x'}}}}}\n"))
	// Swagger 2.0: forms, a shared formData parameter, references beside
	// x-nullable and under additionalProperties, object query parameters.
	f.Add([]byte(`{"swagger":"2.0","info":{"title":"T","version":"1"},"basePath":"/a/v2","parameters":{"f":{"name":"f","in":"formData","type":"file"}},` +
		`"paths":{"/x":{"parameters":[{"name":"n","in":"formData","type":"string","required":true}],"post":{"parameters":[{"$ref":"#/parameters/f"},` +
		`{"name":"q","in":"query","type":"object","additionalProperties":{"$ref":"#/definitions/D"}}],"responses":{"200":{"description":"ok","schema":{"$ref":"#/definitions/D","x-nullable":true}}}}}},` +
		`"definitions":{"D":{"type":"object","additionalProperties":{"type":"object","properties":{"d":{"$ref":"#/definitions/D"}}},"properties":{"e":{"allOf":[{"$ref":"#/definitions/D"}],"x-nullable":true}}}}}`))
	f.Add([]byte("swagger: '2.0'\nbasePath: /a\nconsumes: [text/plain]\nparameters: {b: {name: b, in: body, schema: {type: string}}}\n" +
		"paths: {/x: {put: {parameters: [{$ref: '#/parameters/b'}, {name: s, in: query, type: array, items: {type: string}, collectionFormat: pipes}], responses: {default: {$ref: '#/responses/r'}}}}}\n" +
		"responses: {r: {description: r, headers: {h: {type: array, items: {type: integer}}}}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file := filepath.Join(t.TempDir(), "doc")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		d, err := Load(file)
		if err != nil {
			return
		}
		if d.Domain == "" || d.BasePath == "" || d.Operations() == 0 {
			t.Errorf("Load = document with Domain %q, BasePath %q, %d operations, no error", d.Domain, d.BasePath, d.Operations())
		}
		if d.Swagger == "" {
			return
		}
		visited := map[*openapi3.Schema]bool{}
		eachSchema(d.OpenAPI, func(sr *openapi3.SchemaRef) *openapi3.SchemaRef {
			return walkSchemas(sr, visited, func(sr *openapi3.SchemaRef) *openapi3.SchemaRef {
				switch {
				case sr.Ref != "" && sr.Value == nil:
					t.Errorf("$ref %q not resolved", sr.Ref)
				case sr.Value != nil && (sr.Value.Extensions[extNullable] != nil || sr.Value.Extensions[extFormDataName] != nil):
					t.Errorf("schema keeps the conversion's extensions: %v", sr.Value.Extensions)
				case sr.Value != nil && sr.Value.AllOf != nil && len(sr.Value.AllOf) == 0:
					t.Error("schema with an empty allOf: oapi-codegen takes it for a composition")
				}
				return sr
			})
		})
	})
}

// addFileSeeds adds the files pattern matches to f's seed corpus.
func addFileSeeds(f *testing.F, pattern string) {
	f.Helper()
	seeds, err := filepath.Glob(pattern)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range seeds {
		if info, err := os.Stat(s); err == nil && info.IsDir() {
			continue // a corpus the fuzzer wrote, as testdata/fuzz/FuzzLoad
		}
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// graphLoadBound is how long Load may take on a document FuzzLoadGraph
// builds: their schemas number a few thousand at most, which Load reads in
// well under a second; a chain that costs the square of its length takes
// minutes.
const graphLoadBound = 20 * time.Second

// FuzzLoadGraph loads documents whose component schemas refer to one
// another in every way a reference can (items, properties, allOf, oneOf,
// anyOf, not, additionalProperties, 3.1 null unions, nullable oneOf, bare
// references, references into schemas), in chains thousands long and nested
// hundreds deep, as OpenAPI 3.0, 3.1 or Swagger 2.0, JSON or YAML (see
// graphDocument). Load must return within graphLoadBound, with a document
// whose references all resolve and that keeps no code-shaping extension, or
// with one located *Error.
func FuzzLoadGraph(f *testing.F) {
	for _, seed := range [][]byte{
		{0, 1, 2, 0},                 // S0 is an array of S0
		{0, 2, 3, 1, 0, 3, 0, 1},     // S0 allOf [S1, S0], S1 allOf [S0, S1]
		{1, 1, 4, 0},                 // 3.1: S0 oneOf [S0, null]
		{0, 1, 4, 0},                 // 3.0: S0 nullable oneOf [S0]
		{0, 2, 0, 1, 0, 0},           // S0 -> S1 -> S0, references only
		{0, 1, 6, 0},                 // S0 additionalProperties S0
		{0, 1, 7, 0},                 // S0 not S0
		{1, 1, 8, 0},                 // 3.1: S0 type [object, null], its property S0
		{0, 1, 9, 0, 100},            // S0 nested 100 deep
		{0, 1, 9, 0, 20},             // S0 nested 20 deep
		{0, 2, 10, 1, 11, 184, 0, 1}, // S0: 3000 bare references to S1
		{0, 2, 10, 1, 11, 184, 1, 1}, // S0: 3000 properties, each of the next
		{0, 2, 11, 1, 1, 1},          // S0 refers into S1
		{2, 2, 1, 1, 2, 0},           // YAML
		{4, 2, 1, 1, 3, 0, 1},        // Swagger 2.0
		{8, 1, 1, 0},                 // code-shaping extensions everywhere
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := graphDocument(data)
		file := filepath.Join(t.TempDir(), "doc")
		if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		type result struct {
			d   *Document
			err error
		}
		done := make(chan result, 1)
		go func() {
			d, err := Load(file)
			done <- result{d, err}
		}()
		var r result
		select {
		case r = <-done:
		case <-time.After(graphLoadBound):
			t.Fatalf("Load took more than %v on\n%s", graphLoadBound, doc)
		}
		if r.err != nil {
			var e *Error
			if !errors.As(r.err, &e) || e.File != file || e.Location == "" || strings.Contains(r.err.Error(), "\n") {
				t.Fatalf("Load error %q (%T); want one line naming the file and the place in it, on\n%s", r.err, r.err, doc)
			}
			return
		}
		visited := map[*openapi3.Schema]bool{}
		eachSchema(r.d.OpenAPI, func(sr *openapi3.SchemaRef) *openapi3.SchemaRef {
			return walkSchemas(sr, visited, func(sr *openapi3.SchemaRef) *openapi3.SchemaRef {
				if sr.Ref != "" && sr.Value == nil {
					t.Errorf("$ref %q not resolved", sr.Ref)
				}
				return sr
			})
		})
		js, err := json.Marshal(r.d.OpenAPI)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(js, []byte(`"x-go-type"`)) || bytes.Contains(js, []byte(`"x-oapi-codegen-extra-tags"`)) {
			t.Errorf("the document keeps code-shaping extensions: %s", js)
		}
	})
}

// graphDocument builds a document from data. data[0] chooses the dialect
// (bit 0: OpenAPI 3.1 rather than 3.0, bit 2: Swagger 2.0), the format
// (bit 1: YAML) and whether every schema carries code-shaping extensions
// (bit 3); data[1] the number of schemas S0 ... Sn-1, whose shapes the rest
// gives, a kind and a target (and a count) each: see schema. The schemas
// that chains add count 8,192 at most.
func graphDocument(data []byte) string {
	at := 0
	next := func() int {
		if at >= len(data) {
			return 0
		}
		at++
		return int(data[at-1])
	}
	flags := next()
	v31, yamlDoc, swagger, codeExt := flags&1 != 0, flags&2 != 0, flags&4 != 0, flags&8 != 0
	if swagger {
		v31 = false
	}
	prefix := "#/components/schemas/"
	if swagger {
		prefix = "#/definitions/"
	}
	n := next()%32 + 1
	ref := func(i int) string { return fmt.Sprintf(`{"$ref":"%sS%d"}`, prefix, i%n) }
	null := `{"type":"null"}`
	schemas := make([]string, n)
	var extra []string
	for i := range schemas {
		kind, target := next(), next()
		var s string
		switch kind % 12 {
		case 0:
			s = ref(target)
		case 1:
			s = `{"type":"object","properties":{"p":` + ref(target) + `}}`
		case 2:
			s = `{"type":"array","items":` + ref(target) + `}`
		case 3:
			s = `{"allOf":[` + ref(target) + `,` + ref(next()) + `]}`
		case 4:
			if v31 {
				s = `{"oneOf":[` + ref(target) + `,` + null + `]}`
			} else {
				s = `{"nullable":true,"oneOf":[` + ref(target) + `]}`
			}
		case 5:
			s = `{"anyOf":[` + ref(target) + `,{"type":"string"}]}`
		case 6:
			s = `{"type":"object","additionalProperties":` + ref(target) + `}`
		case 7:
			s = `{"not":` + ref(target) + `}`
		case 8:
			if v31 {
				s = `{"type":["object","null"],"properties":{"p":` + ref(target) + `}}`
			} else {
				s = `{"type":"object","nullable":true,"properties":{"p":` + ref(target) + `}}`
			}
		case 9:
			depth := next()
			s = strings.Repeat(`{"type":"object","properties":{"p":`, depth) + ref(target) + strings.Repeat(`}}`, depth)
		case 10:
			// A chain of schemas Ci_0 ... Ci_k-1, each a bare reference
			// to the next or holding it as a property, the last to the
			// target.
			length := min(next()<<8|next(), 8192-len(extra))
			property := next()%2 == 1
			link := func(to string) string {
				if property {
					return `{"type":"object","properties":{"p":{"$ref":"` + to + `"}}}`
				}
				return `{"$ref":"` + to + `"}`
			}
			to := fmt.Sprintf("%sS%d", prefix, target%n)
			for k := length - 1; k >= 0; k-- {
				extra = append(extra, fmt.Sprintf(`"C%d_%d":%s`, i, k, link(to)))
				to = fmt.Sprintf("%sC%d_%d", prefix, i, k)
			}
			s = link(to)
		default:
			s = `{"$ref":"` + fmt.Sprintf("%sS%d", prefix, target%n) + `/properties/p"}`
		}
		if codeExt {
			s = `{"x-go-type":"evil.T","x-oapi-codegen-extra-tags":{"a":"b"},` + strings.TrimPrefix(s, "{")
		}
		schemas[i] = fmt.Sprintf(`"S%d":%s`, i, s)
	}
	all := strings.Join(append(schemas, extra...), ",")
	var doc string
	if swagger {
		doc = `{"swagger":"2.0","info":{"title":"T","version":"1"},"basePath":"/things/v2",` +
			`"paths":{"/things":{"get":{"operationId":"Things_Get","responses":{"200":{"description":"ok","schema":` + ref(0) + `}}}}},` +
			`"definitions":{` + all + `}}`
	} else {
		version := "3.0.1"
		if v31 {
			version = "3.1.0"
		}
		doc = `{"openapi":"` + version + `","info":{"title":"T","version":"1"},"servers":[{"url":"https://api.example.com/things/v2"}],` +
			`"paths":{"/things":{"get":{"operationId":"Things_Get","responses":{"200":{"description":"ok","content":{"application/json":{"schema":` + ref(0) + `}}}}}}},` +
			`"components":{"schemas":{` + all + `}}}`
	}
	if yamlDoc {
		// JSON is YAML; a comment makes it read as such.
		doc = "# YAML\n" + doc
	}
	return doc
}
