package goapi

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/stgen-dev/stgen/internal/gen"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/pipeline"
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
	// Release names the release (see [pipeline.Result.Release]).
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
	return generate(specs, nil, dir, recorded)
}

// generate is [Generate] of the named domains only (all when there are
// none; those the release lacks are left out) through stgen's generation
// pipeline, as stgen generate runs it.
func generate(specs string, domains []string, dir string, recorded *names.File) (*Module, error) {
	p, err := pipeline.New(pipeline.Options{Specs: specs, Domains: domains, AnyDomains: true, Module: ModulePath, CopyRuntime: true})
	if err != nil {
		return nil, err
	}
	res, err := p.Run(recorded, nil, nil)
	if err != nil {
		return nil, err
	}
	pkgs := slices.Clone(res.Domains)
	for _, rt := range res.Runtime {
		if rt.Name == runtimeDir {
			pkgs = append(pkgs, rt)
		}
	}
	if err := writeModule(dir, pkgs); err != nil {
		return nil, err
	}
	m := &Module{Release: res.Release, Dir: dir, Names: names.New(), BasePaths: res.BasePaths}
	for _, p := range res.Domains {
		m.Domains = append(m.Domains, p.Name)
		m.Names.Domains[p.Name] = p.Names
	}
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
