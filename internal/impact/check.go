package impact

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/stgen-dev/stgen/internal/diff"
	"github.com/stgen-dev/stgen/internal/gen"
	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/opsfile"
	"github.com/stgen-dev/stgen/internal/scopes"
)

// checker finds the uses of one program's packages.
type checker struct {
	dir      string
	prog     *scopes.Program
	out      *scopes.Output
	report   *diff.Report
	old, new *diff.Release
	// index maps each Go identifier the changes name to the first
	// change naming it, in reading order (the breaking ones first).
	index map[string]int
	// scopeAdded maps an operation ("GET /path") to its scope-added change.
	scopeAdded map[string]int
	// scopesUnknown maps a domain whose old release declares no scopes
	// and whose new one does to its scopes-unknown change.
	scopesUnknown map[string]int
	// records are the new release's operations files' records, by domain.
	records map[string]*opsfile.Domain
	uses    []Use
}

func newChecker(dir string, prog *scopes.Program, out *scopes.Output, report *diff.Report, old, new *diff.Release) *checker {
	c := &checker{dir: dir, prog: prog, out: out, report: report, old: old, new: new,
		index: map[string]int{}, scopeAdded: map[string]int{}, scopesUnknown: map[string]int{}, records: map[string]*opsfile.Domain{}}
	for i, ch := range report.Changes {
		for _, id := range ch.Go {
			if _, ok := c.index[id]; !ok {
				c.index[id] = i
			}
		}
		switch {
		case has(ch, diff.ScopeAdded):
			c.scopeAdded[ch.Operation] = i
		case ch.Kind == diff.ScopesUnknown && old.Domain(ch.Domain) != nil && !old.Domain(ch.Domain).DeclaresScopes:
			c.scopesUnknown[ch.Domain] = i
		case ch.Kind == diff.DomainRemoved:
			// The facade's field of the domain goes with its package.
			if d := old.Domain(ch.Domain); d != nil {
				c.index[gen.FacadePackage+".Client."+gen.DomainOf(d).FieldName()] = i
			}
		}
	}
	for _, d := range new.Domains {
		c.records[d.Package] = opsfile.DomainOf(d, new.Name)
	}
	return c
}

// has reports whether a change is, or merges, a difference of kind k.
func has(c diff.Change, k diff.Kind) bool {
	return c.Kind == k || slices.Contains(c.Also, k)
}

// generated returns the name of the domain package, or the facade's,
// that pkg is in the program's output folder; "" for any other package.
func (c *checker) generated(pkg *types.Package) string {
	if pkg == nil {
		return ""
	}
	g := c.prog.Generated[pkg.Path()]
	if g == nil || g.Output != c.out || (g.Kind != scopes.DomainPackage && g.Kind != scopes.FacadePackage) {
		return ""
	}
	return filepath.Base(g.Dir)
}

// check finds the uses of one package type-checked against the new release.
func (c *checker) check(p *scopes.Checked) {
	files := map[*token.File]*ast.File{}
	for _, f := range p.Files {
		files[p.Fset.File(f.Pos())] = f
	}
	for _, e := range p.Errors {
		if f := files[e.Fset.File(e.Pos)]; f != nil && !c.inOutput(e.Fset.Position(e.Pos).Filename) {
			c.compileError(p.Info, f, e)
		}
	}
	for _, e := range p.Other {
		c.add(Use{Message: e, Breaking: true, Fix: "fix what the go command reports"}, token.Position{})
	}
	for _, f := range p.Files {
		if c.inOutput(p.Fset.File(f.Pos()).Name()) {
			continue
		}
		c.meaning(p.Fset, p.Info, f)
	}
	c.scopeCalls(p)
}

// inOutput reports whether file is in the output folder of the generated clients.
func (c *checker) inOutput(file string) bool {
	rel, err := filepath.Rel(c.out.Dir, file)
	return err == nil && !strings.HasPrefix(rel, "..")
}

