package normalize

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/spec"
)

// Extensions the normalizer writes for the generator and the diff.
const (
	// ExtNullable on a $ref schema says the value may be null.
	ExtNullable = "x-stgen-nullable"
	// ExtClientParam on a parameter names the client setting that supplies it ("tenant").
	ExtClientParam = "x-stgen-client"
	// ExtResource on an operation is the Go name of its resource ("Customers").
	ExtResource = "x-stgen-resource"
	// ExtMethod on an operation is its Go method name within the resource ("GetList").
	ExtMethod = "x-stgen-method"
	// ExtOperationID on an operation keeps the document's own operationId.
	ExtOperationID = "x-stgen-operation-id"
	// ExtPager on an operation is "page" or "export" when its response is a page or export envelope.
	ExtPager = "x-stgen-pager"
	// ExtAllName on a paged operation is the Go name of its iterator ("GetListAll").
	ExtAllName = "x-stgen-all"
	// ExtFeedName on an export operation is the Go name of its feed ("GetCustomersFeed").
	ExtFeedName = "x-stgen-feed"
	// ExtFullPath on an operation is its path under the host: the base path
	// and the document's path ("/crm/v2/tenant/{tenant}/customers").
	ExtFullPath = "x-stgen-full-path"
)

const schemaRefPrefix = "#/components/schemas/"

// Document normalizes d in place, keeping the Go names recorded by an
// earlier generation (nil for none; see recorded.go), and returns the names
// it gave. It fails, with a *spec.Error naming the file and the place, on
// what no Go client can express: two operations with one name, a property
// whose name cannot be a JSON key of a Go struct. Do not call it twice on
// one document.
func Document(d *spec.Document, recorded *names.Domain) (*names.Domain, error) {
	n := &normalizer{doc: d.OpenAPI, file: d.File, basePath: d.BasePath, visited: map[*openapi3.Schema]bool{}, rec: newRecordedNames(recorded)}
	var shape map[string]string
	if c := d.OpenAPI.Components; c != nil {
		shape = shapes(c.Schemas)
	}
	if err := n.nameOperations(); err != nil {
		return nil, &spec.Error{File: d.File, Location: "#/paths", Err: err}
	}
	original, err := n.renameSchemas(n.packageNames())
	if err != nil {
		return nil, &spec.Error{File: d.File, Location: "#/components/schemas", Err: err}
	}
	n.walkDocument()
	if n.err != nil {
		return nil, n.err
	}
	return n.result(original, shape), nil
}

// normalizer holds the state of one document's normalization.
type normalizer struct {
	doc      *openapi3.T
	file     string
	basePath string
	// renamed maps old schema refs to new ones.
	renamed map[string]string
	// aliasOf maps the schema of an enum merged into another to that one's.
	aliasOf map[*openapi3.Schema]*openapi3.Schema
	// visited holds inline schemas already rewritten; referenced schemas are
	// rewritten once, through the components.
	visited map[*openapi3.Schema]bool
	// err is the first error the walk met, as a *spec.Error.
	err error
	// rec is what an earlier generation named.
	rec *recordedNames
}

// Identifiers a generated package declares beside the schemas' types.
const (
	// ClientType is the type of a domain's client.
	ClientType = "Client"
	// NewClientFunc is the function that makes one.
	NewClientFunc = "NewClient"
	// BasePathConst is the constant holding the domain's base path.
	BasePathConst = "BasePath"
	// ResourceSuffix ends the type name of each resource (Customers: CustomersResource).
	ResourceSuffix = "Resource"
)

// packageNames returns the identifiers the package declares beside the
// schemas' types, which no schema may be named: stgen's own, the resource
// types and the parameters structs.
func (n *normalizer) packageNames() []string {
	names := []string{ClientType, NewClientFunc, BasePathConst}
	for _, item := range n.doc.Paths.Map() {
		for _, op := range item.Operations() {
			names = append(names, Resource(op)+ResourceSuffix, ParamsType(op))
		}
	}
	return names
}

// renameSchemas gives every component schema its namespace-free name, none
// of them one of reserved: the recorded one if there is one, else one by the
// rules that no schema of the document holds by record. Enums that differ only by namespace become one
// (see sameEnums): references to the others point to it. It returns the Go
// name of every schema by its published name.
func (n *normalizer) renameSchemas(reserved []string) (map[string]string, error) {
	n.renamed = map[string]string{}
	n.aliasOf = map[*openapi3.Schema]*openapi3.Schema{}
	if n.doc.Components == nil || len(n.doc.Components.Schemas) == 0 {
		return map[string]string{}, nil
	}
	old := n.doc.Components.Schemas
	pinned := n.rec.pinSchemas(old, shapes(old))
	for _, name := range slices.Sorted(maps.Keys(pinned)) {
		if slices.Contains(reserved, pinned[name]) {
			return nil, fmt.Errorf("the names file gives schema %s the Go name %s, which the package now needs for a resource or parameters type: remove its entry from %s to rename it", name, pinned[name], names.FileName)
		}
	}
	alias := sameEnums(old)
	var kept []string
	for name := range old {
		if _, dup := alias[name]; !dup {
			kept = append(kept, name)
		} else if _, ok := pinned[name]; ok {
			kept = append(kept, name)
		}
	}
	goNames := TypeNames(kept, pinned, reserved)
	merged := map[string]bool{}
	for dup, canonical := range alias {
		if _, ok := pinned[dup]; ok && pinned[dup] != goNames[canonical] {
			continue // recorded as a type of its own: it stays one
		}
		goNames[dup] = goNames[canonical]
		merged[dup] = true
		n.aliasOf[old[dup].Value] = old[canonical].Value
	}
	owner := map[string]string{}
	renamed := make(openapi3.Schemas, len(goNames))
	for _, from := range slices.Sorted(maps.Keys(goNames)) {
		to := goNames[from]
		n.renamed[schemaRefPrefix+from] = schemaRefPrefix + to
		if merged[from] {
			continue
		}
		if prev, dup := owner[to]; dup {
			return nil, fmt.Errorf("the names file gives schemas %s and %s the one Go name %s: remove one entry from %s", prev, from, to, names.FileName)
		}
		owner[to] = from
		renamed[to] = old[from]
		if s := old[from].Value; s != nil && isEnum(s) {
			nameEnum(s, n.rec.constants(from, to))
		}
	}
	n.doc.Components.Schemas = renamed
	return goNames, nil
}

