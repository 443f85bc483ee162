package gen_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/diff"
	"github.com/stgen-dev/stgen/internal/goapi"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/normalize"
	"github.com/stgen-dev/stgen/internal/spec"
	"github.com/stgen-dev/stgen/internal/testenv"
)

// specGaps lists, by pair of releases, the incompatible Go changes a change
// in the documents explains that the spec-level comparison does not report,
// so that goapi cannot tell them from stgen's renames: none today.
var specGaps = map[[2]string][]string{}

// generateAPI models the release in dir, keeping the names recorded (nil
// for none), generates its packages and type-checks them.
func generateAPI(t *testing.T, dir string, recorded *names.File) *goapi.API {
	t.Helper()
	docs, err := spec.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := goapi.Release{Name: filepath.Base(dir)}
	for _, d := range docs {
		dom, err := normalize.Domain(d, recorded.Domain(d.Domain))
		if err != nil {
			t.Fatal(err)
		}
		r.Domains = append(r.Domains, dom)
	}
	m, err := goapi.Generate(r)
	if err != nil {
		t.Fatal(err)
	}
	apis, err := goapi.Check(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	return apis[0]
}

// explained returns the Go identifiers the spec-level comparison of two
// releases names, the releases loaded as stgen diff loads them.
func explained(t *testing.T, oldDir, newDir string) map[string]string {
	t.Helper()
	old, new, err := diff.LoadPair(oldDir, newDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	return diff.Compare(old, new).Explained()
}

// figures counts a comparison's changes.
func figures(r *goapi.Report) (explainedIncompatible, compatible int) {
	for _, p := range r.Packages {
		explainedIncompatible += len(p.Incompatible)
		compatible += len(p.Compatible)
	}
	return explainedIncompatible - len(r.Unexplained), compatible
}

// TestNamesKeepGoAPI generates the real releases in order, each keeping the
// names the one before gave (the names file, carried as stgen generate
// carries it), and compares each pair's Go API with apidiff: no
// incompatible change is left that a change in the documents does not
// explain. Without the names, each release named anew, stgen's naming
// renames things the documents did not: the test counts them.
func TestNamesKeepGoAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and type-checks every release twice: skipped with -short")
	}
	releases := testenv.Releases(t)
	kept := generateAPI(t, releases[0], nil)
	anew := kept
	renames, removedNames := 0, 0
	for _, dir := range releases[1:] {
		pair := [2]string{kept.Release, filepath.Base(dir)}
		spec := explained(t, testenv.Release(t, pair[0]), dir)

		next := generateAPI(t, dir, kept.Names)
		r := goapi.Compare(kept, next, spec)
		var unexplained []string
		for _, c := range r.Unexplained {
			unexplained = append(unexplained, c.Ident)
		}
		if want := specGaps[pair]; !slices.Equal(unexplained, want) {
			t.Errorf("%s -> %s, names kept: incompatible Go changes no change in the documents explains:\n%s\nwant only the spec-level comparison's gaps %v",
				pair[0], pair[1], describe(r.Unexplained), want)
		}

		nextAnew := generateAPI(t, dir, nil)
		ra := goapi.Compare(anew, nextAnew, spec)
		renamed := len(ra.Unexplained) - len(specGaps[pair])
		names := 0 // the old names gone among them; the others use a renamed type
		for _, c := range ra.Unexplained {
			if strings.HasSuffix(c.Message, ": removed") {
				names++
			}
		}
		renames += renamed
		removedNames += names

		incompatible, compatible := figures(r)
		t.Logf("%s -> %s: names kept: bump %s, %d incompatible changes the documents explain, %d compatible, %d unexplained (%d spec-level gaps); named anew: %d incompatible changes by stgen's naming (%d names gone)",
			pair[0], pair[1], r.Bump, incompatible, compatible, len(r.Unexplained), len(specGaps[pair]), renamed, names)
		if renamed > 0 {
			t.Logf("renamed when the names are not kept:\n%s", describe(ra.Unexplained))
		}
		kept, anew = next, nextAnew
	}
	t.Logf("names kept: no change by stgen's naming; named anew: %d incompatible changes by stgen's naming (%d names gone) over %d pairs", renames, removedNames, len(releases)-1)
}

// describe lists changes one a line.
func describe(changes []goapi.Change) string {
	var b strings.Builder
	for _, c := range changes {
		fmt.Fprintf(&b, "  %s (%s)\n", c.Ident, c.Message)
	}
	return b.String()
}
