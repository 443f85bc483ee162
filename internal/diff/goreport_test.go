package diff

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/goapi"
)

// goReport is a Go API section as goapi.Compare gives it: a package with
// an explained and an unexplained incompatible change, one with only
// additions, one unchanged, one added.
func goReport() *goapi.Report {
	rename := goapi.Change{Ident: "shop.WidgetResponse.Color", Message: "WidgetResponse.Color: changed from *Color to *ShopColor"}
	return &goapi.Report{
		Bump: goapi.Major,
		Packages: []goapi.Package{
			{Package: "depot", Bump: goapi.Minor, Incompatible: []goapi.Change{},
				Compatible: []goapi.Change{{Ident: "depot.BinsResource.Get", Message: "(*BinsResource).Get: added"}}},
			{Package: "shop", Bump: goapi.Major,
				Incompatible: []goapi.Change{
					rename,
					{Ident: "shop.WidgetsResource.Archive", Message: "(*WidgetsResource).Archive: removed", ExplainedBy: "operation-removed"},
				},
				Compatible: []goapi.Change{{Ident: "shop.ColorBlue", Message: "ColorBlue: added"}}},
			{Package: "stock", Bump: goapi.Patch, Incompatible: []goapi.Change{}, Compatible: []goapi.Change{}},
		},
		Added:       []string{"yard"},
		Unexplained: []goapi.Change{rename},
	}
}

// TestGoldenGoAPI renders a report with a Go API section in every format.
func TestGoldenGoAPI(t *testing.T) {
	r := compareDirs(t, formatPair[0], formatPair[1])
	r.GoAPI = goReport()
	for _, tt := range []struct{ format, file string }{
		{"text", "report-go.txt"},
		{"markdown", "report-go.md"},
		{"json", "report-go.json"},
	} {
		t.Run(tt.format, func(t *testing.T) {
			got := checkGolden(t, r, tt.format, tt.file, "TestGoldenGoAPI")
			// The spec-level report comes first, unchanged.
			r.GoAPI = nil
			spec := formatReport(t, r, tt.format)
			r.GoAPI = goReport()
			if tt.format != "json" && !bytes.HasPrefix(got, spec) {
				t.Errorf("%s: the report with a Go API section does not start with the report without one", tt.format)
			}
		})
	}
}

// TestGoAPIJSONShape checks the documented shape of the goapi object.
func TestGoAPIJSONShape(t *testing.T) {
	r := &Report{Old: "a", New: "b", Changes: []Change{}, GoAPI: goReport()}
	var out bytes.Buffer
	if err := (JSON{}).Format(&out, r); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		GoAPI struct {
			Bump     string
			Packages []struct {
				Package, Bump            string
				Incompatible, Compatible []map[string]string
			}
			Added       []string
			Unexplained []map[string]string
		} `json:"goapi"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	g := doc.GoAPI
	if g.Bump != "major" || len(g.Packages) != 3 || g.Packages[1].Package != "shop" || g.Packages[1].Bump != "major" || !slices.Equal(g.Added, []string{"yard"}) {
		t.Fatalf("goapi %+v; want bump major, three packages, shop major, yard added", g)
	}
	if c := g.Packages[1].Incompatible[1]; c["ident"] != "shop.WidgetsResource.Archive" || c["message"] != "(*WidgetsResource).Archive: removed" || c["explainedBy"] != "operation-removed" {
		t.Errorf("incompatible change %v; want ident, message and explainedBy", c)
	}
	if len(g.Unexplained) != 1 || g.Unexplained[0]["ident"] != "shop.WidgetResponse.Color" || g.Unexplained[0]["explainedBy"] != "" {
		t.Errorf("unexplained %v; want the one rename, without explainedBy", g.Unexplained)
	}
	var plain bytes.Buffer
	r.GoAPI = nil
	if err := (JSON{}).Format(&plain, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "goapi") {
		t.Errorf("a report without a Go API section has a goapi key:\n%s", plain.String())
	}
}

// TestNoChangesGoAPI renders a report where neither the documents nor the
// Go API changed: the Go section says so.
func TestNoChangesGoAPI(t *testing.T) {
	r := &Report{Old: "a", New: "b", Changes: []Change{}, GoAPI: &goapi.Report{Bump: goapi.Patch,
		Packages: []goapi.Package{{Package: "crm", Bump: goapi.Patch, Incompatible: []goapi.Change{}, Compatible: []goapi.Change{}}}, Unexplained: []goapi.Change{}}}
	want := map[string]string{
		"text": "a -> b: no changes\n\nGo API (apidiff over the generated packages): patch: 0 incompatible and 0 compatible changes in 0 of 1 package\n\n" +
			unexplainedTitle + ": 0\n",
		"markdown": "## API changes a → b\n\nNo changes.\n\n## Go API\n\napidiff over the generated packages: **patch: 0 incompatible and 0 compatible changes in 0 of 1 package**.\n\n**" +
			unexplainedTitle + "**: none.\n",
	}
	for format, want := range want {
		if got := string(formatReport(t, r, format)); got != want {
			t.Errorf("%s: %q; want %q", format, got, want)
		}
	}
}

// TestExplained checks the identifiers a report gives goapi: every one a
// change names, with the kind of the first change naming it.
func TestExplained(t *testing.T) {
	r := &Report{Changes: []Change{
		{Kind: TypeRenamed, Go: []string{"crm.A", "crm.B"}},
		{Kind: ResponseFieldAdded, Go: []string{"crm.B.F"}},
		{Kind: RequestFieldAdded, Go: []string{"crm.B"}},
		{Kind: DomainAdded, Go: []string{"jpm"}},
	}}
	want := map[string]string{"crm.A": "type-renamed", "crm.B": "type-renamed", "crm.B.F": "response-field-added", "jpm": "domain-added"}
	if got := r.Explained(); !maps.Equal(got, want) {
		t.Errorf("Explained() = %v; want %v", got, want)
	}
}
