package spec

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/stgen-dev/stgen/internal/testenv"
)

// checkDecodeJSON fails t when decodeJSON's result differs from
// json.Unmarshal's, or when decodeJSON succeeds where json.Unmarshal fails,
// and returns decodeJSON's ok.
func checkDecodeJSON(t *testing.T, data []byte) bool {
	t.Helper()
	got, ok := decodeJSON(data)
	want := new(openapi3.T)
	err := json.Unmarshal(data, want)
	switch {
	case err != nil && ok:
		t.Errorf("decodeJSON = ok; json.Unmarshal = %v", err)
	case ok && !reflect.DeepEqual(got, want):
		t.Errorf("decodeJSON = %s;\njson.Unmarshal = %s", dump(got), dump(want))
	}
	return ok
}

// dump renders a decoded document for a failure message.
func dump(doc *openapi3.T) string {
	b, err := json.Marshal(doc)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// compactJSON returns a document as parse decodes it.
func compactJSON(tb testing.TB, file string) []byte {
	tb.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, bytes.TrimPrefix(data, []byte("\ufeff"))); err != nil {
		tb.Fatalf("%s: %v", file, err)
	}
	return compact.Bytes()
}

// releaseJSON returns the JSON documents of a release folder.
func releaseJSON(tb testing.TB, dir string) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var docs []string
	for _, f := range files {
		if IsDocumentFile(filepath.Base(f)) {
			docs = append(docs, f)
		}
	}
	return docs
}

func TestDecodeJSONReleases(t *testing.T) {
	releases := testenv.Releases(t)
	if raceEnabled {
		// The race detector makes this ten times slower: the newest only.
		releases = releases[len(releases)-1:]
	}
	docs, items, reencoded := 0, 0, 0
	for _, dir := range releases {
		for _, file := range releaseJSON(t, dir) {
			data := compactJSON(t, file)
			if !checkDecodeJSON(t, data) {
				t.Errorf("%s: decodeJSON fell back", file)
			}
			docs++
			top, _ := members(data)
			for _, m := range top {
				if m.key != "paths" {
					continue
				}
				paths, _ := members(m.value)
				for _, p := range paths {
					items++
					if !reencodingKeeps(p.value) {
						reencoded++
					}
				}
			}
		}
	}
	if docs == 0 {
		t.Fatal("no JSON documents in the releases")
	}
	t.Logf("%d JSON documents of %d releases decoded alike; %d of %d path items decoded from kin's re-encoding", docs, len(releases), reencoded, items)
}

// decodeJSONCase is an input for decodeJSON and whether it must decode it.
type decodeJSONCase struct {
	name string
	data string
	ok   bool
}

