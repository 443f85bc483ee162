package gen

import (
	"bytes"
	"cmp"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/names"
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

// Package generates the package of a domain's model: the types
// (oapi-codegen, from the model's decisions), the client and the decoders
// (stgen's own, with jennifer). It checks that the source declares
// exactly what the model describes.
func (g *Generator) Package(dom *model.Domain) (*Package, error) {
	fail := func(what string, err error) (*Package, error) {
		return nil, fmt.Errorf("%s: %s of package %s: %w", dom.File, what, dom.Package, err)
	}
	header := Header(g.version, filepath.Base(dom.File), g.release)
	typesName := dom.Package + ".gen.go"
	src, err := runEngine(declarations(dom, typeDocs(dom)), dom.Package, g.templates)
	if err != nil {
		return fail("generating the types", err)
	}
	api, err := formatSource(typesName, []byte("// "+header+"\n\n"+src), g.runtime)
	if err != nil {
		return fail("formatting the types (a template produced invalid Go)", err)
	}
	e := &emitter{dom: dom, runtime: g.runtime}
	client, err := renderJen("client.gen.go", e.client(header))
	if err != nil {
		return fail("generating the client", err)
	}
	decode, err := renderJen("decode.gen.go", e.decoders(header))
	if err != nil {
		return fail("generating the decoders", err)
	}
	files := map[string][]byte{typesName: api, "client.gen.go": client, "decode.gen.go": decode}
	if err := checkDeclared(dom, files); err != nil {
		return fail("checking the declarations", err)
	}
	return &Package{
		Name:       dom.Package,
		Title:      dom.Title,
		Files:      files,
		Operations: len(dom.Operations),
		Types:      countTypes(api) + countTypes(client),
		Names:      dom.Names,
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
