// Package scopecheck is a golang.org/x/tools/go/analysis Analyzer that
// finds the OAuth scopes a program's calls into stgen's generated clients
// need: the same analysis as stgen scopes, as a check that runs under go
// vet, in a multichecker, gopls or golangci-lint.
//
//	go install ./cmd/stgen-scopes    # in a clone; github.com/stgen-dev/stgen/cmd/stgen-scopes@vX.Y.Z once published
//	go vet -vettool=$(command -v stgen-scopes) -have=tn.crm.customers:r,tn.jpm.jobs:w ./...
//
// Run on a package stgen generated, it reads the operations file stgen
// generate wrote beside it (stgen-operations.json) and records, as a fact
// on each method, iterator and feed, the operation it calls and the scopes
// that requires. Run on any other package, it reports each call of such a
// method (and each method taken as a value) with the scopes it needs; with
// the -have flag, only the calls needing a scope the app's registration
// lacks. It always reports the calls whose scopes are unknown (packages
// generated from a release before 2026-05-11, which declares none), the
// calls it cannot follow (an interface method a generated method may
// implement, a client passed to package reflect), and the imports of
// packages generated without an operations file.
package scopecheck

import (
	"fmt"
	"go/types"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/stgen-dev/stgen/internal/opsfile"
	"github.com/stgen-dev/stgen/internal/scopes"
)

// New returns the analyzer, its -have flag unset. Each call returns a new
// one: its flag is its own, not shared through a package variable.
func New() *analysis.Analyzer {
	c := &checker{}
	a := &analysis.Analyzer{
		Name: "stscopes",
		Doc: `report the OAuth scopes that calls into stgen's generated ServiceTitan clients need

Without -have, every call of a generated method, iterator or feed is
reported with the operation it calls and the scopes it needs; with -have,
only the calls needing a scope the list lacks. Calls whose scopes are
unknown (a release before 2026-05-11 declares none), calls through an
interface or reflection, and packages generated without
stgen-operations.json are always reported.`,
		URL:       "https://github.com/stgen-dev/stgen#stgen-scopes",
		Run:       c.run,
		FactTypes: []analysis.Fact{new(methodFact), new(generatedFact)},
	}
	a.Flags.Var(&c.have, "have", "the OAuth scopes the app's registration has: a comma-separated list, or @FILE")
	return a
}

// checker is one analyzer's configuration.
type checker struct {
	have haveFlag
}

// haveFlag is the -have flag: the scopes granted, nil when not given.
type haveFlag struct {
	arg    string
	scopes []string
}

// String returns the flag as given.
func (h *haveFlag) String() string { return h.arg }

// Set reads the scopes (see scopes.ParseHave).
func (h *haveFlag) Set(s string) error {
	granted, err := scopes.ParseHave(s)
	if err != nil {
		return err
	}
	h.arg, h.scopes = s, granted
	return nil
}

// methodFact is what a generated method calls.
type methodFact struct {
	Operation string
	Scopes    []string
	Release   string
	Declared  bool
}

// AFact marks methodFact as a fact.
func (*methodFact) AFact() {}

// String describes the fact for analysistest.
func (f *methodFact) String() string {
	return fmt.Sprintf("calls %s needing %q (release %s, declared %t)", f.Operation, f.Scopes, f.Release, f.Declared)
}

// generatedFact marks a package stgen generated or a copy of its runtime;
// Missing says why a domain package's methods have no facts.
type generatedFact struct {
	Kind    scopes.Kind
	Missing string
}

// AFact marks generatedFact as a fact.
func (*generatedFact) AFact() {}

// String describes the fact for analysistest.
func (f *generatedFact) String() string {
	if f.Missing != "" {
		return "generated, without operations: " + f.Missing
	}
	return fmt.Sprintf("generated (%d)", f.Kind)
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	if kind, file := packageKind(pass); kind != scopes.NotGenerated {
		record(pass, kind, file)
		return nil, nil
	}
	for _, f := range pass.Files {
		for _, spec := range f.Imports {
			path, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				continue
			}
			var gen generatedFact
			if imp := imported(pass.Pkg, path); imp != nil && pass.ImportPackageFact(imp, &gen) && gen.Missing != "" {
				pass.Reportf(spec.Pos(), "the OAuth scopes of calls into %s cannot be told: %s", path, gen.Missing)
			}
		}
	}
	calls, unseen := scopes.Inspect(pass.Files, pass.TypesInfo, factMethods{pass})
	for _, call := range calls {
		c.report(pass, call)
	}
	for _, u := range unseen {
		pass.Reportf(u.Pos, "%s", u.Message)
	}
	return nil, nil
}

