package model

import "fmt"

// TypeKind is what a named type is.
type TypeKind uint8

const (
	// Struct is an object with fields.
	Struct TypeKind = iota + 1
	// Enum is a string or integer type with constants.
	Enum
	// Defined is a type over a slice, a map or a scalar: type IDs []int64.
	Defined
	// Union holds any one of several types (oneOf or anyOf).
	Union
)

// Type is a named type of a package.
type Type struct {
	// Name is the Go name.
	Name string
	// Published is the name of the component schema it comes from
	// ("Crm.V2.Customers.CustomerResponse"), or "" for a type the model
	// named (an inline request body, result or item).
	Published string
	// Location is the JSON pointer of its schema in the document.
	Location string
	// Kind is what the type is.
	Kind TypeKind
	// Doc is the schema's description.
	Doc string
	// Deprecated reports that the document marks the schema deprecated.
	Deprecated bool
	// Fields are a struct's fields, by JSON name.
	Fields []*Field
	// Base is an enum's scalar: String, Int, Int32 or Int64.
	Base Scalar
	// Values are an enum's values, in the document's order, repeats merged.
	Values []*EnumValue
	// Nullable reports that an enum's values include null.
	Nullable bool
	// Underlying is the type a Defined type is defined over.
	Underlying *GoType
	// Alternatives are the named types a Union may hold, in the document's order.
	Alternatives []*GoType
	// Shape is a digest of the schema's structure (see names.Schema).
	Shape string
}

// Field is a field of a struct.
type Field struct {
	// Name is the Go name.
	Name string
	// JSON is the property's name, the field's JSON key.
	JSON string
	// Type is the Go type: a pointer when the field is optional or
	// nullable and its zero value would be a value (see normalize).
	Type *GoType
	// OmitEmpty reports that the field is left out of JSON when empty, or,
	// for a Nullable, when unset.
	OmitEmpty bool
	// Required reports that the document requires the property.
	Required bool
	// Nullable reports that the document allows null.
	Nullable bool
	// NullOnly reports that the document allows null and nothing else
	// (type null): the Go type is any, as for a property of no type, but
	// its one value is nil.
	NullOnly bool
	// ReadOnly reports that the document marks the property read-only.
	ReadOnly bool
	// Format is the document's format of a scalar ("date-time", "decimal"), or "".
	Format string
	// Doc is the property's description.
	Doc string
	// Deprecated reports that the document marks the property deprecated.
	Deprecated bool
}

// Field returns the field whose JSON key is key, or nil.
func (t *Type) Field(key string) *Field {
	for _, f := range t.Fields {
		if f.JSON == key {
			return f
		}
	}
	return nil
}

// ValuesByText returns the enum's values by their value as text
// (fmt.Sprint of Value), the key that matches a value across releases.
func (t *Type) ValuesByText() map[string]*EnumValue {
	m := make(map[string]*EnumValue, len(t.Values))
	for _, v := range t.Values {
		m[v.Text()] = v
	}
	return m
}

// EnumValue is one value of an enum and its constant.
type EnumValue struct {
	// Const is the constant's Go name, the type's name included ("ContactTypePhone").
	Const string
	// Value is the value: a string, or an int64 for an integer enum.
	Value any
	// Label is the value's name in the document's x-enumNames, or "".
	Label string
	// Repeats are the x-enumNames labels of the entries that list the
	// value again later in the document's enum, merged into this one ("" for
	// an entry without a label); nil when the value is listed once.
	Repeats []string
}

// Text returns the value as text ("Phone", "3"): the key that tells an
// enum's values apart, and names a value in the names file.
func (v *EnumValue) Text() string { return fmt.Sprint(v.Value) }
