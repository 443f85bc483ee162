package goapi_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stgen-dev/stgen/internal/diff"
	"github.com/stgen-dev/stgen/internal/gen"
	"github.com/stgen-dev/stgen/internal/goapi"
	"github.com/stgen-dev/stgen/internal/testenv"
)

// The fixture releases: testdata/old and testdata/new (see their comments).
const (
	oldFixture = "testdata/old"
	newFixture = "testdata/new"
)

// apis holds the fixtures' APIs, generated and type-checked once for the
// test binary, by whether the new one keeps the old one's names.
var apis = struct {
	sync.Mutex
	byCarry map[bool][2]*goapi.API
}{byCarry: map[bool][2]*goapi.API{}}

// fixtureAPIs returns the APIs of the old fixture and of the new one, the
// new one modelled keeping the old one's names (as stgen diff does), or,
// when carry is false, named anew.
func fixtureAPIs(t *testing.T, carry bool) (old, new *goapi.API) {
	t.Helper()
	apis.Lock()
	defer apis.Unlock()
	if a, ok := apis.byCarry[carry]; ok {
		return a[0], a[1]
	}
	o, n, err := diff.LoadPair(oldFixture, newFixture, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !carry {
		if n, err = diff.Load(newFixture); err != nil {
			t.Fatal(err)
		}
	}
	a := checkReleases(t, o, n)
	apis.byCarry[carry] = [2]*goapi.API{a[0], a[1]}
	return a[0], a[1]
}

// checkReleases generates and type-checks the packages of two releases.
func checkReleases(t *testing.T, rs ...*diff.Release) []*goapi.API {
	t.Helper()
	var mods []*goapi.Module
	for _, r := range rs {
		m, err := goapi.Generate(goapi.Release{Name: r.Name, Domains: r.Domains})
		if err != nil {
			t.Fatal(err)
		}
		mods = append(mods, m)
	}
	a, err := goapi.Check(context.Background(), mods...)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// specExplained returns the Go identifiers the spec-level comparison of the
// fixtures names, as stgen diff gives them to goapi.
func specExplained(t *testing.T) map[string]string {
	t.Helper()
	old, new, err := diff.LoadPair(oldFixture, newFixture, nil)
	if err != nil {
		t.Fatal(err)
	}
	return diff.Compare(old, new).Explained()
}

// incompatible returns a report's incompatible changes as "ident: what explains it".
func incompatible(r *goapi.Report) []string {
	var out []string
	for _, p := range r.Packages {
		for _, c := range p.Incompatible {
			out = append(out, c.Ident+": "+c.ExplainedBy)
		}
	}
	return out
}

func idents(changes []goapi.Change) []string {
	var out []string
	for _, c := range changes {
		out = append(out, c.Ident)
	}
	return out
}

// TestCompareKeepingNames compares the fixtures as stgen diff --go does:
// every incompatible change is explained, by the spec-level changes or by
// what the documents no longer have.
func TestCompareKeepingNames(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks generated packages: skipped with -short")
	}
	old, new := fixtureAPIs(t, true)
	r := goapi.Compare(old, new, specExplained(t))
	want := []string{
		"depot.BasePath: base-path-changed",
		"shop.Address: type-renamed",
		"shop.CancelRequest: type-removed",
		"shop.Client.Coupons: resource-removed",
		"shop.Coupon: type-removed",
		"shop.CouponKind: type-removed",
		"shop.CouponKindAmount: type-removed",
		"shop.CouponKindPercent: type-removed",
		"shop.CouponsGetListParams: operation-removed",
		"shop.CouponsResource: resource-removed",
		"shop.Order.Address: type-renamed",
		"shop.Order.Total: response-field-type-changed",
		"shop.OrdersResource.Cancel: operation-removed",
		"shop.OrdersResource.Get: parameter-added",
		"shop.StatusHeld: enum-value-removed",
	}
	if got := incompatible(r); !slices.Equal(got, want) {
		t.Errorf("incompatible changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(r.Unexplained) != 0 {
		t.Errorf("unexplained %v; want none", idents(r.Unexplained))
	}
	if r.Bump != goapi.Major || len(r.Packages) != 2 || r.Packages[0].Bump != goapi.Major || r.Packages[1].Bump != goapi.Major {
		t.Errorf("bump %s, packages %+v; want major, depot and shop major", r.Bump, r.Packages)
	}
	shop := r.Packages[1]
	for _, id := range []string{"shop.Order.Note", "shop.ReturnsResource", "shop.Client.Returns", "shop.ShippingAddress", "shop.OrdersGetParams"} {
		if !slices.Contains(idents(shop.Compatible), id) {
			t.Errorf("compatible changes %v lack %s", idents(shop.Compatible), id)
		}
	}
	get := shop.Incompatible[slices.IndexFunc(shop.Incompatible, func(c goapi.Change) bool { return c.Ident == "shop.OrdersResource.Get" })]
	if !strings.HasPrefix(get.Message, "(*OrdersResource).Get: changed from func(") || !strings.Contains(get.Message, "*OrdersGetParams") {
		t.Errorf("Get: %q; want apidiff's message of a signature gaining *OrdersGetParams", get.Message)
	}
}

// TestCompareRenamed compares the fixtures with the new one named anew, as
// stgen generate without its names file would: the Status type, renamed
// ShopStatus for the collision with the new Returns.V2.Status, is a rename
// nothing in the documents explains.
func TestCompareRenamed(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks generated packages: skipped with -short")
	}
	old, new := fixtureAPIs(t, false)
	r := goapi.Compare(old, new, specExplained(t))
	want := []string{"shop.Order.Status", "shop.OrdersGetListParams.Status", "shop.Status", "shop.StatusClosed", "shop.StatusOpen"}
	if got := idents(r.Unexplained); !slices.Equal(got, want) {
		t.Errorf("unexplained %v; want %v", got, want)
	}
	for _, c := range r.Unexplained {
		if c.ExplainedBy != "" || !strings.HasPrefix(c.Message, strings.TrimPrefix(c.Ident, "shop.")+": ") && !strings.Contains(c.Message, "ShopStatus") {
			t.Errorf("unexplained %+v", c)
		}
	}
}

// TestCompareWithoutSpec shows what only the spec-level changes explain:
// a field's new type, a type renamed in the documents (the old one's
// removal the names explain: its schema has gone) and a signature that
// gained a parameters struct.
func TestCompareWithoutSpec(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks generated packages: skipped with -short")
	}
	old, new := fixtureAPIs(t, true)
	r := goapi.Compare(old, new, nil)
	want := []string{"shop.Order.Address", "shop.Order.Total", "shop.OrdersResource.Get"}
	if got := idents(r.Unexplained); !slices.Equal(got, want) {
		t.Errorf("unexplained %v; want %v", got, want)
	}
}

