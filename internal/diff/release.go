package diff

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/stgen-dev/stgen/internal/fetch"
	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/normalize"
	"github.com/stgen-dev/stgen/internal/spec"
	"github.com/stgen-dev/stgen/internal/suggest"
	"golang.org/x/sync/errgroup"
)

// Release is one side of a comparison: the models of a release's documents.
type Release struct {
	// Name names the release in reports: its fetched manifest's date, else its folder's name ("2026-05-11").
	Name string
	// Domains are the models of the documents compared, one per domain,
	// sorted by package name (see [normalize.Domain]).
	Domains []*model.Domain
}

// Domain returns the release's model of the domain whose package is pkg, or nil.
func (r *Release) Domain(pkg string) *model.Domain {
	i, ok := slices.BinarySearchFunc(r.Domains, pkg, func(d *model.Domain, pkg string) int { return strings.Compare(d.Package, pkg) })
	if !ok {
		return nil
	}
	return r.Domains[i]
}

// Load loads every document of the release in dir (see [spec.LoadDir]) and
// builds its model, naming the Go identifiers anew, as stgen generate does
// without a names file.
func Load(dir string) (*Release, error) {
	docs, err := spec.LoadDir(dir)
	if err != nil {
		return nil, err
	}
	return modelAnew(fetch.ReleaseName(dir), docs)
}

// modelAnew builds the models of a release's documents, naming anew.
func modelAnew(name string, docs []*spec.Document) (*Release, error) {
	return modelWith(name, docs, nil)
}

// modelWith builds the models of a release's documents, each keeping the
// names the model of its domain in recorded gave (recorded may be nil).
func modelWith(name string, docs []*spec.Document, recorded *Release) (*Release, error) {
	r := &Release{Name: name, Domains: make([]*model.Domain, len(docs))}
	errs := make([]error, len(docs))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range docs {
		g.Go(func() error {
			var names *names.Domain
			if recorded != nil {
				if d := recorded.Domain(docs[i].Domain); d != nil {
					names = d.Names
				}
			}
			r.Domains[i], errs[i] = normalize.Domain(docs[i], names)
			return nil
		})
	}
	g.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return r, nil
}

// LoadPair loads the releases in oldDir and newDir side by side and builds
// the models of the named domains (every domain when domains is empty).
// The new release keeps the Go names the old one gave, as stgen generate
// does through its names file, so that the identifiers a change names are
// those a regenerated client has.
//
// Without domains, any document that fails to load fails the whole
// comparison. With domains, a document that fails to load is left out, as
// long as the comparison can do without it: a domain found in neither
// release, or in one release only, could be the failed document's, and
// then the load errors are returned. A domain neither release has, and no
// failed document could be, is an [*UnknownDomainError].
func LoadPair(oldDir, newDir string, domains []string) (old, new *Release, err error) {
	return LoadPairNamed(oldDir, newDir, domains, nil)
}

// LoadPairNamed is [LoadPair] for clients generated with the names file
// recorded (nil for none): both releases keep the names it records, as
// those clients have them and as stgen generate with that file names the
// new release; a domain it does not record the old release names anew
// and the new one as the old one did.
func LoadPairNamed(oldDir, newDir string, domains []string, recorded *names.File) (old, new *Release, err error) {
	var docs [2][]*spec.Document
	var failed [2][]error
	var errs [2]error
	var wg sync.WaitGroup
	for i, dir := range []string{oldDir, newDir} {
		wg.Go(func() { docs[i], failed[i], errs[i] = spec.LoadDirPartial(dir) })
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, nil, err
	}
	return modelPair([2]string{fetch.ReleaseName(oldDir), fetch.ReleaseName(newDir)}, docs, failed, domains, recorded)
}

