// Package opsfile holds the operations file: for every method, iterator
// and feed stgen generates, the operation it calls and the OAuth scopes
// that operation requires, keyed by domain package and Go identifier.
//
// stgen generate writes it into its output folder beside the names file
// (package names), from the same models it emits the packages from, so a
// program's calls into the generated packages can be mapped back to
// operations and scopes without reading the vendor's documents again
// (stgen scopes, the scopecheck analyzer, stgen diff --against). Like the
// names file it is JSON with sorted keys, so that two runs on one input
// write the same bytes and a regeneration's change to it reads as a short
// diff.
package opsfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/normalize"
	"github.com/stgen-dev/stgen/internal/spec"
)

// FileName is the name of the operations file in an output folder.
const FileName = "stgen-operations.json"

// formatVersion is the version of the file's format.
const formatVersion = 1

// maxSize bounds the file Read accepts: a whole release's record is about
// 200 KB.
const maxSize = 64 << 20

// File is the content of an operations file.
type File struct {
	// Version is the file's format version.
	Version int `json:"version"`
	// Module is the import path of the output folder: a domain's package
	// is Module + "/" + its key in Domains.
	Module string `json:"module"`
	// Domains holds each domain package's record, by package name (the
	// package's folder in the output folder).
	Domains map[string]*Domain `json:"domains"`
}

// Domain is the record of one domain package.
type Domain struct {
	// Release names the release the package was generated from ("2026-05-11").
	Release string `json:"release"`
	// DeclaresScopes reports whether the release's document names OAuth
	// scopes at all: releases before 2026-05-11 declare none (the API took
	// the app key alone), so their methods' Scopes are unknown, not empty.
	DeclaresScopes bool `json:"declaresScopes"`
	// Methods maps a method's receiver type and name
	// ("CustomersResource.GetListAll") to the operation it calls.
	Methods map[string]Method `json:"methods"`
}

// Method is what one generated method calls.
type Method struct {
	// Operation is the HTTP method and full path of the operation
	// ("GET /crm/v2/tenant/{tenant}/customers/{id}").
	Operation string `json:"operation"`
	// Scopes are the OAuth scopes the operation requires, sorted; none
	// when the release declares none (see Domain.DeclaresScopes) or the
	// operation requires none.
	Scopes []string `json:"scopes,omitempty"`
}

// New returns an empty file for the output folder whose import path is module.
func New(module string) *File {
	return &File{Version: formatVersion, Module: module, Domains: map[string]*Domain{}}
}

// DomainOf returns the record of a domain's model, generated from release:
// each operation's method and, for a collection, its iterator, feed and
// feed from a date-time.
func DomainOf(dom *model.Domain, release string) *Domain {
	d := &Domain{Release: release, DeclaresScopes: dom.DeclaresScopes, Methods: map[string]Method{}}
	for _, op := range dom.Operations {
		m := Method{Operation: op.HTTPMethod + " " + op.Path, Scopes: slices.Compact(slices.Sorted(slices.Values(op.Scopes)))}
		recv := op.Resource + normalize.ResourceSuffix + "."
		d.Methods[recv+op.Method] = m
		if op.Pager != nil {
			for _, name := range []string{op.Pager.All, op.Pager.Feed, op.Pager.Since} {
				if name != "" {
					d.Methods[recv+name] = m
				}
			}
		}
	}
	return d
}

// Merge returns the file a run writes: the domains generated now, and,
// unless the run generated a whole release (prune), those previous records
// (previous may be nil) that the run left as they were.
func Merge(module string, previous *File, generated map[string]*Domain, prune bool) *File {
	f := New(module)
	if previous != nil && !prune {
		maps.Copy(f.Domains, previous.Domains)
	}
	maps.Copy(f.Domains, generated)
	return f
}

// Marshal returns the file's bytes: indented JSON, keys sorted, a final newline.
func (f *File) Marshal() []byte {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		// Only maps, strings and booleans: nothing can fail.
		panic(err)
	}
	return append(b, '\n')
}

// Method returns the record of the method recv.name ("CustomersResource",
// "Get") of the domain package named domain, with the domain's record.
func (f *File) Method(domain, recv, name string) (Method, *Domain, bool) {
	if f == nil || f.Domains[domain] == nil {
		return Method{}, nil, false
	}
	d := f.Domains[domain]
	m, ok := d.Methods[recv+"."+name]
	return m, d, ok
}

// ErrNotExist is the error of Read for a folder without an operations file.
var ErrNotExist = errors.New("no " + FileName)

// Read reads the operations file in dir. A folder without one gives an
// error wrapping ErrNotExist (its packages came from a stgen that wrote
// none). The file is checked, since people can edit it: JSON of this
// format, at most 64 MiB, every domain a Go package name and every method
// Type.Method, both exported identifiers.
func Read(dir string) (*File, error) {
	path := filepath.Join(dir, FileName)
	fh, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w: generate the packages again with this stgen, which writes it", path, ErrNotExist)
	}
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	b, err := io.ReadAll(io.LimitReader(fh, maxSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	f, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: generate the packages again, or fix the entry", path, err)
	}
	return f, nil
}

// Parse decodes and checks the bytes of an operations file (see [Read]).
func Parse(b []byte) (*File, error) {
	if len(b) > maxSize {
		return nil, fmt.Errorf("larger than %d MiB: not an operations file stgen wrote", maxSize>>20)
	}
	var f File
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("not an operations file stgen wrote (%v)", err)
	}
	if dec.More() {
		return nil, errors.New("not an operations file stgen wrote (data after its JSON object)")
	}
	if f.Version != formatVersion {
		return nil, fmt.Errorf("format version %d; this stgen reads version %d", f.Version, formatVersion)
	}
	if f.Domains == nil {
		f.Domains = map[string]*Domain{}
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return &f, nil
}

// check fails on the first entry that is not what stgen writes, naming it.
func (f *File) check() error {
	for _, name := range slices.Sorted(maps.Keys(f.Domains)) {
		d := f.Domains[name]
		at := fmt.Sprintf("domains[%q]", name)
		if !spec.IsDomainName(name) {
			return fmt.Errorf("%s is not a domain package name", at)
		}
		if d == nil {
			return fmt.Errorf("%s is null", at)
		}
		for _, key := range slices.Sorted(maps.Keys(d.Methods)) {
			recv, method, ok := strings.Cut(key, ".")
			if !ok || !isExported(recv) || !isExported(method) {
				return fmt.Errorf("%s.methods[%q] is not Type.Method, each an exported Go identifier", at, key)
			}
			if verb, _, ok := strings.Cut(d.Methods[key].Operation, " /"); !ok || verb == "" || strings.ToUpper(verb) != verb {
				return fmt.Errorf("%s.methods[%q].operation is %q, not METHOD /path", at, key, d.Methods[key].Operation)
			}
		}
	}
	return nil
}

// isExported reports whether name is an exported Go identifier.
func isExported(name string) bool {
	return token.IsIdentifier(name) && token.IsExported(name)
}
