package spec

import (
	"reflect"
	"strings"
)

// oapi-codegen, which renders stgen's type declarations, reads extensions
// that shape the code it writes: x-go-type and x-go-type-import (a type and
// an import of any module), x-go-name and x-go-type-name (identifiers),
// x-go-type-skip-optional-pointer, x-go-json-ignore, x-omitempty,
// x-omitzero and x-oapi-codegen-extra-tags (fields and their tags),
// x-oapi-codegen-only-honour-go-name, x-enum-varnames (constant names),
// x-order (field order) and x-deprecated-reason (a Deprecated: paragraph).
// Only stgen may set them, from what it decides: Load drops them, and
// every extension named x-go-* or x-oapi-codegen-*, from every object of a
// document, in any case of letters. x-enumNames, which ServiceTitan's
// documents carry, stays: stgen derives its enum constants from it.

// isCodeExtension reports whether an extension shapes oapi-codegen's code.
func isCodeExtension(name string) bool {
	name = strings.ToLower(name)
	if strings.HasPrefix(name, "x-go-") || strings.HasPrefix(name, "x-oapi-codegen-") {
		return true
	}
	switch name {
	case "x-enum-varnames", "x-omitempty", "x-omitzero", "x-order", "x-deprecated-reason":
		return true
	}
	return false
}

// dropCodeExtensions removes the code-shaping extensions from every object
// of doc, an *openapi3.T or an *openapi2.T (see above); an object left
// without extensions has none, as if the document had never given it any.
func dropCodeExtensions(doc any) {
	d := extensionDropper{
		plans: make(map[reflect.Type]*structPlan),
		holds: make(map[reflect.Type]bool),
		seen:  make(map[any]bool),
	}
	d.visit(reflect.ValueOf(doc))
	for len(d.pending) > 0 {
		p := d.pending[len(d.pending)-1]
		d.pending = d.pending[:len(d.pending)-1]
		d.visit(p.Elem())
		if m := d.plan(p.Type().Elem()).mapMethod; m >= 0 {
			d.visit(p.Method(m).Call(nil)[0])
		}
	}
}

// An extensionDropper walks the objects of a document by reflection, so
// that it reaches every kind of object kin-openapi has, each once. Objects
// refer to one another in chains as long as the document makes them: it
// keeps the pointers it is yet to follow rather than recurse.
type extensionDropper struct {
	plans map[reflect.Type]*structPlan
	// holds says whether values of a type can hold an object with
	// extensions.
	holds map[reflect.Type]bool
	// seen holds the pointers met, pending those yet to be followed.
	seen    map[any]bool
	pending []reflect.Value
}

// structPlan lists the exported fields of a struct type that matter.
type structPlan struct {
	extensions []int // an object's extensions: map[string]any named Extensions
	children   []int // fields whose values can hold objects
	// mapMethod is the index of the Map method of a pointer to the type,
	// or -1. The objects of kin-openapi's map-like types (Paths,
	// Responses, Callback) sit in an unexported map, behind that method.
	mapMethod int
}

// visit drops the code-shaping extensions of v and of the values it holds
// but through pointers, which it leaves pending.
func (d *extensionDropper) visit(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || !d.canHold(v.Type().Elem()) {
			return
		}
		p := v.Interface()
		if !d.seen[p] {
			d.seen[p] = true
			d.pending = append(d.pending, v)
		}
	case reflect.Struct:
		plan := d.plan(v.Type())
		for _, i := range plan.extensions {
			f := v.Field(i)
			ext, _ := f.Interface().(map[string]any)
			dropped := false
			for name := range ext {
				if isCodeExtension(name) {
					delete(ext, name)
					dropped = true
				}
			}
			// kin-openapi leaves an object without extensions nil ones,
			// but for the map-like types, which get an empty map.
			if dropped && len(ext) == 0 && plan.mapMethod < 0 && f.CanSet() {
				f.SetZero()
			}
		}
		for _, i := range plan.children {
			d.visit(v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			d.visit(v.Index(i))
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			d.visit(it.Value())
		}
	}
}

// plan returns the plan of a struct type.
func (d *extensionDropper) plan(t reflect.Type) *structPlan {
	if p, ok := d.plans[t]; ok {
		return p
	}
	// Stored at once: a type may hold itself.
	p := &structPlan{mapMethod: -1}
	d.plans[t] = p
	if m, ok := reflect.PointerTo(t).MethodByName("Map"); ok && m.Type.NumIn() == 1 && m.Type.NumOut() == 1 && m.Type.Out(0).Kind() == reflect.Map {
		p.mapMethod = m.Index
	}
	for i := range t.NumField() {
		f := t.Field(i)
		switch {
		case !f.IsExported():
		case f.Name == "Extensions" && f.Type == reflect.TypeFor[map[string]any]():
			p.extensions = append(p.extensions, i)
		case d.canHold(f.Type):
			p.children = append(p.children, i)
		}
	}
	return p
}

// canHold reports whether a value of type t can hold an object with
// extensions. Values of an interface type (examples, defaults, the
// extensions themselves) hold plain data.
func (d *extensionDropper) canHold(t reflect.Type) bool {
	if h, ok := d.holds[t]; ok {
		return h
	}
	// A type that holds itself is taken to hold an object while its
	// fields are looked at: at worst a walk looks further than it needs.
	d.holds[t] = true
	h := false
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		h = d.canHold(t.Elem())
	case reflect.Struct:
		p := d.plan(t)
		h = len(p.extensions) > 0 || len(p.children) > 0 ||
			p.mapMethod >= 0 && d.canHold(reflect.PointerTo(t).Method(p.mapMethod).Type.Out(0))
	}
	d.holds[t] = h
	return h
}
