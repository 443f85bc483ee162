package sttest

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
)

// idParams returns the names among a template's parameters, other than
// the tenant, that the operation or its path item declares in path with an
// integer schema: ServiceTitan's record ids (string and guid ids are left out).
func idParams(params []string, item *openapi3.PathItem, op *openapi3.Operation) []string {
	var ids []string
	for _, name := range params {
		if name == "tenant" {
			continue
		}
		p := op.Parameters.GetByInAndName(openapi3.ParameterInPath, name)
		if p == nil {
			p = item.Parameters.GetByInAndName(openapi3.ParameterInPath, name)
		}
		if p != nil && p.Schema != nil && p.Schema.Value != nil && typeIs(p.Schema.Value, "integer") {
			ids = append(ids, name)
		}
	}
	return ids
}

// heldIDs is the largest record id the handler holds: records 1 to
// WithRecords, then those created by POST.
func (h *Handler) heldIDs() int64 {
	return int64(h.cfg.records) + h.created.Load()
}

// missingRecord answers 404 when an id path parameter of the request names
// a record the handler does not hold. A value that is not an integer is
// left to request validation.
func (h *Handler) missingRecord(rt *route, params map[string]string) *apiError {
	held := h.heldIDs()
	for _, name := range rt.idParams {
		id, err := strconv.ParseInt(params[name], 10, 64)
		if err != nil || (id >= 1 && id <= held) {
			continue
		}
		return &apiError{
			status: http.StatusNotFound,
			title:  fmt.Sprintf("No record has %s %d.", name, id),
			errors: map[string][]string{name: {fmt.Sprintf(
				"no record has id %d: the fake holds ids 1 to %d (%d records, sttest.WithRecords or stgen serve --records, and %d created by POST)",
				id, held, h.cfg.records, held-int64(h.cfg.records))}},
		}
	}
	return nil
}
