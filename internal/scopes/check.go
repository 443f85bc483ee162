package scopes

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	goimporter "go/importer"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"
)

// Checked is a package type-checked with its function bodies.
type Checked struct {
	// ID is the go command's id of the package ("example.com/app",
	// "example.com/app [example.com/app.test]" for its test variant).
	ID string
	// Fset positions Files.
	Fset *token.FileSet
	// Files are its parsed files.
	Files []*ast.File
	// Types is the package.
	Types *types.Package
	// Info is what type-checking recorded of its files.
	Info *types.Info
	// Errors are its type errors, every one of them.
	Errors []types.Error
	// Other are the errors the go command or the parser reported, as
	// "file:line:col: message" when they have a position.
	Other []string
}

// TypeCheck type-checks the packages paths (import paths) and, with
// tests, their test variants, in dir, with the contents of overlay laid
// over the files they name (a path to its content; a file a package would
// lose can be laid over with a build-constrained stub).
//
// The go command lists the packages and all they import (go/packages,
// with the overlay). go/types checks from source the packages asked for,
// in full, recording their uses, selections and types, and, only as far as
// their declarations (as a compiler reads them), the packages overlaid and
// those importing them, several at once. Every other package (the
// standard library, the modules required, stgen's runtime) comes from the
// export data the go command keeps in its build cache: compiled once, and
// never with the overlay, which would compile every package overlaid.
func TypeCheck(ctx context.Context, dir string, paths []string, overlay map[string][]byte, tests bool) ([]*Checked, error) {
	roots, err := packages.Load(&packages.Config{
		Context: ctx,
		Dir:     dir,
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
			packages.NeedDeps | packages.NeedModule,
		Tests:   tests,
		Overlay: overlay,
	}, paths...)
	if err != nil {
		return nil, fmt.Errorf("listing %s in %s: %w", strings.Join(paths, " "), dir, err)
	}
	l := &loader{fset: token.NewFileSet(), overlay: overlay, nodes: map[string]*node{}, sem: make(chan struct{}, runtime.GOMAXPROCS(0))}
	packages.Visit(roots, nil, func(p *packages.Package) { l.nodes[p.ID] = &node{p: p, done: make(chan struct{})} })
	variant := map[string]bool{}
	for _, p := range roots {
		if p.ForTest != "" || strings.Contains(p.ID, " [") {
			variant[p.PkgPath] = true
		}
	}
	var out []*Checked
	for _, p := range roots {
		switch {
		case strings.HasSuffix(p.ID, ".test"):
			// The test main the go command makes.
		case tests && !strings.Contains(p.ID, " [") && variant[p.PkgPath]:
			// Its test variant has the same files, and more.
		default:
			n := l.nodes[p.ID]
			n.full = true
			out = append(out, &Checked{ID: p.ID, Fset: l.fset})
		}
	}
	if err := l.exportData(ctx, dir, roots); err != nil {
		return nil, err
	}
	var wg sync.WaitGroup
	for _, n := range l.nodes {
		if n.export == "" {
			wg.Go(func() { l.check(ctx, n) })
		} else {
			close(n.done)
		}
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, c := range out {
		n := l.nodes[c.ID]
		c.Files, c.Types, c.Info, c.Errors, c.Other = n.files, n.types, n.info, n.errs, n.other
		for _, e := range n.p.Errors {
			if e.Kind != packages.TypeError {
				c.Other = append(c.Other, e.Error())
			}
		}
	}
	return out, nil
}

// loader type-checks a package graph.
type loader struct {
	fset    *token.FileSet
	overlay map[string][]byte
	nodes   map[string]*node // by id
	sem     chan struct{}    // bounds the packages checked at once

	mu       sync.Mutex     // guards compiled, which reads export data
	compiled types.Importer // of the packages with export data
}

// node is a package of the graph and what checking it gave.
type node struct {
	p      *packages.Package
	full   bool          // checked in full, its uses recorded
	export string        // its export data file, when it is not checked from source
	done   chan struct{} // closed once checked
	files  []*ast.File
	types  *types.Package
	info   *types.Info
	errs   []types.Error
	other  []string
}

// check type-checks n once its imports are, and then tells its importers.
func (l *loader) check(ctx context.Context, n *node) {
	defer close(n.done)
	for _, imp := range n.p.Imports {
		if d := l.nodes[imp.ID]; d != nil {
			<-d.done
		}
	}
	select {
	case l.sem <- struct{}{}:
	case <-ctx.Done():
		return
	}
	defer func() { <-l.sem }()

	mode := parser.SkipObjectResolution
	if n.full {
		mode |= parser.AllErrors
	}
	for _, name := range n.p.CompiledGoFiles {
		src, ok := l.overlay[name]
		if !ok {
			var err error
			if src, err = os.ReadFile(name); err != nil {
				n.other = append(n.other, err.Error())
				continue
			}
		}
		f, err := parser.ParseFile(l.fset, name, src, mode)
		if f != nil {
			n.files = append(n.files, f)
		}
		var list scanner.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				n.other = append(n.other, e.Error())
			}
		} else if err != nil {
			n.other = append(n.other, err.Error())
		}
	}
	if len(n.files) == 0 {
		return // no package: its importers' imports of it fail
	}
	conf := types.Config{
		Importer:         importer{l, n},
		IgnoreFuncBodies: !n.full,
		Sizes:            types.SizesFor("gc", runtime.GOARCH),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok && n.full {
				n.errs = append(n.errs, te)
			}
		},
	}
	if n.p.Module != nil && n.p.Module.GoVersion != "" {
		conf.GoVersion = "go" + n.p.Module.GoVersion
	}
	if n.full {
		n.info = &types.Info{
			Types:      map[ast.Expr]types.TypeAndValue{},
			Defs:       map[*ast.Ident]types.Object{},
			Uses:       map[*ast.Ident]types.Object{},
			Implicits:  map[ast.Node]types.Object{},
			Selections: map[*ast.SelectorExpr]*types.Selection{},
			Instances:  map[*ast.Ident]types.Instance{},
		}
	}
	n.types, _ = conf.Check(n.p.PkgPath, l.fset, n.files, n.info)
}