// modelPair builds the models of two releases' documents as
// LoadPairNamed does; names names the releases, failed are the documents
// that failed to load.
func modelPair(names [2]string, docs [2][]*spec.Document, failed [2][]error, domains []string, recorded *names.File) (old, new *Release, err error) {
	if docs, err = selectDomains(docs, failed, domains, names[0], names[1]); err != nil {
		return nil, nil, err
	}
	if old, err = modelWith(names[0], docs[0], recordedNames(recorded, nil)); err != nil {
		return nil, nil, err
	}
	if new, err = modelWith(names[1], docs[1], recordedNames(recorded, old)); err != nil {
		return nil, nil, err
	}
	return old, new, nil
}

// recordedNames returns, as a release modelWith takes names from, the
// names recorded of each domain, else those fallback's model gave (both
// may be nil).
func recordedNames(recorded *names.File, fallback *Release) *Release {
	if recorded == nil {
		return fallback
	}
	r := &Release{}
	if fallback != nil {
		for _, d := range fallback.Domains {
			if recorded.Domain(d.Package) == nil {
				r.Domains = append(r.Domains, &model.Domain{Package: d.Package, Names: d.Names})
			}
		}
	}
	for pkg, n := range recorded.Domains {
		r.Domains = append(r.Domains, &model.Domain{Package: pkg, Names: n})
	}
	slices.SortFunc(r.Domains, func(a, b *model.Domain) int { return strings.Compare(a.Package, b.Package) })
	return r
}

// selectDomains returns the documents of the named domains (all when
// there are none), once it has decided whether the documents that failed
// to load can be done without (see [LoadPair]).
func selectDomains(docs [2][]*spec.Document, failed [2][]error, domains []string, oldName, newName string) ([2][]*spec.Document, error) {
	if len(domains) == 0 {
		return docs, errors.Join(slices.Concat(failed[0], failed[1])...)
	}
	var have [2][]string
	for i := range docs {
		for _, d := range docs[i] {
			have[i] = append(have[i], d.Domain)
		}
	}
	var unknown, why []string
	var blocking []error
	for _, name := range domains {
		in := [2]bool{slices.Contains(have[0], name), slices.Contains(have[1], name)}
		if !in[0] && !in[1] && len(failed[0])+len(failed[1]) == 0 {
			unknown = append(unknown, name)
			continue
		}
		for i, release := range []string{oldName, newName} {
			if !in[i] && len(failed[i]) > 0 {
				blocking = append(blocking, failed[i]...)
				why = append(why, fmt.Sprintf("--domains: no document of %s that loaded describes %s, and one that failed may be its: fix it, or leave %s out", release, name, name))
			}
		}
	}
	if len(blocking) > 0 {
		return docs, fmt.Errorf("%w\n%s", errors.Join(uniqErrors(blocking)...), strings.Join(why, "\n"))
	}
	if len(unknown) > 0 {
		return docs, &UnknownDomainError{Names: unknown, Old: oldName, New: newName, Have: slices.Compact(slices.Sorted(slices.Values(slices.Concat(have[0], have[1]))))}
	}
	var out [2][]*spec.Document
	for i := range docs {
		for _, d := range docs[i] {
			if slices.Contains(domains, d.Domain) {
				out[i] = append(out[i], d)
			}
		}
	}
	return out, nil
}

// uniqErrors returns errs without repeats, in order.
func uniqErrors(errs []error) []error {
	var out []error
	for _, e := range errs {
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

// UnknownDomainError is the error of [LoadPair] when it is asked for a
// domain that neither release has: a usage mistake, not a broken release.
type UnknownDomainError struct {
	// Names are the domains asked for that neither release has.
	Names []string
	// Old and New name the releases.
	Old, New string
	// Have are the domains the releases have, sorted.
	Have []string
}

// Error names the unknown domains, suggests what may have been meant, and
// lists the domains the releases have.
func (e *UnknownDomainError) Error() string {
	var b strings.Builder
	for i, n := range e.Names {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "--domains: neither %s nor %s has domain %q", e.Old, e.New, n)
		if s := suggest.Name(n, e.Have); s != "" {
			fmt.Fprintf(&b, " (did you mean %q?)", s)
		}
	}
	fmt.Fprintf(&b, "; they have %s", strings.Join(e.Have, ", "))
	return b.String()
}
