package normalize

import (
	"cmp"
	"errors"
	"slices"
	"strings"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/spec"
)

// sortedTypes returns the types built, by name, then location.
func (b *builder) sortedTypes() []*model.Type {
	return slices.SortedFunc(slices.Values(b.all), func(x, y *model.Type) int {
		return cmp.Or(strings.Compare(x.Name, y.Name), strings.Compare(x.Location, y.Location))
	})
}

// breakValueCycles makes a pointer of each field that holds, by value, a
// type that holds the field's struct by value (A{b B} with B{a A}, or
// A{a A}): Go has no values of infinite size. Types are visited in name
// order and fields in JSON order, so the result does not depend on map
// order; a field made a pointer is left out of JSON when empty.
func (b *builder) breakValueCycles() {
	for _, t := range b.sortedTypes() {
		if t.Kind != model.Struct {
			continue
		}
		for _, f := range t.Fields {
			switch held := heldType(f.Type); {
			case held == nil || !holds(held, t):
			case f.Type.Kind == model.KindNullable:
				f.Type = model.NullableOf(model.PointerTo(f.Type.Elem))
			default:
				f.Type, f.OmitEmpty = model.PointerTo(f.Type), true
			}
		}
	}
}

// heldType returns the named type a field of Go type t holds by value, or
// nil: t itself, or what a Nullable holds.
func heldType(t *model.GoType) *model.Type {
	if t.Kind == model.KindNullable {
		t = t.Elem
	}
	if t.Kind == model.KindNamed {
		return t.Named
	}
	return nil
}

// holds reports whether a value of type from holds a value of type to:
// through the value fields of structs (Nullable ones too) and the types
// defined over named types.
func holds(from, to *model.Type) bool {
	seen := map[*model.Type]bool{}
	stack := []*model.Type{from}
	for len(stack) > 0 {
		t := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if t == to {
			return true
		}
		if seen[t] {
			continue
		}
		seen[t] = true
		switch t.Kind {
		case model.Struct:
			for _, f := range t.Fields {
				if held := heldType(f.Type); held != nil {
					stack = append(stack, held)
				}
			}
		case model.Defined:
			if t.Underlying.Kind == model.KindNamed {
				stack = append(stack, t.Underlying.Named)
			}
		}
	}
	return false
}

// nullableRequests makes a Nullable each field the document declares
// nullable of the structs request bodies take, directly or inside other
// types: for a PATCH, null means "clear this value" and a field left out
// "leave it as it is", which a pointer cannot tell apart. Response types
// keep their pointers; a type both sent and received is a request type. A
// field of any type stays any, which can hold an explicit null
// (json.RawMessage("null")).
func (b *builder) nullableRequests(ops []*model.Operation) {
	var bodies []*model.GoType
	for _, op := range ops {
		if op.Body != nil {
			bodies = append(bodies, op.Body.Type)
		}
	}
	for _, t := range model.Reached(bodies) {
		for _, f := range t.Fields {
			if f.Nullable && f.Type.Kind != model.KindAny {
				f.Type = model.NullableOf(f.Type.Deref())
			}
		}
	}
}

// checkDefinedCycles fails on a type defined over a named type that is,
// through other such types, defined over itself (a schema that is only a
// reference to a schema that is only a reference back): it describes no
// value at all.
func (b *builder) checkDefinedCycles() error {
	for _, t := range b.sortedTypes() {
		seen := map[*model.Type]bool{}
		for u := t; u.Kind == model.Defined && u.Underlying.Kind == model.KindNamed; u = u.Underlying.Named {
			if seen[u] {
				return &spec.Error{File: b.file, Location: t.Location,
					Err: errors.New("$ref cycle: the schema is, through references and one-alternative oneOf or anyOf, only a reference to itself; make one of the schemas describe a value")}
			}
			seen[u] = true
		}
	}
	return nil
}

// reachable returns the types the operations use, directly or through
// other types, by name: those of the parameters, bodies, results and the
// other responses' components. Types built only for a component no
// operation uses are left out: they would only weigh on the package.
func (b *builder) reachable(ops []*model.Operation) []*model.Type {
	var roots []*model.GoType
	for _, op := range ops {
		roots = append(roots, op.SentTypes()...)
		roots = append(roots, op.ReceivedTypes()...)
	}
	seen := map[*model.Type]bool{}
	for _, t := range model.Reached(roots) {
		seen[t] = true
	}
	var out []*model.Type
	for _, t := range b.sortedTypes() {
		if seen[t] {
			out = append(out, t)
		}
	}
	return out
}
