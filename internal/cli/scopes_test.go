package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/apptest"
	"github.com/stgen-dev/stgen/internal/cli"
)

// scopesApp makes a module calling clients generated from the fixture
// release 2026-02-01 (shop and depot both declare scopes) and moves into it.
func scopesApp(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	apptest.Module(t, dir, "example.com", map[string]string{"app/app.go": `package app

import (
	"context"

	"example.com/st/servicetitan"
)

func Run(ctx context.Context, st *servicetitan.Client) {
	st.Shop.Widgets.Get(ctx, 1)
	st.Depot.Bins.Get(ctx, 1)
}
`})
	apptest.Generate(t, filepath.Join("..", "scopes", "testdata", "releases", "2026-02-01"), filepath.Join(dir, "st"))
	t.Chdir(dir)
}

func runCLI(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := cli.Run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestScopes runs stgen scopes in a module: the scopes with their calls,
// --have's exit status 3 when a scope is missing (here with JSON and a
// file of scopes), 0 when none is.
func TestScopes(t *testing.T) {
	scopesApp(t)
	code, stdout, stderr := runCLI("scopes", "./...", "--have", "tn.shop.widgets:r,tn.shop.widgets:x,tn.depot.bins:r")
	for _, want := range []string{
		"3 OAuth scopes needed, by 3 calls:\n",
		"\ntn.shop.widgets:x  (granted)\n  app/app.go:10:18: shop.WidgetsResource.Get: GET /shop/v2/tenant/{tenant}/widgets/{id}\n",
		"\nThe app's registration has every scope needed.\n",
	} {
		if code != 0 || !strings.Contains(stdout, want) || stderr != "" {
			t.Errorf("stgen scopes ./... --have: exit status %d, output lacks %q:\n%s%s", code, want, stdout, stderr)
		}
	}

	have := filepath.Join(t.TempDir(), "granted.txt")
	if err := os.WriteFile(have, []byte("# the app's registration\ntn.shop.widgets:r\ntn.shop.widgets:x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = runCLI("scopes", "--have", "@"+have, "--format", "json", "./app")
	var r struct{ Missing []string }
	if err := json.Unmarshal([]byte(stdout), &r); code != 3 || err != nil || len(r.Missing) != 1 || r.Missing[0] != "tn.depot.bins:r" {
		t.Errorf("stgen scopes --have @FILE --format json: exit status %d, missing %v (%v)\n%s", code, r.Missing, err, stdout)
	}
}

func TestScopesUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"scopes"}, 2, "a package pattern is required"},
		{[]string{"scopes", "--format", "xml", "./..."}, 2, `--format "xml": use one of text, json`},
		{[]string{"scopes", "--have", "a;b", "./..."}, 2, `"a;b" is not an OAuth scope`},
		{[]string{"scopes", "--have", "@/nonexistent/granted.txt", "./..."}, 2, "no such file"},
		{[]string{"scopes", "-h"}, 0, ""},
	} {
		code, stdout, stderr := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("stgen %s: exit status %d, stderr:\n%s\nwant %d and %q", strings.Join(tc.args, " "), code, stderr, tc.code, tc.want)
		}
		if tc.code == 0 && !strings.HasPrefix(stdout, "Usage: stgen scopes") {
			t.Errorf("stgen scopes -h: stdout %q", stdout)
		}
	}
	t.Chdir(t.TempDir())
	if code, _, stderr := runCLI("scopes", "./..."); code != 1 || !strings.HasPrefix(stderr, "stgen scopes: ") {
		t.Errorf("stgen scopes outside any module: exit status %d, stderr:\n%s", code, stderr)
	}
}
