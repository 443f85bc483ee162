package goapi

import (
	"context"
	"errors"
	"fmt"
	"go/types"
	"os"
	"strings"

	"github.com/stgen-dev/stgen/internal/names"
	"golang.org/x/tools/go/packages"
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

// offline is the environment the go command runs in under [Load]: no
// network (no proxy, no checksum database: a module comes from the module
// cache, verified when it was downloaded), no other toolchain, no
// workspace; go.mod and go.sum may be completed.
var offline = []string{"GOFLAGS=-mod=mod", "GOPROXY=off", "GOSUMDB=off", "GOTOOLCHAIN=local", "GOWORK=off"}

// Load type-checks the domain packages of m with go/packages, offline, and
// their dependencies (the runtime copy, the standard library) from source
// too: export data would have the go command compile every package first,
// which takes several times as long.
func Load(ctx context.Context, m *Module) (*API, error) {
	cfg := &packages.Config{
		Context: ctx,
		Mode:    packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedDeps | packages.NeedImports,
		Dir:     m.Dir,
		Env:     append(os.Environ(), offline...),
	}
	patterns := make([]string, len(m.Domains))
	for i, d := range m.Domains {
		patterns[i] = "./" + d
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("loading the Go packages of %s: %w", m.Release, err)
	}
	api := &API{Release: m.Release, Packages: map[string]*types.Package{}, Names: m.Names, BasePaths: m.BasePaths}
	roots := map[*packages.Package]bool{}
	for _, p := range pkgs {
		roots[p] = true
		api.Packages[p.Name] = p.Types
	}
	// A root's errors, and the go command's about a dependency (a module
	// missing from the module cache), in the order of the import graph.
	var errs []error
	missingRuntime := false
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			if roots[p] || e.Kind == packages.ListError {
				errs = append(errs, fmt.Errorf("%s: %s", m.Release, e))
				missingRuntime = missingRuntime || !roots[p] && strings.HasPrefix(p.PkgPath, oapiRuntime.Path)
			}
		}
	})
	if missingRuntime {
		errs = append(errs, fmt.Errorf("%s %s, which the generated code imports, is not in the module cache, and comparing Go APIs downloads nothing: run `go mod download %s@%s` once",
			oapiRuntime.Path, oapiRuntime.Version, oapiRuntime.Path, oapiRuntime.Version))
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("the Go packages generated from %s do not type-check:\n%w", m.Release, errors.Join(errs...))
	}
	for _, d := range m.Domains {
		if api.Packages[d] == nil {
			return nil, fmt.Errorf("loading the Go packages of %s: no package %s in %s", m.Release, d, m.Dir)
		}
	}
	return api, nil
}
