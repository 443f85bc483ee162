package diff

import (
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestCompareSchemaCycle compares a reference to a recursive type with an
// inline schema that contains itself: each pair of schemas is compared once,
// so the comparison ends, and the one difference is reported once.
func TestCompareSchemaCycle(t *testing.T) {
	node := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeObject}, Properties: openapi3.Schemas{
		"name": {Value: &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}}},
	}}
	nodeRef := &openapi3.SchemaRef{Ref: schemaRefPrefix + "Node", Value: node}
	node.Properties["next"] = nodeRef

	inline := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeObject}, Properties: openapi3.Schemas{
		"name": {Value: &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeInteger}}},
	}}
	inline.Properties["next"] = &openapi3.SchemaRef{Value: inline}

	doc := &openapi3.T{Components: &openapi3.Components{Schemas: openapi3.Schemas{"Node": nodeRef}}}
	c := &comparer{rules: rulesByKind(), domain: "shop", oldDoc: doc, newDoc: doc, seen: map[[2]*openapi3.Schema]bool{}}
	s := site{change: Change{Go: []string{"shop.Thing"}}, root: "Thing", dir: dirResponse, fieldIdent: true}
	c.compareSchema(s, nodeRef, &openapi3.SchemaRef{Value: inline})
	if len(c.changes) != 1 || c.changes[0].Kind != ResponseFieldTypeChanged || c.changes[0].Location != "Thing.name" {
		t.Errorf("changes %+v; want one response-field-type-changed at Thing.name", c.changes)
	}
}

func TestGoType(t *testing.T) {
	c := &comparer{renames: map[string]string{"Old": "New"}}
	schema := func(typ, format string) *openapi3.SchemaRef {
		return &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{typ}, Format: format}}
	}
	tests := []struct {
		sr   *openapi3.SchemaRef
		old  bool
		want string
	}{
		{schema("number", "decimal"), false, "float64"},
		{schema("number", "float"), false, "float64"},
		{schema("number", ""), false, "float64"},
		{schema("integer", "int64"), false, "int64"},
		{schema("integer", ""), false, "int"},
		{schema("string", "date-time"), false, "time.Time"},
		{schema("string", "date"), false, "stapi.Date"},
		{schema("string", "html"), false, "string"},
		{&openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"array"}, Items: &openapi3.SchemaRef{Ref: schemaRefPrefix + "Old"}}}, true, "[]New"},
		{&openapi3.SchemaRef{Ref: schemaRefPrefix + "Old"}, false, "Old"},
		{&openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"object"}, AdditionalProperties: openapi3.AdditionalProperties{Schema: schema("string", "")}}}, false, "map[string]string"},
		{&openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"null"}}}, false, "any"},
	}
	for _, tt := range tests {
		if got := c.goType(tt.sr, tt.old); got != tt.want {
			t.Errorf("goType(%s, old=%v) = %q; want %q", describe(tt.sr), tt.old, got, tt.want)
		}
	}
}

func TestMatchOperations(t *testing.T) {
	op := func(method, path string) operation { return operation{method: method, path: path} }
	old := []operation{op("GET", "/a/{id}"), op("GET", "/b/{id}"), op("PUT", "/c/{x}"), op("PUT", "/c/{y}/d"), op("GET", "/e")}
	new := []operation{op("GET", "/a/{id}"), op("GET", "/b/{bId}"), op("PUT", "/c/{z}"), op("POST", "/e")}
	pairs, removed, added := matchOperations(old, new)
	var got []string
	for _, p := range pairs {
		got = append(got, p[0].key()+" = "+p[1].key())
	}
	for _, o := range removed {
		got = append(got, "- "+o.key())
	}
	for _, n := range added {
		got = append(got, "+ "+n.key())
	}
	want := []string{
		"GET /a/{id} = GET /a/{id}",
		"GET /b/{id} = GET /b/{bId}",
		"PUT /c/{x} = PUT /c/{z}",
		"- PUT /c/{y}/d",
		"- GET /e",
		"+ POST /e",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q; want %q", got, want)
	}
}
