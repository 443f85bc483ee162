package diff

import (
	"path/filepath"
	"sync"

	"github.com/stgen-dev/stgen/internal/normalize"
	"github.com/stgen-dev/stgen/internal/spec"
)

// Release is one side of a comparison: a release's documents, normalized.
type Release struct {
	// Name names the release in reports: its folder's name ("2026-05-11").
	Name string
	// Docs are the release's documents, one per domain, sorted by domain and
	// normalized (see [normalize.Document]).
	Docs []*spec.Document
}

// Load loads every document of the release in dir (see [spec.LoadDir]) and
// normalizes each.
func Load(dir string) (*Release, error) {
	docs, err := spec.LoadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		normalize.Document(d)
	}
	name := filepath.Base(filepath.Clean(dir))
	if abs, err := filepath.Abs(dir); err == nil {
		name = filepath.Base(abs)
	}
	return &Release{Name: name, Docs: docs}, nil
}

// LoadPair loads the releases in oldDir and newDir side by side (see [Load]).
func LoadPair(oldDir, newDir string) (old, new *Release, err error) {
	var errs [2]error
	var wg sync.WaitGroup
	wg.Go(func() { old, errs[0] = Load(oldDir) })
	wg.Go(func() { new, errs[1] = Load(newDir) })
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	return old, new, nil
}

// doc returns the release's document of domain, or nil.
func (r *Release) doc(domain string) *spec.Document {
	for _, d := range r.Docs {
		if d.Domain == domain {
			return d
		}
	}
	return nil
}
