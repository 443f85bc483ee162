package diff

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stgen-dev/stgen/internal/normalize"
)

// operation is one operation of a normalized document.
type operation struct {
	method string // upper case
	path   string // full path: base path and the document's path
	item   *openapi3.PathItem
	op     *openapi3.Operation
}

// key returns "METHOD /full/path".
func (o operation) key() string { return o.method + " " + o.path }

// resource returns the Go name of the operation's resource.
func (o operation) resource() string { return normalize.Resource(o.op) }

// pathParam matches a path template's parameters.
var pathParam = regexp.MustCompile(`\{[^}]*\}`)

// template returns the key with every path parameter's name left out: the
// operations of two releases with equal templates are the same operation.
func (o operation) template() string {
	return o.method + " " + pathParam.ReplaceAllString(o.path, "{}")
}

// pathParams returns the names of the path's parameters, in order.
func (o operation) pathParams() []string {
	var names []string
	for _, m := range pathParam.FindAllString(o.path, -1) {
		names = append(names, strings.Trim(m, "{}"))
	}
	return names
}

// operations returns the operations of a normalized document, sorted by key.
func operations(doc *openapi3.T) []operation {
	var ops []operation
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			full, _ := op.Extensions[normalize.ExtFullPath].(string)
			if full == "" {
				full = path
			}
			ops = append(ops, operation{method: strings.ToUpper(method), path: full, item: item, op: op})
		}
	}
	slices.SortFunc(ops, func(a, b operation) int { return strings.Compare(a.key(), b.key()) })
	return ops
}

// matchOperations pairs the operations of two releases: by method and full
// path, then, among those left, by method and path with the parameters'
// names left out when that pairs them one to one (a renamed path parameter).
func matchOperations(old, new []operation) (pairs [][2]operation, removed, added []operation) {
	byKey := map[string]operation{}
	for _, n := range new {
		byKey[n.key()] = n
	}
	matched := map[string]bool{}
	for _, o := range old {
		if n, ok := byKey[o.key()]; ok {
			pairs = append(pairs, [2]operation{o, n})
			matched[n.key()] = true
		} else {
			removed = append(removed, o)
		}
	}
	for _, n := range new {
		if !matched[n.key()] {
			added = append(added, n)
		}
	}
	count := func(ops []operation) map[string]int {
		m := map[string]int{}
		for _, o := range ops {
			m[o.template()]++
		}
		return m
	}
	oldCount, newCount := count(removed), count(added)
	byTemplate := map[string]operation{}
	for _, n := range added {
		byTemplate[n.template()] = n
	}
	renamed := map[string]bool{}
	removed = slices.DeleteFunc(removed, func(o operation) bool {
		t := o.template()
		if oldCount[t] != 1 || newCount[t] != 1 {
			return false
		}
		pairs = append(pairs, [2]operation{o, byTemplate[t]})
		renamed[t] = true
		return true
	})
	added = slices.DeleteFunc(added, func(n operation) bool { return renamed[n.template()] })
	slices.SortFunc(pairs, func(a, b [2]operation) int { return strings.Compare(a[1].key(), b[1].key()) })
	return pairs, removed, added
}

// compareOperation compares two releases of one operation.
func (c *comparer) compareOperation(o, n operation) {
	at := Change{Operation: n.key(), Resource: n.resource()}
	with := func(ch Change) Change {
		ch.Operation, ch.Resource = at.Operation, at.Resource
		return ch
	}
	method := c.methodIdent(n)
	if o.path != n.path {
		c.emit(with(Change{Kind: OperationRenamed, Location: "path",
			Message: fmt.Sprintf("path parameters renamed: %s is now %s", o.path, n.path), Go: []string{method}}))
	}
	if old := c.methodIdent(o); old != method {
		c.emit(with(Change{Kind: MethodRenamed,
			Message: fmt.Sprintf("%s is now %s (operationId %v is now %v)", old, method, o.op.Extensions[normalize.ExtOperationID], n.op.Extensions[normalize.ExtOperationID]),
			Go:      []string{old, method}}))
	}
	switch {
	case !o.op.Deprecated && n.op.Deprecated:
		c.emit(with(Change{Kind: OperationDeprecated, Message: "operation deprecated: " + method, Go: []string{method}}))
	case o.op.Deprecated && !n.op.Deprecated:
		c.emit(with(Change{Kind: OperationUndeprecated, Message: "operation no longer deprecated: " + method, Go: []string{method}}))
	}
	c.compareParameters(at, o, n)
	c.compareRequestBody(at, o, n)
	c.compareResponse(at, o, n)
}

