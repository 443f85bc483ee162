package normalize

import (
	"maps"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
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

// Document normalizes d in place.
func Document(d *spec.Document) {
	n := &normalizer{doc: d.OpenAPI, basePath: d.BasePath, visited: map[*openapi3.Schema]bool{}}
	n.renameSchemas(n.packageNames())
	n.walkDocument()
	n.nameOperations()
}

// normalizer holds the state of one document's normalization.
type normalizer struct {
	doc      *openapi3.T
	basePath string
	// renamed maps old schema refs to new ones.
	renamed map[string]string
	// visited holds inline schemas already rewritten; referenced schemas are
	// rewritten once, through the components.
	visited map[*openapi3.Schema]bool
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
// schemas' types, which no schema may be named: stgen's own, and the types
// oapi-codegen derives from each operation's id.
func (n *normalizer) packageNames() []string {
	names := []string{ClientType, NewClientFunc, BasePathConst}
	for path, item := range n.doc.Paths.Map() {
		for method, op := range item.Operations() {
			resource, action := splitOperationID(op, method, path)
			names = append(names, resource+ResourceSuffix)
			for _, suffix := range []string{"Params", "JSONRequestBody", "JSONBody"} {
				names = append(names, resource+action+suffix)
			}
		}
	}
	return names
}

// renameSchemas gives every component schema its namespace-free name, none
// of them one of reserved.
func (n *normalizer) renameSchemas(reserved []string) {
	n.renamed = map[string]string{}
	if n.doc.Components == nil || len(n.doc.Components.Schemas) == 0 {
		return
	}
	old := n.doc.Components.Schemas
	names := TypeNames(slices.Collect(maps.Keys(old)), reserved)
	renamed := make(openapi3.Schemas, len(old))
	for from, to := range names {
		renamed[to] = old[from]
		n.renamed[schemaRefPrefix+from] = schemaRefPrefix + to
	}
	n.doc.Components.Schemas = renamed
}

// walkDocument rewrites every schema and parameter in a fixed order.
func (n *normalizer) walkDocument() {
	if c := n.doc.Components; c != nil {
		for _, name := range slices.Sorted(maps.Keys(c.Schemas)) {
			c.Schemas[name] = n.schema(c.Schemas[name])
		}
		for _, name := range slices.Sorted(maps.Keys(c.Parameters)) {
			n.parameter(c.Parameters[name])
		}
		for _, name := range slices.Sorted(maps.Keys(c.RequestBodies)) {
			n.requestBody(c.RequestBodies[name])
		}
		for _, name := range slices.Sorted(maps.Keys(c.Responses)) {
			n.response(c.Responses[name])
		}
	}
	for _, path := range slices.Sorted(maps.Keys(n.doc.Paths.Map())) {
		item := n.doc.Paths.Value(path)
		for _, p := range item.Parameters {
			n.parameter(p)
		}
		for _, method := range slices.Sorted(maps.Keys(item.Operations())) {
			op := item.GetOperation(method)
			for _, p := range op.Parameters {
				n.parameter(p)
			}
			n.requestBody(op.RequestBody)
			if op.Responses != nil {
				for _, code := range slices.Sorted(maps.Keys(op.Responses.Map())) {
					n.response(op.Responses.Value(code))
				}
			}
		}
	}
}

func (n *normalizer) requestBody(rb *openapi3.RequestBodyRef) {
	if rb == nil || rb.Value == nil {
		return
	}
	n.content(rb.Value.Content)
}

func (n *normalizer) response(r *openapi3.ResponseRef) {
	if r == nil || r.Value == nil {
		return
	}
	n.content(r.Value.Content)
	for _, name := range slices.Sorted(maps.Keys(r.Value.Headers)) {
		if h := r.Value.Headers[name]; h != nil && h.Value != nil {
			h.Value.Schema = n.schema(h.Value.Schema)
		}
	}
}

func (n *normalizer) content(c openapi3.Content) {
	for _, mt := range slices.Sorted(maps.Keys(c)) {
		if m := c[mt]; m != nil {
			m.Schema = n.schema(m.Schema)
		}
	}
}
