package diff

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/names"
)

// compareTypes compares every type the two releases' packages declare,
// once each: a type both have (or a renamed one and its new name) field by
// field and value by value, wherever it is used; it reports the types
// renamed, and the types the new package no longer declares.
func (c *comparer) compareTypes() {
	for _, oldName := range slices.Sorted(maps.Keys(c.renames)) {
		newName := c.renames[oldName]
		ch := Change{Kind: TypeRenamed, Resource: newName, Location: newName,
			Message: fmt.Sprintf("type %s is now %s (same structure)", oldName, newName),
			Go:      []string{c.ident(oldName), c.ident(newName)}}
		ch.ReturnedBy, ch.TakenBy = c.use[1].users(newName)
		c.emit(ch)
	}
	for _, t := range c.oldDom.Types {
		if _, renamed := c.renames[t.Name]; renamed || c.newDom.Type(t.Name) != nil {
			continue
		}
		c.typeRemoved(t)
	}
	for _, nt := range c.newDom.Types {
		ot := c.oldDom.Type(c.oldName(nt.Name))
		if ot == nil {
			continue
		}
		c.compareType(ot, nt)
	}
}

// typeRemoved reports a type of the old package the new one does not declare.
func (c *comparer) typeRemoved(t *model.Type) {
	var schemas map[string]names.Schema
	if c.newDom.Names != nil {
		schemas = c.newDom.Names.Schemas
	}
	why := "no operation uses it any more"
	switch ns, ok := schemas[t.Published]; {
	case t.Published == "":
		why = "the inline schema it was made for is gone"
	case !ok:
		why = "schema " + t.Published + " is gone"
	case ns.Name != t.Name:
		why = fmt.Sprintf("schema %s is now Go type %s, of another structure", t.Published, ns.Name)
	}
	ch := Change{Kind: TypeRemoved, Resource: t.Name, Location: t.Name,
		Message: fmt.Sprintf("type %s removed: %s", c.ident(t.Name), why),
		Go:      []string{c.ident(t.Name)}}
	for _, v := range t.Values {
		ch.Go = append(ch.Go, c.ident(v.Const))
	}
	ch.ReturnedBy, ch.TakenBy = c.use[0].users(t.Name)
	c.emit(ch)
}

// typeSite returns the change a difference in type t (by its new name)
// starts from: the type's place, its direction, who uses it.
func (c *comparer) typeSite(t *model.Type) Change {
	ch := Change{Resource: t.Name, Location: t.Name, Go: []string{c.ident(t.Name)}}
	ch.facts.dir = c.use[1].dir[t.Name] | c.use[0].dir[c.oldName(t.Name)]
	if ch.facts.dir == 0 {
		ch.facts.dir = dirBoth
	}
	ch.ReturnedBy, ch.TakenBy = c.use[1].users(t.Name)
	return ch
}

// compareType compares two releases of one type.
func (c *comparer) compareType(o, n *model.Type) {
	at := c.typeSite(n)
	if o.Doc != n.Doc {
		c.notes.Descriptions++
	}
	if from, to := c.describeType(o, true), c.describeType(n, false); from != to {
		ch := at
		ch.Message = fmt.Sprintf("%s: type %s is now %s", n.Name, from, to)
		ch.facts.goType = [2]string{from, to}
		c.emitDirected(ch, RequestFieldTypeChanged, ResponseFieldTypeChanged)
		return
	}
	switch n.Kind {
	case model.Struct:
		c.compareFields(at, o, n)
	case model.Enum:
		c.compareEnum(at, o, n)
	}
	if comparable(o, nil) && !comparable(n, nil) {
		ch := at
		ch.Kind = ComparabilityLost
		ch.Message = fmt.Sprintf("%s is no longer comparable: %s", c.ident(n.Name), whyNotComparable(n))
		c.emit(ch)
	}
}

// describeType describes what a type is, enough to tell that it changed:
// "struct", "enum of string", "[]CustomerResponse", "union of A, B"; the
// old release's named types by their new names.
func (c *comparer) describeType(t *model.Type, old bool) string {
	spell := newType
	if old {
		spell = c.oldType
	}
	switch t.Kind {
	case model.Struct:
		return "struct"
	case model.Enum:
		return "enum of " + t.Base.String()
	case model.Union:
		var alts []string
		for _, a := range t.Alternatives {
			alts = append(alts, spell(a))
		}
		return "union of " + strings.Join(alts, ", ")
	}
	return spell(t.Underlying)
}

