package normalize

import (
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// nameOperations gives every operation a resource and a method name.
//
// ServiceTitan writes operation ids as Resource_Action ("Customers_GetList"):
// the resource is the part before the first underscore. An id of another
// shape takes its resource from the operation's first tag and keeps the id
// (or, without one, the HTTP method and the path's literal segments) as the
// method name. Method names that repeat within a resource get a number, in
// the order of path and method; iterator names ("GetListAll") give way to
// operation names. The operationId becomes
// Resource_Method, which oapi-codegen turns into the prefix of the
// operation's Go types (CustomersGetListParams); the document's own id is
// kept in x-stgen-operation-id.
func (n *normalizer) nameOperations() {
	taken := map[string]map[string]bool{}
	type named struct {
		resource string
		op       *openapi3.Operation
	}
	var pagers []named
	for _, path := range slices.Sorted(maps.Keys(n.doc.Paths.Map())) {
		item := n.doc.Paths.Value(path)
		for _, method := range slices.Sorted(maps.Keys(item.Operations())) {
			op := item.GetOperation(method)
			resource, action := splitOperationID(op, method, path)
			if taken[resource] == nil {
				taken[resource] = map[string]bool{}
			}
			action = unique(action, taken[resource])
			if op.Extensions == nil {
				op.Extensions = map[string]any{}
			}
			op.Extensions[ExtOperationID] = op.OperationID
			op.Extensions[ExtResource] = resource
			op.Extensions[ExtMethod] = action
			op.Extensions[ExtFullPath] = n.basePath + path
			op.OperationID = resource + "_" + action
			recognizePager(item, op)
			if op.Extensions[ExtPager] != nil {
				pagers = append(pagers, named{resource, op})
			}
		}
	}
	// Iterators are named once every operation has its name, so that an
	// operation never gives way to an iterator.
	for _, p := range pagers {
		p.op.Extensions[ExtAllName] = unique(Method(p.op)+"All", taken[p.resource])
		if p.op.Extensions[ExtPager] == PagerExport {
			p.op.Extensions[ExtFeedName] = unique(Method(p.op)+"Feed", taken[p.resource])
		}
	}
}

// splitOperationID returns the Go names of an operation's resource and method.
func splitOperationID(op *openapi3.Operation, method, path string) (resource, action string) {
	if r, a, ok := strings.Cut(op.OperationID, "_"); ok && r != "" && a != "" {
		return GoName(r), GoName(a)
	}
	resource = "Default"
	if len(op.Tags) > 0 {
		resource = GoName(op.Tags[0])
	}
	action = GoName(op.OperationID)
	if op.OperationID == "" || action == resource {
		action = GoName(strings.ToLower(method) + " " + pathWords(path))
	}
	return resource, action
}

// pathWords returns the literal segments of a path, without parameters and
// without the tenant segment the client supplies ("/tenant/{tenant}/reviews"
// gives "reviews").
func pathWords(path string) string {
	var words []string
	for _, seg := range strings.Split(path, "/") {
		if seg == "" || strings.HasPrefix(seg, "{") || seg == TenantParam {
			continue
		}
		words = append(words, seg)
	}
	return strings.Join(words, " ")
}

// Resource returns the Go name of a normalized operation's resource.
func Resource(op *openapi3.Operation) string {
	s, _ := op.Extensions[ExtResource].(string)
	return s
}

// Method returns the Go name of a normalized operation's method.
func Method(op *openapi3.Operation) string {
	s, _ := op.Extensions[ExtMethod].(string)
	return s
}
