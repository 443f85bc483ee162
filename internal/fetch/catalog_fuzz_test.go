package fetch

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/spec"
)

// FuzzCatalog feeds parseCatalog and checkIDs any bytes: they never panic,
// and every id kept names, as <id>.json or <id>.yaml, one plain document
// file of the release folder that is not the manifest and that no other id
// kept names on a case-insensitive file system either.
func FuzzCatalog(f *testing.F) {
	for _, seed := range []string{
		`[{"displayName": "CRM", "apis": [{"id": "tenant-crm-v2", "displayName": "CRM", "isBeta": false, "hasWebhooks": true}]}]`,
		`[{"displayName": "X", "apis": [{"id": "manifest"}, {"id": "Manifest"}, {"id": "con"}, {"id": "a."}, {"id": "../x"}, {"id": "A"}, {"id": "a"}]}]`,
		`[{"apis": [{"id": "x"}, {"id": "x"}]}, {"apis": [{"id": "X.json"}]}]`,
		`{"apis": []}`, `[]`, `null`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		apis, err := parseCatalog(body)
		if err != nil {
			return
		}
		ok, refused := checkIDs(apis)
		if len(ok)+len(refused) != len(apis) {
			t.Fatalf("%d kept and %d refused of %d", len(ok), len(refused), len(apis))
		}
		seen := map[string]string{}
		for _, a := range ok {
			for _, ext := range []string{".json", ".yaml"} {
				name := a.ID + ext
				if !filepath.IsLocal(name) || strings.ContainsAny(name, `/\:`) || filepath.Base(name) != name || !spec.IsDocumentFile(name) {
					t.Errorf("id %q kept: %q is not a plain document file name", a.ID, name)
				}
				if strings.EqualFold(name, ManifestName) {
					t.Errorf("id %q kept: %q is the manifest", a.ID, name)
				}
			}
			if other, dup := seen[strings.ToLower(a.ID)]; dup {
				t.Errorf("ids %q and %q kept: one file on a case-insensitive file system", other, a.ID)
			}
			seen[strings.ToLower(a.ID)] = a.ID
		}
		for _, r := range refused {
			if r.err == nil || r.Error == "" || !strings.Contains(r.Error, "catalog id ") {
				t.Errorf("refusal of %q says %q", r.ID, r.Error)
			}
		}
	})
}
