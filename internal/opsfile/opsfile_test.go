package opsfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/model"
)

// shop is a domain with a plain method, a paged list and an export.
func shop() *model.Domain {
	return &model.Domain{
		Package:        "shop",
		DeclaresScopes: true,
		Operations: []*model.Operation{
			{Resource: "Widgets", Method: "Get", HTTPMethod: "GET", Path: "/shop/v2/tenant/{tenant}/widgets/{id}",
				Scopes: []string{"tn.shop.widgets:r"}},
			{Resource: "Widgets", Method: "GetList", HTTPMethod: "GET", Path: "/shop/v2/tenant/{tenant}/widgets",
				Scopes: []string{"tn.shop.widgets:x", "tn.shop.widgets:r", "tn.shop.widgets:r"},
				Pager:  &model.Pager{Kind: model.PagerPages, All: "GetListAll"}},
			{Resource: "Export", Method: "Widgets", HTTPMethod: "GET", Path: "/shop/v2/tenant/{tenant}/export/widgets",
				Scopes: []string{"tn.shop.widgets:r"},
				Pager:  &model.Pager{Kind: model.PagerExport, All: "WidgetsAll", Feed: "WidgetsFeed", Since: "WidgetsFeedSince"}},
		},
	}
}

func TestDomainOf(t *testing.T) {
	d := DomainOf(shop(), "2026-05-11")
	list := Method{Operation: "GET /shop/v2/tenant/{tenant}/widgets", Scopes: []string{"tn.shop.widgets:r", "tn.shop.widgets:x"}}
	export := Method{Operation: "GET /shop/v2/tenant/{tenant}/export/widgets", Scopes: []string{"tn.shop.widgets:r"}}
	want := &Domain{Release: "2026-05-11", DeclaresScopes: true, Methods: map[string]Method{
		"WidgetsResource.Get":             {Operation: "GET /shop/v2/tenant/{tenant}/widgets/{id}", Scopes: []string{"tn.shop.widgets:r"}},
		"WidgetsResource.GetList":         list,
		"WidgetsResource.GetListAll":      list,
		"ExportResource.Widgets":          export,
		"ExportResource.WidgetsAll":       export,
		"ExportResource.WidgetsFeed":      export,
		"ExportResource.WidgetsFeedSince": export,
	}}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("DomainOf = %+v\nwant %+v", d, want)
	}
}

func TestMarshalParse(t *testing.T) {
	f := New("example.com/app/st")
	f.Domains["shop"] = DomainOf(shop(), "2026-05-11")
	old := shop()
	old.DeclaresScopes = false
	for _, op := range old.Operations {
		op.Scopes = nil
	}
	f.Domains["depot"] = DomainOf(old, "2026-03-17")
	b := f.Marshal()
	if !bytes.Equal(b, f.Marshal()) {
		t.Fatal("Marshal is not deterministic")
	}
	// Keys sorted, one entry per line.
	if i, j := bytes.Index(b, []byte(`"depot"`)), bytes.Index(b, []byte(`"shop"`)); i < 0 || j < i {
		t.Errorf("domains not sorted:\n%s", b)
	}
	if !bytes.Contains(b, []byte(`"ExportResource.Widgets": {`+"\n")) {
		t.Errorf("not one entry per line:\n%s", b)
	}
	got, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, f) {
		t.Errorf("Parse(Marshal(f)) = %+v, want %+v", got, f)
	}
	m, d, ok := got.Method("shop", "WidgetsResource", "GetListAll")
	if !ok || m.Operation != "GET /shop/v2/tenant/{tenant}/widgets" || d.Release != "2026-05-11" {
		t.Errorf("Method(shop, WidgetsResource, GetListAll) = %+v, %+v, %v", m, d, ok)
	}
	if _, _, ok := got.Method("crm", "WidgetsResource", "Get"); ok {
		t.Error("Method found a method of a domain the file lacks")
	}
	if _, _, ok := (*File)(nil).Method("shop", "WidgetsResource", "Get"); ok {
		t.Error("a nil file has a method")
	}
}

