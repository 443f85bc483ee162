package normalize

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stgen-dev/stgen/internal/model"
)

// The Go type of a schema is decided by these rules, the same wherever the
// schema is used (a property, an item, a parameter, a body, a result):
//
//   - a reference to a component is the component's type;
//   - nullability is one notion whatever the dialect: 3.0's `nullable`,
//     3.1's type arrays and `oneOf [.., {type: null}]`, a null among an
//     enum's values, 2.0's x-nullable (converted to `nullable` on loading);
//   - a oneOf or anyOf with a single non-null alternative, beside nothing
//     but annotations, is that alternative; so is an allOf whose members
//     make no object: one member that is not a struct (an enum, a scalar,
//     an array, a map, a union) beside members that only annotate it
//     (3.0's way to give a $ref a description or nullability), the
//     annotations of them all kept;
//   - an enum (string or integer) is a type with a constant per value;
//   - an object with properties, or any other allOf, is a struct, its
//     fields the properties of the object and of every allOf member, its
//     required properties theirs too; a oneOf or anyOf of several
//     alternatives is a union of them; an object with neither is a map of
//     its additional properties' type, or of any (a struct without fields
//     when additionalProperties is false);
//   - an array is a slice; its items are pointers when they may be null
//     and are scalars (a null struct or enum item is its zero value);
//   - a scalar is the Go type Formats gives its type and format;
//   - what has no type at all, or admits only null (see isNullSchema), is any.
//
// An inline schema that needs a name (an enum, a struct, a union) gets one
// from where it is used: the type's name and the field's, the method's and
// "Request", "Response" or "Item", a parameter's. A component that is an
// array, a map or a scalar is a type defined over it (type IDs []int64).
//
// A field is a pointer when its type's zero value is a value and the
// property is optional or may be null, or when the struct would otherwise
// hold itself (see breakValueCycles); it is left out of JSON when empty
// unless the document requires it.

// component returns the type of the component schema published as pub,
// building it on first use; a merged enum's type is the one it is merged into.
func (b *builder) component(pub string) *model.Type {
	if canonical, ok := b.merged[pub]; ok {
		pub = canonical
	}
	if t, ok := b.types[pub]; ok {
		return t
	}
	at := pointer("#/components/schemas", pub)
	t := &model.Type{Name: b.goNames[pub], Published: pub, Location: at, Shape: b.shapes[pub]}
	b.types[pub] = t
	b.all = append(b.all, t)
	b.define(t, b.schemas[pub], at, b.rec.constants(pub, t.Name))
	return t
}

// refTarget returns the published name of the component a reference
// points to, if it points to one.
func (b *builder) refTarget(sr *openapi3.SchemaRef) (string, bool) {
	name, ok := strings.CutPrefix(sr.Ref, schemaRefPrefix)
	if !ok {
		return "", false
	}
	_, ok = b.schemas[name]
	return name, ok
}

// define makes t the type of the schema sr at the JSON pointer at. pinned
// are the recorded names of an enum's constants, by value.
func (b *builder) define(t *model.Type, sr *openapi3.SchemaRef, at string, pinned map[string]string) {
	if sr == nil || sr.Value == nil {
		t.Kind, t.Underlying = model.Defined, model.Any()
		return
	}
	if target, ok := b.refTarget(sr); ok {
		t.Kind, t.Underlying = model.Defined, model.NamedOf(b.component(target))
		return
	}
	s := sr.Value
	doc, deprecated, _ := b.annotations(s)
	t.Doc, t.Deprecated = docText(doc), deprecated
	if m, key, i := b.onlyMember(s); m != nil {
		t.Kind = model.Defined
		t.Underlying, _ = b.valueType(m, pointer(at, key, strconv.Itoa(i)), t.Name)
		return
	}
	switch {
	case isEnumType(s):
		b.defineEnum(t, s, at, pinned)
	case len(nonNull(s.OneOf)) > 1 || len(nonNull(s.AnyOf)) > 1:
		b.defineUnion(t, s, at)
	case b.isStruct(s):
		b.defineStruct(t, s, at)
	default:
		t.Kind = model.Defined
		t.Underlying, _ = b.valueType(sr, at, t.Name)
	}
}

