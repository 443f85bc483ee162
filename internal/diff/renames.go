package diff

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stgen-dev/stgen/internal/model"
)

// matchRenamedTypes pairs the types only the old package declares with
// those only the new one declares when their structures are the same, one
// to one: a schema ServiceTitan renamed, or whose Go name changed because a
// colliding name came or went, is a rename, not a removal and an addition.
// (A schema that only moved namespace keeps its Go name: the new release
// is modelled with the names the old one gave.) References in a structure
// count as equal when they name the same type or a renamed pair, so
// matching repeats until no new pair is found.
func matchRenamedTypes(old, new *model.Domain) map[string]string {
	var oldOnly, newOnly []*model.Type
	for _, t := range old.Types {
		if new.Type(t.Name) == nil {
			oldOnly = append(oldOnly, t)
		}
	}
	for _, t := range new.Types {
		if old.Type(t.Name) == nil {
			newOnly = append(newOnly, t)
		}
	}
	renames := map[string]string{}
	renamed := func(name string) string {
		if to, ok := renames[name]; ok {
			return to
		}
		return name
	}
	for found := true; found; {
		found = false
		newByPrint := map[string][]*model.Type{}
		for _, t := range newOnly {
			p := fingerprint(t, identity)
			newByPrint[p] = append(newByPrint[p], t)
		}
		oldByPrint := map[string][]*model.Type{}
		for _, t := range oldOnly {
			p := fingerprint(t, renamed)
			oldByPrint[p] = append(oldByPrint[p], t)
		}
		for _, p := range slices.Sorted(maps.Keys(oldByPrint)) {
			olds, news := oldByPrint[p], newByPrint[p]
			if len(olds) != 1 || len(news) != 1 {
				continue
			}
			renames[olds[0].Name] = news[0].Name
			oldOnly = slices.DeleteFunc(oldOnly, func(t *model.Type) bool { return t == olds[0] })
			newOnly = slices.DeleteFunc(newOnly, func(t *model.Type) bool { return t == news[0] })
			found = true
		}
	}
	return renames
}

// identity is the naming of the new release's types: their own names.
func identity(name string) string { return name }

// fingerprint writes down the structure of a type, what the comparison
// looks at and nothing else (no Go names of its own, no text), the named
// types it refers to by the name name gives them.
func fingerprint(t *model.Type, name func(string) string) string {
	var b strings.Builder
	switch t.Kind {
	case model.Struct:
		b.WriteString("struct{")
		for _, f := range t.Fields {
			fmt.Fprintf(&b, "%q:%s/%s req=%v null=%v only=%v;", f.JSON, typeString(f.Type, name), f.Format, f.Required, f.Nullable, f.NullOnly)
		}
		b.WriteString("}")
	case model.Enum:
		fmt.Fprintf(&b, "enum %s null=%v{", t.Base, t.Nullable)
		for _, v := range t.Values {
			fmt.Fprintf(&b, "%q;", v.Text())
		}
		b.WriteString("}")
	case model.Union:
		b.WriteString("union{")
		for _, a := range t.Alternatives {
			b.WriteString(typeString(a, name) + ";")
		}
		b.WriteString("}")
	default:
		b.WriteString("defined " + typeString(t.Underlying, name))
	}
	return b.String()
}
