package sttest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// miniDoc loads a document whose components/schemas are given as JSON.
func miniDoc(t *testing.T, version, schemas string) *openapi3.T {
	t.Helper()
	src := fmt.Sprintf(`{"openapi":%q,"info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":%s}}`, version, schemas)
	doc, err := openapi3.NewLoader().LoadFromData([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// schemaNamed returns a component schema.
func schemaNamed(t *testing.T, doc *openapi3.T, name string) *openapi3.SchemaRef {
	t.Helper()
	s := doc.Components.Schemas[name]
	if s == nil {
		t.Fatalf("no schema %s", name)
	}
	return s
}

// mustConform validates v against s with the dialect of doc.
func mustConform(t *testing.T, doc *openapi3.T, s *openapi3.SchemaRef, v any, request bool) {
	t.Helper()
	// Round-trip through JSON, as on the wire.
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var back any
	json.Unmarshal(b, &back)
	opts := []openapi3.SchemaValidationOption{openapi3.MultiErrors()}
	if doc.IsOpenAPI31OrLater() {
		opts = append(opts, openapi3.EnableJSONSchema2020())
	}
	if request {
		opts = append(opts, openapi3.VisitAsRequest())
	} else {
		opts = append(opts, openapi3.VisitAsResponse())
	}
	if err := s.Value.VisitJSON(back, opts...); err != nil {
		t.Errorf("synthesized %s does not conform: %v", b, err)
	}
}

const schemas30 = `{
  "Status": {"type": "string", "enum": ["Phone", "Phone", "Email"], "x-enumNames": ["Phone", "LandlinePhone", "Email"]},
  "Level": {"type": "integer", "enum": [1, 2, 3]},
  "Address": {"type": "object", "required": ["street"], "properties": {"street": {"type": "string", "minLength": 3, "maxLength": 12}, "zip": {"type": "string", "nullable": true}}},
  "Node": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}, "parent": {"$ref": "#/components/schemas/Node"}}},
  "Customer": {"type": "object", "required": ["id", "name"], "additionalProperties": false, "properties": {
    "id": {"type": "integer", "format": "int64"},
    "name": {"type": "string"},
    "createdOn": {"type": "string", "format": "date-time"},
    "birthday": {"type": "string", "format": "date", "nullable": true},
    "guid": {"type": "string", "format": "guid"},
    "email": {"type": "string", "format": "email"},
    "balance": {"type": "number", "format": "decimal", "minimum": 0, "maximum": 5},
    "percent": {"type": "integer", "format": "int32", "minimum": 10, "maximum": 20},
    "color": {"type": "string", "pattern": "^#([0-9A-Fa-f]{6})$"},
    "status": {"nullable": true, "oneOf": [{"$ref": "#/components/schemas/Status"}]},
    "level": {"$ref": "#/components/schemas/Level"},
    "address": {"nullable": true, "oneOf": [{"$ref": "#/components/schemas/Address"}]},
    "fields": {"type": "object", "additionalProperties": {"type": "string"}, "maxProperties": 1},
    "tags": {"type": "array", "items": {"type": "integer", "format": "int64"}, "maxItems": 1},
    "tree": {"$ref": "#/components/schemas/Node"},
    "secret": {"type": "string", "writeOnly": true},
    "stamp": {"type": "string", "readOnly": true},
    "both": {"allOf": [{"$ref": "#/components/schemas/Address"}, {"type": "object", "properties": {"extra": {"type": "boolean"}}}]},
    "whatever": {}
  }}
}`

const schemas31 = `{
  "Status": {"type": "string", "enum": ["A", "B"]},
  "Thing": {"type": "object", "required": ["id", "count"], "properties": {
    "id": {"type": "integer", "format": "int64"},
    "count": {"type": ["integer", "null"], "format": "int32"},
    "when": {"type": ["string", "null"], "format": "date-time"},
    "status": {"oneOf": [{"$ref": "#/components/schemas/Status"}, {"type": "null"}]},
    "stray": {"type": "string", "nullable": true},
    "list": {"type": ["array", "null"], "items": {"type": "string"}}
  }}
}`

func TestSynthConformsAndIsDeterministic(t *testing.T) {
	for _, tc := range []struct{ version, schemas, name string }{
		{"3.0.1", schemas30, "Customer"},
		{"3.1.0", schemas31, "Thing"},
	} {
		doc := miniDoc(t, tc.version, tc.schemas)
		s := schemaNamed(t, doc, tc.name)
		for _, request := range []bool{false, true} {
			g := synth{is31: doc.IsOpenAPI31OrLater(), request: request}
			for i := range int64(20) {
				v := g.record(s, mix(42, uint64(i)), i+1, 25, time.Time{})
				mustConform(t, doc, s, v, request)
				again := g.record(s, mix(42, uint64(i)), i+1, 25, time.Time{})
				a, _ := json.Marshal(v)
				b, _ := json.Marshal(again)
				if string(a) != string(b) {
					t.Fatalf("not deterministic:\n%s\n%s", a, b)
				}
				if id := v.(map[string]any)["id"]; id != i+1 {
					t.Errorf("record %d has id %v", i, id)
				}
			}
		}
	}
}

func TestSynthRecordsDiffer(t *testing.T) {
	doc := miniDoc(t, "3.0.1", schemas30)
	s := schemaNamed(t, doc, "Customer")
	g := synth{}
	a, _ := json.Marshal(g.record(s, mix(1, 1), 1, 25, time.Time{}))
	b, _ := json.Marshal(g.record(s, mix(1, 2), 2, 25, time.Time{}))
	if string(a) == string(b) {
		t.Error("two records are identical")
	}
}

func TestSynthValues(t *testing.T) {
	doc := miniDoc(t, "3.0.1", schemas30)
	s := schemaNamed(t, doc, "Customer")
	for i := range uint64(30) {
		v := synth{}.record(s, mix(7, i), 1, 25, time.Time{}).(map[string]any)
		if _, err := time.Parse(time.RFC3339Nano, v["createdOn"].(string)); err != nil {
			t.Errorf("createdOn %q: %v", v["createdOn"], err)
		}
		if _, err := time.Parse(time.DateOnly, v["birthday"].(string)); err != nil {
			t.Errorf("birthday %q: %v", v["birthday"], err)
		}
		if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(v["guid"].(string)) {
			t.Errorf("guid %q", v["guid"])
		}
		if !regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`).MatchString(v["color"].(string)) {
			t.Errorf("color %q does not match its pattern", v["color"])
		}
		if n := v["percent"].(int64); n < 10 || n > 20 {
			t.Errorf("percent %d outside [10, 20]", n)
		}
		if st := v["status"]; st != "Phone" && st != "Email" {
			t.Errorf("status %v", st)
		}
		if _, ok := v["secret"]; ok {
			t.Error("writeOnly property in a response")
		}
		if _, ok := v["stamp"]; !ok {
			t.Error("readOnly property missing from a response")
		}
		both := v["both"].(map[string]any)
		if _, ok := both["street"]; !ok {
			t.Errorf("allOf parts not merged: %v", both)
		}
		if _, ok := both["extra"]; !ok {
			t.Errorf("allOf parts not merged: %v", both)
		}
	}
	req := synth{request: true}.record(s, 7, 1, 25, time.Time{}).(map[string]any)
	if _, ok := req["stamp"]; ok {
		t.Error("readOnly property in a request")
	}
	if _, ok := req["secret"]; !ok {
		t.Error("writeOnly property missing from a request")
	}
}

func TestSynthRecursionStops(t *testing.T) {
	doc := miniDoc(t, "3.0.1", schemas30)
	v := synth{}.value(schemaNamed(t, doc, "Node"), "", 3)
	b, _ := json.Marshal(v)
	if len(b) > 10_000 {
		t.Errorf("recursive schema gave %d bytes", len(b))
	}
	if v.(map[string]any)["name"] == nil {
		t.Error("required property missing")
	}
}

func TestPatternString(t *testing.T) {
	for _, p := range []string{`^#([0-9A-Fa-f]{6})$`, `^[A-Z]{2}-\d{3,5}$`, `^(foo|bar)+baz?$`, `^\w+@\w+\.com$`} {
		for seed := range uint64(10) {
			s, ok := patternString(p, seed)
			if !ok || !regexp.MustCompile(p).MatchString(s) {
				t.Errorf("pattern %s seed %d: %q %v", p, seed, s, ok)
			}
		}
	}
	if _, ok := patternString(`(`, 1); ok {
		t.Error("bad pattern accepted")
	}
}

func TestPermitsNull(t *testing.T) {
	nullable := &openapi3.Schema{Type: &openapi3.Types{"integer"}, Nullable: true}
	if !(synth{}).permitsNull(nullable) || (synth{is31: true}).permitsNull(nullable) {
		t.Error("nullable: true counts in 3.0 only")
	}
	if !(synth{is31: true}).permitsNull(&openapi3.Schema{Type: &openapi3.Types{"integer", "null"}}) {
		t.Error("type [integer, null]")
	}
}

// TestSynthOtherIDsAreHeld checks that the ids a record refers to are ids
// of records the fake holds (1 to ids), so a client following them finds
// them, and fall within 1 to 1000 when the fake holds none.
func TestSynthOtherIDsAreHeld(t *testing.T) {
	doc := miniDoc(t, "3.0.1", `{"Job": {"type": "object", "properties": {
	  "id": {"type": "integer", "format": "int64"},
	  "customerId": {"type": "integer", "format": "int64"},
	  "locationID": {"type": "integer", "format": "int64"},
	  "items": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}}}}}}}`)
	s := schemaNamed(t, doc, "Job")
	for _, ids := range []int64{3, 0} {
		span, seen := ids, map[int64]bool{}
		if span == 0 {
			span = 1000
		}
		for i := range int64(200) {
			rec := synth{}.record(s, mix(7, uint64(i)), i+1, ids, time.Time{}).(map[string]any)
			refs := []any{rec["customerId"], rec["locationID"]}
			for _, item := range rec["items"].([]any) {
				refs = append(refs, item.(map[string]any)["id"])
			}
			for _, ref := range refs {
				id := ref.(int64)
				if id < 1 || id > span {
					t.Fatalf("ids %d: record %d refers to id %d; want 1 to %d", ids, i+1, id, span)
				}
				seen[id] = true
			}
		}
		if ids > 0 && int64(len(seen)) != ids {
			t.Errorf("ids %d: references use %d distinct ids; want all %d", ids, len(seen), ids)
		}
	}
}
