package diff

import (
	"slices"
	"testing"

	"github.com/stgen-dev/stgen/internal/model"
)

func TestMatchOperations(t *testing.T) {
	op := func(method, path, key string) *model.Operation {
		return &model.Operation{HTTPMethod: method, Path: path, Key: method + " " + key}
	}
	old := []*model.Operation{op("GET", "/a/{id}", "/a/{}"), op("GET", "/b/{id}", "/b/{}"), op("PUT", "/c/{y}/d", "/c/{}/d"), op("GET", "/e", "/e")}
	new := []*model.Operation{op("GET", "/a/{id}", "/a/{}"), op("GET", "/b/{bId}", "/b/{}"), op("POST", "/e", "/e")}
	pairs, removed, added := matchOperations(old, new)
	var got []string
	for _, p := range pairs {
		got = append(got, operationKey(p[0])+" = "+operationKey(p[1]))
	}
	for _, o := range removed {
		got = append(got, "- "+operationKey(o))
	}
	for _, n := range added {
		got = append(got, "+ "+operationKey(n))
	}
	want := []string{
		"GET /a/{id} = GET /a/{id}",
		"GET /b/{id} = GET /b/{bId}",
		"- PUT /c/{y}/d",
		"- GET /e",
		"+ POST /e",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q; want %q", got, want)
	}
}

// TestComparable checks which Go types compare with ==, a struct that
// holds itself through a pointer included.
func TestComparable(t *testing.T) {
	node := &model.Type{Name: "Node", Kind: model.Struct}
	node.Fields = []*model.Field{
		{Name: "Name", Type: model.ScalarOf(model.String)},
		{Name: "Next", Type: model.PointerTo(model.NamedOf(node))},
		{Name: "Any", Type: model.Any()},
	}
	withList := &model.Type{Name: "WithList", Kind: model.Struct, Fields: []*model.Field{{Name: "Nodes", Type: model.SliceOf(model.NamedOf(node))}}}
	holder := &model.Type{Name: "Holder", Kind: model.Struct, Fields: []*model.Field{{Name: "Inner", Type: model.NamedOf(withList)}}}
	bytes := &model.Type{Name: "Blob", Kind: model.Struct, Fields: []*model.Field{{Name: "Data", Type: model.ScalarOf(model.Bytes)}}}
	union := &model.Type{Name: "Either", Kind: model.Union}
	enum := &model.Type{Name: "Color", Kind: model.Enum, Base: model.String}
	ids := &model.Type{Name: "IDs", Kind: model.Defined, Underlying: model.SliceOf(model.ScalarOf(model.Int64))}
	for _, tt := range []struct {
		t    *model.Type
		want bool
		why  string
	}{
		{node, true, ""},
		{withList, false, "field Nodes is a []Node"},
		{holder, false, "field Inner is a WithList"},
		{bytes, false, "field Data is a []byte"},
		{union, false, "it is a union"},
		{enum, true, ""},
		{ids, false, "it is a []int64"},
	} {
		if got := comparable(tt.t, nil); got != tt.want {
			t.Errorf("comparable(%s) = %v; want %v", tt.t.Name, got, tt.want)
		}
		if !tt.want {
			if got := whyNotComparable(tt.t); got != tt.why {
				t.Errorf("whyNotComparable(%s) = %q; want %q", tt.t.Name, got, tt.why)
			}
		}
	}
}

// TestMerge checks that the differences of one place are one change, the
// first breaking one leading, and that other changes are left alone.
func TestMerge(t *testing.T) {
	at := func(kind Kind, breaking bool, msg string) Change {
		return Change{Kind: kind, Breaking: breaking, Location: "Call.duration", Message: msg, Reason: string(kind), Go: []string{"telecom.Call.Duration"}}
	}
	changes := []Change{
		at(ResponseFieldRequiredChanged, false, "Call.duration became optional"),
		{Kind: OperationAdded, Message: "operation added", Go: []string{"telecom.CallsResource.Get"}},
		at(ResponseFieldNullableChanged, true, "Call.duration became nullable"),
		at(ResponseFieldTypeChanged, true, "Call.duration: type int32 is now int64"),
		{Kind: EnumValueAdded, Location: "Kind", Message: "Kind: enum value \"A\" added", Go: []string{"telecom.KindA"}},
		{Kind: EnumValueAdded, Location: "Kind", Message: "Kind: enum value \"B\" added", Go: []string{"telecom.KindB"}},
	}
	got := merge(changes)
	if len(got) != 4 {
		t.Fatalf("%d changes; want 4: %+v", len(got), got)
	}
	m := got[0]
	if m.Kind != ResponseFieldNullableChanged || !m.Breaking || m.Reason != string(ResponseFieldNullableChanged) ||
		!slices.Equal(m.Also, []Kind{ResponseFieldRequiredChanged, ResponseFieldTypeChanged}) ||
		m.Message != "Call.duration became optional and nullable; type int32 is now int64" {
		t.Errorf("merged change %+v", m)
	}
	if got[1].Kind != OperationAdded || got[2].Go[0] != "telecom.KindA" || got[3].Go[0] != "telecom.KindB" {
		t.Errorf("other changes %+v; want them as they were, in order", got[1:])
	}
}

// TestCompareWithoutNames compares models built by hand, without the names
// a build records: a type removed is reported all the same.
func TestCompareWithoutNames(t *testing.T) {
	gone := &model.Type{Name: "Gone", Published: "Shop.V2.Gone", Kind: model.Struct}
	old := &Release{Name: "a", Domains: []*model.Domain{{Package: "shop", Types: []*model.Type{gone}}}}
	new := &Release{Name: "b", Domains: []*model.Domain{{Package: "shop"}}}
	r := Compare(old, new)
	if len(r.Changes) != 1 || r.Changes[0].Kind != TypeRemoved || !slices.Equal(r.Changes[0].Go, []string{"shop.Gone"}) {
		t.Errorf("changes %+v; want one type-removed naming shop.Gone", r.Changes)
	}
}
