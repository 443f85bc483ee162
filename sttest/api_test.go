package sttest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/testenv"
)

func TestLoadEveryRelease(t *testing.T) {
	// Operation counts of the vendor's releases (see the releases' README).
	want := map[string]int{"2022-04-18": 230, "2025-10-10": 494, "2026-03-17": 571, "2026-05-11": 548}
	for _, name := range releaseNames(t) {
		a := release(t, name)
		ops := a.Operations()
		if n, ok := want[name]; ok && len(ops) != n {
			t.Errorf("%s: %d operations, want %d", name, len(ops), n)
		}
		for _, op := range ops {
			if op.Method == "" || !strings.HasPrefix(op.Path, "/") || op.Domain == "" || op.File == "" {
				t.Errorf("%s: incomplete operation %+v", name, op)
			}
			if !strings.Contains(op.Path, "{tenant}") {
				t.Errorf("%s: %s has no tenant parameter", name, op.Path)
			}
		}
		if a.Dir() != filepath.Join(testenv.ReleasesDir(), name) {
			t.Errorf("Dir %q", a.Dir())
		}
	}
}

func TestLoadTelecomBasePath(t *testing.T) {
	a := latest(t)
	i := slices.IndexFunc(a.Operations(), func(o Operation) bool { return o.Domain == "telecom" })
	if i < 0 || !strings.HasPrefix(a.Operations()[i].Path, "/telecom/v") {
		t.Errorf("telecom operation %v", a.Operations()[i])
	}
}

// writeDoc writes a document into dir.
func writeDoc(t *testing.T, dir, name, paths string) string {
	t.Helper()
	src := `{"openapi":"3.0.1","info":{"title":"t","version":"1"},"servers":[{"url":"https://x.invalid/demo/v2"}],"paths":` + paths + `}`
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestLoadErrorsNameTheirPlace(t *testing.T) {
	dir := t.TempDir()
	if _, err := NewHandler(filepath.Join(dir, "nope")); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("missing folder: %v", err)
	}
	file := filepath.Join(dir, "broken.json")
	os.WriteFile(file, []byte(`{"openapi": "3.0.1", "paths": {`), 0o644)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), file) {
		t.Errorf("broken document: %v", err)
	}
}

func TestLoadRejectsAmbiguousRoutes(t *testing.T) {
	dir := t.TempDir()
	file := writeDoc(t, dir, "demo.json", `{
	  "/tenant/{tenant}/a/{x}": {"get": {"responses": {"200": {"description": "ok"}}}},
	  "/tenant/{tenant}/a/{y}": {"get": {"responses": {"200": {"description": "ok"}}}}}`)
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), "GET") {
		t.Errorf("ambiguous routes: %v", err)
	}
}

func TestLoadSmallDocument(t *testing.T) {
	dir := t.TempDir()
	writeDoc(t, dir, "demo.json", `{
	  "/tenant/{tenant}/things/{id}": {"get": {"operationId": "Things_Get", "parameters": [
	    {"name": "tenant", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}},
	    {"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}],
	    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "integer"}}}}}}}}}}`)
	h, err := NewHandler(dir)
	if err != nil {
		t.Fatal(err)
	}
	tok := token(t, h, h.Credentials())
	w := do(h, apiReq(h, tok, "GET", "/demo/v2/tenant/1/things/12", ""))
	if w.Code != 200 || decode(t, w.Body.Bytes())["id"] != float64(12) {
		t.Errorf("%d %s", w.Code, w.Body)
	}
}
