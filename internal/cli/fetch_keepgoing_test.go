package cli

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/fetch"
)

// TestFetchKeepGoing: with --keep-going, the document that loads is
// written, the one that does not is named, the manifest lists it as failed,
// and the exit status is 1.
func TestFetchKeepGoing(t *testing.T) {
	p := newPortal(t)
	p.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/docs/apis/tenant-jbce-v2" {
			return false
		}
		http.NotFound(w, r)
		return true
	})
	out := t.TempDir()
	code, _, stderr := run(t, "fetch", "--out", out, "--from", p.url, "--date", fetchDate, "--keep-going")
	if code != exitError || !strings.Contains(stderr, "stgen fetch: tenant-jbce-v2: GET "+p.url+"/api/docs/apis/tenant-jbce-v2: status 404 Not Found\n") || !strings.Contains(stderr, "stgen fetch: 1 of the documents failed: ") {
		t.Errorf("exit %d, stderr:\n%s\nwant 1, naming tenant-jbce-v2", code, stderr)
	}
	m, err := fetch.ReadManifest(filepath.Join(out, fetchDate))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Documents) != 1 || m.Documents[0].ID != "tenant-marketing-reputation-v2" || len(m.Failed) != 1 || m.Failed[0].ID != "tenant-jbce-v2" {
		t.Errorf("manifest documents %v, failed %v; want marketing written, jbce failed", m.Documents, m.Failed)
	}
	if _, err := os.Stat(filepath.Join(out, fetchDate, "tenant-marketing-reputation-v2.json")); err != nil {
		t.Error(err)
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