// add records a use at pos.
func (c *checker) add(u Use, pos token.Position) {
	if pos.Filename != "" {
		u.File = scopes.RelPath(c.dir, pos.Filename)
	}
	u.Line, u.Column = pos.Line, pos.Column
	c.uses = append(c.uses, u)
}

// sorted returns the uses found, sorted by position, without repeats
// (a package and its test variant report the same).
func (c *checker) sorted() []Use {
	return sortUses(c.uses)
}

// compileError records a compile error, explained by the change that
// names what the code refers to at the error's place.
func (c *checker) compileError(info *types.Info, f *ast.File, e types.Error) {
	pos := e.Fset.Position(e.Pos)
	u := Use{Message: e.Msg, Breaking: true}
	cands := c.candidates(info, f, e.Pos)
	if i, id, ok := c.explain(cands); ok {
		u.Identifier, u.Change = id, &i
		u.Fix = fixFor(c.report.Changes[i].Kind)
	} else {
		if len(cands) > 0 {
			u.Identifier = cands[0]
		}
		u.Fix = "no change of the release names what the code uses here: compare it with the packages stgen generate writes for " + c.new.Name
	}
	c.add(u, pos)
}

// explain returns the first candidate identifier a change names, with
// the change; failing that, the first whose type, or package, one names.
func (c *checker) explain(cands []string) (int, string, bool) {
	for _, id := range cands {
		if i, ok := c.index[id]; ok {
			return i, id, true
		}
	}
	for _, id := range cands {
		for parent := id; strings.Contains(parent, "."); {
			parent = parent[:strings.LastIndexByte(parent, '.')]
			if i, ok := c.index[parent]; ok {
				return i, id, true
			}
		}
	}
	return 0, "", false
}

// candidates returns the generated identifiers the code refers to at pos,
// innermost first: the package-level names, methods and fields it
// selects, the types of the composite literals and comparisons it is in,
// the packages it imports.
func (c *checker) candidates(info *types.Info, f *ast.File, pos token.Pos) []string {
	path, _ := astutil.PathEnclosingInterval(f, pos, pos)
	var out []string
	add := func(ids ...string) {
		for _, id := range ids {
			if id != "" && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	for _, n := range path {
		switch n := n.(type) {
		case *ast.Ident:
			if obj := info.Uses[n]; obj != nil && obj.Parent() == obj.Pkg().Scope() {
				if pkg := c.generated(obj.Pkg()); pkg != "" {
					add(pkg + "." + obj.Name())
				}
			}
		case *ast.SelectorExpr:
			add(c.selected(info, n))
		case *ast.CompositeLit:
			t := c.namedIn(info.TypeOf(n))
			for _, elt := range n.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok && t != "" && kv.Pos() <= pos && pos <= kv.End() {
					if key, ok := kv.Key.(*ast.Ident); ok {
						add(t + "." + key.Name)
					}
				}
			}
			add(t)
		case *ast.BinaryExpr:
			add(c.namedIn(info.TypeOf(n.X)), c.namedIn(info.TypeOf(n.Y)))
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
				add(c.selected(info, sel))
			}
		case *ast.ImportSpec:
			if path, err := strconv.Unquote(n.Path.Value); err == nil {
				if g := c.prog.Generated[path]; g != nil && g.Output == c.out {
					add(filepath.Base(g.Dir))
				}
			}
		}
	}
	return out
}

// selected returns the generated identifier a selector names: a
// package-level name of a generated package ("crm.CustomerResponse"), or a
// field or method of a generated type ("crm.CustomersResource.Get"),
// whether or not the new release still declares it.
func (c *checker) selected(info *types.Info, sel *ast.SelectorExpr) string {
	if x, ok := sel.X.(*ast.Ident); ok {
		if pn, ok := info.Uses[x].(*types.PkgName); ok {
			if pkg := c.generated(pn.Imported()); pkg != "" {
				return pkg + "." + sel.Sel.Name
			}
			return ""
		}
	}
	if t := c.namedIn(info.TypeOf(sel.X)); t != "" {
		return t + "." + sel.Sel.Name
	}
	return ""
}

