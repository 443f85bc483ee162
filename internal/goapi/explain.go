package goapi

import (
	"cmp"
	"go/token"
	"go/types"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/normalize"
)

// An incompatible change of a package's API is explained when something in
// the documents accounts for it:
//   - a change the spec-level comparison reports names the identifier, or
//     what holds it (a change naming crm.CustomerResponse explains one of
//     crm.CustomerResponse.Balance); a change that is not a removal is also
//     explained by a change naming something it holds (a field added to
//     jpm.AppointmentResponse makes the struct no longer comparable);
//   - a change of type ("changed from []ActiveQueryFilter to
//     []ActiveRequestArg", a method's signature) is explained when every
//     package type that differs between the two is: named by a change
//     (a type renamed, or a parameters struct a parameter was added to);
//   - a change of the value of the BasePath constant is explained when the
//     document's servers give another base path;
//   - or the names the old generation gave (its names file) say what the
//     identifier was made for, and the new release no longer has it: an
//     operation (its method, iterator, feed and parameters struct), a
//     resource whose every operation has gone (its type and the client's
//     field), a schema (its type and enum constants), an enum value, or a
//     schema no operation uses any more, which the generator leaves out.
//
// What is left is a change stgen's naming made: a schema, operation or enum
// value the new release still has, under another Go name.

// Reasons the names of two generations give.
const (
	becauseOperationRemoved = "operation-removed"
	becauseResourceRemoved  = "resource-removed"
	becauseSchemaRemoved    = "schema-removed"
	becauseSchemaUnused     = "schema-unused"
	becauseEnumValueRemoved = "enum-value-removed"
	becauseBasePathChanged  = "base-path-changed"
)

// explainer tells what explains an incompatible change of one package.
type explainer struct {
	pkg string
	// spec maps the identifiers of the package the spec-level changes
	// name to their kind; specKeys are its keys, sorted.
	spec     map[string]string
	specKeys []string
	// gone maps the identifiers of what the old generation named and the
	// new release no longer has to why.
	gone map[string]string
}

// side is one release of a package: its API and what its generation named.
type side struct {
	pkg      *types.Package
	names    *names.Domain
	basePath string
}

// newExplainer returns the explainer of package pkg: explained are the
// spec-level identifiers, old and new the package in each release.
func newExplainer(pkg string, explained map[string]string, oldSide, newSide side) *explainer {
	e := &explainer{pkg: pkg, spec: map[string]string{}, gone: map[string]string{}}
	for id, why := range explained {
		if strings.HasPrefix(id, pkg+".") {
			e.spec[id] = why
		}
	}
	e.specKeys = slices.Sorted(maps.Keys(e.spec))
	// Every reason is recorded once, the first in the order of the keys
	// and of this function.
	gone := func(name, why string) {
		if _, ok := e.gone[pkg+"."+name]; !ok {
			e.gone[pkg+"."+name] = why
		}
	}
	if oldSide.basePath != newSide.basePath {
		gone(normalize.BasePathConst, becauseBasePathChanged)
	}
	old, new := oldSide.names, newSide.names
	if old == nil {
		return e
	}
	if new == nil {
		new = &names.Domain{}
	}

	keys := slices.Sorted(maps.Keys(old.Operations))
	kept := map[string]bool{} // resources an operation of which the new release still has
	for _, key := range keys {
		op := old.Operations[key]
		res, method, _ := strings.Cut(op.Method, ".")
		if _, ok := new.Operations[key]; ok {
			kept[res] = true
			continue
		}
		for _, m := range []string{method, op.All, op.Feed} {
			if m != "" {
				gone(res+normalize.ResourceSuffix+"."+m, becauseOperationRemoved)
			}
		}
		gone(res+method+"Params", becauseOperationRemoved)
	}
	for _, key := range keys {
		if res, _, _ := strings.Cut(old.Operations[key].Method, "."); !kept[res] {
			gone(normalize.ClientType+"."+res, becauseResourceRemoved)
			gone(res+normalize.ResourceSuffix, becauseResourceRemoved)
		}
	}

	// Enums merged into one have one Go type: it has gone only when all
	// the schemas it stood for have.
	present := map[string]bool{}
	why := map[string]string{}
	pubs := slices.Sorted(maps.Keys(old.Schemas))
	for _, pub := range pubs {
		s := old.Schemas[pub]
		ns, ok := new.Schemas[pub]
		switch {
		case !ok:
			why[pub] = becauseSchemaRemoved
		case ns.Name == s.Name && newSide.pkg.Scope().Lookup(s.Name) == nil:
			why[pub] = becauseSchemaUnused
		default:
			present[s.Name] = true
			for _, value := range slices.Sorted(maps.Keys(old.Constants[pub])) {
				if _, ok := new.Constants[pub][value]; !ok {
					gone(old.Constants[pub][value], becauseEnumValueRemoved)
				}
			}
		}
	}
	for _, pub := range pubs {
		if name := old.Schemas[pub].Name; why[pub] != "" && !present[name] {
			gone(name, why[pub])
			for _, value := range slices.Sorted(maps.Keys(old.Constants[pub])) {
				gone(old.Constants[pub][value], why[pub])
			}
		}
	}
	return e
}

