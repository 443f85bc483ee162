package gen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// checkDeclarations fails when a package-level name or a method is declared
// twice across a package's files, or a struct has two fields of one name:
// the normalizer keeps schema names clear of the names stgen and
// oapi-codegen derive, but a document can still make two meet (a schema
// "KindPhone" beside the constant of enum Kind's value "Phone"), and the
// package would not compile. api is the parsed engine output; others are
// the sources of the other files.
func checkDeclarations(api *ast.File, others ...[]byte) error {
	files := []*ast.File{api}
	for _, src := range others {
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	if err := checkFields(api); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, f := range files {
		for _, name := range declared(f) {
			if seen[name] {
				return fmt.Errorf("%s is declared twice: the document has a schema or enum value named like a name the generator derives; rename one of them in the document", name)
			}
			seen[name] = true
		}
	}
	return nil
}

// declared lists the package-level names and the methods ("T.M") of a file.
func declared(f *ast.File) []string {
	var names []string
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil || len(d.Recv.List) == 0 {
				names = append(names, d.Name.Name)
				continue
			}
			recv := d.Recv.List[0].Type
			if star, ok := recv.(*ast.StarExpr); ok {
				recv = star.X
			}
			if id, ok := recv.(*ast.Ident); ok {
				names = append(names, id.Name+"."+d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					names = append(names, s.Name.Name)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.Name != "_" {
							names = append(names, n.Name)
						}
					}
				}
			}
		}
	}
	return names
}

// checkFields fails when a struct type of f has two fields of one name (a
// schema whose allOf members both have an "id", say).
func checkFields(f *ast.File) error {
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, s := range gd.Specs {
			ts, ok := s.(*ast.TypeSpec)
			if !ok {
				continue
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				continue
			}
			seen := map[string]bool{}
			for _, field := range st.Fields.List {
				for _, n := range field.Names {
					if seen[n.Name] {
						return fmt.Errorf("type %s has two fields named %s: its schema (or the schemas it merges) has properties whose names differ only in case or punctuation; rename one in the document", ts.Name.Name, n.Name)
					}
					seen[n.Name] = true
				}
			}
		}
	}
	return nil
}

// checkTypes fails when a component schema has no type of its name in the
// engine's output: the names the normalizer gives (and the stable-names
// file records) must be the names oapi-codegen writes.
func checkTypes(api *ast.File, doc *openapi3.T) error {
	have := map[string]bool{}
	for _, name := range declared(api) {
		have[name] = true
	}
	for _, name := range slices.Sorted(maps.Keys(doc.Components.Schemas)) {
		if !have[name] {
			return fmt.Errorf("schema %s has no Go type of that name in oapi-codegen's output: stgen's naming and oapi-codegen's disagree (a bug in stgen)", name)
		}
	}
	return nil
}
