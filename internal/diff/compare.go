package diff

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stgen-dev/stgen/internal/spec"
)

// Options narrow a comparison.
type Options struct {
	// Domains limits the comparison to the named domains; all when empty.
	Domains []string
}

// Compare compares two normalized releases and returns the sorted report.
// It fails only when Options.Domains names a domain neither release has.
func Compare(old, new *Release, opts Options) (*Report, error) {
	domains, err := selectDomains(old, new, opts.Domains)
	if err != nil {
		return nil, err
	}
	rules := rulesByKind()
	results := make([][]Change, len(domains))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, domain := range domains {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			c := &comparer{rules: rules, old: old, new: new, domain: domain}
			c.compareDomain(old.doc(domain), new.doc(domain))
			results[i] = c.changes
		})
	}
	wg.Wait()
	r := &Report{Old: old.Name, New: new.Name, Changes: []Change{}}
	for _, changes := range results {
		r.Changes = append(r.Changes, changes...)
	}
	r.Sort()
	r.summarize()
	return r, nil
}

// rulesByKind returns the rules of [Rules] by kind.
func rulesByKind() map[Kind]Rule {
	rules := map[Kind]Rule{}
	for _, r := range Rules() {
		rules[r.Kind] = r
	}
	return rules
}

// selectDomains returns the domains to compare, sorted: the named ones, or
// every domain either release has.
func selectDomains(old, new *Release, names []string) ([]string, error) {
	have := map[string]bool{}
	for _, r := range []*Release{old, new} {
		for _, d := range r.Docs {
			have[d.Domain] = true
		}
	}
	all := slices.Sorted(maps.Keys(have))
	if len(names) == 0 {
		return all, nil
	}
	for _, n := range names {
		if !have[n] {
			return nil, fmt.Errorf("--domains: neither %s nor %s has domain %q; they have %s", old.Name, new.Name, n, strings.Join(all, ", "))
		}
	}
	return slices.Sorted(slices.Values(slices.Compact(slices.Sorted(slices.Values(names))))), nil
}

// comparer compares one domain of two releases, collecting the changes.
type comparer struct {
	rules    map[Kind]Rule
	old, new *Release
	domain   string
	changes  []Change

	oldDoc, newDoc *openapi3.T
	// renames maps the old Go name of each renamed type to its new one,
	// renamedFrom the new name to the old.
	renames, renamedFrom map[string]string
	// usage says how each type is used (sent, received), by its new name.
	usage map[string]direction
	// seen holds the pairs of inline schemas already compared (cycles).
	seen map[[2]*openapi3.Schema]bool
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

// compareDomain compares the documents of one domain; either may be nil.
func (c *comparer) compareDomain(old, new *spec.Document) {
	switch {
	case old == nil:
		c.emit(Change{Kind: DomainAdded, Message: fmt.Sprintf("domain %s added (%s, %s)", new.Domain, new.BasePath, operationCount(new)), Go: []string{new.Domain}})
		return
	case new == nil:
		c.emit(Change{Kind: DomainRemoved, Message: fmt.Sprintf("domain %s removed (%s, %s)", old.Domain, old.BasePath, operationCount(old)), Go: []string{old.Domain}})
		return
	}
	c.oldDoc, c.newDoc = old.OpenAPI, new.OpenAPI
	c.seen = map[[2]*openapi3.Schema]bool{}
	c.renames = c.matchRenamedTypes()
	c.renamedFrom = map[string]string{}
	for from, to := range c.renames {
		c.renamedFrom[to] = from
	}
	c.usage = c.typeUsage()

	pairs, removed, added := matchOperations(operations(c.oldDoc), operations(c.newDoc))
	for _, o := range removed {
		c.emit(Change{Kind: OperationRemoved, Operation: o.key(), Resource: o.resource(),
			Message: "operation removed: " + c.methodIdent(o), Go: []string{c.methodIdent(o)}})
	}
	for _, n := range added {
		c.emit(Change{Kind: OperationAdded, Operation: n.key(), Resource: n.resource(),
			Message: "operation added: " + c.methodIdent(n), Go: []string{c.methodIdent(n)}})
	}
	for _, p := range pairs {
		c.compareOperation(p[0], p[1])
	}
	c.compareScopes(pairs)
	c.compareTypes()
}

// operationCount returns "1 operation", "12 operations".
func operationCount(d *spec.Document) string {
	n := d.Operations()
	return fmt.Sprintf("%d %s", n, plural(n, "operation", "operations"))
}