// valueType returns the Go type of the schema sr at the JSON pointer at, as
// a value (optionality aside), and whether the value may be null. name is
// the name an inline schema gets if it needs one.
func (b *builder) valueType(sr *openapi3.SchemaRef, at, name string) (*model.GoType, bool) {
	if sr == nil {
		return model.Any(), false
	}
	if target, ok := b.refTarget(sr); ok {
		return model.NamedOf(b.component(target)), b.refNullable(sr, target)
	}
	s := sr.Value
	if s == nil {
		return model.Any(), false
	}
	if isNullSchema(sr) {
		return model.Any(), true
	}
	_, _, nullable := b.annotations(s)
	if m, key, i := b.onlyMember(s); m != nil {
		t, n := b.valueType(m, pointer(at, key, strconv.Itoa(i)), name)
		return t, nullable || n
	}
	switch {
	case isEnumType(s), b.isStruct(s), len(nonNull(s.OneOf)) > 1 || len(nonNull(s.AnyOf)) > 1:
		return model.NamedOf(b.hoist(s, at, name)), nullable
	case s.Type.Includes(openapi3.TypeArray):
		item, itemNullable := b.valueType(s.Items, pointer(at, "items"), name+"Item")
		return model.SliceOf(element(item, itemNullable)), nullable
	case s.Type.Includes(openapi3.TypeObject) || s.Type == nil && s.AdditionalProperties.Schema != nil:
		if ap := s.AdditionalProperties.Schema; ap != nil {
			value, valueNullable := b.valueType(ap, pointer(at, "additionalProperties"), name+"Value")
			return model.MapOf(element(value, valueNullable)), nullable
		}
		return model.MapOf(model.Any()), nullable
	}
	if scalar := scalarOf(s); scalar != 0 {
		return model.ScalarOf(scalar), nullable
	}
	return model.Any(), nullable
}

// element returns the Go type of an array's items or a map's values: a
// pointer when they may be null and are scalars; a null struct or enum
// decodes as its zero value.
func element(t *model.GoType, nullable bool) *model.GoType {
	if nullable && t.Kind == model.KindScalar {
		return model.PointerTo(t)
	}
	return t
}

// hoist returns the named type of an inline schema, the first time it is
// met named as the names file records the schema at its JSON pointer, else
// name (numbered if that is taken).
func (b *builder) hoist(s *openapi3.Schema, at, name string) *model.Type {
	if t, ok := b.hoisted[s]; ok {
		return t
	}
	if rec, ok := b.rec.d.Schemas[at]; ok && !b.taken[rec.Name] {
		name = rec.Name
	}
	t := &model.Type{Name: unique(name, b.taken), Location: at}
	b.hoisted[s] = t
	b.all = append(b.all, t)
	b.define(t, &openapi3.SchemaRef{Value: s}, at, nil)
	return t
}

// refNullable reports whether a reference to the component target may be
// null: 3.1 lets a $ref have sibling keywords, which kin-openapi applies
// to a copy of the component, and a stray `nullable` among them is the
// reference's nullability.
func (b *builder) refNullable(sr *openapi3.SchemaRef, target string) bool {
	c := b.schemas[target]
	return sr.Value != nil && c != nil && sr.Value != c.Value && sr.Value.Nullable
}