// namedIn returns "pkg.Type" when t is, or points to, a named type of a
// generated package; "" otherwise.
func (c *checker) namedIn(t types.Type) string {
	if t == nil {
		return ""
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return ""
	}
	if pkg := c.generated(named.Obj().Pkg()); pkg != "" {
		return pkg + "." + named.Obj().Name()
	}
	return ""
}

// modelType returns the models, old and new, of the named type "pkg.Type"
// of a domain package; either may be nil.
func (c *checker) modelType(qualified string) (old, new *model.Type) {
	pkg, name, _ := strings.Cut(qualified, ".")
	if d := c.old.Domain(pkg); d != nil {
		old = d.Type(name)
	}
	if d := c.new.Domain(pkg); d != nil {
		new = d.Type(name)
	}
	return old, new
}

// meaning finds, in a file that compiles at those places, what the new
// release makes do something else: composite literals without a field it
// requires, switches over enums whose values it changed.
func (c *checker) meaning(fset *token.FileSet, info *types.Info, f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			c.literal(fset, info, n)
		case *ast.SwitchStmt:
			c.switchOver(fset, info, n)
		}
		return true
	})
}

// literal records the fields a keyed composite literal of a request type
// does not set that the new release requires and the old did not.
func (c *checker) literal(fset *token.FileSet, info *types.Info, lit *ast.CompositeLit) {
	qualified := c.namedIn(info.TypeOf(lit))
	if qualified == "" {
		return
	}
	if _, isPtr := types.Unalias(info.TypeOf(lit)).(*types.Pointer); isPtr {
		return
	}
	old, new := c.modelType(qualified)
	if old == nil || new == nil || new.Kind != model.Struct {
		return
	}
	set := map[string]bool{}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return // positional: a field more does not compile
		}
		if key, ok := kv.Key.(*ast.Ident); ok {
			set[key.Name] = true
		}
	}
	for _, nf := range new.Fields {
		of := old.Field(nf.JSON)
		if !nf.Required || set[nf.Name] || of != nil && of.Required {
			continue
		}
		i, ok := c.index[qualified+"."+nf.Name]
		if !ok || !(has(c.report.Changes[i], diff.RequestFieldAdded) || has(c.report.Changes[i], diff.RequestFieldRequiredChanged)) {
			continue
		}
		c.add(Use{
			Identifier: qualified + "." + nf.Name, Change: &i, Compiles: true, Breaking: true,
			Message: fmt.Sprintf("%s{...} does not set %s, which %s requires: the request sends its zero value, or is rejected", qualified, nf.Name, c.new.Name),
			Fix:     fmt.Sprintf("set %s (JSON %q) in the literal", nf.Name, nf.JSON),
		}, fset.Position(lit.Pos()))
	}
}