// TestComparePackages checks the bumps: none for the same API, major for a
// package removed, minor for one added.
func TestComparePackages(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks generated packages: skipped with -short")
	}
	old, _ := fixtureAPIs(t, true)
	r := goapi.Compare(old, old, nil)
	if r.Bump != goapi.Patch || r.Changed() || len(r.Packages) != 2 || len(r.Unexplained) != 0 {
		t.Errorf("same API: %+v; want bump patch, two packages, no change", r)
	}
	for _, p := range r.Packages {
		if p.Bump != goapi.Patch || len(p.Incompatible)+len(p.Compatible) != 0 {
			t.Errorf("same API: package %+v; want patch, no change", p)
		}
	}
	shopOnly := *old
	shopOnly.Packages = maps.Clone(old.Packages)
	delete(shopOnly.Packages, "depot")
	if r := goapi.Compare(old, &shopOnly, nil); r.Bump != goapi.Major || !slices.Equal(r.Removed, []string{"depot"}) || len(r.Packages) != 1 {
		t.Errorf("depot removed: bump %s, removed %v, %d packages; want major, [depot], 1", r.Bump, r.Removed, len(r.Packages))
	}
	if r := goapi.Compare(&shopOnly, old, nil); r.Bump != goapi.Minor || !slices.Equal(r.Added, []string{"depot"}) {
		t.Errorf("depot added: bump %s, added %v; want minor, [depot]", r.Bump, r.Added)
	}
}

// TestCheckFails checks that generated code that does not type-check is
// an error naming the package and the release, and the place.
func TestCheckFails(t *testing.T) {
	broken := &goapi.Module{Release: "broken", Packages: []*gen.Package{{Name: "shop", Files: map[string][]byte{
		"shop.gen.go": []byte("package shop\n\ntype Order struct{ Total Money }\n"),
	}}}}
	_, err := goapi.Check(context.Background(), broken)
	if err == nil {
		t.Fatal("Check of a package naming an undeclared type succeeded; want an error")
	}
	for _, want := range []string{"the Go package shop generated from broken does not type-check", "shop/shop.gen.go:3:", "undefined: Money"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

// TestCompareRealReleases compares the Go APIs of five domains of the last
// two real releases, where the documents remove operations, resources and
// schemas and six structs gain a slice field: apidiff's every incompatible
// change is explained by the documents, and the spec-level report, without
// --go, already names each one among its breaking changes (issue 19, item 4).
// Under the race detector, jpm alone.
func TestCompareRealReleases(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and type-checks five domains of two real releases: skipped with -short")
	}
	domains, atLeast := []string{"dispatch", "jpm", "marketing", "payroll", "telecom"}, 80
	if raceEnabled {
		domains, atLeast = []string{"jpm"}, 8
	}
	old, new, err := diff.LoadPair(testenv.Release(t, "2026-03-17"), testenv.Release(t, "2026-05-11"), domains)
	if err != nil {
		t.Fatal(err)
	}
	report := diff.Compare(old, new)
	a := checkReleases(t, old, new)
	r := goapi.Compare(a[0], a[1], report.Explained())
	if len(r.Unexplained) != 0 {
		t.Errorf("unexplained %v; want none", idents(r.Unexplained))
	}
	named := map[string]bool{}
	for _, c := range report.Changes {
		for _, id := range c.Go {
			named[id] = c.Breaking
		}
	}
	n := 0
	for _, p := range r.Packages {
		for _, c := range p.Incompatible {
			n++
			if !named[c.Ident] {
				t.Errorf("%s (%s) is not named by a breaking change of the spec-level report", c.Ident, c.Message)
			}
		}
	}
	if n < atLeast {
		t.Errorf("%d incompatible changes; want at least %d in %v", n, atLeast, domains)
	}
}