// defineStruct makes t a struct of the properties of s and of its allOf members.
func (b *builder) defineStruct(t *model.Type, s *openapi3.Schema, at string) {
	t.Kind = model.Struct
	props, required, err := b.mergedProperties(s, at)
	if err != nil {
		b.fail(at, err)
		return
	}
	goNames, err := propertyNames(&openapi3.Schema{Properties: props})
	if err != nil {
		b.fail(pointer(at, "properties"), err)
		return
	}
	for _, key := range slices.Sorted(maps.Keys(props)) {
		p := props[key]
		fieldAt := pointer(at, "properties", key)
		typ, nullable := b.valueType(p, fieldAt, t.Name+goNames[key])
		f := &model.Field{
			Name:     goNames[key],
			JSON:     key,
			Required: slices.Contains(required, key),
			Nullable: nullable,
		}
		if v := p.Value; v != nil {
			doc, deprecated, _ := b.annotations(v)
			f.Doc, f.Deprecated, f.ReadOnly, f.Format = docText(doc), deprecated, v.ReadOnly, v.Format
			f.NullOnly = isNullSchema(p)
		}
		if !typ.Nilable() && (!f.Required || nullable) {
			typ = model.PointerTo(typ)
		}
		f.Type, f.OmitEmpty = typ, !f.Required
		t.Fields = append(t.Fields, f)
	}
}

// mergedProperties returns the properties of s and of its allOf members,
// which may be references, and the names the schemas require. A property
// two schemas declare is the first one's; a schema that is its own allOf
// member, through any chain of references, is an error.
func (b *builder) mergedProperties(s *openapi3.Schema, at string) (openapi3.Schemas, []string, error) {
	if b.merging[s] {
		return nil, nil, errors.New("allOf cycle: the schema is, through its allOf members, a member of itself; a struct cannot hold itself")
	}
	b.merging[s] = true
	defer delete(b.merging, s)
	props := maps.Clone(s.Properties)
	if props == nil {
		props = openapi3.Schemas{}
	}
	required := slices.Clone(s.Required)
	for i, m := range s.AllOf {
		if m == nil || m.Value == nil {
			continue
		}
		mp, mr, err := b.mergedProperties(m.Value, pointer(at, "allOf", strconv.Itoa(i)))
		if err != nil {
			return nil, nil, err
		}
		for k, v := range mp {
			if _, ok := props[k]; !ok {
				props[k] = v
			}
		}
		required = append(required, mr...)
	}
	return props, required, nil
}

// defineUnion makes t a union of the non-null alternatives of s.
func (b *builder) defineUnion(t *model.Type, s *openapi3.Schema, at string) {
	t.Kind = model.Union
	key := alternativesKey(s)
	for i, alt := range s.OneOf {
		if key == "anyOf" {
			break
		}
		b.alternative(t, alt, pointer(at, key, strconv.Itoa(i)), i)
	}
	for i, alt := range s.AnyOf {
		if key == "oneOf" {
			break
		}
		b.alternative(t, alt, pointer(at, key, strconv.Itoa(i)), i)
	}
}

// alternative adds one alternative to a union, once: a named type, the
// inline ones named after the union and their position.
func (b *builder) alternative(t *model.Type, alt *openapi3.SchemaRef, at string, i int) {
	if isNullSchema(alt) {
		return
	}
	typ, _ := b.valueType(alt, at, fmt.Sprintf("%sAlt%d", t.Name, i+1))
	if typ.Kind != model.KindNamed {
		named := &model.Type{Name: unique(fmt.Sprintf("%sAlt%d", t.Name, i+1), b.taken), Location: at, Kind: model.Defined, Underlying: typ}
		b.all = append(b.all, named)
		typ = model.NamedOf(named)
	}
	if slices.ContainsFunc(t.Alternatives, func(a *model.GoType) bool { return a.Named == typ.Named }) {
		return // an alternative the union has already
	}
	t.Alternatives = append(t.Alternatives, typ)
}

// defineEnum makes t an enum of the values of s.
func (b *builder) defineEnum(t *model.Type, s *openapi3.Schema, at string, pinned map[string]string) {
	t.Kind, t.Base = model.Enum, enumBase(s)
	values, goNames, labels, nullable := enumValues(s, pinned)
	t.Nullable = nullable || isNullable(s)
	repeats := enumRepeats(s)
	for i, v := range values {
		value, err := enumValue(t.Base, v)
		if err != nil {
			b.fail(pointer(at, "enum"), err)
			return
		}
		t.Values = append(t.Values, &model.EnumValue{Const: t.Name + goNames[i], Value: value, Label: labels[i], Repeats: repeats[fmt.Sprint(v)]})
	}
}

