package scopecheck_test

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/stgen-dev/stgen/internal/apptest"
	"github.com/stgen-dev/stgen/internal/opsfile"
	"github.com/stgen-dev/stgen/scopecheck"
)

// TestAnalyzer runs the analyzer with -have=tn.shop.widgets:r under
// analysistest, on the module example.com: testdata's packages, the
// clients generated from the fixture release 2026-01-01 into st (shop
// declares scopes, depot none), and into old without an operations file.
// On app it reports only the calls needing another scope, or whose scopes
// are unknown, and those it cannot follow; on norecord, the import of
// packages generated without an operations file. The generated packages
// get facts, no diagnostics.
func TestAnalyzer(t *testing.T) {
	if raceEnabled {
		t.Skip("analysistest type-checks the standard library from source, 30 s under -race: go test ./scopecheck runs it in 10 s; the analyzer starts no goroutine")
	}
	dir := t.TempDir()
	files := map[string]string{}
	for _, pkg := range []string{"app", "norecord"} {
		src, err := os.ReadFile(filepath.Join("testdata", pkg, pkg+".go"))
		if err != nil {
			t.Fatal(err)
		}
		files[pkg+"/"+pkg+".go"] = string(src)
	}
	apptest.Module(t, dir, "example.com", files)
	release := filepath.Join("..", "internal", "scopes", "testdata", "releases", "2026-01-01")
	apptest.Generate(t, release, filepath.Join(dir, "st"))
	apptest.Generate(t, release, filepath.Join(dir, "old"))
	if err := os.Remove(filepath.Join(dir, "old", opsfile.FileName)); err != nil {
		t.Fatal(err)
	}

	a := scopecheck.New()
	if err := a.Flags.Set("have", "tn.shop.widgets:r"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, a, "example.com/app", "example.com/norecord")
}

func TestHaveFlag(t *testing.T) {
	a := scopecheck.New()
	if err := a.Flags.Set("have", "tn.shop;rm"); err == nil {
		t.Error("-have accepted a word that is no scope")
	}
	if got := a.Flags.Lookup("have").Value.String(); got != "" {
		t.Errorf("-have after a refused value = %q, want unset", got)
	}
	if scopecheck.New().Flags.Lookup("have") == a.Flags.Lookup("have") {
		t.Error("two analyzers share their -have flag")
	}
}
