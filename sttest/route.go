package sttest

import (
	"errors"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/stgen-dev/stgen/internal/spec"
)

// route is one operation of one document, ready to serve.
type route struct {
	// index is the route's position in API.routes.
	index int
	// key identifies the route in continuation tokens and record seeds: method and template.
	key string
	doc *spec.Document
	// method is the upper-case HTTP method.
	method string
	// template is the full path template: base path and path key ("/crm/v2/tenant/{tenant}/customers/{id}").
	template string
	// params names the parameter segments of template, in order.
	params []string
	// idParams names the path parameters, other than the tenant, whose
	// schema is an integer: the ids of records the operation addresses.
	idParams []string
	op       *openapi3.Operation
	// filter is the route handed to openapi3filter: its operation has no
	// security requirements (the handler checks credentials itself) and lacks
	// the query parameters listed in objectParams.
	filter *routers.Route
	// objectParams are query parameters whose schema is an object or an array
	// of objects; openapi3filter cannot decode ServiceTitan's encoding of
	// them ("customField.Name=value", "owners[0].type=Job"), so validate.go does.
	objectParams []*openapi3.Parameter
	// json2020 is set for OpenAPI 3.1 operations whose request schemas use
	// keywords only JSON Schema 2020-12 has; see newRoute.
	json2020 bool
	// appKeyQuery names the query parameters that may carry the app key
	// instead of the ST-App-Key header (apiKey schemes in query).
	appKeyQuery []string
	// reply describes the success response.
	reply reply
}

// newRoute builds the route of one operation. legacy is nil for OpenAPI 3.0
// documents; for 3.1 documents it is a copy of the document that says 3.0,
// used for validation unless the operation's request schemas need JSON
// Schema 2020-12 (see uses2020).
func newRoute(doc *spec.Document, pathKey string, item *openapi3.PathItem, method string, op *openapi3.Operation, legacy *openapi3.T) *route {
	template := strings.TrimSuffix(doc.BasePath, "/") + pathKey
	rt := &route{
		key:      method + " " + template,
		doc:      doc,
		method:   method,
		template: template,
		params:   templateParams(template),
		op:       op,
	}

	filtered := *op
	filtered.Security = &openapi3.SecurityRequirements{}
	filtered.Parameters = nil
	for _, p := range op.Parameters {
		if p.Value != nil && p.Value.In == openapi3.ParameterInQuery && isObjectParam(p.Value) {
			rt.objectParams = append(rt.objectParams, p.Value)
			continue
		}
		filtered.Parameters = append(filtered.Parameters, p)
	}
	filteredItem := *item
	filteredItem.Parameters = nil
	for _, p := range item.Parameters {
		if p.Value != nil && p.Value.In == openapi3.ParameterInQuery && isObjectParam(p.Value) {
			if op.Parameters.GetByInAndName(p.Value.In, p.Value.Name) == nil {
				rt.objectParams = append(rt.objectParams, p.Value)
			}
			continue
		}
		filteredItem.Parameters = append(filteredItem.Parameters, p)
	}
	rt.filter = &routers.Route{
		Spec:      doc.OpenAPI,
		Path:      pathKey,
		PathItem:  &filteredItem,
		Method:    method,
		Operation: &filtered,
	}
	if len(doc.OpenAPI.Servers) > 0 {
		rt.filter.Server = doc.OpenAPI.Servers[0]
	}
	if legacy != nil {
		rt.json2020 = uses2020(item, op)
		if !rt.json2020 {
			rt.filter.Spec = legacy
		}
	}

	if c := doc.OpenAPI.Components; c != nil {
		for _, name := range slices.Sorted(maps.Keys(c.SecuritySchemes)) {
			s := c.SecuritySchemes[name].Value
			if s != nil && s.Type == "apiKey" && s.In == "query" && s.Name != "" {
				rt.appKeyQuery = append(rt.appKeyQuery, s.Name)
			}
		}
	}
	rt.idParams = idParams(rt.params, item, op)
	rt.reply = planReply(doc.OpenAPI, method, op)
	rt.reply.seedKey = seedKeyOf(doc.Domain, rt.key, &rt.reply)
	return rt
}

// legacySpec returns a shallow copy of a 3.1 document that claims to be
// 3.0, so that openapi3filter validates with kin-openapi's own validator
// rather than compiling a JSON Schema 2020-12 validator on every call
// (milliseconds for a request body). kin-openapi itself falls back to its
// own validator for schemas with $refs that use no 2020-only keyword; the
// ServiceTitan documents use none, and uses2020 keeps the 2020 validator
// for operations that would. Type arrays ("null" included) and
// oneOf [$ref, {type: null}] validate the same either way; the difference
// is that a stray 3.0 "nullable: true" is honoured.
func legacySpec(doc *openapi3.T) *openapi3.T {
	c := *doc
	c.OpenAPI = "3.0.3"
	return &c
}

