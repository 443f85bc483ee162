package normalize

import (
	"maps"
	"mime"
	"slices"
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

// recognizePager returns the kind of envelope (PagerPage or PagerExport) an
// operation's success response is, when it takes the query parameter that
// moves through it (page or from), in its own parameters or its path's; ""
// otherwise. A page envelope is an object with a data array, hasMore, page
// and pageSize; an export envelope has continueFrom instead of the page
// fields.
func recognizePager(item *openapi3.PathItem, op *openapi3.Operation) string {
	_, _, env := SuccessJSON(op)
	if env == nil || env.Value == nil {
		return ""
	}
	props := env.Value.Properties
	data := props["data"]
	if data == nil || data.Value == nil || !data.Value.Type.Includes(openapi3.TypeArray) || data.Value.Items == nil || props["hasMore"] == nil {
		return ""
	}
	var kind, driver string
	switch {
	case props["page"] != nil && props["pageSize"] != nil:
		kind, driver = PagerPage, "page"
	case props["continueFrom"] != nil:
		kind, driver = PagerExport, "from"
	default:
		return ""
	}
	if QueryParam(item, op, driver) == nil {
		return ""
	}
	return kind
}

// SuccessJSON returns the status, media type and schema of op's first (by
// status) 2xx response that has a JSON body, or zero values.
func SuccessJSON(op *openapi3.Operation) (status, mediaType string, schema *openapi3.SchemaRef) {
	if op.Responses == nil {
		return "", "", nil
	}
	for _, code := range slices.Sorted(maps.Keys(op.Responses.Map())) {
		r := op.Responses.Value(code)
		if !strings.HasPrefix(code, "2") || r == nil || r.Value == nil {
			continue
		}
		for _, mt := range slices.Sorted(maps.Keys(r.Value.Content)) {
			if IsJSON(mt) && r.Value.Content[mt].Schema != nil {
				return code, mt, r.Value.Content[mt].Schema
			}
		}
	}
	return "", "", nil
}

// IsJSON reports whether a media type carries JSON ("application/json",
// "text/json", "application/problem+json", with or without parameters).
func IsJSON(mediaType string) bool {
	mt, _, err := mime.ParseMediaType(mediaType)
	if err != nil {
		return false
	}
	return mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json")
}

// QueryParam returns the query parameter called name of op, or of its path
// item when op does not override it, or nil.
func QueryParam(item *openapi3.PathItem, op *openapi3.Operation, name string) *openapi3.Parameter {
	for _, params := range []openapi3.Parameters{op.Parameters, item.Parameters} {
		for _, p := range params {
			if p.Value != nil && p.Value.In == openapi3.ParameterInQuery && p.Value.Name == name {
				return p.Value
			}
		}
	}
	return nil
}
