package normalize

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/spec"
)

// load builds the model of one of the generator's fixtures.
func load(t *testing.T, name string) *model.Domain {
	t.Helper()
	d, err := spec.Load(filepath.Join("..", "gen", "testdata", "fixtures", name))
	if err != nil {
		t.Fatal(err)
	}
	dom, err := Domain(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	return dom
}

func TestOperations(t *testing.T) {
	dom := load(t, "servicetitan.yaml")
	for _, c := range []struct {
		path, method       string
		resource, goMethod string
		pager              model.PagerKind
		all, feed          string
	}{
		{"/tenant/{tenant}/customers", "GET", "Customers", "GetList", model.PagerPages, "GetListAll", ""},
		{"/tenant/{tenant}/customers", "POST", "Customers", "Create", 0, "", ""},
		{"/tenant/{tenant}/export/customers", "GET", "Export", "Customers", model.PagerExport, "CustomersAll", "CustomersFeed"},
		{"/tenant/{tenant}/locations/{id}/address", "PATCH", "Locations", "Locationaddress", 0, "", ""},
	} {
		i := slices.IndexFunc(dom.Operations, func(op *model.Operation) bool {
			return op.HTTPMethod == c.method && op.Path == "/crm/v2"+c.path
		})
		if i < 0 {
			t.Errorf("no operation %s /crm/v2%s", c.method, c.path)
			continue
		}
		op := dom.Operations[i]
		var pager model.PagerKind
		var all, feed string
		if op.Pager != nil {
			pager, all, feed = op.Pager.Kind, op.Pager.All, op.Pager.Feed
		}
		if op.Resource != c.resource || op.Method != c.goMethod || pager != c.pager || all != c.all || feed != c.feed {
			t.Errorf("%s %s: resource %q, method %q, pager %d, iterators %q %q; want %q, %q, %d, %q %q",
				c.method, c.path, op.Resource, op.Method, pager, all, feed, c.resource, c.goMethod, c.pager, c.all, c.feed)
		}
		for _, p := range op.PathParams {
			if p.Name == TenantParam {
				t.Errorf("%s %s: the tenant is a method argument; want it left to the client", c.method, c.path)
			}
		}
	}
}

func TestEnumsMerged(t *testing.T) {
	var values, labels []any
	for _, v := range load(t, "servicetitan.yaml").Type("ContactType").Values {
		values, labels = append(values, v.Value), append(labels, v.Label)
	}
	if want := []any{"Phone", "Email", "MobilePhone"}; !slices.Equal(values, want) || !slices.Equal(labels, want) {
		t.Errorf("values %v, labels %v; want %v for both", values, labels, want)
	}
}

// TestNullable checks that both dialects come out with the same nullability.
func TestNullable(t *testing.T) {
	for _, fixture := range []string{"nullable30.yaml", "nullable31.json"} {
		thing := load(t, fixture).Type("Thing")
		for name, want := range map[string]bool{
			"kind": false, "address": true, "homeAddress": true, "discount": true, "count": true,
			"dueOn": true, "tags": true, "price": false, "id": false,
		} {
			if got := thing.Field(name).Nullable; got != want {
				t.Errorf("%s: %s nullable = %v; want %v", fixture, name, got, want)
			}
		}
		if typ := thing.Field("address").Type.String(); typ != "*Address" {
			t.Errorf("%s: address is %s; want a pointer to Address", fixture, typ)
		}
		if typ := thing.Field("discount").Type.String(); typ != "*float64" {
			t.Errorf("%s: discount is %s; want *float64", fixture, typ)
		}
	}
}

func TestPathWords(t *testing.T) {
	for path, want := range map[string]string{
		"/tenant/{tenant}/reviews":        "reviews",
		"/v2/tenant/{tenant}/calls/{id}":  "v2 calls",
		"/tenant/{tenant}/jobs/{id}/note": "jobs note",
	} {
		if got := pathWords(path); got != want {
			t.Errorf("pathWords(%q) = %q; want %q", path, got, want)
		}
	}
}
