package gen

import (
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/names"
)

// namesDoc is a document (JSON) with an operation of every kind a names
// file names: a page list (a method and its All), an export (a method,
// its All, Feed and Since) whose item has an id and a modifiedOn (a
// RecordKey), a struct, an enum (its constants) and a union of two
// structs (an As and a From per alternative).
const namesDoc = `{"openapi": "3.0.1", "info": {"title": "Hostile", "version": "1"},
  "servers": [{"url": "https://api.example.com/hostile/v2"}],
  "paths": {
    "/tenant/{tenant}/things": {"get": {"operationId": "Things_GetList",
      "parameters": [{"name": "tenant", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}},
        {"name": "page", "in": "query", "schema": {"type": "integer", "format": "int32"}},
        {"name": "pageSize", "in": "query", "schema": {"type": "integer", "format": "int32"}}],
      "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object", "properties": {
        "page": {"type": "integer", "format": "int32"}, "pageSize": {"type": "integer", "format": "int32"}, "hasMore": {"type": "boolean"},
        "data": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}}}}}}}},
    "/tenant/{tenant}/export/things": {"get": {"operationId": "Export_Things",
      "parameters": [{"name": "tenant", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}},
        {"name": "from", "in": "query", "schema": {"type": "string"}}],
      "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object", "properties": {
        "hasMore": {"type": "boolean"}, "continueFrom": {"type": "string"},
        "data": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}}}}}}}}
  },
  "components": {"schemas": {
    "Thing": {"type": "object", "required": ["id", "modifiedOn"], "properties": {
      "id": {"type": "integer", "format": "int64"}, "modifiedOn": {"type": "string", "format": "date-time"},
      "kind": {"$ref": "#/components/schemas/Kind"}, "either": {"$ref": "#/components/schemas/Either"}}},
    "Kind": {"type": "string", "enum": ["plain", "other"]},
    "Either": {"oneOf": [{"$ref": "#/components/schemas/Left"}, {"$ref": "#/components/schemas/Right"}]},
    "Left": {"type": "object", "properties": {"l": {"type": "string"}}},
    "Right": {"type": "object", "properties": {"r": {"type": "integer"}}}
  }}}`

// The keys of namesDoc's operations in a names file.
var (
	listKey   = names.OperationKey("GET", "/hostile/v2/tenant/{}/things")
	exportKey = names.OperationKey("GET", "/hostile/v2/tenant/{}/export/things")
)

// namesEntries are the entries of a names file FuzzHostileNames puts its
// text in, one a value of which: each returns a names.Domain for namesDoc
// holding text in one entry and what namesDoc's model names anyway in the
// others the entry needs.
var namesEntries = []func(text string) *names.Domain{
	func(text string) *names.Domain { // a method, resource and method both
		return &names.Domain{Operations: map[string]names.Operation{listKey: {Method: text}}}
	},
	func(text string) *names.Domain { // a method's name
		return &names.Domain{Operations: map[string]names.Operation{listKey: {Method: "Things." + text}}}
	},
	func(text string) *names.Domain { // a method's resource
		return &names.Domain{Operations: map[string]names.Operation{listKey: {Method: text + ".GetList"}}}
	},
	func(text string) *names.Domain { // a page iterator
		return &names.Domain{Operations: map[string]names.Operation{listKey: {Method: "Things.GetList", All: text}}}
	},
	func(text string) *names.Domain { // an export's iterator
		return &names.Domain{Operations: map[string]names.Operation{exportKey: {Method: "Export.Things", All: text}}}
	},
	func(text string) *names.Domain { // an export's feed
		return &names.Domain{Operations: map[string]names.Operation{exportKey: {Method: "Export.Things", Feed: text}}}
	},
	func(text string) *names.Domain { // an export's feed from a date-time
		return &names.Domain{Operations: map[string]names.Operation{exportKey: {Method: "Export.Things", Since: text}}}
	},
	func(text string) *names.Domain { // a struct, an export's item
		return &names.Domain{Schemas: map[string]names.Schema{"Thing": {Name: text}}}
	},
	func(text string) *names.Domain { // a union's alternative
		return &names.Domain{Schemas: map[string]names.Schema{"Left": {Name: text}}}
	},
	func(text string) *names.Domain { // an enum
		return &names.Domain{Schemas: map[string]names.Schema{"Kind": {Name: text}}}
	},
	func(text string) *names.Domain { // an enum's constant, which has the enum's name in front
		return &names.Domain{Constants: map[string]map[string]string{"Kind": {"plain": "Kind" + text}}}
	},
}

// TestNamesEntries checks that each entry FuzzHostileNames fills is one
// the generation reads: a valid name in it is the name the package gives.
func TestNamesEntries(t *testing.T) {
	g, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for which, entry := range namesEntries {
		text := "Renamed"
		if which == 0 {
			text = "Renamed.Again"
		}
		dom, p, err := generateBytes(t, g, []byte(namesDoc), entry(text))
		if err != nil {
			t.Fatalf("entry %d: %v", which, err)
		}
		if !strings.Contains(string(p.Files["client.gen.go"])+string(p.Files["hostile.gen.go"]), "Renamed") {
			t.Errorf("entry %d: the package does not use the recorded name %q", which, text)
		}
		checkSafe(t, dom, p)
	}
}

// FuzzHostileNames puts any text into the names file entry which selects
// (see namesEntries) and generates namesDoc with it: it fails with a
// located error, or gives a package (and a facade) that checkSafe passes,
// declaring exactly the names the model gives, the recorded one included.
func FuzzHostileNames(f *testing.F) {
	for i, text := range []string{
		"Things.GetList(){}; func init(){panic(\"x\")}; func (r *ThingsResource) X",
		"Thing struct{}; func init() {}; type X",
		"string",
		"KindPlain = 1; func init() {}; const X",
		"Renamed",
		"Renamed.Again",
		"ThingsResource",
		"Client",
		"UnmarshalJSON",
		"Valid",
		"RecordKey",
		"init",
		"_",
		"Ünïcode",
		"X\n//go:generate touch PWNED",
	} {
		f.Add(text, uint8(i))
	}
	g, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	runtimeTypes.load(f)
	f.Fuzz(func(t *testing.T, text string, which uint8) {
		rec := namesEntries[int(which)%len(namesEntries)](text)
		dom, p, err := generateBytes(t, g, []byte(namesDoc), rec)
		if err != nil {
			if !located(err) {
				t.Fatalf("names %+v: %v, not a located error", rec, err)
			}
			return
		}
		checkSafe(t, dom, p)
	})
}