// decodeJSONCases returns the inputs of TestDecodeJSON, also seeds of
// FuzzDecodeJSON.
func decodeJSONCases() []decodeJSONCase {
	const item = `{"get":{"operationId":"A_Get","responses":{"200":{"description":"ok"}}}}`
	return []decodeJSONCase{
		{"empty", `{}`, true},
		{"document", `{"openapi":"3.0.1","info":{"title":"T","version":"1"},"servers":[{"url":"/a/v2"}],"paths":{"/x":` + item + `}}`, true},
		{"white space", " {\n \"openapi\" : \"3.1.0\" ,\t\"paths\" : { \"/x\" : " + item + " } ,\"components\":{ } }\r\n", true},
		{"null paths", `{"openapi":"3.0.1","paths":null}`, true},
		{"null components", `{"openapi":"3.0.1","components":null,"paths":{}}`, true},
		{"null path item", `{"paths":{"/x":null}}`, true},
		{"null component", `{"components":{"schemas":{"A":null},"x-a":null}}`, true},
		{"top extensions", `{"openapi":"3.0.1","x-a":{"b":[1,2.5]},"x-b":null,"paths":{}}`, true},
		{"top unknown keys", `{"openapi":"3.0.1","swagger":"2.0","Info":{"title":"T"}}`, true},
		{"top fields in another case", `{"Openapi":"3.0.1","openapi":"3.1.0","INFO":{"title":"T"},"info":{"title":"U"}}`, true},
		{"paths extensions", `{"paths":{"x-a":1,"x-b":{"c":"d","c":"e"},"X-c":` + item + `,"/x":` + item + `}}`, true},
		{"paths in several cases", `{"paths":{"/x":` + item + `,"/X":` + item + `}}`, true},
		{"escaped keys", `{"p\u0061ths":{"\/x":` + item + `},"components":{"x-\u00e9":1,"schem\u0061s":{"A":{"type":"string"}}}}`, true},
		{"components extensions", `{"components":{"x-a":1,"schemas":{"A":{"type":"string","x-b":true}}}}`, true},
		{"components unknown keys", `{"components":{"pathItems":{"p":{}},"unknown":[1,{"a":null}]}}`, true},
		{"components all fields", `{"components":{"schemas":{"S":{"type":"object","properties":{"a":{"$ref":"#/components/schemas/S"}}}},` +
			`"parameters":{"P":{"name":"p","in":"query"}},"headers":{"H":{"schema":{"type":"string"}}},"requestBodies":{"R":{"content":{}}},` +
			`"responses":{"R":{"description":"r"}},"securitySchemes":{"S":{"type":"http","scheme":"basic"}},"examples":{"E":{"value":1}},` +
			`"links":{"L":{"operationId":"A_Get"}},"callbacks":{"C":{"/x":` + item + `}}}}`, true},
		// kin's re-encoding of a path item changes what it decodes to.
		{"field in two cases", `{"paths":{"/x":{"get":{"summary":"a"},"GET":{"summary":"b"}}}}`, true},
		{"field in two cases sorted", `{"paths":{"/x":{"GET":{"summary":"a"},"get":{"summary":"b"}}}}`, true},
		{"duplicate in a path item", `{"paths":{"/x":{"get":{"summary":"a","summary":"b"}}}}`, true},
		{"duplicate map key in a path item", `{"paths":{"/x":{"get":{"responses":{"200":{"description":"a"},"200":{"headers":{}}}}}}}`, true},
		{"duplicate map in a path item", `{"paths":{"/x":{"post":{"requestBody":{"content":{"a/b":{}},"content":{"c/d":{}}}}}}}`, true},
		{"big integer", `{"paths":{"/x":{"parameters":[{"name":"a","in":"query","schema":{"maxLength":9007199254740993}}]}}}`, true},
		{"big integer, exact", `{"paths":{"/x":{"parameters":[{"name":"a","in":"query","schema":{"maxLength":9007199254740994,"maximum":9223372036854780000}}]}}}`, true},
		{"integer as float", `{"paths":{"/x":{"parameters":[{"name":"a","in":"query","schema":{"maxLength":1.0,"minLength":1e1}}]}}}`, true},
		{"ref with siblings", `{"paths":{"/x":{"parameters":[{"name":"a","in":"query","schema":{"$ref":"#/s","title":1,"format":2}}]}}}`, true},
		{"ref in another case", `{"paths":{"/x":{"parameters":[{"name":"a","in":"query","schema":{"$REF":"#/s","type":5}}]}}}`, true},
		{"ref with extensions", `{"paths":{"/x":{"parameters":[{"name":"a","in":"query","schema":{"$ref":"#/s","x-a":1.50}}]}}}`, true},
		{"escaped key in a path item", `{"paths":{"/x":{"g\u0065t":{"summary":"a"},"get":{"summary":"b"}}}}`, true},
		{"folded key in a path item", "{\"paths\":{\"/x\":{\"get\":{\"summary\":\"a\",\"\u017fummary\":\"b\"}}}}", true},
		{"invalid UTF-8 in keys", "{\"x-\xff\":1,\"paths\":{\"/\xfe\":{\"x-\xff\":2,\"get\":{\"x-\xfe\":3}}}}", true},
		// Path items, operations and responses, decoded by itemDecoder.
		{"path item members", `{"paths":{"/x":{"$ref":"#/p","summary":"s","description":"d","servers":[{"url":"/s"}],"parameters":[{"name":"a","in":"query"}],` +
			`"get":{"tags":["t"],"summary":"s","description":"d","operationId":"o","parameters":[{"$ref":"#/p"}],"requestBody":{"content":{}},"responses":{"200":{"description":"ok"}},` +
			`"callbacks":{"c":{"/y":` + item + `}},"deprecated":true,"security":[{"s":[]}],"servers":[{"url":"/t"}],"externalDocs":{"url":"/e"}},` +
			`"put":{},"post":{},"delete":{},"options":{},"head":{},"patch":{},"trace":{},"connect":{},"query":{},"additionalOperations":{"COPY":` + item + `}}}}`, true},
		{"path item extensions", `{"paths":{"/x":{"x-a":1,"x-b":null,"get":{"responses":{}}}}}`, true},
		{"operation extensions", `{"paths":{"/x":{"get":{"x-a":{"b":[1,"c"]},"operationId":"o","responses":{"200":{"description":"ok"}}}}}}`, true},
		{"responses extensions", `{"paths":{"/x":{"get":{"responses":{"x-a":1,"x-b":null,"default":{"description":"d"}}}}}}`, true},
		{"unknown keys in a path item", `{"paths":{"/x":{"foo":1,"X-a":[2],"get":{"bar":{"c":3},"responses":{"baz":{"description":"b"}}}}}}`, true},
		{"only a path item's fields", `{"paths":{"/x":{"summary":"s","parameters":[]}}}`, true},
		{"only a path item's extensions", `{"paths":{"/x":{"x-a":1}}}`, true},
		{"empty path item", `{"paths":{"/x":{}}}`, true},
		{"empty operation", `{"paths":{"/x":{"get":{}}}}`, true},
		{"null operation", `{"paths":{"/x":{"get":null,"post":` + item + `}}}`, true},
		{"null responses", `{"paths":{"/x":{"get":{"responses":null,"summary":"s"}}}}`, true},
		{"null responses with extensions", `{"paths":{"/x":{"get":{"x-a":1,"responses":null}}}}`, true},
		{"empty responses", `{"paths":{"/x":{"get":{"responses":{}}}}}`, true},
		{"null response", `{"paths":{"/x":{"get":{"responses":{"200":null}}}}}`, true},
		{"response refs", `{"paths":{"/x":{"get":{"responses":{"200":{"$ref":"#/r"},"400":{"$ref":"#/r","description":"d","x-a":1,"b":2}}}}}}`, true},
		{"operation in another case", `{"paths":{"/x":{"GET":{"summary":"a"},"x-a":1}}}`, true},
		{"path item field in another case", `{"paths":{"/x":{"Parameters":[{"name":"a","in":"query"}],"get":{}}}}`, true},
		{"folded operation", "{\"paths\":{\"/x\":{\"po\u017ft\":{\"summary\":\"a\"}}}}", true},
		{"responses in another case", `{"paths":{"/x":{"get":{"Responses":{"200":{"description":"ok"}}}}}}`, true},
		{"null responses in another case", `{"paths":{"/x":{"get":{"RESPONSES":null}}}}`, true},
		{"operation field in another case", `{"paths":{"/x":{"get":{"operationID":"o","responses":{}}}}}`, true},
		{"escaped keys in an operation", `{"paths":{"/x":{"g\u0065t":{"operation\u0049d":"o","x-\u0061":1,"re\u0073ponses":{"x-\u0062":2,"2\u00300":{"description":"ok"}}}}}}`, true},
		{"re-encoded operation", `{"paths":{"/x":{"x-a":1.0,"get":{"x-b":2.50,"responses":{"x-c":1e2,"200":{"description":"ok"}}}}}}`, true},
		{"null operation in another case", `{"paths":{"/x":{"Get":null}}}`, true},
		{"parameters", `{"paths":{"/x":{"parameters":[{"name":"a","in":"query","x-a":1,"b":2,"schema":{"type":"string"},"example":[1,{"c":null}]},` +
			`{"$ref":"#/p"},{"$ref":"#/p","x-a":1,"summary":"s","b":2}],"get":{"parameters":[{"name":"b","in":"path","required":true,"content":{"a/b":{}}}]}}}}`, true},
		{"null parameters", `{"paths":{"/x":{"parameters":null,"get":{"parameters":null}}}}`, true},
		{"empty parameters", `{"paths":{"/x":{"parameters":[],"get":{"parameters":[ ]}}}}`, true},
		{"null parameter", `{"paths":{"/x":{"parameters":[null,{"name":"a"},null],"get":{"parameters":[null]}}}}`, true},
		{"empty parameter", `{"paths":{"/x":{"parameters":[{}]}}}`, true},
		{"parameter ref in another case", `{"paths":{"/x":{"parameters":[{"$REF":"#/p","name":"a"}]}}}`, true},
		{"empty parameter ref", `{"paths":{"/x":{"get":{"parameters":[{"$ref":"","name":"a"}]}}}}`, true},
		{"parameter field in another case", `{"paths":{"/x":{"parameters":[{"Name":"a","in":"query"}]}}}`, true},
		{"request body", `{"paths":{"/x":{"post":{"requestBody":{"description":"d","required":true,"content":{"a/b":{"schema":{"type":"string"}}},"x-a":1,"b":2}}}}}`, true},
		{"null request body", `{"paths":{"/x":{"post":{"requestBody":null}}}}`, true},
		{"empty request body", `{"paths":{"/x":{"post":{"requestBody":{}}}}}`, true},
		{"request body ref", `{"paths":{"/x":{"post":{"requestBody":{"$ref":"#/b","description":"d"}}}}}`, true},
		{"request body field in another case", `{"paths":{"/x":{"post":{"requestBody":{"Content":{}}}}}}`, true},
		{"response fields", `{"paths":{"/x":{"get":{"responses":{"200":{"description":"ok","headers":{"h":{"schema":{"type":"string"}}},"content":{"a/b":{}},"links":{"l":{"operationId":"o"}},"x-a":1,"b":2}}}}}}`, true},
		{"empty response", `{"paths":{"/x":{"get":{"responses":{"200":{}}}}}}`, true},
		{"response ref in another case", `{"paths":{"/x":{"get":{"responses":{"200":{"$Ref":"#/r","description":"d"}}}}}}`, true},
		{"response field in another case", `{"paths":{"/x":{"get":{"responses":{"200":{"Description":"d"}}}}}}`, true},
		{"response ref not a string", `{"paths":{"/x":{"get":{"responses":{"200":{"$ref":5}}}}}}`, true},
		{"response summary", `{"paths":{"/x":{"get":{"responses":{"200":{"summary":5,"description":"d"}}}}}}`, true},
		// decodeJSON declines.
		{"not an object", `[{"openapi":"3.0.1"}]`, false},
		{"null", `null`, false},
		{"string", `"openapi"`, false},
		{"malformed", `{"openapi":"3.0.1",}`, false},
		{"trailing data", `{"openapi":"3.0.1"} {}`, false},
		{"truncated", `{"openapi":"3.0.1","paths":{"/x":{}}`, false},
		{"duplicate top key", `{"openapi":"3.0.1","openapi":"3.1.0"}`, false},
		{"duplicate paths", `{"paths":{},"paths":{"/x":` + item + `}}`, false},
		{"duplicate escaped", `{"paths":{},"p\u0061ths":{"/x":` + item + `}}`, false},
		{"duplicate path", `{"paths":{"/x":` + item + `,"/x":null}}`, false},
		{"duplicate paths extension", `{"paths":{"x-a":1,"x-a":2}}`, false},
		{"duplicate components key", `{"components":{"schemas":{"A":{}},"schemas":{"B":{}}}}`, false},
		{"paths in another case", `{"Paths":{"/x":` + item + `}}`, false},
		{"paths in two cases", `{"paths":{"/x":` + item + `},"PATHS":{"/y":` + item + `}}`, false},
		{"components in another case", `{"Components":{"schemas":{}}}`, false},
		{"folded paths", "{\"path\u017f\":{}}", false},
		{"components field in another case", `{"components":{"Schemas":{"A":{}}}}`, false},
		{"bad info", `{"openapi":"3.0.1","info":5}`, false},
		{"bad paths", `{"paths":[]}`, false},
		{"bad path item", `{"paths":{"/x":{"get":5}}}`, false},
		{"bad components", `{"components":"x"}`, false},
		{"bad path item field", `{"paths":{"/x":{"summary":5}}}`, false},
		{"bad operation field", `{"paths":{"/x":{"get":{"tags":"t"}}}}`, false},
		{"bad operation in another case", `{"paths":{"/x":{"Get":{"tags":"t"}}}}`, false},
		{"bad responses", `{"paths":{"/x":{"get":{"responses":[]}}}}`, false},
		{"bad response", `{"paths":{"/x":{"get":{"responses":{"200":{"description":5}}}}}}`, false},
		{"bad additional operation", `{"paths":{"/x":{"additionalOperations":{"COPY":5}}}}`, false},
		{"bad parameters", `{"paths":{"/x":{"parameters":{}}}}`, false},
		{"bad operation parameters", `{"paths":{"/x":{"get":{"parameters":"p"}}}}`, false},
		{"bad parameter", `{"paths":{"/x":{"parameters":[{"name":"a"},5]}}}`, false},
		{"bad parameter field", `{"paths":{"/x":{"get":{"parameters":[{"required":"yes"}]}}}}`, false},
		{"bad request body", `{"paths":{"/x":{"post":{"requestBody":[]}}}}`, false},
		{"bad request body field", `{"paths":{"/x":{"post":{"requestBody":{"content":[]}}}}}`, false},
		{"bad component", `{"components":{"schemas":{"A":{"type":5}}}}`, false},
		{"overflow at the top", `{"x-a":1e400}`, false},
		{"overflow in paths", `{"paths":{"x-a":1e400}}`, false},
		{"overflow in a path item", `{"paths":{"/x":{"get":{"x-a":[1e400]}}}}`, false},
		{"overflow in a ref", `{"paths":{"/x":{"parameters":[{"$ref":"#/p","a":1e400}]}}}`, false},
		{"overflow in components", `{"components":{"x-a":-1e400}}`, false},
		{"overflow in a component ref", `{"components":{"schemas":{"A":{"$ref":"#/s","a":1e400}}}}`, false},
		{"too deep", `{"x-a":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`, false},
		{"too deep in paths", `{"paths":{"/x":{"get":{"x-a":` + strings.Repeat("[", 9997) + strings.Repeat("]", 9997) + `}}}}`, false},
	}
}

