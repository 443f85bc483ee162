package goapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/stgen-dev/stgen/internal/gen"
	"github.com/stgen-dev/stgen/internal/names"
	"golang.org/x/sync/errgroup"
)

// API is the exported API of a module's domain packages.
type API struct {
	// Release names the release.
	Release string
	// Packages are the type-checked domain packages, by name.
	Packages map[string]*types.Package
	// Names are the Go names the generation gave (see [Module]).
	Names *names.File
	// BasePaths are the domains' base paths, by package name.
	BasePaths map[string]string
}

// Check type-checks the domain packages of modules with go/types, only
// their declarations (an API has no need of function bodies): all of them
// against one copy of the runtime, type-checked from its source (stgen
// embeds it), and the standard library packages they import from the
// compiler's export data, which one `go list -export` gives (from the
// build cache, once the standard library has been built). Nothing is
// written but the go command's cache, and nothing is downloaded.
func Check(ctx context.Context, modules ...*Module) ([]*API, error) {
	fset := token.NewFileSet()
	rt, err := runtimeFiles(fset)
	if err != nil {
		return nil, err
	}
	type unit struct {
		api   *API
		pkg   *gen.Package
		files []*ast.File
	}
	var units []*unit
	apis := make([]*API, len(modules))
	imports := importsOf(rt)
	for i, m := range modules {
		apis[i] = &API{Release: m.Release, Packages: map[string]*types.Package{}, Names: m.Names, BasePaths: m.BasePaths}
		for _, p := range m.Packages {
			files, err := parseFiles(fset, p.Name, p.Files)
			if err != nil {
				return nil, fmt.Errorf("the Go packages generated from %s do not parse: %w", m.Release, err)
			}
			units = append(units, &unit{api: apis[i], pkg: p, files: files})
			maps.Copy(imports, importsOf(files))
		}
	}
	delete(imports, RuntimePath)
	std, err := loadExportData(ctx, fset, slices.Sorted(maps.Keys(imports)))
	if err != nil {
		return nil, err
	}
	runtimePkg, err := check(fset, RuntimePath, rt, std)
	if err != nil {
		return nil, fmt.Errorf("the runtime does not type-check: %w", err)
	}
	std[RuntimePath] = runtimePkg
	pkgs := make([]*types.Package, len(units))
	errs := make([]error, len(units))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, u := range units {
		g.Go(func() error {
			pkgs[i], errs[i] = check(fset, "example.com/stgen-goapi/"+u.pkg.Name, u.files, std)
			if errs[i] != nil {
				errs[i] = fmt.Errorf("the Go package %s generated from %s does not type-check: %w", u.pkg.Name, u.api.Release, errs[i])
			}
			u.files = nil
			return nil
		})
	}
	g.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for i, u := range units {
		u.api.Packages[u.pkg.Name] = pkgs[i]
	}
	return apis, nil
}

// runtimeFiles parses the runtime package stapi as stgen copies it into an
// output folder.
func runtimeFiles(fset *token.FileSet) ([]*ast.File, error) {
	rt, err := gen.RuntimePackages("example.com/stgen-goapi", "")
	if err != nil {
		return nil, err
	}
	for _, p := range rt {
		if p.Name == filepath.Base(RuntimePath) {
			return parseFiles(fset, p.Name, p.Files)
		}
	}
	return nil, fmt.Errorf("stgen's runtime has no package %s", filepath.Base(RuntimePath))
}

// parseFiles parses a package's files, in name order.
func parseFiles(fset *token.FileSet, pkg string, files map[string][]byte) ([]*ast.File, error) {
	var out []*ast.File
	for _, name := range slices.Sorted(maps.Keys(files)) {
		f, err := parser.ParseFile(fset, pkg+"/"+name, files[name], parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// importsOf returns the import paths of files.
func importsOf(files []*ast.File) map[string]bool {
	out := map[string]bool{}
	for _, f := range files {
		for _, spec := range f.Imports {
			if p, err := strconv.Unquote(spec.Path.Value); err == nil {
				out[p] = true
			}
		}
	}
	return out
}

// check type-checks the declarations of one package, its imports from
// imported.
func check(fset *token.FileSet, path string, files []*ast.File, imported map[string]*types.Package) (*types.Package, error) {
	var errs []error
	conf := types.Config{
		IgnoreFuncBodies: true,
		Importer:         packageMap(imported),
		Error: func(err error) {
			if len(errs) < 10 {
				errs = append(errs, err)
			}
		},
	}
	pkg, _ := conf.Check(path, fset, files, nil)
	return pkg, errors.Join(errs...)
}

// packageMap looks packages up in a map, which it never changes: several
// type-checks may share it.
type packageMap map[string]*types.Package

// Import returns the package of path.
func (m packageMap) Import(path string) (*types.Package, error) {
	if p := m[path]; p != nil {
		return p, nil
	}
	return nil, fmt.Errorf("package %s is not one the generated code may import", path)
}

// loadExportData reads the export data of the standard library packages
// paths, which `go list -export` finds (building them into the go
// command's cache if need be).
func loadExportData(ctx context.Context, fset *token.FileSet, paths []string) (map[string]*types.Package, error) {
	for _, p := range paths {
		if first, _, _ := strings.Cut(p, "/"); strings.Contains(first, ".") {
			return nil, fmt.Errorf("the generated code imports %s, which is not in the standard library", p)
		}
	}
	if len(paths) == 0 {
		return map[string]*types.Package{}, nil
	}
	dir, err := os.MkdirTemp("", "stgen-goapi-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cmd := exec.CommandContext(ctx, "go", append([]string{"list", "-export", "-f", "{{.ImportPath}}\t{{.Export}}"}, paths...)...)
	// Outside any module and workspace, with the installed toolchain and
	// no flags of the user's: the standard library alone.
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOTOOLCHAIN=local", "GO111MODULE=on")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("finding the export data of the standard library (go list -export %s): %v\n%s", strings.Join(paths, " "), err, strings.TrimSpace(stderr.String()))
	}
	files := map[string]string{}
	for line := range strings.Lines(string(out)) {
		path, file, _ := strings.Cut(strings.TrimSpace(line), "\t")
		files[path] = file
	}
	// The compiler's own importer reads what the compiler wrote; a
	// package's export data holds what it needs of its dependencies.
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		if files[path] == "" {
			return nil, fmt.Errorf("go list -export gave no export data for %s", path)
		}
		return os.Open(files[path])
	})
	pkgs := map[string]*types.Package{}
	for _, p := range paths {
		pkg, err := imp.Import(p)
		if err != nil {
			return nil, fmt.Errorf("reading the export data of %s: %w", p, err)
		}
		pkgs[p] = pkg
	}
	return pkgs, nil
}
