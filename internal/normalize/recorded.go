package normalize

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stgen-dev/stgen/internal/names"
)

// Names recorded by an earlier generation (see package names) take
// precedence over the rules: an operation, schema or enum value whose key
// the record has keeps its recorded Go name. An operation the rules name
// anew never takes a method name the record holds, even one whose
// operation has gone: a call that compiled must not quietly call another
// operation. A type's name, once its schema has gone, is free again: a type
// is checked by the compiler wherever it is used. A recorded schema whose
// key has gone is matched to a new key of the same short name and the same
// shape: the documents only moved it to another namespace.

// recordedNames is the record an earlier generation left, made easy to query.
type recordedNames struct {
	d *names.Domain
	// methods maps a resource to the method and iterator names the record holds for it.
	methods map[string]map[string]bool
}

func newRecordedNames(d *names.Domain) *recordedNames {
	r := &recordedNames{d: d, methods: map[string]map[string]bool{}}
	if d == nil {
		r.d = &names.Domain{}
		return r
	}
	for _, op := range d.Operations {
		res, m, _ := strings.Cut(op.Method, ".")
		if r.methods[res] == nil {
			r.methods[res] = map[string]bool{}
		}
		for _, n := range []string{m, op.All, op.Feed, op.Since} {
			if n != "" {
				r.methods[res][n] = true
			}
		}
	}
	return r
}

// operation returns the recorded names of the operation with key k.
func (r *recordedNames) operation(k string) (resource, method string, op names.Operation, ok bool) {
	op, ok = r.d.Operations[k]
	if !ok {
		return "", "", op, false
	}
	resource, method, ok = strings.Cut(op.Method, ".")
	return resource, method, op, ok && resource != "" && method != ""
}

// constants returns the recorded names of an enum's values, without the
// type name: value -> name ("Phone" -> "Phone" for ContactTypePhone). pub is
// the schema's published name, goName its Go type name.
func (r *recordedNames) constants(pub, goName string) map[string]string {
	rec := r.d.Constants[pub]
	if rec == nil {
		return nil
	}
	out := map[string]string{}
	for value, c := range rec {
		if suffix, ok := strings.CutPrefix(c, goName); ok && suffix != "" {
			out[value] = suffix
		}
	}
	return out
}

// pinSchemas returns the Go names the record fixes for the component schemas
// of old (by published name): those whose name it has, and those that moved
// namespace with their shape. shapes holds each current schema's shape.
func (r *recordedNames) pinSchemas(old openapi3.Schemas, shapes map[string]string) map[string]string {
	pinned := map[string]string{}
	taken := map[string]bool{}
	for name := range old {
		if rec, ok := r.d.Schemas[name]; ok {
			pinned[name] = rec.Name
			taken[rec.Name] = true
		}
	}
	for _, gone := range slices.Sorted(maps.Keys(r.d.Schemas)) {
		rec := r.d.Schemas[gone]
		if _, ok := old[gone]; ok || taken[rec.Name] || rec.Shape == "" {
			continue
		}
		short := parseSchemaName(gone).short()
		var match []string
		for _, name := range slices.Sorted(maps.Keys(old)) {
			if _, ok := pinned[name]; !ok && parseSchemaName(name).short() == short && shapes[name] == rec.Shape {
				match = append(match, name)
			}
		}
		if len(match) == 1 {
			pinned[match[0]] = rec.Name
			taken[rec.Name] = true
		}
	}
	return pinned
}

// shapes returns a digest of each component schema's structure: its types,
// formats, properties and what they require, enum values and the short
// names of what it references, with nullability and the 3.0 and 3.1 ways
// of writing it left out, so that the same schema in another dialect or
// namespace has the same shape.
func shapes(schemas openapi3.Schemas) map[string]string {
	out := make(map[string]string, len(schemas))
	for name, sr := range schemas {
		var b strings.Builder
		shapeOf(&b, sr, 0)
		sum := sha256.Sum256([]byte(b.String()))
		out[name] = hex.EncodeToString(sum[:6])
	}
	return out
}

// shapeOf writes the structure of one schema, references not followed.
func shapeOf(b *strings.Builder, sr *openapi3.SchemaRef, depth int) {
	switch {
	case sr == nil:
		b.WriteString("_")
		return
	case sr.Ref != "":
		b.WriteString("@" + parseSchemaName(strings.TrimPrefix(sr.Ref, schemaRefPrefix)).short())
		return
	case sr.Value == nil || depth > 32:
		b.WriteString("?")
		return
	}
	s := sr.Value
	alts := func(members openapi3.SchemaRefs) openapi3.SchemaRefs {
		return slices.DeleteFunc(slices.Clone(members), isNullSchema)
	}
	oneOf, anyOf := alts(s.OneOf), alts(s.AnyOf)
	if len(oneOf)+len(anyOf) == 1 && len(s.Properties) == 0 && s.Items == nil && len(s.AllOf) == 0 && len(s.Enum) == 0 {
		shapeOf(b, slices.Concat(oneOf, anyOf)[0], depth)
		return
	}
	var types []string
	if s.Type != nil {
		types = slices.DeleteFunc(slices.Clone(s.Type.Slice()), func(t string) bool { return t == openapi3.TypeNull })
	}
	values := slices.DeleteFunc(slices.Clone(s.Enum), func(v any) bool { return v == nil })
	fmt.Fprintf(b, "{%v %s %v %v", types, s.Format, values, slices.Sorted(slices.Values(s.Required)))
	for _, p := range slices.Sorted(maps.Keys(s.Properties)) {
		b.WriteString(" ." + p + "=")
		shapeOf(b, s.Properties[p], depth+1)
	}
	if s.Items != nil {
		b.WriteString(" []")
		shapeOf(b, s.Items, depth+1)
	}
	if s.AdditionalProperties.Schema != nil {
		b.WriteString(" map")
		shapeOf(b, s.AdditionalProperties.Schema, depth+1)
	}
	for _, group := range []openapi3.SchemaRefs{s.AllOf, oneOf, anyOf} {
		b.WriteString(" |")
		for _, m := range group {
			shapeOf(b, m, depth+1)
		}
	}
	b.WriteString("}")
}