func TestDecodeJSON(t *testing.T) {
	for _, tt := range decodeJSONCases() {
		t.Run(tt.name, func(t *testing.T) {
			if ok := checkDecodeJSON(t, []byte(tt.data)); ok != tt.ok {
				t.Errorf("decodeJSON ok = %t; want %t", ok, tt.ok)
			}
		})
	}
}

func TestDecodeJSONExtensions(t *testing.T) {
	doc, ok := decodeJSON([]byte(`{"x-top":1,"paths":{"x-paths":"p","/x":{}},"components":{"x-c":true,"pathItems":{},"schemas":{}}}`))
	if !ok {
		t.Fatal("decodeJSON declined")
	}
	if got := doc.Extensions; !reflect.DeepEqual(got, map[string]any{"x-top": 1.0}) {
		t.Errorf("Extensions = %v; want x-top", got)
	}
	if got := doc.Paths.Extensions; !reflect.DeepEqual(got, map[string]any{"x-paths": "p"}) {
		t.Errorf("Paths.Extensions = %v; want x-paths", got)
	}
	// kin-openapi keeps a key that is no field of the components as an
	// extension, x- or not.
	if got := doc.Components.Extensions; !reflect.DeepEqual(got, map[string]any{"x-c": true, "pathItems": map[string]any{}}) {
		t.Errorf("Components.Extensions = %v; want x-c and pathItems", got)
	}
}

