package diff

import (
	"fmt"
	"maps"
	"runtime"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/normalize"
	"github.com/stgen-dev/stgen/internal/plural"
)

// Compare compares the models of two releases, domain by domain, and
// returns the sorted report.
func Compare(old, new *Release) *Report {
	var domains []string
	for _, r := range []*Release{old, new} {
		for _, d := range r.Domains {
			domains = append(domains, d.Package)
		}
	}
	domains = slices.Compact(slices.Sorted(slices.Values(domains)))
	rules := rulesByKind()
	results := make([]*comparer, len(domains))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, domain := range domains {
		g.Go(func() error {
			c := &comparer{rules: rules, old: old, new: new, domain: domain, notes: DocumentChange{Domain: domain}}
			c.compareDomain(old.Domain(domain), new.Domain(domain))
			results[i] = c
			return nil
		})
	}
	g.Wait()
	r := &Report{Old: old.Name, New: new.Name, Changes: []Change{}}
	for _, c := range results {
		r.Changes = append(r.Changes, merge(c.changes)...)
		if !c.notes.empty() {
			r.WithoutGoEffect = append(r.WithoutGoEffect, c.notes)
		}
	}
	r.Sort()
	r.summarize()
	return r
}

// rulesByKind returns the rules of [Rules] by kind.
func rulesByKind() map[Kind]Rule {
	rules := map[Kind]Rule{}
	for _, r := range Rules() {
		rules[r.Kind] = r
	}
	return rules
}

// comparer compares one domain of two releases, collecting the changes.
type comparer struct {
	rules    map[Kind]Rule
	old, new *Release
	domain   string
	changes  []Change
	// notes collects what changed without any Go effect.
	notes DocumentChange

	oldDom, newDom *model.Domain
	// renames maps the old Go name of each renamed type to its new one,
	// renamedFrom the new name to the old.
	renames, renamedFrom map[string]string
	// use says how the types of each release are used, by their names there.
	use [2]*usage
}

// emit classifies a change by its rule and records it.
func (c *comparer) emit(ch Change) {
	ch.Domain = c.domain
	rule, ok := c.rules[ch.Kind]
	if !ok {
		panic("diff: no rule for kind " + string(ch.Kind))
	}
	ch.Breaking, ch.Reason = rule.classify(&ch)
	c.changes = append(c.changes, ch)
}

// compareDomain compares the models of one domain; either may be nil.
func (c *comparer) compareDomain(old, new *model.Domain) {
	switch {
	case old == nil:
		c.emit(Change{Kind: DomainAdded, Message: fmt.Sprintf("domain %s added (%s, %s)", new.Package, new.BasePath, operationCount(new)), Go: []string{new.Package}})
		return
	case new == nil:
		c.emit(Change{Kind: DomainRemoved, Message: fmt.Sprintf("domain %s removed (%s, %s)", old.Package, old.BasePath, operationCount(old)), Go: []string{old.Package}})
		return
	}
	c.oldDom, c.newDom = old, new
	c.renames = matchRenamedTypes(old, new)
	c.renamedFrom = map[string]string{}
	for from, to := range c.renames {
		c.renamedFrom[to] = from
	}
	c.use = [2]*usage{typeUsage(old, c.ident), typeUsage(new, c.ident)}
	if old.Title != new.Title {
		c.notes.Descriptions++
	}

	pairs, removed, added := matchOperations(old.Operations, new.Operations)
	for _, o := range removed {
		c.emit(Change{Kind: OperationRemoved, Operation: operationKey(o), Resource: o.Resource,
			Message: "operation removed: " + c.methodIdent(o), Go: c.operationIdents(o)})
	}
	for _, n := range added {
		c.emit(Change{Kind: OperationAdded, Operation: operationKey(n), Resource: n.Resource,
			Message: "operation added: " + c.methodIdent(n), Go: c.operationIdents(n)})
	}
	c.compareResources(old, new)
	for _, p := range pairs {
		c.compareOperation(p[0], p[1])
	}
	c.compareScopes(pairs)
	c.compareTypes()
	c.compareUnusedSchemas()
}

