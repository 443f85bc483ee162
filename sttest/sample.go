package sttest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Sample returns the JSON body of the success response the fake answers
// an operation with when its collections hold records records, without
// HTTP: tests and benchmarks decode it directly. operation is an
// operationId ("Customers_GetList") or, where an operationId is not unique
// across domains or missing, the method and full path template
// ("GET /crm/v2/tenant/{tenant}/customers").
//
// A page envelope is the first page, records long (at most 5000, the
// largest page, with hasMore set beyond) and with totalCount; an export
// envelope is the first batch, of records records unless WithExportBatch
// says otherwise; a bare array holds up to 50 records; a single record is
// the one whose id is 1. Of opts, WithSeed changes the data as it does for
// a handler; options that concern requests (credentials, faults, clock,
// history, validation) change nothing. An operation whose success response
// is not JSON (a file, text, no content) is an error.
func (a *API) Sample(operation string, records int, opts ...Option) ([]byte, error) {
	rt, err := a.findRoute(operation)
	if err != nil {
		return nil, err
	}
	if records < 0 {
		return nil, fmt.Errorf("sttest: Sample %s: %d records: the number of records cannot be negative", operation, records)
	}
	h := a.NewHandler(append(append([]Option{WithExportBatch(records)}, opts...), WithRecords(records))...)
	switch rt.reply.kind {
	case replyPage:
		q := url.Values{"pageSize": {strconv.Itoa(max(records, 1))}, "includeTotal": {"true"}}
		b, apiErr := h.page(rt, q)
		if apiErr != nil {
			return nil, fmt.Errorf("sttest: Sample %s: %v", operation, apiErr.errors)
		}
		return b, nil
	case replyExport:
		b, apiErr := h.export(rt, url.Values{})
		if apiErr != nil {
			return nil, fmt.Errorf("sttest: Sample %s: %v", operation, apiErr.errors)
		}
		return b, nil
	case replyList:
		recs := make([]json.RawMessage, min(records, maxListRecords))
		for i := range recs {
			recs[i] = a.recordJSON(rt, rt.reply.items, h.dataset(), int64(i))
		}
		return mustMarshal(recs), nil
	case replyJSON:
		return a.recordJSON(rt, rt.reply.schema, h.dataset(), 0), nil
	}
	return nil, fmt.Errorf("sttest: Sample %s: the operation's success response is %s, not JSON", operation, describeReply(rt.reply))
}

// findRoute returns the route an operationId or "METHOD /path/template"
// names, or an error saying what to pass instead.
func (a *API) findRoute(operation string) (*route, error) {
	if method, path, ok := strings.Cut(operation, " "); ok && strings.HasPrefix(path, "/") {
		for _, rt := range a.routes {
			if rt.method == strings.ToUpper(method) && rt.template == path {
				return rt, nil
			}
		}
		return nil, fmt.Errorf("sttest: no operation %s in %s: give the method and the full path template as Operations lists them", operation, a.dir)
	}
	var found []*route
	for _, rt := range a.routes {
		if rt.op.OperationID == operation {
			found = append(found, rt)
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("sttest: no operation has the operationId %q in %s", operation, a.dir)
	case 1:
		return found[0], nil
	}
	keys := make([]string, len(found))
	for i, rt := range found {
		keys[i] = fmt.Sprintf("%q (%s)", rt.key, rt.doc.Domain)
	}
	return nil, fmt.Errorf("sttest: the operationId %q names %d operations in %s: pass one of %s instead", operation, len(found), a.dir, strings.Join(keys, ", "))
}

// describeReply names the kind of a reply that is not JSON.
func describeReply(rp reply) string {
	switch {
	case rp.kind == replyText:
		return rp.contentType + " text"
	case rp.kind == replyBinary:
		return "a file (" + rp.contentType + ")"
	case rp.kind == replyRedirect:
		return "a redirect to a download"
	}
	return "empty"
}
