package impact_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/apptest"
	"github.com/stgen-dev/stgen/internal/impact"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/testenv"
)

// releases are the fixture releases: 2026-02-01 removes an operation, a
// resource, a domain, a field, an enum value, adds required request fields,
// a field that makes a response type no longer comparable, and a scope;
// 2026-01-01 declares no scopes for depot, 2026-02-01 does.
const (
	releases = "../scopes/testdata/releases/"
	old      = releases + "2026-01-01"
	new      = releases + "2026-02-01"
)

// program makes the module example.com: testdata's packages and the
// clients generated from 2026-01-01 into st.
func program(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{}
	for _, name := range []string{"app/app.go", "app/app_test.go", "lib/lib.go"} {
		src, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(src)
	}
	apptest.Module(t, dir, "example.com", files)
	apptest.Generate(t, old, filepath.Join(dir, "st"))
	return dir
}

// wanted reads the "use:" comments of testdata's files: per file and line,
// "identifier kind [compiles]" for each use.
func wanted(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, name := range []string{"app/app.go", "app/app_test.go", "lib/lib.go"} {
		src, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			_, uses, ok := strings.Cut(line, "// use: ")
			if !ok {
				continue
			}
			for use := range strings.SplitSeq(uses, ";") {
				out = append(out, fmt.Sprintf("%s:%d %s", name, i+1, strings.Join(strings.Fields(use), " ")))
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestAnalyze checks the fixture program against the new release: every
// place that stops compiling, with the change that explains it, in the
// package named, its test file and the package of the module it imports;
// every place that compiles but changes meaning; the calls it cannot
// follow; and the program's folder unchanged.
func TestAnalyze(t *testing.T) {
	dir := program(t)
	before := testenv.Tree(t, dir)
	res, err := impact.Analyze(context.Background(), impact.Options{Dir: dir, Patterns: []string{"./app"}, Old: old, New: new, Tests: true})
	if err != nil {
		t.Fatal(err)
	}
	if after := testenv.Tree(t, dir); !maps.Equal(before, after) {
		t.Error("the program's folder changed")
	}
	var got []string
	for _, u := range res.Uses {
		id, kind, compiles := cmpOr(u.Identifier, "-"), "-", ""
		if u.Change != nil {
			kind = string(res.Report.Changes[*u.Change].Kind)
		}
		if u.Compiles {
			compiles = " compiles"
		}
		got = append(got, fmt.Sprintf("%s:%d %s %s%s", u.File, u.Line, id, kind, compiles))
		if u.Fix == "" || u.Message == "" || u.Column == 0 {
			t.Errorf("use %+v lacks its message, fix or column", u)
		}
		if u.Breaking != (kind != "-" && res.Report.Changes[*u.Change].Breaking) && !(u.Breaking && !u.Compiles) {
			t.Errorf("use %+v: breaking %t, but its change is breaking %t", u, u.Breaking, kind != "-" && res.Report.Changes[*u.Change].Breaking)
		}
	}
	slices.Sort(got)
	if want := wanted(t); !slices.Equal(got, want) {
		t.Errorf("uses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !res.Affected() || res.Output != "st" || !slices.Equal(res.Packages, []string{"example.com/app", "example.com/lib"}) {
		t.Errorf("affected %t, output %q, packages %q", res.Affected(), res.Output, res.Packages)
	}
	if res.Report.Summary.Breaking != 11 {
		t.Errorf("%d breaking changes, want 11 (the comparison of the program's domains)", res.Report.Summary.Breaking)
	}
	checkFormats(t, res)
}

// checkFormats checks the formats of the fixture program's result: JSON
// is stgen diff's object with uses indexing its changes; text and
// Markdown begin with the program's section.
func checkFormats(t *testing.T, res *impact.Result) {
	t.Helper()
	var js bytes.Buffer
	if err := impact.Format(&js, "json", res); err != nil {
		t.Fatal(err)
	}
	var decoded struct {
		Old, New  string
		Generated string
		Changes   []struct{ Kind string }
		Uses      []struct {
			File               string
			Line, Column       int
			Identifier         string
			Message            string
			Change             *int
			Compiles, Breaking bool
			Fix                string
		}
	}
	if err := json.Unmarshal(js.Bytes(), &decoded); err != nil {
		t.Fatal(err)
	}
	if decoded.Old != "2026-01-01" || decoded.New != "2026-02-01" || decoded.Generated != "st" || len(decoded.Uses) != len(res.Uses) {
		t.Fatalf("JSON:\n%s", js.String())
	}
	u := decoded.Uses[len(decoded.Uses)-1]
	if u.File != "lib/lib.go" || u.Line != 13 || u.Column != 19 || u.Identifier != "shop.WidgetsResource.Delete" || u.Change == nil ||
		decoded.Changes[*u.Change].Kind != "operation-removed" || u.Compiles || !u.Breaking || !strings.Contains(u.Message, "undefined") || u.Fix == "" {
		t.Errorf("last use %+v", u)
	}

	var text, md bytes.Buffer
	if err := impact.Format(&text, "text", res); err != nil {
		t.Fatal(err)
	}
	if err := impact.Format(&md, "markdown", res); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Your code: 11 places stop compiling, 5 places break at run time, 4 places to check (2026-01-01 -> 2026-02-01, clients in st)\n\nStops compiling: 11\n",
		"\nlib/lib.go:13:19: shop.WidgetsResource.Delete: c.Widgets.Delete undefined (type *shop.WidgetsResource has no field or method Delete)\n" +
			"    operation-removed: DELETE /shop/v2/tenant/{tenant}/widgets/{id}: operation removed: shop.WidgetsResource.Delete\n    to do: ",
		"\nBreaks at run time: 5\n", "\nTo check: 4\n",
		"    scopes-unknown: 2026-01-01 declares no OAuth scopes for depot\n",
		"\n\n2026-01-01 -> 2026-02-01: 11 breaking",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	for _, want := range []string{
		"## Your code\n\n2026-01-01 → 2026-02-01, the clients in `st`: **11 places stop compiling, 5 places break at run time, 4 places to check**.\n\n### Stops compiling\n\n- `app/app.go:16:2` `yard`: could not import",
		"\n### Breaks at run time\n\n", "\n<details><summary>To check: 4</summary>\n\n",
		"- `lib/lib.go:13:19` `shop.WidgetsResource.Delete`: c.Widgets.Delete undefined (type \\*shop.WidgetsResource has no field or method Delete). `operation-removed` DELETE /shop/v2/tenant/{tenant}/widgets/{id}: operation removed: shop.WidgetsResource.Delete. _the operation is gone",
		"\n## API changes 2026-01-01 → 2026-02-01",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md.String())
		}
	}
	if err := impact.Format(&text, "yaml", res); err == nil {
		t.Error("Format yaml: no error")
	}
}

// TestAnalyzeNames: clients generated with names of their own (a names
// file that renamed a type) are regenerated with them, and the changes
// name them so.
func TestAnalyzeNames(t *testing.T) {
	dir := t.TempDir()
	apptest.Module(t, dir, "example.com", map[string]string{"app/app.go": `package app

import "example.com/st/shop"

func Price(w *shop.Widget) float64 { return *w.Price }
`})
	recorded := names.New()
	recorded.Domains["shop"] = &names.Domain{Schemas: map[string]names.Schema{"Shop.V2.WidgetResponse": {Name: "Widget"}}}
	if err := os.MkdirAll(filepath.Join(dir, "st"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "st", names.FileName), recorded.Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	apptest.Generate(t, old, filepath.Join(dir, "st"))
	res, err := impact.Analyze(context.Background(), impact.Options{Dir: dir, Patterns: []string{"./..."}, Old: old, New: new})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Uses) != 1 || res.Uses[0].Identifier != "shop.Widget.Price" || res.Uses[0].Change == nil {
		t.Errorf("uses %+v, want shop.Widget.Price, explained", res.Uses)
	}
}

func TestAnalyzeErrors(t *testing.T) {
	dir := program(t)
	apptest.Generate(t, old, filepath.Join(dir, "other"))
	apptest.Module(t, dir, "example.com", map[string]string{
		"plain/plain.go": "package plain\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n",
		"both/both.go":   "package both\n\nimport (\n\t_ \"example.com/other/shop\"\n\t_ \"example.com/st/shop\"\n)\n",
	})
	for _, tc := range []struct {
		name      string
		patterns  []string
		generated string
		domains   []string
		want      string
	}{
		{"no generated package", []string{"./plain"}, "", nil, "import no domain package stgen generated"},
		{"two output folders", []string{"./both"}, "", nil, "generated packages of 2 folders"},
		{"a folder not imported", []string{"./lib"}, filepath.Join(dir, "other"), nil, "import no package of it"},
		{"domains not used", []string{"./lib"}, "", []string{"depot"}, "--domains depot: the program uses none of them; it uses shop"},
		{"no package", []string{"./nothing"}, "", nil, "nothing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := impact.Analyze(context.Background(), impact.Options{Dir: dir, Patterns: tc.patterns, Old: old, New: new, Generated: tc.generated, Domains: tc.domains})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Analyze: %v, want an error containing %q", err, tc.want)
			}
		})
	}
	// A program using nothing the release changes, its clients named:
	// no uses, not affected, and JSON's uses empty.
	res, err := impact.Analyze(context.Background(), impact.Options{Dir: dir, Patterns: []string{"./both"}, Old: old, New: new, Generated: filepath.Join(dir, "other")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Output != "other" || len(res.Uses) != 0 || res.Affected() {
		t.Errorf("--generated other: output %q, uses %+v", res.Output, res.Uses)
	}
	var js bytes.Buffer
	if err := impact.Format(&js, "json", res); err != nil || !strings.Contains(js.String(), `"uses": []`) {
		t.Errorf("JSON (%v):\n%s", err, js.String())
	}
}

func cmpOr(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}