// enumValue returns a value of an enum of base as the model holds it: a
// string, or an int64 within the range of base.
func enumValue(base model.Scalar, v any) (any, error) {
	if base == model.String {
		return fmt.Sprint(v), nil
	}
	f, ok := v.(float64)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return nil, fmt.Errorf("value %v of an integer enum is not an integer (within ±2^53); fix the value or the enum's type", v)
	}
	n := int64(f)
	if base == model.Int32 && (n < math.MinInt32 || n > math.MaxInt32) {
		return nil, fmt.Errorf("value %d of an int32 enum is out of range; fix the value or the format", n)
	}
	return n, nil
}

// isEnumType reports whether a schema is an enum type: a string or
// integer schema with values other than null and no properties.
func isEnumType(s *openapi3.Schema) bool {
	return isEnum(s) && enumBase(s) != 0 && slices.ContainsFunc(s.Enum, func(v any) bool { return v != nil })
}

// onlyMember returns the member a schema stands for, the keyword it is
// under and its index: its one oneOf or anyOf alternative (see
// onlyAlternative) or its one allOf member that is not a struct (see
// allOfMember); nil if it stands for none.
func (b *builder) onlyMember(s *openapi3.Schema) (*openapi3.SchemaRef, string, int) {
	if alt, i := onlyAlternative(s); alt != nil {
		return alt, alternativesKey(s), i
	}
	if m, i := b.allOfMember(s); m != nil {
		return m, "allOf", i
	}
	return nil, "", 0
}

// onlyAlternative returns the one non-null member of a schema's oneOf or
// anyOf, and its index, when the schema is nothing else (beside
// annotations, nullability or a type the member repeats); nil otherwise.
func onlyAlternative(s *openapi3.Schema) (*openapi3.SchemaRef, int) {
	one, other := nonNull(s.OneOf), nonNull(s.AnyOf)
	if len(one)+len(other) != 1 || len(s.AllOf) > 0 || len(s.Properties) > 0 || s.Items != nil || len(s.Enum) > 0 || s.AdditionalProperties.Schema != nil {
		return nil, 0
	}
	members := s.OneOf
	if len(other) == 1 {
		members = s.AnyOf
	}
	for i, m := range members {
		if !isNullSchema(m) {
			return m, i
		}
	}
	return nil, 0
}

// enumBase returns the scalar an enum's values are: String, or an integer
// type; 0 for an enum of another type (boolean, number), which is a plain
// scalar.
func enumBase(s *openapi3.Schema) model.Scalar {
	switch sc := scalarOf(s); {
	case s.Type == nil || s.Type.Includes(openapi3.TypeString):
		return model.String
	case sc == model.Int || sc == model.Int32 || sc == model.Int64:
		return sc
	}
	return 0
}

// scalarOf returns the Go scalar of a schema of a scalar type, or 0.
func scalarOf(s *openapi3.Schema) model.Scalar {
	goType := ScalarType(&openapi3.Schema{Type: s.Type, Format: s.Format})
	for sc := model.String; sc <= model.File; sc++ {
		if sc.String() == goType {
			return sc
		}
	}
	return 0
}

// allOfMember returns the one member of a schema's allOf that types its
// value, and its index, when that member is not a struct (it is an enum,
// a scalar, an array, a map or a union), the other members only annotate
// it (see typesValue), and the schema is nothing else (beside annotations,
// nullability or a type the member repeats); nil otherwise. OpenAPI 3.0
// writes `allOf: [$ref]` to give a reference a description or
// nullability: such an allOf is its member, as a one-alternative oneOf is
// its alternative; its members make no object to merge.
func (b *builder) allOfMember(s *openapi3.Schema) (*openapi3.SchemaRef, int) {
	if len(s.AllOf) == 0 || len(s.Properties) > 0 || len(s.Required) > 0 || s.Items != nil || len(s.Enum) > 0 ||
		s.AdditionalProperties.Schema != nil || len(nonNull(s.OneOf))+len(nonNull(s.AnyOf)) > 0 {
		return nil, 0
	}
	member := -1
	for i, m := range s.AllOf {
		if !typesValue(m) {
			continue
		}
		if member >= 0 {
			return nil, 0
		}
		member = i
	}
	if member < 0 || s.AllOf[member].Value == nil || b.isStruct(s.AllOf[member].Value) {
		return nil, 0
	}
	return s.AllOf[member], member
}

