package diff

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// matchRenamedTypes pairs the types only the old release has with those only
// the new one has when their structures are the same, one to one: a schema
// that moved namespace, or whose Go name changed because a colliding name
// came or went, is a rename, not a removal and an addition. References in a
// structure count as equal when they name the same type or a renamed pair,
// so matching repeats until no new pair is found.
func (c *comparer) matchRenamedTypes() map[string]string {
	oldSchemas, newSchemas := schemas(c.oldDoc), schemas(c.newDoc)
	var oldOnly, newOnly []string
	for _, name := range slices.Sorted(maps.Keys(oldSchemas)) {
		if newSchemas[name] == nil {
			oldOnly = append(oldOnly, name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(newSchemas)) {
		if oldSchemas[name] == nil {
			newOnly = append(newOnly, name)
		}
	}
	renames := map[string]string{}
	identity := func(name string) string { return name }
	renamed := func(name string) string {
		if to, ok := renames[name]; ok {
			return to
		}
		return name
	}
	for found := true; found; {
		found = false
		byPrint := map[string][]string{}
		for _, name := range newOnly {
			p := fingerprint(newSchemas[name], identity)
			byPrint[p] = append(byPrint[p], name)
		}
		oldByPrint := map[string][]string{}
		for _, name := range oldOnly {
			p := fingerprint(oldSchemas[name], renamed)
			oldByPrint[p] = append(oldByPrint[p], name)
		}
		for _, p := range slices.Sorted(maps.Keys(oldByPrint)) {
			if olds, news := oldByPrint[p], byPrint[p]; len(olds) == 1 && len(news) == 1 {
				renames[olds[0]] = news[0]
				oldOnly = slices.DeleteFunc(oldOnly, func(n string) bool { return n == olds[0] })
				newOnly = slices.DeleteFunc(newOnly, func(n string) bool { return n == news[0] })
				found = true
			}
		}
	}
	return renames
}

// newName returns the name a type of the old release has in the new one.
func (c *comparer) newName(old string) string {
	if to, ok := c.renames[old]; ok {
		return to
	}
	return old
}

// oldName returns the name a type of the new release had in the old one.
func (c *comparer) oldName(new string) string {
	if from, ok := c.renamedFrom[new]; ok {
		return from
	}
	return new
}

// fingerprint writes down the structure of a schema, what the comparison
// looks at and nothing else (no descriptions, no examples), references by
// the name name gives them.
func fingerprint(sr *openapi3.SchemaRef, name func(string) string) string {
	var b strings.Builder
	writeFingerprint(&b, sr, name)
	return b.String()
}

func writeFingerprint(b *strings.Builder, sr *openapi3.SchemaRef, name func(string) string) {
	if sr == nil {
		b.WriteString("-")
		return
	}
	if isNullable(sr) {
		b.WriteString("?")
	}
	if sr.Ref != "" {
		b.WriteString("$" + name(refName(sr)))
		return
	}
	s := sr.Value
	if s == nil {
		b.WriteString("any")
		return
	}
	fmt.Fprintf(b, "(%s/%s", typeOf(s), s.Format)
	if len(s.Enum) > 0 {
		fmt.Fprintf(b, " enum%q", s.Enum)
	}
	if len(s.Required) > 0 {
		fmt.Fprintf(b, " req%q", slices.Sorted(slices.Values(s.Required)))
	}
	for _, p := range slices.Sorted(maps.Keys(s.Properties)) {
		fmt.Fprintf(b, " %q:", p)
		writeFingerprint(b, s.Properties[p], name)
	}
	for _, part := range []struct {
		label string
		refs  openapi3.SchemaRefs
	}{{"oneOf", s.OneOf}, {"anyOf", s.AnyOf}, {"allOf", s.AllOf}} {
		for _, m := range part.refs {
			b.WriteString(" " + part.label + ":")
			writeFingerprint(b, m, name)
		}
	}
	if s.Items != nil {
		b.WriteString(" items:")
		writeFingerprint(b, s.Items, name)
	}
	if s.AdditionalProperties.Schema != nil {
		b.WriteString(" values:")
		writeFingerprint(b, s.AdditionalProperties.Schema, name)
	}
	b.WriteString(")")
}
