package normalize

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stgen-dev/stgen/internal/spec"
)

// load normalizes one of the generator's fixtures.
func load(t *testing.T, name string) *openapi3.T {
	t.Helper()
	d, err := spec.Load(filepath.Join("..", "gen", "testdata", "fixtures", name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Document(d, nil); err != nil {
		t.Fatal(err)
	}
	return d.OpenAPI
}

func TestOperations(t *testing.T) {
	doc := load(t, "servicetitan.yaml")
	for _, c := range []struct {
		path, method                         string
		resource, goMethod, pager, all, feed string
	}{
		{"/tenant/{tenant}/customers", "GET", "Customers", "GetList", PagerPage, "GetListAll", ""},
		{"/tenant/{tenant}/customers", "POST", "Customers", "Create", "", "", ""},
		{"/tenant/{tenant}/export/customers", "GET", "Export", "Customers", PagerExport, "CustomersAll", "CustomersFeed"},
		{"/tenant/{tenant}/locations/{id}/address", "PATCH", "Locations", "Locationaddress", "", "", ""},
	} {
		op := doc.Paths.Value(c.path).GetOperation(c.method)
		pager, _ := op.Extensions[ExtPager].(string)
		all, _ := op.Extensions[ExtAllName].(string)
		feed, _ := op.Extensions[ExtFeedName].(string)
		if Resource(op) != c.resource || Method(op) != c.goMethod || pager != c.pager || all != c.all || feed != c.feed {
			t.Errorf("%s %s: resource %q, method %q, pager %q, iterators %q %q; want %q, %q, %q, %q %q",
				c.method, c.path, Resource(op), Method(op), pager, all, feed, c.resource, c.goMethod, c.pager, c.all, c.feed)
		}
		if want := "/crm/v2" + c.path; op.Extensions[ExtFullPath] != want {
			t.Errorf("%s %s: full path %v; want %q", c.method, c.path, op.Extensions[ExtFullPath], want)
		}
		for _, p := range op.Parameters {
			if p.Value.Name == TenantParam && !IsClientParam(p.Value) {
				t.Errorf("%s %s: tenant is not marked as client configuration", c.method, c.path)
			}
		}
	}
}

func TestEnumsMerged(t *testing.T) {
	s := load(t, "servicetitan.yaml").Components.Schemas["ContactType"].Value
	if got := s.Enum; !slices.Equal(got, []any{"Phone", "Email", "MobilePhone"}) {
		t.Errorf("enum = %v; want [Phone Email MobilePhone]", got)
	}
	if got := s.Extensions["x-enumNames"]; !slices.Equal(got.([]any), []any{"Phone", "Email", "MobilePhone"}) {
		t.Errorf("x-enumNames = %v; want [Phone Email MobilePhone]", got)
	}
}

// TestNullable checks that both dialects come out with the same nullability.
func TestNullable(t *testing.T) {
	for _, fixture := range []string{"nullable30.yaml", "nullable31.json"} {
		props := load(t, fixture).Components.Schemas["Thing"].Value.Properties
		for name, want := range map[string]bool{
			"kind": false, "address": true, "homeAddress": true, "discount": true, "count": true,
			"dueOn": true, "tags": true, "price": false, "id": false,
		} {
			if got := IsNullable(props[name]); got != want {
				t.Errorf("%s: %s nullable = %v; want %v", fixture, name, got, want)
			}
		}
		if ref := props["address"].Ref; ref != "#/components/schemas/Address" {
			t.Errorf("%s: address is %q; want a plain $ref to Address", fixture, ref)
		}
		if ty := props["discount"].Value.Type.Slice(); !slices.Equal(ty, []string{"number"}) {
			t.Errorf("%s: discount type %v; want [number]", fixture, ty)
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