// uses2020 reports whether any schema of the operation's parameters or
// request body uses a keyword only JSON Schema 2020-12 has.
func uses2020(item *openapi3.PathItem, op *openapi3.Operation) bool {
	var refs []*openapi3.SchemaRef
	for _, ps := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, p := range ps {
			if p.Value != nil && p.Value.Schema != nil {
				refs = append(refs, p.Value.Schema)
			}
		}
	}
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		for _, mt := range op.RequestBody.Value.Content {
			if mt.Schema != nil {
				refs = append(refs, mt.Schema)
			}
		}
	}
	found := errors.New("found")
	for _, ref := range refs {
		err := ref.WalkSubtree(func(_ string, r *openapi3.SchemaRef) error {
			if s := r.Value; s != nil && (s.Const != nil || len(s.PrefixItems) != 0 || s.Contains != nil ||
				len(s.PatternProperties) != 0 || len(s.DependentSchemas) != 0 || s.PropertyNames != nil ||
				s.UnevaluatedItems.Has != nil || s.UnevaluatedItems.Schema != nil ||
				s.UnevaluatedProperties.Has != nil || s.UnevaluatedProperties.Schema != nil ||
				s.If != nil || s.Then != nil || s.Else != nil || len(s.DependentRequired) != 0 ||
				len(s.Defs) != 0 || s.ContentSchema != nil) {
				return found
			}
			return nil
		})
		if err != nil {
			return true
		}
	}
	return false
}

// isObjectParam reports whether a parameter's schema is an object or an array of objects.
func isObjectParam(p *openapi3.Parameter) bool {
	if p.Schema == nil || p.Schema.Value == nil {
		return false
	}
	s := p.Schema.Value
	if typeIs(s, "object") {
		return true
	}
	return typeIs(s, "array") && s.Items != nil && s.Items.Value != nil && typeIs(s.Items.Value, "object")
}

// templateParams returns the names of the parameter segments of a template.
func templateParams(template string) []string {
	var names []string
	for _, seg := range strings.Split(template, "/") {
		if name, ok := paramName(seg); ok {
			names = append(names, name)
		}
	}
	return names
}

// paramName returns the name of a whole-segment parameter ("{id}" gives "id").
func paramName(seg string) (string, bool) {
	if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
		return seg[1 : len(seg)-1], true
	}
	return "", false
}

// node is one segment of the path tree. Literal segments win over
// parameters, so "/jobs/export" is found before "/jobs/{id}". Routes on the
// same path shape with different parameter names ("/zones/{zoneId}" for
// DELETE, "/zones/{id}" for GET) share a node and differ by method.
type node struct {
	literal map[string]*node
	param   *node
	// routes holds the routes ending here, by method.
	routes map[string]*route
}

// add inserts rt into the tree.
func (n *node) add(rt *route) {
	cur := n
	for _, seg := range splitPath(rt.template) {
		if _, ok := paramName(seg); ok {
			if cur.param == nil {
				cur.param = &node{}
			}
			cur = cur.param
			continue
		}
		if cur.literal == nil {
			cur.literal = make(map[string]*node)
		}
		next := cur.literal[seg]
		if next == nil {
			next = &node{}
			cur.literal[seg] = next
		}
		cur = next
	}
	if cur.routes == nil {
		cur.routes = make(map[string]*route)
	}
	cur.routes[rt.method] = rt
}

// find returns the node whose path matches segs, preferring literal
// segments, and the values of the parameter segments on the way. A node is
// found only when some route ends there; prefer, among such nodes, one with
// a route for method.
func (n *node) find(segs []string, method string) (*node, []string) {
	var best *node
	var bestVals []string
	var walk func(cur *node, i int, vals []string) bool
	walk = func(cur *node, i int, vals []string) bool {
		if i == len(segs) {
			if len(cur.routes) == 0 {
				return false
			}
			if best == nil {
				best, bestVals = cur, slices.Clone(vals)
			}
			if _, ok := cur.routes[method]; ok {
				best, bestVals = cur, slices.Clone(vals)
				return true
			}
			return false
		}
		if next := cur.literal[segs[i]]; next != nil && walk(next, i+1, vals) {
			return true
		}
		if cur.param != nil && segs[i] != "" {
			if walk(cur.param, i+1, append(vals, segs[i])) {
				return true
			}
		}
		return false
	}
	walk(n, 0, nil)
	return best, bestVals
}

// splitPath splits a path into its segments, without the leading slash.
func splitPath(p string) []string {
	return strings.Split(strings.TrimPrefix(p, "/"), "/")
}

// splitEscapedPath splits an escaped request path and unescapes each
// segment, so an encoded slash stays inside its segment.
func splitEscapedPath(escaped string) ([]string, bool) {
	segs := splitPath(escaped)
	for i, s := range segs {
		if strings.IndexByte(s, '%') < 0 {
			continue
		}
		u, err := url.PathUnescape(s)
		if err != nil {
			return nil, false
		}
		segs[i] = u
	}
	return segs, true
}

// match finds the route for a method and escaped path. It returns the
// route and its path parameters; when the path is known but the method is
// not, it returns nil and the methods the path allows.
func (a *API) match(method, escapedPath string) (*route, map[string]string, []string) {
	segs, ok := splitEscapedPath(escapedPath)
	if !ok {
		return nil, nil, nil
	}
	n, vals := a.tree.find(segs, method)
	if n == nil {
		return nil, nil, nil
	}
	rt := n.routes[method]
	if rt == nil {
		return nil, nil, slices.Sorted(maps.Keys(n.routes))
	}
	params := make(map[string]string, len(vals))
	for i, name := range rt.params {
		params[name] = vals[i]
	}
	return rt, params, nil
}
