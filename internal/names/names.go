// Package names holds the stable-names file: the Go name a generation gave
// every schema, enum constant, resource, method and iterator of each domain,
// keyed by what identifies them in the documents, so that a later
// generation over a new release keeps them (see normalize.Domain).
//
// The file lives in the output folder beside the packages and is meant to be
// committed with them: it is JSON with sorted keys, one entry per line, so
// that a regeneration's change to it reads as a short diff.
package names

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// FileName is the name of the names file in an output folder.
const FileName = "stgen-names.json"

// formatVersion is the version of the file's format.
const formatVersion = 1

// File is the content of a names file.
type File struct {
	// Version is the file's format version.
	Version int `json:"version"`
	// Domains holds each domain's names, by package name.
	Domains map[string]*Domain `json:"domains"`
}

// Domain is the names of one domain's package.
type Domain struct {
	// Schemas maps a schema's name as published ("Crm.V2.Customers.CustomerResponse"),
	// or the JSON pointer of an inline schema that has a type of its own, to its Go type.
	Schemas map[string]Schema `json:"schemas,omitempty"`
	// Constants maps a published enum schema name, then a value, to the Go constant.
	Constants map[string]map[string]string `json:"constants,omitempty"`
	// Operations maps an operation's key (see OperationKey) to its Go names.
	Operations map[string]Operation `json:"operations,omitempty"`
}

// Schema is the Go name of a schema and the shape it had.
type Schema struct {
	// Name is the Go type name.
	Name string `json:"name"`
	// Shape is a digest of the schema's structure, which tells that a schema
	// published under another name in a later release is the same one.
	Shape string `json:"shape,omitempty"`
}

// Operation is the Go names of an operation.
type Operation struct {
	// Method is the resource and method: "Customers.GetList".
	Method string `json:"method"`
	// All is the iterator's name, if the operation has one.
	All string `json:"all,omitempty"`
	// Feed is the export feed's name, if the operation has one.
	Feed string `json:"feed,omitempty"`
	// Since is the name of the export feed that starts at a date-time, if the operation has one.
	Since string `json:"since,omitempty"`
}

// OperationKey identifies an operation across releases: the HTTP method and
// the full path with its parameters unnamed ("GET /crm/v2/tenant/{}/customers/{}"),
// so that renaming a path parameter does not make it another operation.
func OperationKey(method, fullPath string) string {
	var b strings.Builder
	b.WriteString(strings.ToUpper(method))
	b.WriteByte(' ')
	for i := 0; i < len(fullPath); i++ {
		if fullPath[i] == '{' {
			if end := strings.IndexByte(fullPath[i:], '}'); end > 0 {
				b.WriteString("{}")
				i += end
				continue
			}
		}
		b.WriteByte(fullPath[i])
	}
	return b.String()
}

// New returns an empty file.
func New() *File {
	return &File{Version: formatVersion, Domains: map[string]*Domain{}}
}

// Read reads the names file in dir; a folder without one gives an empty file.
func Read(dir string) (*File, error) {
	path := filepath.Join(dir, FileName)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return New(), nil
	}
	if info, serr := os.Stat(dir); err != nil && (serr != nil || !info.IsDir()) {
		return New(), nil // no folder yet, or a file: writing the output reports it
	}
	if err != nil {
		return nil, err
	}
	f := New()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(f); err != nil {
		return nil, fmt.Errorf("%s: not a names file stgen wrote (%v): fix it, or delete it (or pass --renew-names) to name everything anew", path, err)
	}
	if f.Version != formatVersion {
		return nil, fmt.Errorf("%s: format version %d; this stgen reads version %d: use the stgen that wrote it, or delete the file to name everything anew", path, f.Version, formatVersion)
	}
	if f.Domains == nil {
		f.Domains = map[string]*Domain{}
	}
	if err := f.check(); err != nil {
		return nil, fmt.Errorf("%s: %w: fix the entry, or delete it (or pass --renew-names) to name it anew", path, err)
	}
	return f, nil
}

// check fails on the first name of the file that is not an exported Go
// identifier, naming its place: the file is edited by people, and a name
// is pasted into generated code as it is.
func (f *File) check() error {
	bad := func(where, name string) error {
		return fmt.Errorf("%s is %q, which is not an exported Go identifier", where, name)
	}
	for _, domain := range slices.Sorted(maps.Keys(f.Domains)) {
		d := f.Domains[domain]
		if d == nil {
			return fmt.Errorf("domains.%s is null", domain)
		}
		at := "domains." + domain
		for _, pub := range slices.Sorted(maps.Keys(d.Schemas)) {
			if name := d.Schemas[pub].Name; !isExported(name) {
				return bad(fmt.Sprintf("%s.schemas[%q].name", at, pub), name)
			}
		}
		for _, pub := range slices.Sorted(maps.Keys(d.Constants)) {
			for _, value := range slices.Sorted(maps.Keys(d.Constants[pub])) {
				if name := d.Constants[pub][value]; !isExported(name) {
					return bad(fmt.Sprintf("%s.constants[%q][%q]", at, pub, value), name)
				}
			}
		}
		for _, key := range slices.Sorted(maps.Keys(d.Operations)) {
			op := d.Operations[key]
			where := fmt.Sprintf("%s.operations[%q]", at, key)
			resource, method, ok := strings.Cut(op.Method, ".")
			if !ok || !isExported(resource) || !isExported(method) {
				return fmt.Errorf("%s.method is %q, which is not Resource.Method, each an exported Go identifier", where, op.Method)
			}
			for _, it := range []struct{ field, name string }{{"all", op.All}, {"feed", op.Feed}, {"since", op.Since}} {
				if it.name != "" && !isExported(it.name) {
					return bad(where+"."+it.field, it.name)
				}
			}
		}
	}
	return nil
}

// isExported reports whether name is an exported Go identifier.
func isExported(name string) bool {
	return token.IsIdentifier(name) && token.IsExported(name)
}

// Marshal returns the file's bytes: indented JSON, keys sorted, a final newline.
func (f *File) Marshal() []byte {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		// Only maps of strings and structs of strings: nothing can fail.
		panic(err)
	}
	return append(b, '\n')
}

// Domain returns the names of a domain, nil when the file has none.
func (f *File) Domain(name string) *Domain {
	if f == nil {
		return nil
	}
	return f.Domains[name]
}
