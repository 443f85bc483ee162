package cli_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/apptest"
)

// fixtures are the fixture releases of internal/scopes.
var fixtures = filepath.Join("..", "scopes", "testdata", "releases")

// againstApp makes a module whose code compiles against clients generated
// from 2026-01-01 into st, and moves into it: broken calls the operation
// 2026-02-01 removes, fine only what it keeps as it was. It returns the
// release folders, absolute.
func againstApp(t *testing.T) (old, new string) {
	t.Helper()
	old, err := filepath.Abs(filepath.Join(fixtures, "2026-01-01"))
	if err != nil {
		t.Fatal(err)
	}
	new, err = filepath.Abs(filepath.Join(fixtures, "2026-02-01"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	apptest.Module(t, dir, "example.com", map[string]string{
		"broken/broken.go": "package broken\n\nimport (\n\t\"context\"\n\n\t\"example.com/st/shop\"\n)\n\nfunc Clean(ctx context.Context, c *shop.Client) error { return c.Widgets.Delete(ctx, 1) }\n",
		"fine/fine.go":     "package fine\n\nimport (\n\t\"context\"\n\n\t\"example.com/st/shop\"\n)\n\nfunc List(ctx context.Context, c *shop.Client) {\n\tfor range c.Widgets.GetListAll(ctx, nil) {\n\t}\n}\n",
	})
	apptest.Generate(t, old, filepath.Join(dir, "st"))
	t.Chdir(dir)
	return old, new
}

// TestDiffAgainst runs stgen diff --against: JSON with its uses, and
// --fail-on affected's exit status 3 when a breaking change touches the
// code checked; Markdown, and 0 when none does, while --fail-on breaking
// matches any breaking change.
func TestDiffAgainst(t *testing.T) {
	old, new := againstApp(t)
	code, stdout, stderr := runCLI("diff", old, new, "--fail-on", "affected", "--against", "--format", "json", "./broken")
	var r struct {
		Changes []struct{ Kind string }
		Uses    []struct {
			File       string
			Line       int
			Identifier string
			Change     *int
		}
	}
	if err := json.Unmarshal([]byte(stdout), &r); code != 3 || err != nil || len(r.Uses) != 1 || r.Uses[0].File != filepath.Join("broken", "broken.go") ||
		r.Uses[0].Identifier != "shop.WidgetsResource.Delete" || r.Uses[0].Change == nil || r.Changes[*r.Uses[0].Change].Kind != "operation-removed" {
		t.Errorf("stgen diff --fail-on affected --against --format json: exit status %d (%v)\n%s%s", code, err, stdout, stderr)
	}
	code, stdout, _ = runCLI("diff", "--against", "--fail-on", "affected", old, new, "--format", "markdown", "--generated", "st", "./fine")
	if code != 0 || !strings.HasPrefix(stdout, "## Your code\n\n2026-01-01 → 2026-02-01, the clients in `st`: no change of the release touches it.\n") {
		t.Errorf("stgen diff --against --fail-on affected --format markdown: exit status %d\n%s", code, stdout)
	}
	if code, stdout, stderr := runCLI("diff", old, new, "--against", "./fine", "--fail-on", "breaking"); code != 3 || !strings.HasPrefix(stdout, "Your code: no change of the release touches it (") {
		t.Errorf("stgen diff --against --fail-on breaking: exit status %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI("diff", old, new, "--against", "--generated", "elsewhere", "./fine"); code != 1 || !strings.Contains(stderr, "stgen diff: --generated elsewhere: ") {
		t.Errorf("--generated naming no folder the code imports: exit status %d\n%s", code, stderr)
	}
}

func TestDiffAgainstUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"diff", "a", "b", "--against"}, "--against needs package patterns"},
		{[]string{"diff", "a", "b", "./..."}, `unexpected argument "./..."`},
		{[]string{"diff", "a", "b", "--generated", "st"}, "--generated names the clients --against checks"},
		{[]string{"diff", "a", "b", "--fail-on", "affected"}, "--fail-on affected needs --against"},
		{[]string{"diff", "a", "b", "--fail-on", "some", "--against", "./..."}, `--fail-on "some": use breaking, any or affected`},
	} {
		if code, _, stderr := runCLI(tc.args...); code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("stgen %s: exit status %d, want 2 and %q\n%s", strings.Join(tc.args, " "), code, tc.want, stderr)
		}
	}
}
