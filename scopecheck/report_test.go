package scopecheck

import (
	"go/token"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/stgen-dev/stgen/internal/opsfile"
	"github.com/stgen-dev/stgen/internal/scopes"
)

// TestReport: without -have every call of an operation needing a scope is
// reported with it; with -have only the scopes the list lacks; the calls
// whose scopes are unknown either way; the calls needing none never.
func TestReport(t *testing.T) {
	calls := []scopes.Call{
		{Method: "shop.WidgetsResource.Get", Domain: "shop", Declared: true, Release: "2026-05-11",
			Operation: opsfile.Method{Operation: "GET /shop/v2/tenant/{tenant}/widgets/{id}", Scopes: []string{"tn.shop.widgets:r", "tn.shop.widgets:x"}}},
		{Method: "shop.WidgetsResource.Update", Domain: "shop", Declared: true, Release: "2026-05-11", Value: true,
			Operation: opsfile.Method{Operation: "PATCH /shop/v2/tenant/{tenant}/widgets/{id}", Scopes: []string{"tn.shop.widgets:w"}}},
		{Method: "shop.HealthResource.Get", Domain: "shop", Declared: true, Release: "2026-05-11",
			Operation: opsfile.Method{Operation: "GET /shop/v2/health"}},
		{Method: "depot.BinsResource.Get", Domain: "depot", Release: "2026-03-17",
			Operation: opsfile.Method{Operation: "GET /depot/v2/tenant/{tenant}/bins/{id}"}},
	}
	for _, tc := range []struct {
		have []string
		want []string
	}{
		{nil, []string{
			"shop.WidgetsResource.Get calls GET /shop/v2/tenant/{tenant}/widgets/{id}, which needs OAuth scope tn.shop.widgets:r and tn.shop.widgets:x",
			"shop.WidgetsResource.Update (taken as a value) calls PATCH /shop/v2/tenant/{tenant}/widgets/{id}, which needs OAuth scope tn.shop.widgets:w",
			"depot.BinsResource.Get calls GET /depot/v2/tenant/{tenant}/bins/{id}: release 2026-03-17 declares no OAuth scopes for depot, so what it needs cannot be told (releases before 2026-05-11 declare none)",
		}},
		{[]string{"tn.shop.widgets:r", "tn.shop.widgets:w"}, []string{
			"shop.WidgetsResource.Get calls GET /shop/v2/tenant/{tenant}/widgets/{id}, which needs OAuth scope tn.shop.widgets:x, missing from -have",
			"depot.BinsResource.Get calls GET /depot/v2/tenant/{tenant}/bins/{id}: release 2026-03-17 declares no OAuth scopes for depot, so what it needs cannot be told (releases before 2026-05-11 declare none)",
		}},
	} {
		var got []string
		pass := &analysis.Pass{Fset: token.NewFileSet(), Report: func(d analysis.Diagnostic) { got = append(got, d.Message) }}
		c := &checker{have: haveFlag{scopes: tc.have}}
		for _, call := range calls {
			c.report(pass, call)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("with -have %q:\n%q\nwant\n%q", tc.have, got, tc.want)
		}
	}
}