// switchOver records, in a switch over an enum of a generated package, the
// cases naming a value the new release removed (they no longer match
// anything the API sends), and the values it added when the switch has
// neither a case for them nor a default.
func (c *checker) switchOver(fset *token.FileSet, info *types.Info, sw *ast.SwitchStmt) {
	if sw.Tag == nil {
		return
	}
	qualified := c.namedIn(info.TypeOf(sw.Tag))
	if qualified == "" {
		return
	}
	pkg, _, _ := strings.Cut(qualified, ".")
	old, new := c.modelType(qualified)
	if old == nil || new == nil || new.Kind != model.Enum {
		return
	}
	ov, nv := old.ValuesByText(), new.ValuesByText()
	covered, hasDefault := map[string]bool{}, false
	for _, stmt := range sw.Body.List {
		clause, ok := stmt.(*ast.CaseClause)
		if !ok {
			continue
		}
		if clause.List == nil {
			hasDefault = true
		}
		for _, e := range clause.List {
			tv, ok := info.Types[e]
			if !ok || tv.Value == nil {
				continue
			}
			v := constantString(tv)
			covered[v] = true
			if removed := ov[v]; removed != nil && nv[v] == nil {
				i, ok := c.index[pkg+"."+removed.Const]
				if !ok {
					continue
				}
				c.add(Use{
					Identifier: pkg + "." + removed.Const, Change: &i, Compiles: true, Breaking: true,
					Message: fmt.Sprintf("case %q of a switch over %s: %s no longer has the value, so the case matches nothing the API sends", v, qualified, c.new.Name),
					Fix:     "drop the case, or handle what replaces the value",
				}, fset.Position(e.Pos()))
			}
		}
	}
	if hasDefault {
		return
	}
	for _, v := range new.Values {
		key := v.Text()
		if ov[key] != nil || covered[key] {
			continue
		}
		i, ok := c.index[pkg+"."+v.Const]
		if !ok {
			continue
		}
		c.add(Use{
			Identifier: pkg + "." + v.Const, Change: &i, Compiles: true,
			Message: fmt.Sprintf("switch over %s has no case for %q, which %s adds, and no default", qualified, key, c.new.Name),
			Fix:     fmt.Sprintf("handle %s, or add a default case", pkg+"."+v.Const),
		}, fset.Position(sw.Pos()))
	}
}

// constantString returns a constant's value as the model's enum values
// print: a string's text, an integer's digits.
func constantString(tv types.TypeAndValue) string {
	if s, err := strconv.Unquote(tv.Value.ExactString()); err == nil {
		return s
	}
	return tv.Value.ExactString()
}

// scopeCalls records the calls of operations that need a scope the old
// release did not require of them, or that the old release declared none for.
func (c *checker) scopeCalls(p *scopes.Checked) {
	if len(c.scopeAdded) == 0 && len(c.scopesUnknown) == 0 {
		return
	}
	calls, unseen := scopes.Inspect(p.Files, p.Info, newMethods{c})
	for _, call := range calls {
		pos := p.Fset.Position(call.Pos)
		if c.inOutput(pos.Filename) {
			continue
		}
		op := call.Operation.Operation
		if i, ok := c.scopeAdded[op]; ok {
			c.add(Use{
				Identifier: call.Method, Change: &i, Compiles: true, Breaking: true,
				Message: fmt.Sprintf("calls %s, which %s in %s", op, c.report.Changes[i].Message, c.new.Name),
				Fix:     fixFor(diff.ScopeAdded),
			}, pos)
		} else if i, ok := c.scopesUnknown[call.Domain]; ok && len(call.Operation.Scopes) > 0 {
			c.add(Use{
				Identifier: call.Method, Change: &i, Compiles: true,
				Message: fmt.Sprintf("calls %s, which requires OAuth scope %s in %s (%s declares none)",
					op, strings.Join(call.Operation.Scopes, " and "), c.new.Name, c.old.Name),
				Fix: fixFor(diff.ScopesUnknown),
			}, pos)
		}
	}
	for _, u := range unseen {
		pos := p.Fset.Position(u.Pos)
		if !c.inOutput(pos.Filename) {
			c.add(Use{Compiles: true, Message: u.Message,
				Fix: "check by hand which operations it calls, and the scopes they need in " + c.new.Name}, pos)
		}
	}
}

// newMethods is scopes.Methods of the program's generated packages as the
// new release generates them.
type newMethods struct{ c *checker }

// Method returns the new release's record of a generated method.
func (m newMethods) Method(fn *types.Func) (opsfile.Method, *opsfile.Domain, bool) {
	pkg := m.c.generated(fn.Pkg())
	d := m.c.records[pkg]
	if d == nil {
		return opsfile.Method{}, nil, false
	}
	rec, ok := d.Methods[scopes.Receiver(fn)+"."+fn.Name()]
	return rec, d, ok
}

// Generated reports whether pkg is a generated package of the program or stgen's runtime.
func (m newMethods) Generated(pkg *types.Package) bool {
	return m.c.prog.FromStgen(pkg)
}