func TestDecodeJSONItemExtensions(t *testing.T) {
	doc, ok := decodeJSON([]byte(`{"paths":{"/x":{"x-i":1,"foo":2,"get":{"x-o":3,"bar":4,"responses":{"x-r":5,"baz":{"description":"b"}}},"put":{"responses":{}},"post":{}}}}`))
	if !ok {
		t.Fatal("decodeJSON declined")
	}
	item := doc.Paths.Value("/x")
	if got := item.Extensions; !reflect.DeepEqual(got, map[string]any{"x-i": 1.0, "foo": 2.0}) {
		t.Errorf("PathItem.Extensions = %v; want x-i and foo", got)
	}
	if got := item.Get.Extensions; !reflect.DeepEqual(got, map[string]any{"x-o": 3.0, "bar": 4.0}) {
		t.Errorf("Operation.Extensions = %v; want x-o and bar", got)
	}
	// Responses take a key that is not x- for a status.
	if got := item.Get.Responses.Extensions; !reflect.DeepEqual(got, map[string]any{"x-r": 5.0}) {
		t.Errorf("Responses.Extensions = %v; want x-r", got)
	}
	if got := item.Get.Responses.Keys(); !reflect.DeepEqual(got, []string{"baz"}) {
		t.Errorf("Responses.Keys() = %v; want baz", got)
	}
	// kin-openapi makes the responses' extensions even when there are none,
	// and leaves an operation's nil.
	if got := item.Put.Responses.Extensions; got == nil || len(got) != 0 {
		t.Errorf("empty Responses.Extensions = %#v; want an empty map", got)
	}
	if got := item.Post; got.Extensions != nil || got.Responses != nil {
		t.Errorf("empty Operation = %+v; want no extensions, nil Responses", got)
	}
}

// FuzzDecodeJSON checks that decodeJSON decodes what it decodes as
// json.Unmarshal does, and nothing json.Unmarshal cannot.
func FuzzDecodeJSON(f *testing.F) {
	addFileSeeds(f, "testdata/*/*.json")
	for _, c := range decodeJSONCases() {
		f.Add([]byte(c.data))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecodeJSON(t, data)
	})
}

// BenchmarkDecodeJSON decodes the JSON documents of release 2026-05-11, as
// parse has them, through decodeJSON (path=fast) and through json.Unmarshal
// (path=kin).
func BenchmarkDecodeJSON(b *testing.B) {
	var docs [][]byte
	size := 0
	for _, file := range releaseJSON(b, testenv.Release(b, "2026-05-11")) {
		docs = append(docs, compactJSON(b, file))
		size += len(docs[len(docs)-1])
	}
	b.Run("path=fast", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, d := range docs {
				if _, ok := decodeJSON(d); !ok {
					b.Fatal("decodeJSON fell back")
				}
			}
		}
	})
	b.Run("path=kin", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, d := range docs {
				if err := json.Unmarshal(d, new(openapi3.T)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
