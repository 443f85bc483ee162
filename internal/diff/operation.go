package diff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stgen-dev/stgen/internal/model"
)

// operationKey returns "METHOD /full/path", the path with its parameters' names.
func operationKey(op *model.Operation) string { return op.HTTPMethod + " " + op.Path }

// matchOperations pairs the operations of two releases by key: method and
// full path, the path parameters' names left out (see names.OperationKey),
// so that an operation whose path parameters were only renamed is one
// operation. The pairs are sorted by the new operation's method and path.
func matchOperations(old, new []*model.Operation) (pairs [][2]*model.Operation, removed, added []*model.Operation) {
	byKey := map[string]*model.Operation{}
	for _, n := range new {
		byKey[n.Key] = n
	}
	matched := map[string]bool{}
	for _, o := range old {
		if n, ok := byKey[o.Key]; ok {
			pairs = append(pairs, [2]*model.Operation{o, n})
			matched[o.Key] = true
		} else {
			removed = append(removed, o)
		}
	}
	for _, n := range new {
		if !matched[n.Key] {
			added = append(added, n)
		}
	}
	slices.SortFunc(pairs, func(a, b [2]*model.Operation) int { return strings.Compare(operationKey(a[1]), operationKey(b[1])) })
	return pairs, removed, added
}

// compareOperation compares two releases of one operation.
func (c *comparer) compareOperation(o, n *model.Operation) {
	at := Change{Operation: operationKey(n), Resource: n.Resource}
	method := c.methodIdent(n)
	if o.Path != n.Path {
		ch := at
		ch.Kind, ch.Location = OperationRenamed, "path"
		ch.Message = fmt.Sprintf("path parameters renamed: %s is now %s", o.Path, n.Path)
		ch.Go = []string{method}
		c.emit(ch)
	}
	if old := c.methodIdent(o); old != method {
		ch := at
		ch.Kind = MethodRenamed
		ch.Message = fmt.Sprintf("%s is now %s (operationId %s is now %s)", old, method, o.ID, n.ID)
		ch.Go = []string{old, method}
		c.emit(ch)
	} else if o.ID != n.ID {
		c.notes.OperationIDs++
	}
	switch {
	case !o.Deprecated && n.Deprecated:
		ch := at
		ch.Kind, ch.Message, ch.Go = OperationDeprecated, "operation deprecated: "+method, []string{method}
		c.emit(ch)
	case o.Deprecated && !n.Deprecated:
		ch := at
		ch.Kind, ch.Message, ch.Go = OperationUndeprecated, "operation no longer deprecated: "+method, []string{method}
		c.emit(ch)
	}
	if o.Summary != n.Summary || o.Description != n.Description {
		c.notes.Descriptions++
	}
	if !slices.Equal(o.Tags, n.Tags) {
		c.notes.Tags++
	}
	c.compareParameters(at, o, n)
	c.compareRequestBody(at, o, n)
	c.compareResult(at, o, n)
}

// paramIdent returns the Go identifier a parameter is passed by: the field of
// the operation's Params struct ("crm.CustomersGetListParams.Active"), or,
// for a path parameter, the method that takes it as an argument.
func (c *comparer) paramIdent(op *model.Operation, p *model.Param) string {
	if p.In == "path" || op.Params == nil {
		return c.methodIdent(op)
	}
	return c.ident(op.Params.TypeName + "." + p.GoName)
}

// paramLocation returns "query parameter active".
func paramLocation(p *model.Param) string {
	return p.In + " parameter " + p.Name
}

// structParams returns an operation's query and header parameters.
func structParams(op *model.Operation) []*model.Param {
	if op.Params == nil {
		return nil
	}
	return op.Params.Fields
}

