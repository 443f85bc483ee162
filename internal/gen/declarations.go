package gen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
)

// checkDeclarations fails when a package-level name or a method is declared
// twice across a package's files: the normalizer keeps schema names clear of
// the names stgen and oapi-codegen derive, but a document can still make two
// meet (a schema "KindPhone" beside the constant of enum Kind's value
// "Phone"), and the package would not compile. api is the parsed engine
// output; glue is the source of the client file.
func checkDeclarations(api *ast.File, glue []byte) error {
	client, err := parser.ParseFile(token.NewFileSet(), "client.gen.go", glue, parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, f := range []*ast.File{api, client} {
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