// parameters returns the parameters of an operation the caller passes (the
// client supplies the tenant), the operation's own overriding its path's.
func parameters(o operation) []*openapi3.Parameter {
	var out []*openapi3.Parameter
	seen := map[string]bool{}
	for _, params := range []openapi3.Parameters{o.op.Parameters, o.item.Parameters} {
		for _, pr := range params {
			p := pr.Value
			if p == nil || normalize.IsClientParam(p) || seen[p.In+" "+p.Name] {
				continue
			}
			seen[p.In+" "+p.Name] = true
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *openapi3.Parameter) int {
		return strings.Compare(a.In+" "+a.Name, b.In+" "+b.Name)
	})
	return out
}

// compareParameters compares the parameters of two releases of an
// operation: by location and name, a renamed path's parameters by position,
// then those left by name alone (a parameter sent elsewhere).
func (c *comparer) compareParameters(at Change, o, n operation) {
	rename := map[string]string{} // old path parameter name to new
	if on, nn := o.pathParams(), n.pathParams(); len(on) == len(nn) {
		for i := range on {
			rename[on[i]] = nn[i]
		}
	}
	key := func(p *openapi3.Parameter, renamed bool) string {
		name := p.Name
		if renamed && p.In == openapi3.ParameterInPath && rename[name] != "" {
			name = rename[name]
		}
		return p.In + " " + name
	}
	newParams := map[string]*openapi3.Parameter{}
	for _, p := range parameters(n) {
		newParams[key(p, false)] = p
	}
	var removed []*openapi3.Parameter
	matched := map[*openapi3.Parameter]bool{}
	for _, op := range parameters(o) {
		if np, ok := newParams[key(op, true)]; ok {
			matched[np] = true
			c.compareParameter(at, o, n, op, np)
		} else {
			removed = append(removed, op)
		}
	}
	var added []*openapi3.Parameter
	for _, np := range parameters(n) {
		if !matched[np] {
			added = append(added, np)
		}
	}
	for _, op := range removed {
		i := slices.IndexFunc(added, func(np *openapi3.Parameter) bool { return np.Name == op.Name })
		if i < 0 {
			at := at
			at.Kind, at.Location = ParameterRemoved, paramLocation(op)
			at.Message = paramLocation(op) + " removed"
			at.Go = []string{c.paramIdent(o, op)}
			at.facts.required = op.Required
			c.emit(at)
			continue
		}
		np := added[i]
		added = slices.Delete(added, i, i+1)
		ch := at
		ch.Kind, ch.Location = ParameterLocationChanged, paramLocation(np)
		ch.Message = fmt.Sprintf("parameter %s moved from %s to %s", np.Name, op.In, np.In)
		ch.Go = uniq(c.paramIdent(o, op), c.paramIdent(n, np))
		ch.facts.in = [2]string{op.In, np.In}
		c.emit(ch)
		c.compareParameter(at, o, n, op, np)
	}
	inStruct := func(p *openapi3.Parameter) bool {
		return p.In == openapi3.ParameterInQuery || p.In == openapi3.ParameterInHeader
	}
	hadStruct := slices.ContainsFunc(parameters(o), inStruct)
	for _, np := range added {
		ch := at
		ch.Kind, ch.Location = ParameterAdded, paramLocation(np)
		ch.facts.newArgument = !hadStruct && inStruct(np)
		ch.Message = paramLocation(np) + " added"
		if np.Required {
			ch.Message = "required " + ch.Message
		}
		ch.Go = []string{c.paramIdent(n, np)}
		ch.facts.required = np.Required
		c.emit(ch)
	}
}

// paramLocation returns "query parameter active".
func paramLocation(p *openapi3.Parameter) string {
	return p.In + " parameter " + p.Name
}

// compareParameter compares two releases of one parameter. Nullability is
// not compared: a path, query or header value cannot be null.
func (c *comparer) compareParameter(at Change, o, n operation, op, np *openapi3.Parameter) {
	at.Location = paramLocation(np)
	at.Go = []string{c.paramIdent(n, np)}
	if op.Required != np.Required {
		ch := at
		ch.Kind = ParameterRequiredChanged
		ch.Message = fmt.Sprintf("%s became %s", paramLocation(np), requiredWord(np.Required))
		ch.facts.dir = dirRequest
		ch.facts.became = np.Required
		ch.facts.pointer = [2]bool{paramPointer(op), paramPointer(np)}
		ch.facts.goType = [2]string{c.goType(op.Schema, true), c.goType(np.Schema, false)}
		c.emit(ch)
	}
	if !op.Deprecated && np.Deprecated {
		ch := at
		ch.Kind = ParameterDeprecated
		ch.Message = paramLocation(np) + " deprecated"
		c.emit(ch)
	}
	if op.Schema != nil && np.Schema != nil {
		c.compareSchema(site{change: at, root: at.Location, kindType: ParameterTypeChanged, dir: dirRequest, param: true}, op.Schema, np.Schema)
	}
}

