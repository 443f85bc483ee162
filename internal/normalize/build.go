package normalize

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/spec"
)

// Domain builds the model of a loaded document, keeping the Go names
// recorded by an earlier generation (nil for none; see recorded.go). It
// reads the document and never changes it. It fails, with a *spec.Error
// naming the file and the place, on what no Go client can express: two
// operations with one name, a property whose name cannot be a JSON key of
// a Go struct, a schema that is only a reference to itself, two
// declarations of one Go name.
func Domain(d *spec.Document, recorded *names.Domain) (*model.Domain, error) {
	b := &builder{
		doc:          d.OpenAPI,
		file:         d.File,
		basePath:     d.BasePath,
		rec:          newRecordedNames(recorded),
		types:        map[string]*model.Type{},
		hoisted:      map[*openapi3.Schema]*model.Type{},
		taken:        map[string]bool{},
		merging:      map[*openapi3.Schema]bool{},
		allOfStructs: map[*openapi3.Schema]bool{},
	}
	if c := d.OpenAPI.Components; c != nil {
		b.schemas = c.Schemas
	}
	b.shapes = shapes(b.schemas)
	dom := &model.Domain{
		Package:  d.Domain,
		Title:    oneLine(d.Title()),
		BasePath: d.BasePath,
		File:     d.File,
	}
	ops, err := nameOperations(b.doc, b.basePath, b.rec)
	if err != nil {
		return nil, &spec.Error{File: d.File, Location: "#/paths", Err: err}
	}
	if err := b.nameSchemas(reservedNames(ops)); err != nil {
		return nil, &spec.Error{File: d.File, Location: "#/components/schemas", Err: err}
	}
	for _, pub := range slices.Sorted(maps.Keys(b.schemas)) {
		b.component(pub)
	}
	for _, o := range ops {
		op := b.operation(o)
		if b.err != nil {
			return nil, b.err
		}
		dom.Operations = append(dom.Operations, op)
		dom.DeclaresScopes = dom.DeclaresScopes || declaresScopes(b.doc, o.op)
	}
	if b.err != nil {
		return nil, b.err
	}
	b.nullableRequests(dom.Operations)
	b.breakValueCycles()
	if err := b.checkDefinedCycles(); err != nil {
		return nil, err
	}
	dom.Types = b.reachable(dom.Operations)
	slices.SortFunc(dom.Operations, func(a, b *model.Operation) int {
		return cmp.Or(strings.Compare(a.Resource, b.Resource), strings.Compare(a.Method, b.Method))
	})
	dom.Resources = resources(dom.Operations)
	if err := checkDeclarations(dom); err != nil {
		return nil, err
	}
	dom.Names = b.given(ops)
	return dom, nil
}

// builder holds the state of one document's modelling.
type builder struct {
	doc      *openapi3.T
	file     string
	basePath string
	rec      *recordedNames
	schemas  openapi3.Schemas
	// goNames maps each component's published name to its Go name; merged
	// maps a component merged into another (an enum repeated in another
	// namespace) to that one.
	goNames, merged map[string]string
	// types holds the type of each component built, by published name.
	types map[string]*model.Type
	// hoisted holds the types given to inline schemas, by schema.
	hoisted map[*openapi3.Schema]*model.Type
	// all lists every type built, in the order they were made.
	all []*model.Type
	// taken holds the type names given or reserved.
	taken map[string]bool
	// merging holds the schemas whose allOf members are being merged.
	merging map[*openapi3.Schema]bool
	// allOfStructs holds, for each allOf schema met, whether it is a
	// struct (see isStruct).
	allOfStructs map[*openapi3.Schema]bool
	// shapes holds each component's shape (see shapes).
	shapes map[string]string
	// err is the first error met, as a *spec.Error.
	err error
}

// fail records the first error, at a JSON pointer.
func (b *builder) fail(at string, err error) {
	if b.err == nil {
		b.err = &spec.Error{File: b.file, Location: at, Err: err}
	}
}

