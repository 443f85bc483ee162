package diff

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stgen-dev/stgen/internal/normalize"
)

// site is where a schema is compared: the change a difference there starts
// from (operation, resource, Go identifiers), how the schema is used, and
// what its differences are called.
type site struct {
	change Change
	// root names the place ("response body", "query parameter active",
	// "CustomerResponse"); path the way below it (".address.street", "[]").
	root, path string
	dir        direction
	// kindType is the kind of a type change at the root of an operation's
	// body or parameter; below the root, and in a type, field kinds are used.
	kindType Kind
	// param is set for a parameter's schema, whose fields are not compared.
	param bool
	// typeName is the Go type the schema is the definition of, if any: its
	// enum values are that type's constants.
	typeName, oldTypeName string
	// fieldIdent is set when the Go identifier can be extended by a field's
	// name (the site is a type's definition).
	fieldIdent bool
}

// location returns the site's place for a report.
func (s site) location() string {
	switch {
	case s.path == "":
		return s.root
	case strings.Contains(s.root, " "):
		return s.root + " " + s.path
	}
	return s.root + s.path
}

// at returns the change a difference at the site starts from.
func (s site) at() Change {
	ch := s.change
	ch.Location = s.location()
	ch.Go = slices.Clone(ch.Go)
	ch.facts.dir = s.dir
	return ch
}

// field returns the site of the property prop, whose Go field is goField.
func (s site) field(prop, goField string) site {
	child := s
	child.path += "." + prop
	child.kindType, child.typeName, child.oldTypeName = "", "", ""
	if s.fieldIdent && len(s.change.Go) == 1 {
		child.change.Go = []string{s.change.Go[0] + "." + goField}
	}
	child.fieldIdent = false
	return child
}

// below returns the site of the items ("[]"), values ("{}") or an
// alternative ("|1") of the site's schema.
func (s site) below(step string) site {
	child := s
	child.path += step
	child.typeName, child.oldTypeName = "", ""
	child.fieldIdent = false
	return child
}

// typeKind returns the kind of a type change at the site.
func (s site) typeKind() (request, response Kind) {
	if s.kindType != "" {
		return s.kindType, s.kindType
	}
	return RequestFieldTypeChanged, ResponseFieldTypeChanged
}