// paramPointer reports whether a parameter is a pointer in Go: an optional
// query or header parameter (a path parameter is a method argument).
func paramPointer(p *openapi3.Parameter) bool {
	return !p.Required && p.In != openapi3.ParameterInPath && !isSliceOrMap(p.Schema)
}

func requiredWord(required bool) string {
	if required {
		return "required"
	}
	return "optional"
}

// body returns the media type and schema of a request body or response:
// its JSON content if it has one, else its first media type and no schema.
func body(content openapi3.Content) (mediaType string, schema *openapi3.SchemaRef) {
	types := slices.Sorted(maps.Keys(content))
	for _, mt := range types {
		if normalize.IsJSON(mt) && content[mt] != nil && content[mt].Schema != nil {
			return mt, content[mt].Schema
		}
	}
	if len(types) > 0 {
		return types[0], nil
	}
	return "", nil
}

// compareRequestBody compares the request bodies of two releases of an operation.
func (c *comparer) compareRequestBody(at Change, o, n operation) {
	content := func(op *openapi3.Operation) openapi3.Content {
		if op.RequestBody == nil || op.RequestBody.Value == nil {
			return nil
		}
		return op.RequestBody.Value.Content
	}
	omt, osr := body(content(o.op))
	nmt, nsr := body(content(n.op))
	at.Location = "request body"
	at.Go = []string{c.methodIdent(n)}
	switch {
	case omt == "" && nmt == "":
	case omt == "":
		at.Kind, at.Message = RequestBodyAdded, fmt.Sprintf("request body added (%s)", nmt)
		c.emit(at)
	case nmt == "":
		at.Kind, at.Message = RequestBodyRemoved, fmt.Sprintf("request body removed (was %s)", omt)
		c.emit(at)
	case osr == nil || nsr == nil:
		if omt != nmt || (osr == nil) != (nsr == nil) {
			at.Kind, at.Message = RequestBodyTypeChanged, fmt.Sprintf("request body media type %s is now %s", omt, nmt)
			c.emit(at)
		}
	default:
		c.compareSchema(site{change: at, root: at.Location, kindType: RequestBodyTypeChanged, dir: dirRequest}, osr, nsr)
	}
}

// compareResponse compares what two releases of an operation return on
// success: a JSON value (compared field by field), a stream, or nothing.
func (c *comparer) compareResponse(at Change, o, n operation) {
	_, omt, osr := normalize.SuccessJSON(o.op)
	_, nmt, nsr := normalize.SuccessJSON(n.op)
	at.Location = "response body"
	at.Go = []string{c.methodIdent(n)}
	switch {
	case osr != nil && nsr != nil:
		c.compareSchema(site{change: at, root: at.Location, kindType: ResponseBodyTypeChanged, dir: dirResponse}, osr, nsr)
	case osr == nil && nsr == nil:
		if or, nr := streams(o.op), streams(n.op); or != nr {
			at.Kind, at.Message = ResponseBodyTypeChanged, fmt.Sprintf("success response %s is now %s", resultWord(or), resultWord(nr))
			at.facts.goType = [2]string{resultWord(or), resultWord(nr)}
			c.emit(at)
		}
	case nsr != nil:
		at.Kind, at.Message = ResponseBodyAdded, fmt.Sprintf("returns a JSON body (%s)", nmt)
		c.emit(at)
	default:
		at.Kind, at.Message = ResponseBodyRemoved, fmt.Sprintf("no longer returns a JSON body (was %s)", omt)
		c.emit(at)
	}
}

// streams reports whether an operation without a JSON success body returns
// one of another media type (a download), which the Go method streams.
func streams(op *openapi3.Operation) bool {
	if op.Responses == nil {
		return false
	}
	for code, r := range op.Responses.Map() {
		if strings.HasPrefix(code, "2") && r.Value != nil && len(r.Value.Content) > 0 {
			return true
		}
	}
	return false
}

func resultWord(stream bool) string {
	if stream {
		return "a stream"
	}
	return "no body"
}
