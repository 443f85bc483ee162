package goapi

import (
	"go/types"
	"maps"
	"slices"
	"strings"

	"golang.org/x/exp/apidiff"
)

// Compare compares the exported API of every domain package old and new
// both have with apidiff. explained maps the Go identifiers the spec-level
// comparison's changes name ("jpm.JobsResource.Complete") to what explains
// them (the change's kind); [Report.Unexplained] lists the incompatible
// changes neither they nor the names of the two generations explain (see
// the package documentation).
func Compare(old, new *API, explained map[string]string) *Report {
	r := &Report{Bump: Patch, Packages: []Package{}, Unexplained: []Change{}}
	for _, name := range slices.Sorted(maps.Keys(old.Packages)) {
		if new.Packages[name] == nil {
			r.Removed = append(r.Removed, name)
			r.Bump = Major
		}
	}
	for _, name := range slices.Sorted(maps.Keys(new.Packages)) {
		if old.Packages[name] == nil {
			r.Added = append(r.Added, name)
			r.Bump = r.Bump.max(Minor)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(old.Packages)) {
		np := new.Packages[name]
		if np == nil {
			continue
		}
		e := newExplainer(name, explained,
			side{old.Packages[name], old.Names.Domain(name), old.BasePaths[name]},
			side{np, new.Names.Domain(name), new.BasePaths[name]})
		p := comparePackage(name, old.Packages[name], np, e)
		r.Bump = r.Bump.max(p.Bump)
		for _, c := range p.Incompatible {
			if c.ExplainedBy == "" {
				r.Unexplained = append(r.Unexplained, c)
			}
		}
		r.Packages = append(r.Packages, p)
	}
	return r
}

// comparePackage compares two releases of one package.
func comparePackage(name string, old, new *types.Package, e *explainer) Package {
	p := Package{Package: name, Bump: Patch, Incompatible: []Change{}, Compatible: []Change{}}
	for _, ac := range apidiff.Changes(old, new).Changes {
		c := Change{Ident: name + "." + identOf(ac.Message), Message: ac.Message}
		if ac.Compatible {
			p.Compatible = append(p.Compatible, c)
			continue
		}
		_, what, _ := strings.Cut(ac.Message, ": ")
		c.ExplainedBy = e.explain(c.Ident, what)
		p.Incompatible = append(p.Incompatible, c)
	}
	byIdent := func(a, b Change) int {
		return strings.Compare(a.Ident+"\x00"+a.Message, b.Ident+"\x00"+b.Message)
	}
	slices.SortFunc(p.Incompatible, byIdent)
	slices.SortFunc(p.Compatible, byIdent)
	switch {
	case len(p.Incompatible) > 0:
		p.Bump = Major
	case len(p.Compatible) > 0:
		p.Bump = Minor
	}
	return p
}

// identOf returns the identifier an apidiff message is about, relative to
// its package: "(*JobsResource).Complete: removed" is about
// "JobsResource.Complete", "CustomerResponse.Balance: changed from ..."
// about "CustomerResponse.Balance".
func identOf(message string) string {
	obj, _, _ := strings.Cut(message, ": ")
	obj, _, _ = strings.Cut(obj, ",")
	var b strings.Builder
	depth := 0
	for _, r := range obj {
		switch r {
		case '(', ')', '*':
		case '[':
			depth++
		case ']':
			depth--
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}
