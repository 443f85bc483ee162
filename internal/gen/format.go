package gen

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path"
	"strconv"

	"github.com/dave/jennifer/jen"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/imports"
)

// formatSource formats Go source and drops the imports it does not use.
// The imports template lists every import the templates may need, so
// imports are only ever removed, never looked up: one parse and one print,
// where x/tools/imports would also search for missing ones and format twice.
//
// The templates import the runtime by its path in stgen's module; runtime
// replaces it (a copy of the runtime in the user's module, say).
func formatSource(name string, src []byte, runtime string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	if runtime != RuntimePath {
		astutil.RewriteImport(fset, f, RuntimePath, runtime)
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	var unused []*ast.ImportSpec
	for _, imp := range f.Imports {
		name := path.Base(importPath(imp))
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name != "_" && !used[name] {
			unused = append(unused, imp)
		}
	}
	for _, imp := range unused {
		astutil.DeleteNamedImport(fset, f, nameOrEmpty(imp), importPath(imp))
	}
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// importPath returns an import's path.
func importPath(imp *ast.ImportSpec) string {
	p, _ := strconv.Unquote(imp.Path.Value)
	return p
}

// nameOrEmpty returns an import's explicit name, or "" when it has none.
func nameOrEmpty(imp *ast.ImportSpec) string {
	if imp.Name == nil {
		return ""
	}
	return imp.Name.Name
}

// renderJen renders a jennifer file, which formats it, and groups its
// imports as goimports does: the standard library's first, then the others.
func renderJen(name string, f *jen.File) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, err
	}
	return imports.Process(name, buf.Bytes(), &imports.Options{FormatOnly: true, Comments: true, TabIndent: true, TabWidth: 8})
}