// walkDocument rewrites every schema and parameter in a fixed order.
func (n *normalizer) walkDocument() {
	if c := n.doc.Components; c != nil {
		for _, name := range slices.Sorted(maps.Keys(c.Schemas)) {
			c.Schemas[name] = n.schema(c.Schemas[name], pointer("#/components/schemas", name))
		}
		for _, name := range slices.Sorted(maps.Keys(c.Parameters)) {
			n.parameter(c.Parameters[name], pointer("#/components/parameters", name))
		}
		for _, name := range slices.Sorted(maps.Keys(c.RequestBodies)) {
			n.requestBody(c.RequestBodies[name], pointer("#/components/requestBodies", name))
		}
		for _, name := range slices.Sorted(maps.Keys(c.Responses)) {
			n.response(c.Responses[name], pointer("#/components/responses", name))
		}
	}
	for _, path := range slices.Sorted(maps.Keys(n.doc.Paths.Map())) {
		item := n.doc.Paths.Value(path)
		at := pointer("#/paths", path)
		for i, p := range item.Parameters {
			n.parameter(p, pointer(at, "parameters", strconv.Itoa(i)))
		}
		for _, method := range slices.Sorted(maps.Keys(item.Operations())) {
			op := item.GetOperation(method)
			at := pointer(at, strings.ToLower(method))
			op.Summary = cleanText(op.Summary)
			op.Description = cleanText(op.Description)
			for i, p := range op.Parameters {
				n.parameter(p, pointer(at, "parameters", strconv.Itoa(i)))
			}
			n.requestBody(op.RequestBody, pointer(at, "requestBody"))
			if op.Responses != nil {
				for _, code := range slices.Sorted(maps.Keys(op.Responses.Map())) {
					n.response(op.Responses.Value(code), pointer(at, "responses", code))
				}
			}
		}
	}
}

func (n *normalizer) requestBody(rb *openapi3.RequestBodyRef, at string) {
	if rb == nil || rb.Value == nil {
		return
	}
	n.content(rb.Value.Content, pointer(at, "content"))
}

func (n *normalizer) response(r *openapi3.ResponseRef, at string) {
	if r == nil || r.Value == nil {
		return
	}
	n.content(r.Value.Content, pointer(at, "content"))
	for _, name := range slices.Sorted(maps.Keys(r.Value.Headers)) {
		if h := r.Value.Headers[name]; h != nil && h.Value != nil {
			h.Value.Schema = n.schema(h.Value.Schema, pointer(at, "headers", name, "schema"))
		}
	}
}

func (n *normalizer) content(c openapi3.Content, at string) {
	for _, mt := range slices.Sorted(maps.Keys(c)) {
		if m := c[mt]; m != nil {
			m.Schema = n.schema(m.Schema, pointer(at, mt, "schema"))
		}
	}
}

// fail records the first error of the walk, at a JSON pointer.
func (n *normalizer) fail(at string, err error) {
	if n.err == nil {
		n.err = &spec.Error{File: n.file, Location: at, Err: err}
	}
}

// pointer appends tokens to a JSON pointer, escaped.
func pointer(base string, tokens ...string) string {
	var b strings.Builder
	b.WriteString(base)
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(spec.EscapePointer(t))
	}
	return b.String()
}

// nameOperations names the operations (see the function nameOperations)
// and records the names on them as extensions.
func (n *normalizer) nameOperations() error {
	ops, err := nameOperations(n.doc, n.basePath, n.rec)
	if err != nil {
		return err
	}
	for _, o := range ops {
		if o.op.Extensions == nil {
			o.op.Extensions = map[string]any{}
		}
		ext := o.op.Extensions
		if o.pager != "" {
			ext[ExtPager] = o.pager
		}
		ext[ExtOperationID] = o.op.OperationID
		ext[ExtResource] = o.resource
		ext[ExtMethod] = o.action
		ext[ExtFullPath] = n.basePath + o.path
		o.op.OperationID = o.resource + "_" + o.action
		if o.all != "" {
			ext[ExtAllName] = o.all
		}
		if o.feed != "" {
			ext[ExtFeedName] = o.feed
		}
	}
	return nil
}
