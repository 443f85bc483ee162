package fetch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// catalogPath is the path, under the base URL, of the catalog; a document's
// path is catalogPath + "/" + its id.
const catalogPath = "/api/docs/apis"

// idPattern is what an API id must look like: it names a file in the
// release folder, so it is one plain path element, not hidden.
const idPattern = `^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`

// reservedPattern matches the names Windows gives to devices, which no file
// can have, whatever its extension ("con.json").
const reservedPattern = `(?i)^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)`

// group is one group of the portal's catalog.
type group struct {
	DisplayName string `json:"displayName"`
	APIs        []api  `json:"apis"`
}

// api is one API of the catalog.
type api struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Description string `json:"description"`
	IsBeta      bool   `json:"isBeta"`
	HasWebhooks bool   `json:"hasWebhooks"`

	group string // the display name of the group that lists it
}

// fetchCatalog downloads and decodes the catalog at base, and returns its
// APIs sorted by id, each once.
func fetchCatalog(ctx context.Context, d *downloader, base string) ([]api, error) {
	u := base + catalogPath
	body, err := d.get(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	apis, err := parseCatalog(body)
	if err != nil {
		return nil, fmt.Errorf("catalog %s: %w", u, err)
	}
	return apis, nil
}

// parseCatalog decodes a catalog and returns its APIs sorted by id; an id
// listed twice (in two groups) is kept once, as first listed.
func parseCatalog(body []byte) ([]api, error) {
	var groups []group
	if err := json.Unmarshal(body, &groups); err != nil {
		return nil, fmt.Errorf("not the portal's catalog (a JSON array of groups, each with its apis): %v; is the base URL the developer portal?", err)
	}
	seen := map[string]bool{}
	var apis []api
	for _, g := range groups {
		for _, a := range g.APIs {
			if seen[a.ID] {
				continue
			}
			seen[a.ID] = true
			a.group = g.DisplayName
			apis = append(apis, a)
		}
	}
	if len(apis) == 0 {
		return nil, errors.New("the catalog lists no APIs")
	}
	slices.SortFunc(apis, func(a, b api) int { return strings.Compare(a.ID, b.ID) })
	return apis, nil
}

// selectAPIs returns the APIs of apis named in ids, all when ids is empty.
func selectAPIs(apis []api, ids []string) ([]api, error) {
	if len(ids) == 0 {
		return apis, nil
	}
	var out, unknown []string
	var selected []api
	for _, a := range apis {
		out = append(out, a.ID)
		if slices.Contains(ids, a.ID) {
			selected = append(selected, a)
		}
	}
	for _, id := range ids {
		if !slices.Contains(out, id) {
			unknown = append(unknown, fmt.Sprintf("%q", id))
		}
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("the catalog has no API %s; it lists %s", strings.Join(unknown, ", "), strings.Join(out, ", "))
	}
	return selected, nil
}

// checkIDs returns the APIs of apis whose ids can name their documents in a
// release folder, and a failure for each of the others: an id that is not
// a plain file name (letters, digits, '.', '_', '-', not first, not last),
// a device name on Windows, the manifest's name, or that differs from
// another only in case (one file on a case-insensitive file system, as on
// macOS and Windows, whatever the system fetching).
func checkIDs(apis []api) (ok []api, refused []Failure) {
	valid, reserved := regexp.MustCompile(idPattern), regexp.MustCompile(reservedPattern)
	folded := map[string][]string{}
	for _, a := range apis {
		key := strings.ToLower(a.ID)
		folded[key] = append(folded[key], a.ID)
	}
	manifest := strings.TrimSuffix(ManifestName, filepath.Ext(ManifestName))
	for _, a := range apis {
		var why string
		switch same := folded[strings.ToLower(a.ID)]; {
		case !valid.MatchString(a.ID) || strings.HasSuffix(a.ID, "."):
			why = "is not a plain file name (letters, digits, '.', '_', '-')"
		case reserved.MatchString(a.ID):
			why = "is a device name on Windows, which no file can have"
		case strings.EqualFold(a.ID, manifest):
			why = fmt.Sprintf("would be written as %s, over the release's own manifest", ManifestName)
		case len(same) > 1:
			why = fmt.Sprintf("differs only in case from %s: one file on a case-insensitive file system", andList(slices.DeleteFunc(slices.Clone(same), func(id string) bool { return id == a.ID })))
		}
		if why == "" {
			ok = append(ok, a)
			continue
		}
		err := fmt.Errorf("catalog id %q (group %q) %s: its document is not fetched", a.ID, a.group, why)
		refused = append(refused, Failure{ID: a.ID, DisplayName: a.DisplayName, Error: err.Error(), err: err})
	}
	return ok, refused
}

// andList quotes ids and joins them as "a and b" or "a, b and c".
func andList(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = strconv.Quote(id)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