// emitDirected records a change in a type: the request kind for a type that
// is only sent, the response kind for one only received. A type both sent
// and received (or one no operation uses) is classified both ways and
// reported once, the breaking way winning.
func (c *comparer) emitDirected(ch Change, request, response Kind) {
	switch ch.facts.dir {
	case dirRequest:
		ch.Kind = request
		c.emit(ch)
		return
	case dirResponse:
		ch.Kind = response
		c.emit(ch)
		return
	}
	req := ch
	req.Kind, req.facts.dir = request, dirRequest
	req.Breaking, _ = c.rules[request].classify(&req)
	ch.Kind, ch.facts.dir = response, dirResponse
	if req.Breaking {
		ch.Kind, ch.facts.dir = request, dirRequest
	}
	ch.Message += " (the type is both sent and received)"
	c.emit(ch)
}

// compareFields compares the fields of two releases of a struct, by JSON
// key: which exist, which are required, which may be null, which are
// deprecated, and each field's type and values.
func (c *comparer) compareFields(at Change, o, n *model.Type) {
	var keys []string
	for _, f := range o.Fields {
		keys = append(keys, f.JSON)
	}
	for _, f := range n.Fields {
		keys = append(keys, f.JSON)
	}
	for _, key := range slices.Compact(slices.Sorted(slices.Values(keys))) {
		of, nf := o.Field(key), n.Field(key)
		switch {
		case of == nil:
			ch := fieldSite(at, n, nf)
			ch.Message = ch.Location + " added"
			if nf.Required {
				ch.Message = "required " + ch.Message
			}
			ch.facts.required = nf.Required
			c.emitDirected(ch, RequestFieldAdded, ResponseFieldAdded)
		case nf == nil:
			ch := fieldSite(at, n, of)
			ch.Message = ch.Location + " removed"
			ch.facts.required = of.Required
			c.emitDirected(ch, RequestFieldRemoved, ResponseFieldRemoved)
		default:
			c.compareField(fieldSite(at, n, nf), of, nf)
		}
	}
}

// fieldSite returns the change a difference in field f of type t starts from.
func fieldSite(at Change, t *model.Type, f *model.Field) Change {
	at.Location = t.Name + "." + f.JSON
	at.Go = []string{at.Go[0] + "." + f.Name}
	return at
}

// wrapping returns how two releases of a field or parameter wrap their Go
// type (see facts.wrap) and the type they wrap, the old one by the names of
// the new release.
func (c *comparer) wrapping(o, n *model.GoType) (wrap, goType [2]string) {
	return [2]string{wrapOf(o), wrapOf(n)}, [2]string{c.oldType(unwrap(o)), newType(unwrap(n))}
}

// wrapOf returns how a Go type wraps the type it holds: "*", "stapi.Nullable" or "".
func wrapOf(t *model.GoType) string {
	switch t.Kind {
	case model.KindPointer:
		return "*"
	case model.KindNullable:
		return "stapi.Nullable"
	}
	return ""
}

// spell spells a Go type t wrapped as wrap says (see facts.wrap).
func spell(wrap, t string) string {
	switch wrap {
	case "":
		return t
	case "*":
		return "*" + t
	}
	return wrap + "[" + t + "]"
}

// unwrap returns the type a pointer or a Nullable holds, or t itself.
func unwrap(t *model.GoType) *model.GoType {
	if t.Kind == model.KindPointer || t.Kind == model.KindNullable {
		return t.Elem
	}
	return t
}

// compareField compares two releases of one field.
func (c *comparer) compareField(at Change, of, nf *model.Field) {
	wrap, goType := c.wrapping(of.Type, nf.Type)
	if of.Required != nf.Required {
		ch := at
		ch.Message = fmt.Sprintf("%s became %s", at.Location, requiredWord(nf.Required))
		ch.facts.became, ch.facts.wrap, ch.facts.goType = nf.Required, wrap, goType
		c.emitDirected(ch, RequestFieldRequiredChanged, ResponseFieldRequiredChanged)
	}
	// Any JSON value includes null: whether the document says so of a
	// value of no type differs from 3.0 to 3.1, and means nothing to Go.
	bothAny := of.Type.Kind == model.KindAny && nf.Type.Kind == model.KindAny
	if of.Nullable != nf.Nullable && !bothAny {
		ch := at
		ch.Message = fmt.Sprintf("%s became %s", at.Location, nullableWord(nf.Nullable))
		ch.facts.became, ch.facts.wrap, ch.facts.goType = nf.Nullable, wrap, goType
		c.emitDirected(ch, RequestFieldNullableChanged, ResponseFieldNullableChanged)
	}
	if !of.Deprecated && nf.Deprecated {
		ch := at
		ch.Kind = FieldDeprecated
		ch.Message = at.Location + " deprecated"
		c.emit(ch)
	}
	switch {
	case wrap[0] != wrap[1] && of.Required == nf.Required && of.Nullable == nf.Nullable:
		// The same field, its type now sent in a request or no longer:
		// a request field that may be null is a stapi.Nullable.
		ch := at
		ch.Message = fmt.Sprintf("%s: type %s is now %s, as the type is now sent in a request body or no longer", at.Location, spell(wrap[0], goType[0]), spell(wrap[1], goType[1]))
		ch.facts.goType = [2]string{spell(wrap[0], goType[0]), spell(wrap[1], goType[1])}
		c.emitDirected(ch, RequestFieldTypeChanged, ResponseFieldTypeChanged)
	case goType[0] != goType[1] || of.Format != nf.Format:
		ch := at
		ch.Message = fmt.Sprintf("%s: type %s is now %s", at.Location, describe(goType[0], of.Format), describe(goType[1], nf.Format))
		if c.sameStructure(unwrap(of.Type), unwrap(nf.Type)) {
			ch.Message += " (the same structure under another Go name)"
		}
		ch.facts.goType = goType
		c.emitDirected(ch, RequestFieldTypeChanged, ResponseFieldTypeChanged)
	case of.NullOnly != nf.NullOnly:
		ch := at
		ch.Kind = FieldValuesChanged
		if nf.NullOnly {
			ch.Message = at.Location + ": any value is now only null"
		} else {
			ch.Message = at.Location + ": only null is now any value"
		}
		ch.facts.became = nf.NullOnly
		c.emit(ch)
	}
	if of.Doc != nf.Doc {
		c.notes.Descriptions++
	}
}

