package fetch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// catalogPath is the path, under the base URL, of the catalog; a document's
// path is catalogPath + "/" + its id.
const catalogPath = "/api/docs/apis"

// validID is what an API id must look like: it names a file in the release
// folder, so it is one plain path element.
var validID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)

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
	for gi, g := range groups {
		for ai, a := range g.APIs {
			if !validID.MatchString(a.ID) {
				return nil, fmt.Errorf("group %d (%q), api %d: id %q is not a plain name (letters, digits, '.', '_', '-')", gi, g.DisplayName, ai, a.ID)
			}
			if seen[a.ID] {
				continue
			}
			seen[a.ID] = true
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
