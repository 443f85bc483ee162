package diff

import (
	"errors"
	"sync"

	"github.com/stgen-dev/stgen/internal/fetch"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/normalize"
	"github.com/stgen-dev/stgen/internal/spec"
)

// Release is one side of a comparison: a release's documents, normalized.
type Release struct {
	// Name names the release in reports: its fetched manifest's date, else its folder's name ("2026-05-11").
	Name string
	// Docs are the release's documents, one per domain, sorted by domain and
	// normalized (see [normalize.Document]).
	Docs []*spec.Document
}

// Load loads every document of the release in dir (see [spec.LoadDir]) and
// normalizes each, naming the Go identifiers anew.
func Load(dir string) (*Release, error) {
	r, err := load(dir)
	if err != nil {
		return nil, err
	}
	if _, err := r.normalize(nil); err != nil {
		return nil, err
	}
	return r, nil
}

// LoadPair loads the releases in oldDir and newDir side by side (see
// [Load]); the new release keeps the Go names the old one gave, as stgen
// generate does through its names file, so that the identifiers a change
// names are those a regenerated client has.
func LoadPair(oldDir, newDir string) (old, new *Release, err error) {
	var errs [2]error
	var wg sync.WaitGroup
	wg.Go(func() { old, errs[0] = load(oldDir) })
	wg.Go(func() { new, errs[1] = load(newDir) })
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, nil, err
	}
	given, err := old.normalize(nil)
	if err != nil {
		return nil, nil, err
	}
	if _, err := new.normalize(given); err != nil {
		return nil, nil, err
	}
	return old, new, nil
}

// load loads the documents of the release in dir, not normalized.
func load(dir string) (*Release, error) {
	docs, err := spec.LoadDir(dir)
	if err != nil {
		return nil, err
	}
	return &Release{Name: fetch.ReleaseName(dir), Docs: docs}, nil
}

// normalize normalizes every document of r, keeping the names recorded
// (nil for none), and returns the names given.
func (r *Release) normalize(recorded *names.File) (*names.File, error) {
	given := names.New()
	for _, d := range r.Docs {
		n, err := normalize.Document(d, recorded.Domain(d.Domain))
		if err != nil {
			return nil, err
		}
		given.Domains[d.Domain] = n
	}
	return given, nil
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
