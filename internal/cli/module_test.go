package cli

import (
	"os"
	"path/filepath"
	"testing"
)

func TestOutModule(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/app\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	nested := filepath.Join(root, "tools")
	if err := os.MkdirAll(nested, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(nested, "go.mod"), []byte("module example.com/tools\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		out, want string
	}{
		{root, "example.com/app"},
		{filepath.Join(root, "internal", "st"), "example.com/app/internal/st"},
		{filepath.Join(nested, "gen"), "example.com/tools/gen"},
	} {
		got, found, err := outModule(c.out)
		if err != nil || !found || got != c.want {
			t.Errorf("outModule(%s) = %q, %v, %v; want %q", c.out, got, found, err, c.want)
		}
	}
	if got, found, err := outModule(filepath.Join(t.TempDir(), "st")); err != nil || found {
		t.Errorf("outside any module: %q, %v, %v; want not found", got, found, err)
	}
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "go.mod"), []byte("go 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := outModule(filepath.Join(bad, "st")); err == nil {
		t.Error("a go.mod without a module line: no error")
	}
}