// compareUnusedSchemas notes the component schemas that no operation
// uses in either release (the package declares no type for them) and that
// were added, removed, or changed shape.
func (c *comparer) compareUnusedSchemas() {
	if c.oldDom.Names == nil || c.newDom.Names == nil {
		return
	}
	oldSchemas, newSchemas := c.oldDom.Names.Schemas, c.newDom.Names.Schemas
	pubs := slices.Concat(slices.Collect(maps.Keys(oldSchemas)), slices.Collect(maps.Keys(newSchemas)))
	for _, pub := range slices.Compact(slices.Sorted(slices.Values(pubs))) {
		o, inOld := oldSchemas[pub]
		n, inNew := newSchemas[pub]
		if inOld && c.oldDom.Type(o.Name) != nil || inNew && c.newDom.Type(n.Name) != nil {
			continue
		}
		if inOld != inNew || o.Shape != n.Shape {
			c.notes.UnusedSchemas = append(c.notes.UnusedSchemas, pub)
		}
	}
}

// operationCount returns "1 operation", "12 operations".
func operationCount(d *model.Domain) string {
	n := len(d.Operations)
	return fmt.Sprintf("%d %s", n, plural.Of(n, "operation", "operations"))
}

// compareResources reports the resources whose every operation has gone:
// the Client field and the resource type go with them.
func (c *comparer) compareResources(old, new *model.Domain) {
	have := map[string]bool{}
	for _, r := range new.Resources {
		have[r.Name] = true
	}
	for _, r := range old.Resources {
		if have[r.Name] {
			continue
		}
		c.emit(Change{Kind: ResourceRemoved, Resource: r.Name, Location: "Client." + r.Name,
			Message: fmt.Sprintf("resource %s removed (%s): %s", r.Name, countWord(len(r.Operations), "operation"), c.ident("Client."+r.Name)),
			Go:      []string{c.ident("Client." + r.Name), c.ident(r.TypeName)}})
	}
}

// countWord returns "1 operation", "3 operations".
func countWord(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// ident returns the package-qualified Go identifier of a name in the domain's package.
func (c *comparer) ident(name string) string {
	return c.domain + "." + name
}

// methodIdent returns the Go method of an operation: "jpm.JobsResource.Complete".
func (c *comparer) methodIdent(op *model.Operation) string {
	return c.ident(op.Resource + normalize.ResourceSuffix + "." + op.Method)
}

// operationIdents returns the Go identifiers an operation declares: its
// method, its iterators, its parameters struct.
func (c *comparer) operationIdents(op *model.Operation) []string {
	out := []string{c.methodIdent(op)}
	if op.Pager != nil {
		for _, m := range []string{op.Pager.All, op.Pager.Feed, op.Pager.Since} {
			if m != "" {
				out = append(out, c.ident(op.Resource+normalize.ResourceSuffix+"."+m))
			}
		}
	}
	if op.Params != nil {
		out = append(out, c.ident(op.Params.TypeName))
	}
	return out
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

// oldType returns the Go spelling of a type of the old release, its named
// types by the names they have in the new one.
func (c *comparer) oldType(t *model.GoType) string {
	return typeString(t, c.newName)
}

// newType returns the Go spelling of a type of the new release.
func newType(t *model.GoType) string {
	return typeString(t, func(name string) string { return name })
}

// typeString returns the Go spelling of t, each named type spelled by name.
func typeString(t *model.GoType, name func(string) string) string {
	if t == nil {
		return ""
	}
	switch t.Kind {
	case model.KindScalar:
		return t.Scalar.String()
	case model.KindNamed:
		return name(t.Named.Name)
	case model.KindPointer:
		return "*" + typeString(t.Elem, name)
	case model.KindSlice:
		return "[]" + typeString(t.Elem, name)
	case model.KindMap:
		return "map[string]" + typeString(t.Elem, name)
	}
	return "any"
}

// uniq returns its arguments without repeats and empty strings, in order.
func uniq(idents ...string) []string {
	var out []string
	for _, id := range idents {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
