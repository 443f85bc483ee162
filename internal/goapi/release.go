package goapi

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// Options configure [CompareReleases].
type Options struct {
	// Domains limits the comparison to the named domains; all when empty.
	Domains []string
	// Explained maps the Go identifiers the spec-level comparison's changes
	// name to the change's kind (see [Compare]).
	Explained map[string]string
}

// CompareReleases generates the releases in oldDir and newDir into two
// scratch modules, the new one keeping the names the old one gave, as
// stgen generate over the old output would, type-checks them and compares
// their APIs (see [Compare]). The modules are made in a new folder of the
// system's temporary folder, removed afterwards.
func CompareReleases(ctx context.Context, oldDir, newDir string, opts Options) (*Report, error) {
	tmp, err := os.MkdirTemp("", "stgen-goapi-")
	if err != nil {
		return nil, fmt.Errorf("making the scratch modules: %w", err)
	}
	defer os.RemoveAll(tmp)
	old, err := generate(oldDir, opts.Domains, filepath.Join(tmp, "old"), nil)
	if err != nil {
		return nil, err
	}
	new, err := generate(newDir, opts.Domains, filepath.Join(tmp, "new"), old.Names)
	if err != nil {
		return nil, err
	}
	var apis [2]*API
	var errs [2]error
	var wg sync.WaitGroup
	for i, m := range []*Module{old, new} {
		wg.Go(func() { apis[i], errs[i] = Load(ctx, m) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return Compare(apis[0], apis[1], opts.Explained), nil
}