// compareParameters compares the parameters of two releases of an
// operation: the path parameters by position (a renamed path's parameters
// are the same arguments), the others by location and name, then those
// left by name alone (a parameter sent elsewhere).
func (c *comparer) compareParameters(at Change, o, n *model.Operation) {
	for i := range min(len(o.PathParams), len(n.PathParams)) {
		c.compareParameter(at, o, n, o.PathParams[i], n.PathParams[i])
	}
	key := func(p *model.Param) string { return p.In + " " + p.Name }
	newParams := map[string]*model.Param{}
	for _, p := range structParams(n) {
		newParams[key(p)] = p
	}
	var removed []*model.Param
	matched := map[*model.Param]bool{}
	for _, op := range structParams(o) {
		if np, ok := newParams[key(op)]; ok {
			matched[np] = true
			c.compareParameter(at, o, n, op, np)
		} else {
			removed = append(removed, op)
		}
	}
	var added []*model.Param
	for _, np := range structParams(n) {
		if !matched[np] {
			added = append(added, np)
		}
	}
	for _, op := range removed {
		i := slices.IndexFunc(added, func(np *model.Param) bool { return np.Name == op.Name })
		if i < 0 {
			ch := at
			ch.Kind, ch.Location = ParameterRemoved, paramLocation(op)
			ch.Message = paramLocation(op) + " removed"
			ch.Go = []string{c.paramIdent(o, op)}
			ch.facts.required = op.Required
			c.emit(ch)
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
	for _, np := range added {
		ch := at
		ch.Kind, ch.Location = ParameterAdded, paramLocation(np)
		ch.facts.newArgument = o.Params == nil
		ch.Message = paramLocation(np) + " added"
		if np.Required {
			ch.Message = "required " + ch.Message
		}
		ch.Go = []string{c.paramIdent(n, np)}
		ch.facts.required = np.Required
		c.emit(ch)
	}
}

// compareParameter compares two releases of one parameter. Nullability is
// not compared: a path, query or header value cannot be null.
func (c *comparer) compareParameter(at Change, o, n *model.Operation, op, np *model.Param) {
	at.Location = paramLocation(np)
	at.Go = []string{c.paramIdent(n, np)}
	at.facts.dir = dirRequest
	wrap, goType := c.wrapping(op.Type, np.Type)
	if op.Required != np.Required {
		ch := at
		ch.Kind = ParameterRequiredChanged
		ch.Message = fmt.Sprintf("%s became %s", paramLocation(np), requiredWord(np.Required))
		ch.facts.became, ch.facts.wrap, ch.facts.goType = np.Required, wrap, goType
		c.emit(ch)
	}
	if !op.Deprecated && np.Deprecated {
		ch := at
		ch.Kind = ParameterDeprecated
		ch.Message = paramLocation(np) + " deprecated"
		c.emit(ch)
	}
	if goType[0] != goType[1] || op.Format != np.Format {
		ch := at
		ch.Kind = ParameterTypeChanged
		ch.Message = fmt.Sprintf("%s: type %s is now %s", paramLocation(np), describe(goType[0], op.Format), describe(goType[1], np.Format))
		ch.facts.goType = goType
		c.emit(ch)
	}
	if op.Doc != np.Doc {
		c.notes.Descriptions++
	}
}

// describe returns a Go type and the document's format as a report shows
// them: "int64", "float64 (decimal)".
func describe(goType, format string) string {
	if format == "" || format == goType {
		return goType
	}
	return goType + " (" + format + ")"
}

func requiredWord(required bool) string {
	if required {
		return "required"
	}
	return "optional"
}

// compareRequestBody compares the request bodies of two releases of an operation.
func (c *comparer) compareRequestBody(at Change, o, n *model.Operation) {
	at.Location = "request body"
	at.Go = []string{c.methodIdent(n)}
	at.facts.dir = dirRequest
	switch {
	case o.Body == nil && n.Body == nil:
	case o.Body == nil:
		at.Kind, at.Message = RequestBodyAdded, fmt.Sprintf("request body added (%s)", bodyWord(n.Body, newType(n.Body.Type)))
		c.emit(at)
	case n.Body == nil:
		at.Kind, at.Message = RequestBodyRemoved, fmt.Sprintf("request body removed (was %s)", bodyWord(o.Body, c.oldType(o.Body.Type)))
		c.emit(at)
	default:
		from, to := c.oldType(o.Body.Type), newType(n.Body.Type)
		if from != to || o.Body.MediaType != n.Body.MediaType || o.Body.Multipart != n.Body.Multipart {
			at.Kind = RequestBodyTypeChanged
			at.Message = fmt.Sprintf("request body %s is now %s", bodyWord(o.Body, from), bodyWord(n.Body, to))
			at.facts.goType = [2]string{from, to}
			c.emit(at)
		}
	}
}

// bodyWord describes a request body: "WidgetCreateRequest as application/json",
// "WidgetCreateRequest as multipart/form-data".
func bodyWord(b *model.Body, goType string) string {
	media := b.MediaType
	if b.Multipart {
		media = "multipart/form-data"
	}
	return goType + " as " + media
}

// compareResult compares what two releases of an operation return on
// success: a JSON value, a stream, or nothing but the error.
func (c *comparer) compareResult(at Change, o, n *model.Operation) {
	at.Location = "response body"
	at.Go = []string{c.methodIdent(n)}
	at.facts.dir = dirResponse
	or, nr := o.Result, n.Result
	switch {
	case or.Kind == model.ResultJSON && nr.Kind == model.ResultJSON:
		from, to := c.oldType(or.Type), newType(nr.Type)
		if from != to {
			at.Kind, at.Message = ResponseBodyTypeChanged, fmt.Sprintf("response body: type %s is now %s", from, to)
			at.facts.goType = [2]string{from, to}
			c.emit(at)
		}
	case or.Kind == nr.Kind:
	case nr.Kind == model.ResultJSON:
		at.Kind, at.Message = ResponseBodyAdded, fmt.Sprintf("returns a JSON body (%s, was %s)", newType(nr.Type), resultWord(or.Kind))
		c.emit(at)
	case or.Kind == model.ResultJSON:
		at.Kind, at.Message = ResponseBodyRemoved, fmt.Sprintf("no longer returns a JSON body (was %s, now %s)", c.oldType(or.Type), resultWord(nr.Kind))
		c.emit(at)
	default:
		at.Kind, at.Message = ResponseBodyTypeChanged, fmt.Sprintf("success response %s is now %s", resultWord(or.Kind), resultWord(nr.Kind))
		at.facts.goType = [2]string{resultWord(or.Kind), resultWord(nr.Kind)}
		c.emit(at)
	}
}

// resultWord describes a result that is not JSON.
func resultWord(k model.ResultKind) string {
	if k == model.ResultDownload {
		return "a stream"
	}
	return "no body"
}