// explain returns what explains an incompatible change of ident, apidiff
// saying what (after the identifier and ": "), or "" when nothing does.
func (e *explainer) explain(ident, what string) string {
	if why := e.named(ident, what == "removed"); why != "" {
		return why
	}
	from, to, ok := strings.Cut(strings.TrimPrefix(what, "changed from "), " to ")
	if !ok || !strings.HasPrefix(what, "changed from ") {
		return ""
	}
	return e.typesDiffer(from, to)
}

// named returns what explains a change of ident by the identifiers named:
// ident itself or what holds it, or, unless the change is a removal,
// something ident holds.
func (e *explainer) named(ident string, removal bool) string {
	for id := ident; strings.Contains(id, "."); {
		if why, ok := e.spec[id]; ok {
			return why
		}
		if why, ok := e.gone[id]; ok {
			return why
		}
		i := strings.LastIndexByte(id, '.')
		id = id[:i]
	}
	if removal {
		return ""
	}
	prefix := ident + "."
	i, _ := slices.BinarySearch(e.specKeys, prefix)
	if i < len(e.specKeys) && strings.HasPrefix(e.specKeys[i], prefix) {
		return e.spec[e.specKeys[i]]
	}
	return ""
}

// typesDiffer returns what explains that a type written from is now written
// to: the explanation of every package type in one that is not in the
// other, the first's; "" when one of them has none, or when something else
// (a basic type, a pointer) differs.
func (e *explainer) typesDiffer(from, to string) string {
	a, b := typeWords(from), typeWords(to)
	only := func(x, y []string) []string {
		rest := slices.Clone(y)
		var out []string
		for _, w := range x {
			if i := slices.Index(rest, w); i >= 0 {
				rest = slices.Delete(rest, i, i+1)
			} else {
				out = append(out, w)
			}
		}
		return out
	}
	differ := append(only(a, b), only(b, a)...)
	shape := func(s string) string { return typeWord.ReplaceAllString(s, "T") }
	if len(differ) == 0 || len(a) == len(b) && shape(from) != shape(to) {
		return ""
	}
	first := ""
	for _, w := range differ {
		if strings.Contains(w, ".") || !token.IsExported(w) {
			return ""
		}
		why := e.named(e.pkg+"."+w, false)
		if why == "" {
			return ""
		}
		first = cmp.Or(first, why)
	}
	return first
}

// typeWord matches a name in a type's text: "ActiveQueryFilter", "int64",
// "example.com/stgen-goapi/stapi.Option".
var typeWord = regexp.MustCompile(`[\w./-]*\w`)

// typeWords returns the names in a type's text, in order.
func typeWords(s string) []string {
	return typeWord.FindAllString(s, -1)
}
