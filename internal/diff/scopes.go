package diff

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// scopes returns the OAuth scopes an operation requires (its own security
// requirements, else the document's), and whether any requirement names an
// OAuth2 scheme: a release secured by an app key alone declares none, and
// then what it requires is unknown, not nothing.
func scopes(doc *openapi3.T, op *openapi3.Operation) (required []string, declared bool) {
	reqs := doc.Security
	if op.Security != nil {
		reqs = *op.Security
	}
	var schemes openapi3.SecuritySchemes
	if doc.Components != nil {
		schemes = doc.Components.SecuritySchemes
	}
	for _, req := range reqs {
		for name, list := range req {
			scheme := schemes[name]
			if scheme == nil || scheme.Value == nil || scheme.Value.Type != "oauth2" {
				continue
			}
			declared = true
			for _, s := range list {
				if !slices.Contains(required, s) {
					required = append(required, s)
				}
			}
		}
	}
	slices.Sort(required)
	return required, declared
}

// compareScopes compares the scopes the operations of both releases
// require. When one release declares scopes for the domain and the other
// none, the domain gets one note instead of a change per operation.
func (c *comparer) compareScopes(pairs [][2]operation) {
	oldDeclared, newDeclared := declaresScopes(c.oldDoc), declaresScopes(c.newDoc)
	if oldDeclared != newDeclared {
		which, other, doc := c.old.Name, c.new.Name, c.newDoc
		if oldDeclared {
			which, other, doc = c.new.Name, c.old.Name, c.oldDoc
		}
		all := map[string]bool{}
		for _, o := range operations(doc) {
			list, _ := scopes(doc, o.op)
			for _, s := range list {
				all[s] = true
			}
		}
		c.emit(Change{Kind: ScopesUnknown, Location: "security",
			Message: fmt.Sprintf("%s declares no OAuth scopes for %s (app-key security); %s requires %d: %s",
				which, c.domain, other, len(all), strings.Join(slices.Sorted(maps.Keys(all)), ", "))})
		return
	}
	if !newDeclared {
		return
	}
	for _, p := range pairs {
		o, n := p[0], p[1]
		oldScopes, _ := scopes(c.oldDoc, o.op)
		newScopes, _ := scopes(c.newDoc, n.op)
		at := Change{Operation: n.key(), Resource: n.resource(), Location: "security", Go: []string{c.methodIdent(n)}}
		if added := missing(newScopes, oldScopes); len(added) > 0 {
			ch := at
			ch.Kind = ScopeAdded
			ch.Message = "requires OAuth scope " + strings.Join(added, ", ")
			c.emit(ch)
		}
		if removed := missing(oldScopes, newScopes); len(removed) > 0 {
			ch := at
			ch.Kind = ScopeRemoved
			ch.Message = "no longer requires OAuth scope " + strings.Join(removed, ", ")
			c.emit(ch)
		}
	}
}

// declaresScopes reports whether any operation of doc names an OAuth2 scheme.
func declaresScopes(doc *openapi3.T) bool {
	for _, o := range operations(doc) {
		if _, declared := scopes(doc, o.op); declared {
			return true
		}
	}
	return false
}

// missing returns the items of a that b lacks.
func missing(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}
