package gen

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/normalize"
	"github.com/stgen-dev/stgen/internal/spec"
	"github.com/stgen-dev/stgen/templates"
)

// RuntimePath is the import path of the runtime the generated packages
// share, unless Options.Runtime says otherwise.
const RuntimePath = "github.com/stgen-dev/stgen/stapi"

// Options configure a Generator; the zero value is stgen's defaults.
type Options struct {
	// Templates is a folder of *.tmpl files replacing stgen's oapi-codegen
	// templates of the same name; empty uses stgen's.
	Templates string
	// Runtime is the import path of the runtime package (stapi); empty is RuntimePath.
	Runtime string
	// Release names the release generated from, for the files' headers ("2026-05-11").
	Release string
	// Version is stgen's version, for the files' headers.
	Version string
}

// Generator generates client packages with one set of templates.
type Generator struct {
	// templates maps an oapi-codegen template name to its text.
	templates map[string]string
	// runtime is the import path of the runtime package.
	runtime string
	// release and version are for the files' headers.
	release, version string
}

// New returns a Generator using stgen's embedded templates, each replaced by
// the file of the same name in opts.Templates when it is set.
func New(opts Options) (*Generator, error) {
	g := &Generator{templates: map[string]string{}, runtime: cmp.Or(opts.Runtime, RuntimePath), release: opts.Release, version: opts.Version}
	dir := opts.Templates
	if _, err := readTemplates(templates.FS, g.templates); err != nil {
		return nil, fmt.Errorf("embedded templates: %w", err)
	}
	if dir == "" {
		return g, nil
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("templates: %s is not a folder of *.tmpl files", dir)
	}
	user := map[string]string{}
	n, err := readTemplates(os.DirFS(dir), user)
	if err != nil {
		return nil, fmt.Errorf("templates: %s: %w", dir, err)
	}
	if n == 0 {
		return nil, fmt.Errorf("templates: %s holds no *.tmpl file", dir)
	}
	for _, name := range slices.Sorted(maps.Keys(user)) {
		if err := checkTemplate(name, user[name]); err != nil {
			return nil, fmt.Errorf("templates: %s: %w", filepath.Join(dir, name), err)
		}
		g.templates[name] = user[name]
	}
	return g, nil
}

// readTemplates adds every *.tmpl file at the top of fsys to into, by name,
// and returns how many it read.
func readTemplates(fsys fs.FS, into map[string]string) (int, error) {
	matches, err := fs.Glob(fsys, "*.tmpl")
	if err != nil {
		return 0, err
	}
	for _, m := range matches {
		b, err := fs.ReadFile(fsys, m)
		if err != nil {
			return 0, err
		}
		text := string(b)
		if !strings.Contains(text, "\n") {
			// oapi-codegen reads a one-line template as a file name or URL.
			text += "\n"
		}
		into[m] = text
	}
	return len(matches), nil
}

// Package is the generated source of one domain.
type Package struct {
	// Name is the package name, the domain ("crm").
	Name string
	// Title is the document's title ("CRM").
	Title string
	// Files maps file names to their formatted source.
	Files map[string][]byte
	// Operations and Types count what the package holds.
	Operations, Types int
	// Names are the Go names the package gives, for the names file.
	Names *names.Domain
}

// Package normalizes and lowers d in place and generates its package: the
// types (oapi-codegen), the client and the decoders (stgen's own). recorded
// are the names an earlier generation gave (nil for none), which it keeps.
func (g *Generator) Package(d *spec.Document, recorded *names.Domain) (*Package, error) {
	fail := func(what string, err error) (*Package, error) {
		var se *spec.Error
		if errors.As(err, &se) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %s of package %s: %w", d.File, what, d.Domain, err)
	}
	given, err := normalize.Document(d, recorded)
	if err != nil {
		return nil, err
	}
	ops := d.Operations()
	m, err := lower(d)
	if err != nil {
		return nil, err
	}
	src, err := runEngine(d.OpenAPI, d.Domain, g.templates)
	if err != nil {
		return fail("generating the types", err)
	}
	header := Header(g.version, filepath.Base(d.File), g.release)
	typesName := d.Domain + ".gen.go"
	if !strings.HasPrefix(src, "// Code generated") {
		src = "// " + header + "\n\n" + src
	}
	api, apiAST, err := formatSource(typesName, []byte(src), g.runtime)
	if err != nil {
		return fail("formatting the types (a template produced invalid Go)", err)
	}
	if err := checkTypes(apiAST, d.OpenAPI); err != nil {
		return fail("generating the types", err)
	}
	e := &emitter{m: m, runtime: g.runtime, dec: newDecoders(g.runtime, apiAST)}
	client, err := renderJen(e.client(header))
	if err != nil {
		return fail("generating the client", err)
	}
	df := jen.NewFile(d.Domain)
	df.ImportName(g.runtime, "stapi")
	df.HeaderComment(header)
	if err := e.dec.emit(df); err != nil {
		return fail("generating the decoders", err)
	}
	decode, err := renderJen(df)
	if err != nil {
		return fail("generating the decoders", err)
	}
	if err := checkDeclarations(apiAST, client, decode); err != nil {
		return fail("checking the names", err)
	}
	return &Package{
		Name:  d.Domain,
		Title: m.title,
		Files: map[string][]byte{
			typesName:       api,
			"client.gen.go": client,
			"decode.gen.go": decode,
		},
		Operations: ops,
		Types:      countTypes(api) + countTypes(client),
		Names:      given,
	}, nil
}

// countTypes counts the top-level type declarations of formatted source.
func countTypes(src []byte) int {
	n := 0
	for line := range bytes.Lines(src) {
		if bytes.HasPrefix(line, []byte("type ")) {
			n++
		}
	}
	return n
}
