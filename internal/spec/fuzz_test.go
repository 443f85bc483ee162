package spec

import (
	"os"
	"path/filepath"
	"testing"

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
