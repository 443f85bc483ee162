package goapi

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/testenv"
	"golang.org/x/mod/modfile"
)

// TestOAPIRuntimeVersion checks that the scratch modules require the
// version of oapi-codegen's runtime stgen's go.mod does, which `go mod
// download` puts in the module cache.
func TestOAPIRuntimeVersion(t *testing.T) {
	path := filepath.Join(testenv.RepoRoot(), "go.mod")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.Parse(path, b, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range f.Require {
		if r.Mod.Path == oapiRuntime.Path {
			if r.Mod.Version != oapiRuntime.Version {
				t.Errorf("go.mod requires %s; the scratch modules require %s: keep them equal", r.Mod, oapiRuntime)
			}
			return
		}
	}
	t.Errorf("go.mod does not require %s", oapiRuntime.Path)
}

// TestGenerateModule checks the scratch module: go.mod requires
// oapi-codegen's runtime only when a package imports it, and only the
// runtime package stapi is copied beside the domains.
func TestGenerateModule(t *testing.T) {
	for _, tt := range []struct {
		files   []string
		runtime bool
	}{
		{[]string{"shop.yaml"}, false},
		{[]string{"shop.yaml", "depot.yaml"}, true},
	} {
		specs := t.TempDir()
		for _, f := range tt.files {
			b, err := os.ReadFile(filepath.Join("testdata", "old", f))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(specs, f), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		dir := filepath.Join(t.TempDir(), "m")
		m, err := Generate(specs, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		goMod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(goMod), "require "+oapiRuntime.Path+" "+oapiRuntime.Version); got != tt.runtime || !strings.HasPrefix(string(goMod), "module "+ModulePath+"\n") {
			t.Errorf("%v: go.mod %q; want module %s, requiring %s: %v", tt.files, goMod, ModulePath, oapiRuntime, tt.runtime)
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			got = append(got, e.Name())
		}
		want := append([]string{"go.mod"}, m.Domains...)
		want = append(want, "stapi")
		if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
			t.Errorf("%v: module holds %v; want %v", tt.files, got, want)
		}
		if m.Names.Domain("shop") == nil || m.BasePaths["shop"] != "/shop/v2" {
			t.Errorf("%v: names %v, base paths %v; want shop's", tt.files, m.Names.Domains, m.BasePaths)
		}
	}
}
