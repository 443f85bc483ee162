package cli

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/fetch"
)

// TestFetchKeepGoing: with --keep-going, the document that loads is
// written; those that do not (a 404, a document cut short, JSON that is not
// an OpenAPI document) are named and listed as failed in the manifest, and
// are not in the folder, which generate and diff then take; the exit
// status is 1.
func TestFetchKeepGoing(t *testing.T) {
	p := newPortal(t)
	const truncated, notOpenAPI = "tenant-truncated-v2", "tenant-not-openapi-v2"
	good := p.docs["tenant-marketing-reputation-v2"]
	catalog := `[{"displayName": "Marketing", "apis": [{"id": "tenant-jbce-v2"}, {"id": "tenant-marketing-reputation-v2"}, {"id": "` + truncated + `"}, {"id": "` + notOpenAPI + `"}]}]`
	p.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		switch r.URL.Path {
		case "/api/docs/apis":
			w.Write([]byte(catalog))
		case "/api/docs/apis/tenant-jbce-v2":
			http.NotFound(w, r)
		case "/api/docs/apis/" + truncated:
			w.Write(good[:len(good)/2])
		case "/api/docs/apis/" + notOpenAPI:
			w.Write([]byte(`{"openapi": "3.0.1", "info": {"title": "x", "version": "1"}, "paths": {"/x": {"get": {"responses": "none"}}}}`))
		default:
			return false
		}
		return true
	})
	out := t.TempDir()
	code, _, stderr := run(t, "fetch", "--out", out, "--from", p.url, "--date", fetchDate, "--keep-going")
	if code != exitError || !strings.Contains(stderr, "stgen fetch: tenant-jbce-v2: GET "+p.url+"/api/docs/apis/tenant-jbce-v2: status 404 Not Found\n") ||
		!strings.Contains(stderr, "stgen fetch: "+truncated+": ") || !strings.Contains(stderr, "stgen fetch: "+notOpenAPI+": ") || !strings.Contains(stderr, "3 of the documents failed: ") {
		t.Errorf("exit %d, stderr:\n%s\nwant 1, naming tenant-jbce-v2, %s and %s", code, stderr, truncated, notOpenAPI)
	}
	dir := filepath.Join(out, fetchDate)
	m, err := fetch.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, f := range m.Failed {
		failed = append(failed, f.ID)
	}
	if len(m.Documents) != 1 || m.Documents[0].ID != "tenant-marketing-reputation-v2" || !slices.Equal(failed, []string{"tenant-jbce-v2", notOpenAPI, truncated}) {
		t.Errorf("manifest documents %v, failed %q; want marketing written, the three others failed", m.Documents, failed)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{fetch.ManifestName, "tenant-marketing-reputation-v2.json"}; !slices.Equal(names, want) {
		t.Errorf("%s holds %q; want %q", dir, names, want)
	}
	if code, _, stderr := run(t, "diff", dir, dir); code != 0 {
		t.Errorf("stgen diff of the folder: exit %d; want 0\n%s", code, stderr)
	}
	if code, _, stderr := run(t, "generate", "--specs", dir, "--out", filepath.Join(t.TempDir(), "st"), "--quiet"); code != 0 {
		t.Errorf("stgen generate from the folder: exit %d; want 0\n%s", code, stderr)
	}
}

// TestFetchHelp: stgen help fetch names the portal's endpoints and the
// fields fetch reads and writes.
func TestFetchHelp(t *testing.T) {
	code, stdout, _ := run(t, "help", "fetch")
	for _, want := range []string{
		"GET {base}/api/docs/apis ", "GET {base}/api/docs/apis/{id}",
		`{"displayName", "apis": [{"id", "displayName",`, `"isBeta", "hasWebhooks"}]}`,
		"manifest.json", `"failed": [{"id", "displayName", "error"}]`, "--keep-going",
	} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("stgen help fetch (exit %d) lacks %q", code, want)
		}
	}
}