// report reports a call as the -have flag asks.
func (c *checker) report(pass *analysis.Pass, call scopes.Call) {
	what := call.Method
	if call.Value {
		what += " (taken as a value)"
	}
	switch {
	case !call.Declared:
		pass.Reportf(call.Pos, "%s calls %s: release %s declares no OAuth scopes for %s, so what it needs cannot be told (releases before 2026-05-11 declare none)",
			what, call.Operation.Operation, call.Release, call.Domain)
	case len(call.Operation.Scopes) == 0:
	case c.have.scopes == nil:
		pass.Reportf(call.Pos, "%s calls %s, which needs OAuth scope %s", what, call.Operation.Operation, strings.Join(call.Operation.Scopes, " and "))
	default:
		var missing []string
		for _, s := range call.Operation.Scopes {
			if !slices.Contains(c.have.scopes, s) {
				missing = append(missing, s)
			}
		}
		if len(missing) > 0 {
			pass.Reportf(call.Pos, "%s calls %s, which needs OAuth scope %s, missing from -have", what, call.Operation.Operation, strings.Join(missing, " and "))
		}
	}
}

// packageKind returns what stgen generated the package of pass as, and
// one of its files, or NotGenerated.
func packageKind(pass *analysis.Pass) (scopes.Kind, string) {
	for _, f := range pass.Files {
		if len(f.Comments) == 0 || len(f.Comments[0].List) == 0 {
			continue
		}
		first := f.Comments[0].List[0]
		if pass.Fset.Position(first.Pos()).Offset != 0 {
			continue
		}
		if k := scopes.HeaderKind(first.Text); k != scopes.NotGenerated {
			return k, pass.Fset.Position(f.Pos()).Filename
		}
	}
	return scopes.NotGenerated, ""
}

// record marks a generated package, and, for a domain package, records
// what each of its methods calls, from the operations file of the output
// folder it is in.
func record(pass *analysis.Pass, kind scopes.Kind, file string) {
	fact := &generatedFact{Kind: kind}
	defer pass.ExportPackageFact(fact)
	if kind != scopes.DomainPackage {
		return
	}
	dir := filepath.Dir(file)
	ops, err := opsfile.Read(filepath.Dir(dir))
	if err != nil {
		fact.Missing = err.Error()
		return
	}
	dom := ops.Domains[filepath.Base(dir)]
	if dom == nil {
		fact.Missing = fmt.Sprintf("%s has no record of package %s: generate it again", filepath.Join(filepath.Dir(dir), opsfile.FileName), filepath.Base(dir))
		return
	}
	for _, key := range slices.Sorted(maps.Keys(dom.Methods)) {
		recv, name, _ := strings.Cut(key, ".")
		tn, ok := pass.Pkg.Scope().Lookup(recv).(*types.TypeName)
		if !ok {
			continue
		}
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(tn.Type()), false, pass.Pkg, name)
		if fn, ok := obj.(*types.Func); ok && fn.Pkg() == pass.Pkg {
			m := dom.Methods[key]
			pass.ExportObjectFact(fn, &methodFact{Operation: m.Operation, Scopes: m.Scopes, Release: dom.Release, Declared: dom.DeclaresScopes})
		}
	}
}

// imported returns the package pkg imports as path, directly or not.
func imported(pkg *types.Package, path string) *types.Package {
	for _, imp := range pkg.Imports() {
		if imp.Path() == path {
			return imp
		}
	}
	return nil
}

// factMethods is scopes.Methods from the facts of the packages analyzed before.
type factMethods struct{ pass *analysis.Pass }

// Method returns the record of fn from its fact.
func (m factMethods) Method(fn *types.Func) (opsfile.Method, *opsfile.Domain, bool) {
	var f methodFact
	if fn.Pkg() == nil || !m.pass.ImportObjectFact(fn, &f) {
		return opsfile.Method{}, nil, false
	}
	return opsfile.Method{Operation: f.Operation, Scopes: f.Scopes}, &opsfile.Domain{Release: f.Release, DeclaresScopes: f.Declared}, true
}

// Generated reports whether pkg is stgen's runtime or has a generated package's fact.
func (m factMethods) Generated(pkg *types.Package) bool {
	var f generatedFact
	return pkg.Path() == scopes.StgenRuntime || m.pass.ImportPackageFact(pkg, &f)
}
