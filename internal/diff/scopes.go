package diff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stgen-dev/stgen/internal/model"
)

// compareScopes compares the OAuth scopes the operations of both releases
// require. When one release declares scopes for the domain and the other
// none (the 3.0 releases are secured by the app key alone), the domain
// gets one note instead of a change per operation: what the other requires
// is unknown, not nothing.
func (c *comparer) compareScopes(pairs [][2]*model.Operation) {
	oldDeclared, newDeclared := c.oldDom.DeclaresScopes, c.newDom.DeclaresScopes
	if oldDeclared != newDeclared {
		which, other, dom := c.old.Name, c.new.Name, c.newDom
		if oldDeclared {
			which, other, dom = c.new.Name, c.old.Name, c.oldDom
		}
		var all []string
		for _, op := range dom.Operations {
			all = append(all, op.Scopes...)
		}
		all = slices.Compact(slices.Sorted(slices.Values(all)))
		c.emit(Change{Kind: ScopesUnknown, Location: "security",
			Message: fmt.Sprintf("%s declares no OAuth scopes for %s (app-key security); %s requires %d: %s",
				which, c.domain, other, len(all), strings.Join(all, ", "))})
		return
	}
	if !newDeclared {
		return
	}
	for _, p := range pairs {
		o, n := p[0], p[1]
		at := Change{Operation: operationKey(n), Resource: n.Resource, Location: "security", Go: []string{c.methodIdent(n)}}
		if added := missing(n.Scopes, o.Scopes); len(added) > 0 {
			ch := at
			ch.Kind = ScopeAdded
			ch.Message = "requires OAuth scope " + strings.Join(added, ", ")
			c.emit(ch)
		}
		if removed := missing(o.Scopes, n.Scopes); len(removed) > 0 {
			ch := at
			ch.Kind = ScopeRemoved
			ch.Message = "no longer requires OAuth scope " + strings.Join(removed, ", ")
			c.emit(ch)
		}
	}
}

// missing returns the items of a that b lacks, sorted.
func missing(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}
