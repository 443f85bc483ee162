package gen

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stgen-dev/stgen/internal/normalize"
	"github.com/stgen-dev/stgen/internal/spec"
	"github.com/stgen-dev/stgen/templates"
)

// Generator generates client packages with one set of templates.
type Generator struct {
	// templates maps an oapi-codegen template name to its text.
	templates map[string]string
}

// New returns a Generator using stgen's embedded templates, each replaced by
// the file of the same name in dir when dir is not empty.
func New(dir string) (*Generator, error) {
	g := &Generator{templates: map[string]string{}}
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
}

// Package normalizes and lowers d in place and generates its package.
func (g *Generator) Package(d *spec.Document) (*Package, error) {
	normalize.Document(d)
	ops := d.Operations()
	title := d.Title()
	res := resources(d)
	lower(d.OpenAPI)

	src, err := runEngine(d.OpenAPI, d.Domain, g.templates)
	if err != nil {
		return nil, fmt.Errorf("%s: generating package %s: %w", d.File, d.Domain, err)
	}
	api, apiAST, err := formatSource(d.Domain+".gen.go", []byte(src))
	if err != nil {
		return nil, fmt.Errorf("%s: formatting package %s (a template produced invalid Go): %w", d.File, d.Domain, err)
	}
	client, err := glue(d, title, res)
	if err != nil {
		return nil, fmt.Errorf("%s: generating the client of package %s: %w", d.File, d.Domain, err)
	}
	if err := checkDeclarations(apiAST, client); err != nil {
		return nil, fmt.Errorf("%s: package %s: %w", d.File, d.Domain, err)
	}
	return &Package{
		Name:  d.Domain,
		Title: title,
		Files: map[string][]byte{
			d.Domain + ".gen.go": api,
			"client.gen.go":      client,
		},
		Operations: ops,
		Types:      countTypes(api),
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