func TestMerge(t *testing.T) {
	previous := New("example.com/old")
	previous.Domains["depot"] = &Domain{Release: "2026-03-17", Methods: map[string]Method{}}
	previous.Domains["shop"] = &Domain{Release: "2026-03-17", Methods: map[string]Method{}}
	now := map[string]*Domain{"shop": DomainOf(shop(), "2026-05-11")}

	kept := Merge("example.com/app/st", previous, now, false)
	if kept.Module != "example.com/app/st" || kept.Domains["depot"] == nil || kept.Domains["shop"].Release != "2026-05-11" {
		t.Errorf("Merge without prune = %+v: want depot kept, shop replaced, the new module", kept)
	}
	pruned := Merge("example.com/app/st", previous, now, true)
	if len(pruned.Domains) != 1 || pruned.Domains["shop"] == nil {
		t.Errorf("Merge with prune kept %v, want only shop", pruned.Domains)
	}
	if got := Merge("m", nil, now, false); len(got.Domains) != 1 {
		t.Errorf("Merge with no previous file = %v", got.Domains)
	}
}

func TestRead(t *testing.T) {
	dir := t.TempDir()
	_, err := Read(dir)
	if !errors.Is(err, ErrNotExist) || !strings.Contains(err.Error(), "generate the packages again") {
		t.Errorf("Read of a folder without the file: %v, want ErrNotExist saying what to do", err)
	}
	f := New("example.com/app/st")
	f.Domains["shop"] = DomainOf(shop(), "2026-05-11")
	if err := os.WriteFile(filepath.Join(dir, FileName), f.Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Read(dir)
	if err != nil || !reflect.DeepEqual(got, f) {
		t.Errorf("Read = %+v, %v; want %+v", got, err, f)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(`{"version": 1, "domains": {"Shop": {}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(dir); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, FileName)) || !strings.Contains(err.Error(), `domains["Shop"]`) {
		t.Errorf("Read of a bad file: %v, want its path and the entry", err)
	}
}

func TestParseRejects(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"not json", `{`, "not an operations file"},
		{"unknown field", `{"version": 1, "extra": 1}`, "unknown field"},
		{"trailing data", `{"version": 1} {}`, "data after"},
		{"version", `{"version": 2}`, "format version 2"},
		{"domain name", `{"version": 1, "domains": {"a/b": {}}}`, `domains["a/b"] is not a domain package name`},
		{"null domain", `{"version": 1, "domains": {"shop": null}}`, "is null"},
		{"method key", `{"version": 1, "domains": {"shop": {"methods": {"Get": {"operation": "GET /x"}}}}}`, "not Type.Method"},
		{"unexported", `{"version": 1, "domains": {"shop": {"methods": {"widgets.Get": {"operation": "GET /x"}}}}}`, "not Type.Method"},
		{"operation", `{"version": 1, "domains": {"shop": {"methods": {"W.Get": {"operation": "get"}}}}}`, "not METHOD /path"},
		{"too large", `{"version": 1, "module": "` + strings.Repeat("a", maxSize) + `"}`, "larger than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse: %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// FuzzParse: any input is decoded or refused, never a panic, and what is
// accepted writes back to bytes that parse to the same file.
func FuzzParse(f *testing.F) {
	full := New("example.com/app/st")
	full.Domains["shop"] = DomainOf(shop(), "2026-05-11")
	f.Add(full.Marshal())
	f.Add([]byte(`{"version": 1, "domains": {"shop": {"methods": {"W.Get": {"operation": "GET /x", "scopes": ["a"]}}}}}`))
	f.Add([]byte(`{"version": 1, "domains": null}`))
	f.Add([]byte(`[[[[[[[[[[]]]]]]]]]]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := Parse(b)
		if err != nil {
			return
		}
		again, err := Parse(got.Marshal())
		if err != nil {
			t.Fatalf("Parse(Marshal(Parse(b))): %v", err)
		}
		if !bytes.Equal(again.Marshal(), got.Marshal()) {
			t.Fatalf("not stable:\n%s\n%s", got.Marshal(), again.Marshal())
		}
	})
}