// typesValue reports whether an allOf member says what its value is (a
// reference, a type, a format, values, properties, items, members), not
// only annotates it (a description, nullability, deprecation, examples,
// validation keywords).
func typesValue(sr *openapi3.SchemaRef) bool {
	if sr == nil {
		return false
	}
	s := sr.Value
	if sr.Ref != "" || s == nil {
		return sr.Ref != ""
	}
	ap := s.AdditionalProperties
	return s.Type != nil || s.Format != "" || len(s.Enum) > 0 || len(s.Properties) > 0 || len(s.Required) > 0 ||
		s.Items != nil || ap.Schema != nil || ap.Has != nil || len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) > 0 || s.Not != nil
}

// annotations returns the description of a schema and whether it is
// deprecated and may be null; for an allOf that stands for its member
// (see allOfMember), those of the members that only annotate it count as
// its own, the schema's description first.
func (b *builder) annotations(s *openapi3.Schema) (doc string, deprecated, nullable bool) {
	doc, deprecated, nullable = s.Description, s.Deprecated, isNullable(s)
	m, _ := b.allOfMember(s)
	if m == nil {
		return doc, deprecated, nullable
	}
	for _, a := range s.AllOf {
		if a == m || a == nil || a.Value == nil {
			continue
		}
		if doc == "" {
			doc = a.Value.Description
		}
		deprecated = deprecated || a.Value.Deprecated
		nullable = nullable || isNullable(a.Value)
	}
	return doc, deprecated, nullable
}

// isStruct reports whether an inline or component schema is a struct: an
// object with properties, an allOf other than one that stands for its
// member (see allOfMember), or an object that allows no property at all.
// The answer for an allOf is kept: allOf members may be references, to
// schemas that are allOfs themselves.
func (b *builder) isStruct(s *openapi3.Schema) bool {
	if len(s.Properties) > 0 {
		return true
	}
	if len(s.AllOf) > 0 {
		if known, ok := b.allOfStructs[s]; ok {
			return known
		}
		// Until known, a struct: an allOf that is, through its members,
		// its own member is one, whose merging reports the cycle.
		b.allOfStructs[s] = true
		m, _ := b.allOfMember(s)
		b.allOfStructs[s] = m == nil
		return m == nil
	}
	ap := s.AdditionalProperties
	return s.Type.Includes(openapi3.TypeObject) && ap.Schema == nil && ap.Has != nil && !*ap.Has
}

// isNullable reports whether an inline schema allows null, in any dialect.
func isNullable(s *openapi3.Schema) bool {
	if s.Nullable || s.Type != nil && s.Type.Includes(openapi3.TypeNull) || slices.Contains(s.Enum, nil) {
		return true
	}
	return slices.ContainsFunc(s.OneOf, isNullSchema) || slices.ContainsFunc(s.AnyOf, isNullSchema)
}

// nonNull returns the members of a oneOf or anyOf that are not {type: null}.
func nonNull(members openapi3.SchemaRefs) openapi3.SchemaRefs {
	var out openapi3.SchemaRefs
	for _, m := range members {
		if !isNullSchema(m) {
			out = append(out, m)
		}
	}
	return out
}

// alternativesKey returns the keyword a schema's alternatives are under:
// "oneOf", or "anyOf" when it has no oneOf.
func alternativesKey(s *openapi3.Schema) string {
	if len(nonNull(s.OneOf)) == 0 && len(s.AnyOf) > 0 {
		return "anyOf"
	}
	return "oneOf"
}
