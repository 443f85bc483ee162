package normalize

import (
	"fmt"
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

// opOf returns the model's operation of a method and a full path.
func opOf(t *testing.T, dom *model.Domain, method, path string) *model.Operation {
	t.Helper()
	for _, op := range dom.Operations {
		if op.HTTPMethod == method && op.Path == path {
			return op
		}
	}
	t.Fatalf("no operation %s %s", method, path)
	return nil
}

func TestOperations(t *testing.T) {
	dom := load(t, "servicetitan.yaml")
	for _, c := range []struct {
		path, method                  string
		resource, goMethod, all, feed string
		pager                         model.PagerKind
	}{
		{"/tenant/{tenant}/customers", "GET", "Customers", "GetList", "GetListAll", "", model.PagerPages},
		{"/tenant/{tenant}/customers", "POST", "Customers", "Create", "", "", 0},
		{"/tenant/{tenant}/export/customers", "GET", "Export", "Customers", "CustomersAll", "CustomersFeed", model.PagerExport},
		{"/tenant/{tenant}/locations/{id}/address", "PATCH", "Locations", "Locationaddress", "", "", 0},
	} {
		op := opOf(t, dom, c.method, "/crm/v2"+c.path)
		var pager model.PagerKind
		var all, feed string
		if op.Pager != nil {
			pager, all, feed = op.Pager.Kind, op.Pager.All, op.Pager.Feed
		}
		if op.Resource != c.resource || op.Method != c.goMethod || pager != c.pager || all != c.all || feed != c.feed {
			t.Errorf("%s %s: %s.%s, pager %d, iterators %q %q; want %s.%s, %d, %q %q",
				c.method, c.path, op.Resource, op.Method, pager, all, feed, c.resource, c.goMethod, c.pager, c.all, c.feed)
		}
		for _, p := range op.PathParams {
			if p.Name == TenantParam {
				t.Errorf("%s %s: the tenant is a method argument; the client supplies it", c.method, c.path)
			}
		}
	}
}

func TestEnumsMerged(t *testing.T) {
	ty := load(t, "servicetitan.yaml").Type("ContactType")
	var values, consts []string
	for _, v := range ty.Values {
		values, consts = append(values, v.Value.(string)), append(consts, v.Const)
	}
	if want := []string{"Phone", "Email", "MobilePhone"}; !slices.Equal(values, want) {
		t.Errorf("values %v; want %v", values, want)
	}
	if want := []string{"ContactTypePhone", "ContactTypeEmail", "ContactTypeMobilePhone"}; !slices.Equal(consts, want) {
		t.Errorf("constants %v; want %v", consts, want)
	}
}

// TestNullable checks that both dialects give the same fields: nullability,
// and the Go types it makes.
func TestNullable(t *testing.T) {
	var types []string
	for _, fixture := range []string{"nullable30.yaml", "nullable31.json"} {
		thing := load(t, fixture).Type("Thing")
		for name, want := range map[string]bool{
			"kind": false, "address": true, "homeAddress": true, "discount": true, "count": true,
			"dueOn": true, "tags": true, "price": false, "id": false,
		} {
			if f := thing.Field(name); f == nil || f.Nullable != want {
				t.Errorf("%s: %s nullable = %v; want %v", fixture, name, f != nil && f.Nullable, want)
			}
		}
		var fields []string
		for _, f := range thing.Fields {
			fields = append(fields, f.Name+" "+f.Type.String())
		}
		types = append(types, fmt.Sprint(fields))
	}
	if types[0] != types[1] {
		t.Errorf("the dialects give other fields:\n%s\n%s", types[0], types[1])
	}
	if want := "[Address *Address Count *int32 CreatedOn *time.Time Discount *float64 DueOn *stapi.Date HomeAddress *Address ID int64 Kind Kind Price float64 Tags []string Weight *float64]"; types[0] != want {
		t.Errorf("fields %s;\nwant   %s", types[0], want)
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
