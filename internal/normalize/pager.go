package normalize

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Pager kinds recognized from an operation's response envelope.
const (
	// PagerPage is `{page, pageSize, hasMore, totalCount, data}`, driven by the page query parameter.
	PagerPage = "page"
	// PagerExport is `{hasMore, continueFrom, data}`, driven by the from query parameter.
	PagerExport = "export"
)

// recognizePager marks an operation whose success response is a page or an
// export envelope with items of a named type, and that takes the query
// parameter that moves through it.
func (n *normalizer) recognizePager(op *openapi3.Operation) {
	env := successSchema(op)
	if env == nil || env.Value == nil {
		return
	}
	props := env.Value.Properties
	data := props["data"]
	if data == nil || data.Value == nil || !data.Value.Type.Is(openapi3.TypeArray) || data.Value.Items == nil {
		return
	}
	item := strings.TrimPrefix(data.Value.Items.Ref, schemaRefPrefix)
	if data.Value.Items.Ref == "" || props["hasMore"] == nil {
		return
	}
	var kind, driver string
	switch {
	case props["page"] != nil && props["pageSize"] != nil:
		kind, driver = PagerPage, "page"
	case props["continueFrom"] != nil:
		kind, driver = PagerExport, "from"
	default:
		return
	}
	if !hasQueryParam(op, driver) {
		return
	}
	op.Extensions[ExtPager] = kind
	op.Extensions[ExtItem] = item
}

// successSchema returns the JSON schema of the first 2xx response.
func successSchema(op *openapi3.Operation) *openapi3.SchemaRef {
	if op.Responses == nil {
		return nil
	}
	for _, code := range []string{"200", "201", "202", "203", "206"} {
		r := op.Responses.Value(code)
		if r == nil || r.Value == nil {
			continue
		}
		if mt := r.Value.Content.Get("application/json"); mt != nil {
			return mt.Schema
		}
	}
	return nil
}

func hasQueryParam(op *openapi3.Operation, name string) bool {
	for _, p := range op.Parameters {
		if p.Value != nil && p.Value.In == openapi3.ParameterInQuery && p.Value.Name == name {
			return true
		}
	}
	return false
}
