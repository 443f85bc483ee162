package goapi

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/stgen-dev/stgen/internal/gen"
	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/pipeline"
)

// Release is one side of a comparison: a release's name and the models of
// its domains (see package diff's LoadPair, which models the new release
// with the names the old one gave, as stgen generate does with its names
// file).
type Release struct {
	// Name names the release ("2026-05-11").
	Name string
	// Domains are the models of its documents, one per domain.
	Domains []*model.Domain
}

// CompareReleases generates the domain packages of both releases from
// their models, in memory, type-checks them (see [Check]) and compares
// their exported APIs (see [Compare]); explained maps the Go identifiers
// the spec-level comparison's changes name to the change's kind.
func CompareReleases(ctx context.Context, old, new Release, explained map[string]string) (*Report, error) {
	var mods [2]*Module
	var errs [2]error
	var wg sync.WaitGroup
	for i, r := range []Release{old, new} {
		wg.Go(func() { mods[i], errs[i] = Generate(r) })
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	apis, err := Check(ctx, mods[0], mods[1])
	if err != nil {
		return nil, err
	}
	return Compare(apis[0], apis[1], explained), nil
}

// RuntimePath is the import path the generated packages import the
// runtime (stapi) under. Both sides of a comparison are type-checked
// against one copy of it, so that apidiff sees the runtime's types
// (stapi.Client, stapi.Date) as the same on both sides.
const RuntimePath = "example.com/stgen-goapi/stapi"

// Module is a release's domain packages, generated in memory.
type Module struct {
	// Release names the release.
	Release string
	// Packages are the domain packages, sorted by name.
	Packages []*gen.Package
	// Names are the Go names the generation gave, as stgen generate writes
	// them into its names file.
	Names *names.File
	// BasePaths are the domains' base paths ("/crm/v2"), by package name.
	BasePaths map[string]string
}

// Generate generates the domain packages of a release's models through
// stgen generate's driver (pipeline.Packages), importing the runtime from
// [RuntimePath]. Nothing is written to disk.
func Generate(r Release) (*Module, error) {
	pkgs, err := pipeline.Packages(gen.Options{Runtime: RuntimePath, Release: r.Name}, r.Domains)
	if err != nil {
		return nil, err
	}
	m := &Module{Release: r.Name, Packages: pkgs, Names: names.New(), BasePaths: map[string]string{}}
	for i, d := range r.Domains {
		m.Names.Domains[d.Package] = m.Packages[i].Names
		m.BasePaths[d.Package] = d.BasePath
	}
	slices.SortFunc(m.Packages, func(a, b *gen.Package) int { return strings.Compare(a.Name, b.Name) })
	return m, nil
}
