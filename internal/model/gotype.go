package model

// Kind is the form of a Go type.
type Kind uint8

const (
	// KindAny is any: a value the document leaves open.
	KindAny Kind = iota
	// KindScalar is one of the Scalar types.
	KindScalar
	// KindNamed is a named type of the package.
	KindNamed
	// KindPointer is a pointer to Elem.
	KindPointer
	// KindSlice is a slice of Elem.
	KindSlice
	// KindMap is a map from string to Elem.
	KindMap
	// KindNullable is the runtime's Nullable of Elem: a request field the
	// document declares nullable, left out, sent as null, or sent with a value.
	KindNullable
)

// Scalar is a Go type a scalar schema becomes.
type Scalar uint8

const (
	// String is string.
	String Scalar = iota + 1
	// Bool is bool.
	Bool
	// Int is int (an integer of no format).
	Int
	// Int32 is int32.
	Int32
	// Int64 is int64.
	Int64
	// Float64 is float64: every number, money included.
	Float64
	// Bytes is []byte, base64 in JSON (format byte).
	Bytes
	// Time is time.Time (format date-time).
	Time
	// Date is the runtime's Date (format date).
	Date
	// File is the runtime's File, an upload (format binary).
	File
)

// scalarNames are the Go spellings of the scalars, the runtime's as "stapi.X".
var scalarNames = [...]string{
	String: "string", Bool: "bool", Int: "int", Int32: "int32", Int64: "int64", Float64: "float64",
	Bytes: "[]byte", Time: "time.Time", Date: "stapi.Date", File: "stapi.File",
}

// String returns the scalar's Go spelling ("int64", "time.Time", "stapi.Date").
func (s Scalar) String() string {
	if int(s) < len(scalarNames) && scalarNames[s] != "" {
		return scalarNames[s]
	}
	return "invalid"
}

// GoType is the Go type of a field, parameter, body, result or item.
type GoType struct {
	// Kind is the type's form.
	Kind Kind
	// Scalar is the scalar of a KindScalar type.
	Scalar Scalar
	// Named is the type of a KindNamed type.
	Named *Type
	// Elem is what a pointer points to, or a slice's or map's element.
	Elem *GoType
}

// Any is the type any.
func Any() *GoType { return &GoType{Kind: KindAny} }

// ScalarOf returns the type of a scalar.
func ScalarOf(s Scalar) *GoType { return &GoType{Kind: KindScalar, Scalar: s} }

// NamedOf returns the type of a named type.
func NamedOf(t *Type) *GoType { return &GoType{Kind: KindNamed, Named: t} }

// PointerTo returns the type of a pointer to elem.
func PointerTo(elem *GoType) *GoType { return &GoType{Kind: KindPointer, Elem: elem} }

// SliceOf returns the type of a slice of elem.
func SliceOf(elem *GoType) *GoType { return &GoType{Kind: KindSlice, Elem: elem} }

// MapOf returns the type of a map from string to elem.
func MapOf(elem *GoType) *GoType { return &GoType{Kind: KindMap, Elem: elem} }

// NullableOf returns the type of a Nullable of elem.
func NullableOf(elem *GoType) *GoType { return &GoType{Kind: KindNullable, Elem: elem} }

// String returns the type's Go spelling, the runtime's types as "stapi.X"
// ("*int32", "[]CustomerResponse", "map[string]string", "any",
// "stapi.Nullable[int64]").
func (t *GoType) String() string {
	switch t.Kind {
	case KindScalar:
		return t.Scalar.String()
	case KindNamed:
		return t.Named.Name
	case KindPointer:
		return "*" + t.Elem.String()
	case KindSlice:
		return "[]" + t.Elem.String()
	case KindMap:
		return "map[string]" + t.Elem.String()
	case KindNullable:
		return "stapi.Nullable[" + t.Elem.String() + "]"
	}
	return "any"
}

// Nilable reports whether the type's zero value is nil, which already says
// "not set": a pointer, slice, map or any.
func (t *GoType) Nilable() bool {
	switch t.Kind {
	case KindPointer, KindSlice, KindMap, KindAny:
		return true
	}
	return false
}

// Deref returns what a pointer type points to, or t itself.
func (t *GoType) Deref() *GoType {
	if t.Kind == KindPointer {
		return t.Elem
	}
	return t
}

// IsStruct reports whether t is a named struct or union, which methods
// return by pointer.
func (t *GoType) IsStruct() bool {
	return t.Kind == KindNamed && (t.Named.Kind == Struct || t.Named.Kind == Union)
}

// Walk calls visit for t and every type t is made of, elements,
// pointed-to and Nullable types, but not the fields of named types.
func (t *GoType) Walk(visit func(*GoType)) {
	for ; t != nil; t = t.Elem {
		visit(t)
	}
}