func nullableWord(nullable bool) string {
	if nullable {
		return "nullable"
	}
	return "not nullable"
}

// sameStructure reports whether two named types of different names (the
// old one by its old name) are the same structure: the generator named it
// differently, ServiceTitan did not change it.
func (c *comparer) sameStructure(o, n *model.GoType) bool {
	if o.Kind != model.KindNamed || n.Kind != model.KindNamed || c.newName(o.Named.Name) == n.Named.Name {
		return false
	}
	return fingerprint(o.Named, c.newName) == fingerprint(n.Named, identity)
}

// compareEnum reports the values an enum lost and gained, by value, each
// naming its constant; what only its names (x-enumNames) or its repeated
// entries changed is a note.
func (c *comparer) compareEnum(at Change, o, n *model.Type) {
	ov, nv := o.ValuesByText(), n.ValuesByText()
	names, repeats := false, false
	for _, v := range o.Values {
		key := v.Text()
		w, ok := nv[key]
		if !ok {
			ch := at
			ch.Kind = EnumValueRemoved
			ch.Message = fmt.Sprintf("%s: enum value %q removed", n.Name, key)
			ch.Go = []string{c.ident(v.Const)}
			c.emit(ch)
			continue
		}
		names = names || v.Label != w.Label
		repeats = repeats || !slices.Equal(v.Repeats, w.Repeats)
	}
	for _, v := range n.Values {
		key := v.Text()
		if _, ok := ov[key]; ok {
			continue
		}
		ch := at
		ch.Kind = EnumValueAdded
		ch.Message = fmt.Sprintf("%s: enum value %q added", n.Name, key)
		ch.Go = []string{c.ident(v.Const)}
		c.emit(ch)
	}
	if names {
		c.notes.EnumNames = append(c.notes.EnumNames, n.Name)
	}
	if repeats {
		c.notes.EnumRepeats = append(c.notes.EnumRepeats, n.Name)
	}
}

// comparable reports whether values of t can be compared with ==: a struct
// whose every field can, an enum, a type defined over a comparable type;
// not a union (it holds the raw JSON). visiting guards against cycles,
// which only pointers close (and pointers compare).
func comparable(t *model.Type, visiting map[*model.Type]bool) bool {
	if visiting[t] {
		return true
	}
	if visiting == nil {
		visiting = map[*model.Type]bool{}
	}
	visiting[t] = true
	defer delete(visiting, t)
	switch t.Kind {
	case model.Struct:
		for _, f := range t.Fields {
			if !comparableType(f.Type, visiting) {
				return false
			}
		}
		return true
	case model.Enum:
		return true
	case model.Defined:
		return comparableType(t.Underlying, visiting)
	}
	return false
}

// comparableType reports whether values of a Go type can be compared with ==.
func comparableType(g *model.GoType, visiting map[*model.Type]bool) bool {
	switch g.Kind {
	case model.KindAny, model.KindPointer:
		return true
	case model.KindScalar:
		return g.Scalar != model.Bytes
	case model.KindNullable:
		return comparableType(g.Elem, visiting)
	case model.KindNamed:
		return comparable(g.Named, visiting)
	}
	return false
}

// whyNotComparable names the first field that makes a struct not comparable.
func whyNotComparable(t *model.Type) string {
	switch t.Kind {
	case model.Union:
		return "it is a union"
	case model.Defined:
		return "it is a " + newType(t.Underlying)
	}
	for _, f := range t.Fields {
		if !comparableType(f.Type, nil) {
			return fmt.Sprintf("field %s is a %s", f.Name, newType(f.Type))
		}
	}
	return "a field is not comparable"
}