// exportData settles which packages are read from the go command's
// export data: those neither checked in full nor in a folder the overlay
// lays a file over, nor importing such a package; it has the go command
// build what its cache lacks.
func (l *loader) exportData(ctx context.Context, dir string, roots []*packages.Package) error {
	overlaid := map[string]bool{} // folders holding a file of the overlay
	for f := range l.overlay {
		overlaid[filepath.Dir(f)] = true
	}
	source := map[*packages.Package]bool{}
	packages.Visit(roots, nil, func(p *packages.Package) {
		n := l.nodes[p.ID]
		source[p] = n.full || overlaid[p.Dir] || strings.Contains(p.ID, " [") || strings.HasSuffix(p.ID, ".test")
		for _, imp := range p.Imports {
			source[p] = source[p] || source[imp]
		}
	})
	var paths []string
	for p, src := range source {
		if !src && p.PkgPath != "unsafe" {
			paths = append(paths, p.PkgPath)
		}
	}
	if len(paths) == 0 {
		return nil
	}
	slices.Sort(paths)
	pkgs, err := packages.Load(&packages.Config{Context: ctx, Dir: dir, Mode: packages.NeedName | packages.NeedExportFile}, paths...)
	if err != nil {
		return fmt.Errorf("building the export data of the packages imported: %w", err)
	}
	files := map[string]string{}
	for _, p := range pkgs {
		files[p.PkgPath] = p.ExportFile
	}
	for p, src := range source {
		if !src && p.PkgPath != "unsafe" {
			if files[p.PkgPath] == "" {
				return fmt.Errorf("the go command gave no export data for %s: does it build? (go build %s)", p.PkgPath, p.PkgPath)
			}
			l.nodes[p.ID].export = files[p.PkgPath]
		}
	}
	l.compiled = goimporter.ForCompiler(l.fset, "gc", func(path string) (io.ReadCloser, error) {
		if files[path] == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(files[path])
	})
	return nil
}

// importer gives a package the packages it imports, as the go command
// resolved its import paths.
type importer struct {
	l *loader
	n *node
}

// Import returns the package imported as path: from export data, or as checked.
func (im importer) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	imp := im.n.p.Imports[path]
	if imp == nil {
		return nil, fmt.Errorf("the go command lists no package %s imported by %s", path, im.n.p.PkgPath)
	}
	d := im.l.nodes[imp.ID]
	if d != nil && d.export != "" {
		im.l.mu.Lock()
		defer im.l.mu.Unlock()
		return im.l.compiled.Import(imp.PkgPath)
	}
	if d == nil || d.types == nil {
		return nil, fmt.Errorf("package %s could not be loaded", path)
	}
	return d.types, nil
}
