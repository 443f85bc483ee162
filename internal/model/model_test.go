package model

import (
	"slices"
	"testing"
)

func TestGoTypeString(t *testing.T) {
	customer := &Type{Name: "Customer", Kind: Struct}
	for _, tc := range []struct {
		typ  *GoType
		want string
	}{
		{Any(), "any"},
		{ScalarOf(Int64), "int64"},
		{ScalarOf(Date), "stapi.Date"},
		{PointerTo(ScalarOf(Int32)), "*int32"},
		{SliceOf(NamedOf(customer)), "[]Customer"},
		{MapOf(SliceOf(ScalarOf(String))), "map[string][]string"},
		{NullableOf(ScalarOf(Time)), "stapi.Nullable[time.Time]"},
		{PointerTo(NullableOf(MapOf(Any()))), "*stapi.Nullable[map[string]any]"},
		{ScalarOf(Scalar(200)), "invalid"},
	} {
		if got := tc.typ.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

func TestGoTypeWalk(t *testing.T) {
	typ := SliceOf(PointerTo(NullableOf(ScalarOf(Bool))))
	var kinds []Kind
	typ.Walk(func(g *GoType) { kinds = append(kinds, g.Kind) })
	if want := []Kind{KindSlice, KindPointer, KindNullable, KindScalar}; !slices.Equal(kinds, want) {
		t.Errorf("Walk visited %v, want %v", kinds, want)
	}
	if got := PointerTo(ScalarOf(Int)).Deref().String(); got != "int" {
		t.Errorf("Deref of *int = %s", got)
	}
	for g, want := range map[*GoType]bool{
		Any(): true, SliceOf(Any()): true, MapOf(Any()): true, PointerTo(Any()): true,
		ScalarOf(String): false, NullableOf(ScalarOf(Int)): false, NamedOf(&Type{Kind: Struct}): false,
	} {
		if got := g.Nilable(); got != want {
			t.Errorf("%s.Nilable() = %v, want %v", g, got, want)
		}
	}
}

// TestReached builds a graph with a cycle, a type met twice, union
// alternatives and a defined type, and wants each type once, in the order
// a walk from the roots meets it.
func TestReached(t *testing.T) {
	node := &Type{Name: "Node", Kind: Struct}
	leaf := &Type{Name: "Leaf", Kind: Enum}
	ids := &Type{Name: "IDs", Kind: Defined}
	cat := &Type{Name: "Cat", Kind: Struct}
	dog := &Type{Name: "Dog", Kind: Struct}
	pet := &Type{Name: "Pet", Kind: Union, Alternatives: []*GoType{NamedOf(cat), NamedOf(dog)}}
	ids.Underlying = SliceOf(NamedOf(leaf))
	node.Fields = []*Field{
		{Name: "Children", Type: SliceOf(PointerTo(NamedOf(node)))},
		{Name: "Kind", Type: NamedOf(leaf)},
		{Name: "IDs", Type: NullableOf(NamedOf(ids))},
		{Name: "Pet", Type: MapOf(NamedOf(pet))},
	}
	cat.Fields = []*Field{{Name: "Owner", Type: PointerTo(NamedOf(node))}}
	dog.Fields = []*Field{{Name: "Kind", Type: NamedOf(leaf)}}

	var names []string
	for _, typ := range Reached([]*GoType{PointerTo(NamedOf(node)), NamedOf(leaf), ScalarOf(String)}) {
		names = append(names, typ.Name)
	}
	if want := []string{"Node", "Leaf", "IDs", "Pet", "Cat", "Dog"}; !slices.Equal(names, want) {
		t.Errorf("Reached = %v, want %v", names, want)
	}
	if got := Reached(nil); len(got) != 0 {
		t.Errorf("Reached(nil) = %v", got)
	}
}

func TestEnumValueText(t *testing.T) {
	enum := &Type{Kind: Enum, Values: []*EnumValue{{Const: "KindA", Value: "A"}, {Const: "Kind3", Value: int64(3)}}}
	byText := enum.ValuesByText()
	if byText["A"].Const != "KindA" || byText["3"].Const != "Kind3" || len(byText) != 2 {
		t.Errorf("ValuesByText = %v", byText)
	}
}
