package gen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"slices"
	"strings"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/normalize"
)

// checkDeclared parses a package's files and fails unless the package
// declares exactly the package-level names the model describes, each
// once, declares no init function, and has no comment line that is a
// directive or a build constraint. Document text reaches the source only
// as comments and string literals and names only through the model's
// checks, so a failure is a bug in stgen; the check keeps such a bug from
// ever shipping code the model does not describe.
func checkDeclared(dom *model.Domain, files map[string][]byte) error {
	want := expectedNames(dom)
	got := map[string]int{}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, files[name], parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("%s does not parse: %w", name, err)
		}
		if err := checkComments(name, fset, f); err != nil {
			return err
		}
		for _, d := range topLevel(f) {
			got[d]++
		}
	}
	for _, name := range slices.Sorted(maps.Keys(got)) {
		switch {
		case got[name] > 1:
			return fmt.Errorf("%s is declared %d times", name, got[name])
		case !want[name]:
			return fmt.Errorf("%s is declared, but the model has no such name (a bug in stgen)", name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if got[name] == 0 {
			return fmt.Errorf("%s is in the model but not declared (a bug in stgen, or a --templates file that leaves it out)", name)
		}
	}
	return nil
}

// expectedNames returns the package-level names a domain's package declares.
func expectedNames(dom *model.Domain) map[string]bool {
	want := map[string]bool{normalize.ClientType: true, normalize.NewClientFunc: true, normalize.BasePathConst: true}
	for _, t := range dom.Types {
		want[t.Name] = true
		for _, v := range t.Values {
			want[v.Const] = true
		}
	}
	for _, t := range dom.Types {
		if t.Kind != model.Enum {
			want["decode"+t.Name] = true
		}
	}
	for _, r := range dom.Resources {
		want[r.TypeName] = true
		for _, op := range r.Operations {
			if op.Params != nil {
				want[op.Params.TypeName] = true
			}
		}
	}
	return want
}

// topLevel lists the package-level names a file declares; init functions
// are listed as "init", which no model has.
func topLevel(f *ast.File) []string {
	var out []string
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				out = append(out, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					out = append(out, s.Name.Name)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						out = append(out, n.Name)
					}
				}
			}
		}
	}
	return out
}

// checkComments fails on a comment line that Go tools read as more than a
// comment: a directive (//go:..., //line, //export, //extern), or a build
// constraint (// +build) before the package clause.
func checkComments(name string, fset *token.FileSet, f *ast.File) error {
	for _, group := range f.Comments {
		for _, c := range group.List {
			for line := range strings.SplitSeq(c.Text, "\n") {
				if isDirective(line, c.Pos() < f.Package) {
					return fmt.Errorf("%s:%d: a comment line is a directive or build constraint: %.40q", name, fset.Position(c.Pos()).Line, line)
				}
			}
		}
	}
	return nil
}

// isDirective reports whether a comment line is read by Go tools; header
// tells that it is before the package clause, where build constraints are.
func isDirective(line string, header bool) bool {
	if strings.HasPrefix(line, "/*") {
		return true // stgen writes // comments only
	}
	text, ok := strings.CutPrefix(line, "//")
	if !ok {
		return false
	}
	if header && strings.HasPrefix(strings.TrimSpace(text), "+build") {
		return true
	}
	for _, p := range []string{"go:", "line ", "export ", "extern "} {
		if strings.HasPrefix(text, p) {
			return true
		}
	}
	return false
}
