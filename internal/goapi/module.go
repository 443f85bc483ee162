package goapi

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/stgen-dev/stgen/internal/fetch"
	"github.com/stgen-dev/stgen/internal/gen"
	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/normalize"
	"github.com/stgen-dev/stgen/internal/spec"
	"golang.org/x/mod/module"
)

// ModulePath is the module path of every scratch module. Both sides of a
// comparison have the same one, so that apidiff sees the runtime's types
// (stapi.Client, stapi.Date) as the same on both sides.
const ModulePath = "example.com/stgen-goapi"

// runtimeDir is the folder, and the package name, of the runtime copy.
const runtimeDir = "stapi"

// oapiRuntime is oapi-codegen's runtime module, which the types of a
// document with union types use (runtime.JSONMerge), at the version stgen's
// go.mod requires: `go mod download` puts it in the module cache, where
// [Load] finds it offline.
var oapiRuntime = module.Version{Path: "github.com/oapi-codegen/runtime", Version: "v1.9.0"}

// Module is a release's domain packages generated into a scratch module.
type Module struct {
	// Release names the release (see [fetch.ReleaseName]).
	Release string
	// Dir is the module's folder.
	Dir string
	// Domains are the domain packages, by name, sorted.
	Domains []string
	// Names are the Go names the generation gave, as stgen generate writes
	// them into its names file: what the next release's generation keeps.
	Names *names.File
	// BasePaths are the domains' base paths ("/crm/v2"), by package name.
	BasePaths map[string]string
}

// Generate loads the release in specs and generates its domain packages
// into dir, a new module (see [ModulePath]) with a copy of the runtime
// package stapi, keeping the names recorded (nil for none) as stgen
// generate does with the names file of its output folder. The packages
// import the standard library, that copy and, for union types,
// oapi-codegen's runtime, which go.mod then requires at the version stgen
// requires: loading the module needs no download once `go mod download`
// has put it in the module cache. dir must be empty or not exist.
func Generate(specs, dir string, recorded *names.File) (*Module, error) {
	docs, err := spec.LoadDir(specs)
	if err != nil {
		return nil, err
	}
	return generateDocs(fetch.ReleaseName(specs), docs, dir, recorded)
}

// generateDocs is [Generate] over documents already loaded (not
// normalized: generation normalizes them in place). release names the
// release in the files' headers and the module.
func generateDocs(release string, docs []*spec.Document, dir string, recorded *names.File) (*Module, error) {
	g, err := gen.New(gen.Options{Runtime: ModulePath + "/" + runtimeDir, Release: release})
	if err != nil {
		return nil, err
	}
	rt, err := gen.RuntimePackages(ModulePath, "")
	if err != nil {
		return nil, err
	}
	pkgs := make([]*gen.Package, len(docs))
	errs := make([]error, len(docs))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, d := range docs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			var dom *model.Domain
			if dom, errs[i] = normalize.Domain(d, recorded.Domain(d.Domain)); errs[i] == nil {
				pkgs[i], errs[i] = g.Package(dom)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, p := range rt {
		if p.Name == runtimeDir {
			pkgs = append(pkgs, p)
		}
	}
	if err := writeModule(dir, pkgs); err != nil {
		return nil, err
	}
	m := &Module{Release: release, Dir: dir, Names: names.New(), BasePaths: map[string]string{}}
	for i, p := range pkgs[:len(docs)] {
		m.Domains = append(m.Domains, p.Name)
		m.Names.Domains[p.Name] = p.Names
		m.BasePaths[p.Name] = docs[i].BasePath
	}
	slices.Sort(m.Domains)
	return m, nil
}

// importsOAPIRuntime reports whether a package imports oapi-codegen's runtime.
func importsOAPIRuntime(p *gen.Package) bool {
	for _, src := range p.Files {
		if bytes.Contains(src, []byte(strconv.Quote(oapiRuntime.Path))) {
			return true
		}
	}
	return false
}

// writeModule writes go.mod and one folder per package into dir.
func writeModule(dir string, pkgs []*gen.Package) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("scratch module: %w", err)
	}
	goMod := "module " + ModulePath + "\n\ngo 1.26\n"
	if slices.ContainsFunc(pkgs, importsOAPIRuntime) {
		goMod += "\nrequire " + oapiRuntime.Path + " " + oapiRuntime.Version + "\n"
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(goMod), 0o644); err != nil {
		return fmt.Errorf("scratch module: %w", err)
	}
	for _, p := range pkgs {
		pdir := filepath.Join(dir, p.Name)
		if err := os.Mkdir(pdir, 0o755); err != nil {
			return fmt.Errorf("scratch module: %w", err)
		}
		for _, name := range slices.Sorted(maps.Keys(p.Files)) {
			if err := os.WriteFile(filepath.Join(pdir, name), p.Files[name], 0o644); err != nil {
				return fmt.Errorf("scratch module: %w", err)
			}
		}
	}
	return nil
}