// reservedNames returns the identifiers a package declares beside the
// schemas' types, which no schema may be named: stgen's own, the resource
// types and the parameters structs.
func reservedNames(ops []*operation) []string {
	reserved := []string{ClientType, NewClientFunc, BasePathConst}
	for _, o := range ops {
		reserved = append(reserved, o.resource+ResourceSuffix, o.resource+o.action+"Params")
	}
	return reserved
}

// nameSchemas gives every component schema its namespace-free Go name,
// none of them one of reserved: the recorded one if there is one, else one
// by the rules that no schema of the document holds by record (see
// TypeNames). Enums that differ only by namespace become one (see
// sameEnums): the others are merged into it.
func (b *builder) nameSchemas(reserved []string) error {
	b.goNames, b.merged = map[string]string{}, map[string]string{}
	for _, r := range reserved {
		b.taken[r] = true
	}
	if len(b.schemas) == 0 {
		return nil
	}
	pinned := b.rec.pinSchemas(b.schemas, b.shapes)
	for _, name := range slices.Sorted(maps.Keys(pinned)) {
		if slices.Contains(reserved, pinned[name]) {
			return fmt.Errorf("the names file gives schema %s the Go name %s, which the package now needs for a resource or parameters type: remove its entry from %s to rename it", name, pinned[name], names.FileName)
		}
	}
	alias := sameEnums(b.schemas)
	var kept []string
	for name := range b.schemas {
		if _, dup := alias[name]; !dup {
			kept = append(kept, name)
		} else if _, ok := pinned[name]; ok {
			kept = append(kept, name)
		}
	}
	goNames := TypeNames(kept, pinned, reserved)
	for dup, canonical := range alias {
		if _, ok := pinned[dup]; ok && pinned[dup] != goNames[canonical] {
			continue // recorded as a type of its own: it stays one
		}
		goNames[dup] = goNames[canonical]
		b.merged[dup] = canonical
	}
	owner := map[string]string{}
	for _, from := range slices.Sorted(maps.Keys(goNames)) {
		to := goNames[from]
		b.taken[to] = true
		if _, ok := b.merged[from]; ok {
			continue
		}
		if prev, dup := owner[to]; dup {
			return fmt.Errorf("the names file gives schemas %s and %s the one Go name %s: remove one entry from %s", prev, from, to, names.FileName)
		}
		owner[to] = from
	}
	b.goNames = goNames
	return nil
}

// resources groups the operations, sorted by resource and method, by resource.
func resources(ops []*model.Operation) []*model.Resource {
	var out []*model.Resource
	for _, op := range ops {
		if len(out) == 0 || out[len(out)-1].Name != op.Resource {
			out = append(out, &model.Resource{Name: op.Resource, TypeName: op.Resource + ResourceSuffix})
		}
		r := out[len(out)-1]
		r.Operations = append(r.Operations, op)
	}
	return out
}

// given returns the names the model gives, keyed as package names keys
// them: every component schema's (reached by an operation or not) by its
// published name, every inline schema's that has a type by its JSON
// pointer, the constants of every enum component, every operation's.
func (b *builder) given(ops []*operation) *names.Domain {
	d := &names.Domain{
		Schemas:    map[string]names.Schema{},
		Constants:  map[string]map[string]string{},
		Operations: map[string]names.Operation{},
	}
	for pub := range b.schemas {
		t := b.component(pub)
		d.Schemas[pub] = names.Schema{Name: t.Name, Shape: b.shapes[pub]}
		if t.Kind == model.Enum {
			consts := map[string]string{}
			for _, v := range t.Values {
				consts[v.Text()] = v.Const
			}
			d.Constants[pub] = consts
		}
	}
	for _, t := range b.hoisted {
		d.Schemas[t.Location] = names.Schema{Name: t.Name}
	}
	for _, o := range ops {
		d.Operations[names.OperationKey(o.method, b.basePath+o.path)] = names.Operation{Method: o.resource + "." + o.action, All: o.all, Feed: o.feed, Since: o.since}
	}
	return d
}