// emitDirected records a change in a body field: the request kind for a
// field that is only sent, the response kind for one only received. A field
// of a type both sent and received (or of one no operation uses) is
// classified both ways and reported once, the breaking way winning.
func (c *comparer) emitDirected(ch Change, request, response Kind) {
	if request == response || ch.facts.dir == dirRequest {
		ch.Kind = request
		c.emit(ch)
		return
	}
	if ch.facts.dir == dirResponse {
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

// compareSchema compares two releases of the schema at a site. Two
// references to the same type (or to a renamed type and its new name) stop
// the comparison: each type is compared once, as a type (see compareTypes).
// Pairs of inline schemas are compared once, which also ends cycles.
func (c *comparer) compareSchema(s site, o, n *openapi3.SchemaRef) {
	if o == nil || n == nil {
		return
	}
	if o.Ref != "" && n.Ref != "" {
		if c.newName(refName(o)) != refName(n) {
			c.typeChanged(s, o, n)
		}
		return
	}
	ov, nv := o.Value, n.Value
	if ov == nil || nv == nil {
		return
	}
	pair := [2]*openapi3.Schema{ov, nv}
	if c.seen[pair] {
		return
	}
	c.seen[pair] = true

	if typeOf(ov) != typeOf(nv) || ov.Format != nv.Format || (len(ov.Enum) == 0) != (len(nv.Enum) == 0) || isSliceOrMap(o) != isSliceOrMap(n) {
		c.typeChanged(s, o, n)
		return
	}
	c.compareEnum(s, ov, nv)
	for _, alts := range [][2]openapi3.SchemaRefs{{ov.OneOf, nv.OneOf}, {ov.AnyOf, nv.AnyOf}, {ov.AllOf, nv.AllOf}} {
		if len(alts[0]) != len(alts[1]) {
			c.typeChanged(s, o, n)
			return
		}
		for i := range alts[0] {
			c.compareSchema(s.below(fmt.Sprintf("|%d", i)), alts[0][i], alts[1][i])
		}
	}
	if ov.Items != nil && nv.Items != nil && pointerItems(ov.Items) != pointerItems(nv.Items) {
		c.typeChanged(s, o, n) // []T and []*T
		return
	}
	c.compareSchema(s.below("[]"), ov.Items, nv.Items)
	if s.param {
		return
	}
	c.compareSchema(s.below("{}"), ov.AdditionalProperties.Schema, nv.AdditionalProperties.Schema)
	c.compareProperties(s, ov, nv)
}

// pointerItems reports whether an array's items are pointers in Go: inline
// scalars that may be null.
func pointerItems(items *openapi3.SchemaRef) bool {
	return items.Ref == "" && items.Value != nil && items.Value.Nullable
}

// typeChanged reports a schema whose type (or format) changed.
func (c *comparer) typeChanged(s site, o, n *openapi3.SchemaRef) {
	ch := s.at()
	from := describe(o)
	if o.Ref != "" && c.newName(refName(o)) != refName(o) {
		from += " (renamed " + c.newName(refName(o)) + ")"
	}
	ch.Message = fmt.Sprintf("%s: type %s is now %s", s.location(), from, describe(n))
	if c.sameStructure(o, n) {
		ch.Message += " (the same structure under another Go name)"
	}
	ch.facts.goType = [2]string{c.goType(o, true), c.goType(n, false)}
	req, resp := s.typeKind()
	c.emitDirected(ch, req, resp)
}

// sameStructure reports whether two references to differently named types
// point to the same structure: the generator named it differently (a
// colliding name came or went), ServiceTitan did not change it.
func (c *comparer) sameStructure(o, n *openapi3.SchemaRef) bool {
	if o.Ref == "" || n.Ref == "" {
		return false
	}
	oldType, newType := schemas(c.oldDoc)[refName(o)], schemas(c.newDoc)[refName(n)]
	return oldType != nil && newType != nil &&
		fingerprint(oldType, c.newName) == fingerprint(newType, func(name string) string { return name })
}

// describe returns a schema's type as a report shows it: "CustomerResponse",
// "integer/int64", "array of string".
func describe(sr *openapi3.SchemaRef) string {
	if sr.Ref != "" {
		return refName(sr)
	}
	s := sr.Value
	if s == nil {
		return "any"
	}
	t := typeOf(s)
	switch {
	case t == openapi3.TypeArray && s.Items != nil && pointerItems(s.Items):
		return "array of nullable " + describe(s.Items)
	case t == openapi3.TypeArray && s.Items != nil:
		return "array of " + describe(s.Items)
	case t == openapi3.TypeObject && len(s.Properties) == 0 && s.AdditionalProperties.Schema != nil:
		return "map of " + describe(s.AdditionalProperties.Schema)
	case t == "" && len(s.OneOf) > 0:
		return fmt.Sprintf("oneOf %d types", len(s.OneOf))
	case t == "" && len(s.AnyOf) > 0:
		return fmt.Sprintf("anyOf %d types", len(s.AnyOf))
	case t == "":
		t = "any"
	}
	if s.Format != "" {
		t += "/" + s.Format
	}
	if len(s.Enum) > 0 {
		t += " enum"
	}
	return t
}

// compareEnum reports the values an enum lost and gained.
func (c *comparer) compareEnum(s site, ov, nv *openapi3.Schema) {
	if len(ov.Enum) == 0 && len(nv.Enum) == 0 {
		return
	}
	values := func(e []any) []string {
		out := make([]string, len(e))
		for i, v := range e {
			out[i] = fmt.Sprint(v)
		}
		return out
	}
	oldValues, newValues := values(ov.Enum), values(nv.Enum)
	// missing reports the values of one side that the other lacks, naming the
	// constants of typeName, that side's enum type, where it has one.
	missing := func(values, others []string, kind Kind, verb, typeName string, sch *openapi3.Schema) {
		for i, v := range values {
			if slices.Contains(others, v) {
				continue
			}
			ch := s.at()
			ch.Kind = kind
			ch.Message = fmt.Sprintf("%s: enum value %q %s", s.location(), v, verb)
			ch.Go = s.change.Go
			if typeName != "" {
				ch.Go = []string{c.domain + "." + normalize.EnumConstants(typeName, sch)[i]}
			}
			c.emit(ch)
		}
	}
	missing(oldValues, newValues, EnumValueRemoved, "removed", s.oldTypeName, ov)
	missing(newValues, oldValues, EnumValueAdded, "added", s.typeName, nv)
}

// compareProperties compares the fields of two object schemas: which exist,
// which are required, which may be null, which are deprecated, and each
// field's schema.
func (c *comparer) compareProperties(s site, ov, nv *openapi3.Schema) {
	names := slices.Sorted(maps.Keys(ov.Properties))
	for name := range nv.Properties {
		if ov.Properties[name] == nil {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		op, np := ov.Properties[name], nv.Properties[name]
		oreq, nreq := slices.Contains(ov.Required, name), slices.Contains(nv.Required, name)
		switch {
		case op == nil:
			child := s.field(name, normalize.FieldName(nv, name))
			ch := child.at()
			ch.Message = fmt.Sprintf("%s added", child.location())
			if nreq {
				ch.Message = "required " + ch.Message
			}
			ch.facts.required = nreq
			c.emitDirected(ch, RequestFieldAdded, ResponseFieldAdded)
		case np == nil:
			child := s.field(name, normalize.FieldName(ov, name))
			ch := child.at()
			ch.Message = fmt.Sprintf("%s removed", child.location())
			ch.facts.required = oreq
			c.emitDirected(ch, RequestFieldRemoved, ResponseFieldRemoved)
		default:
			child := s.field(name, normalize.FieldName(nv, name))
			c.compareField(child, op, np, oreq, nreq)
		}
	}
}

// compareField compares two releases of one field.
func (c *comparer) compareField(s site, op, np *openapi3.SchemaRef, oreq, nreq bool) {
	pointer := [2]bool{fieldPointer(op, oreq), fieldPointer(np, nreq)}
	goType := [2]string{c.goType(op, true), c.goType(np, false)}
	if oreq != nreq {
		ch := s.at()
		ch.Message = fmt.Sprintf("%s became %s", s.location(), requiredWord(nreq))
		ch.facts.became, ch.facts.pointer, ch.facts.goType = nreq, pointer, goType
		c.emitDirected(ch, RequestFieldRequiredChanged, ResponseFieldRequiredChanged)
	}
	if onull, nnull := isNullable(op), isNullable(np); onull != nnull {
		ch := s.at()
		ch.Message = fmt.Sprintf("%s became %s", s.location(), nullableWord(nnull))
		ch.facts.became, ch.facts.pointer, ch.facts.goType = nnull, pointer, goType
		c.emitDirected(ch, RequestFieldNullableChanged, ResponseFieldNullableChanged)
	}
	// A deprecated $ref is written differently in 3.0 (beside a one-item
	// oneOf) and 3.1 (beside the $ref); only inline fields are compared.
	if op.Ref == "" && np.Ref == "" && op.Value != nil && np.Value != nil && !op.Value.Deprecated && np.Value.Deprecated {
		ch := s.at()
		ch.Kind = FieldDeprecated
		ch.Message = s.location() + " deprecated"
		c.emit(ch)
	}
	c.compareSchema(s, op, np)
}

func nullableWord(nullable bool) string {
	if nullable {
		return "nullable"
	}
	return "not nullable"
}

// compareTypes compares every type the releases share, once, and reports
// the types renamed.
func (c *comparer) compareTypes() {
	oldSchemas, newSchemas := schemas(c.oldDoc), schemas(c.newDoc)
	for _, oldName := range slices.Sorted(maps.Keys(c.renames)) {
		newName := c.renames[oldName]
		c.emit(Change{Kind: TypeRenamed, Resource: newName, Location: newName,
			Message: fmt.Sprintf("type %s is now %s (same structure)", oldName, newName),
			Go:      []string{c.typeIdent(oldName), c.typeIdent(newName)}})
	}
	for _, name := range slices.Sorted(maps.Keys(newSchemas)) {
		oldName := c.oldName(name)
		o := oldSchemas[oldName]
		if o == nil {
			continue
		}
		dir := c.usage[name]
		if dir == 0 {
			dir = dirBoth
		}
		s := site{
			change:   Change{Resource: name, Go: []string{c.typeIdent(name)}},
			root:     name,
			dir:      dir,
			typeName: name, oldTypeName: oldName,
			fieldIdent: true,
		}
		c.compareSchema(s, o, newSchemas[name])
	}
}

// schemas returns the component schemas of a document.
func schemas(doc *openapi3.T) openapi3.Schemas {
	if doc.Components == nil {
		return nil
	}
	return doc.Components.Schemas
}
