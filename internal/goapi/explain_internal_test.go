package goapi

import (
	"go/types"
	"testing"

	"github.com/stgen-dev/stgen/internal/names"
)

func TestIdentOf(t *testing.T) {
	tests := []struct{ message, want string }{
		{"(*JobsResource).Complete: removed", "JobsResource.Complete"},
		{"JobsResource.Complete: removed", "JobsResource.Complete"},
		{"CustomerResponse.Balance: changed from *float64 to *string", "CustomerResponse.Balance"},
		{"Client.Availability: removed", "Client.Availability"},
		{"(*Pages[T]).Next: removed", "Pages.Next"},
		{"BasePath: value changed from \"/a\" to \"/b\"", "BasePath"},
		{"Sorter, method Less: removed", "Sorter"},
	}
	for _, tt := range tests {
		if got := identOf(tt.message); got != tt.want {
			t.Errorf("identOf(%q) = %q; want %q", tt.message, got, tt.want)
		}
	}
}

// TestExplain checks the rules of explain.go on a package p whose spec-level
// changes name a renamed type (A is now B) and a parameter added to P, and
// whose old generation named things the new release no longer has: schema
// Merged was an enum merged into X.Kind (one Go type, Kind), Moved moved
// namespace keeping its name, Renamed is renamed by the generator, Items.Get
// is Items.Fetch.
func TestExplain(t *testing.T) {
	old := &names.Domain{
		Schemas: map[string]names.Schema{
			"P.V2.Gone":    {Name: "Gone"},
			"P.V2.Unused":  {Name: "Unused"},
			"P.V2.Kept":    {Name: "Kept"},
			"P.V2.Moved":   {Name: "Moved"},
			"P.V2.Merged":  {Name: "Kind"},
			"P.V2.X.Kind":  {Name: "Kind"},
			"P.V2.Renamed": {Name: "Renamed"},
		},
		Constants: map[string]map[string]string{
			"P.V2.Gone":   {"a": "GoneA"},
			"P.V2.Kept":   {"x": "KeptX", "y": "KeptY"},
			"P.V2.Merged": {"m": "KindM"},
			"P.V2.X.Kind": {"m": "KindM"},
		},
		Operations: map[string]names.Operation{
			"GET /p/{}/items":       {Method: "Items.GetList", All: "GetListAll"},
			"GET /p/{}/items/{}":    {Method: "Items.Get"},
			"GET /p/{}/exports":     {Method: "Export.Items", Feed: "ItemsFeed"},
			"POST /p/{}/items/{}/x": {Method: "Items.Act"},
		},
	}
	new := &names.Domain{
		Schemas: map[string]names.Schema{
			"P.V2.Unused":  {Name: "Unused"},
			"P.V2.Kept":    {Name: "Kept"},
			"P.V2.X.Kind":  {Name: "Kind"},
			"P.V2.Renamed": {Name: "Renamed2"},
			"P.V2.Y.Moved": {Name: "Moved"},
		},
		Constants: map[string]map[string]string{"P.V2.Kept": {"x": "KeptX"}},
		Operations: map[string]names.Operation{
			"GET /p/{}/items":    {Method: "Items.GetList", All: "GetListAll"},
			"GET /p/{}/items/{}": {Method: "Items.Fetch"},
		},
	}
	newPkg := types.NewPackage("example.com/p", "p")
	for _, name := range []string{"Kept", "Kind", "Renamed2", "Moved"} {
		newPkg.Scope().Insert(types.NewTypeName(0, newPkg, name, nil))
	}
	spec := map[string]string{"p.A": "type-renamed", "p.B": "type-renamed", "p.P.X": "parameter-added", "p.T.F": "response-field-added"}
	e := newExplainer("p", spec, side{names: old, basePath: "/p/v2"}, side{pkg: newPkg, names: new, basePath: "/p"})

	tests := []struct{ ident, what, want string }{
		{"p.A", "removed", "type-renamed"},
		{"p.A.F", "removed", "type-renamed"},
		{"p.T", "old is comparable, new is not", "response-field-added"},
		{"p.T", "removed", ""},
		{"p.P", "removed", ""},
		{"p.S.F", "changed from *A to *B", "type-renamed"},
		{"p.S.F", "changed from []A to *B", ""},
		{"p.S.F", "changed from A to C", ""},
		{"p.S.F", "changed from int32 to int64", ""},
		{"p.S.F", "changed from []string to []*string", ""},
		{"p.R.M", "changed from func(context.Context, int64, ...example.com/p/stapi.Option) error to func(context.Context, int64, *P, ...example.com/p/stapi.Option) error", "parameter-added"},
		{"p.R.M", "changed from func(context.Context) error to func(context.Context, int64) error", ""},
		{"p.BasePath", `value changed from "/p/v2" to "/p"`, "base-path-changed"},
		{"p.Gone", "removed", "schema-removed"},
		{"p.GoneA", "removed", "schema-removed"},
		{"p.Unused", "removed", "schema-unused"},
		{"p.KeptY", "removed", "enum-value-removed"},
		{"p.KeptX", "removed", ""},
		{"p.Kind", "removed", ""},
		{"p.KindM", "removed", "enum-value-removed"},
		{"p.Moved", "removed", "schema-removed"},
		{"p.Renamed", "removed", ""},
		{"p.ItemsResource.Act", "removed", "operation-removed"},
		{"p.ItemsActParams", "removed", "operation-removed"},
		{"p.ItemsResource.Get", "removed", ""},
		{"p.ItemsResource", "removed", ""},
		{"p.Client.Items", "removed", ""},
		{"p.ExportResource.Items", "removed", "operation-removed"},
		{"p.ExportResource.ItemsFeed", "removed", "operation-removed"},
		{"p.ExportResource", "removed", "resource-removed"},
		{"p.Client.Export", "removed", "resource-removed"},
	}
	for _, tt := range tests {
		if got := e.explain(tt.ident, tt.what); got != tt.want {
			t.Errorf("explain(%s: %s) = %q; want %q", tt.ident, tt.what, got, tt.want)
		}
	}
}
