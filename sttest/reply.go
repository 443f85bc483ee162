package sttest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// replyKind is the shape of an operation's success response.
type replyKind int

const (
	// replyEmpty is a status without a body.
	replyEmpty replyKind = iota
	// replyJSON is one synthesized JSON value, a record.
	replyJSON
	// replyList is a bare JSON array of records.
	replyList
	// replyPage is a page envelope {page, pageSize, hasMore, totalCount, data}.
	replyPage
	// replyExport is an export envelope {hasMore, continueFrom, data}.
	replyExport
	// replyText is a synthesized text/plain string.
	replyText
	// replyBinary is a file download: declared binary content, or nothing
	// declared for a GET (ServiceTitan's attachments and images send a file
	// where their documents say nothing).
	replyBinary
	// replyRedirect is a redirect to a download.
	replyRedirect
)

// reply describes an operation's success response.
type reply struct {
	kind replyKind
	// status is the success status the document declares (lowest 2xx, else 3xx).
	status int
	// contentType is the media type served.
	contentType string
	// schema is the schema of the body.
	schema *openapi3.SchemaRef
	// items is the schema of the records of list, page and export replies.
	items *openapi3.SchemaRef
	// synth makes values under the document's dialect.
	synth synth
	// seedKey seeds the records: the name of the record schema when it is a
	// component, so that a record reads the same from every operation
	// returning that schema (list, get by id), else the route's key.
	seedKey uint64
	// undeclared is set when the operation declares no 2xx or 3xx response;
	// the reply is then 200 without a body.
	undeclared bool
	// report is set for a report run: a POST (the report's parameters in
	// its body) answered with a page of the report's rows; see
	// isReportPage. WithReportLimit limits these.
	report bool
}

// maxListRecords bounds the records of a bare array reply.
const maxListRecords = 50

// downloadPath is where redirect replies point; the handler serves a file there.
const downloadPath = "/sttest/download"

// planReply chooses the success response of op, of the given method, and its shape.
func planReply(doc *openapi3.T, method string, op *openapi3.Operation) reply {
	rp := reply{synth: synth{is31: doc.IsOpenAPI31OrLater()}, status: http.StatusOK}
	if op.Responses == nil {
		return rp
	}
	responses := op.Responses.Map()
	var codes []int
	for k := range responses {
		if c, err := strconv.Atoi(k); err == nil && c >= 200 && c < 400 {
			codes = append(codes, c)
		}
	}
	slices.Sort(codes)
	chosen := -1
	for _, c := range codes {
		if c < 300 && hasContent(responses[strconv.Itoa(c)]) {
			chosen = c
			break
		}
	}
	if chosen < 0 && len(codes) > 0 {
		chosen = codes[0]
	}
	if chosen < 0 {
		rp.undeclared = true
		return rp
	}
	rp.status = chosen
	if chosen >= 300 {
		rp.kind = replyRedirect
		return rp
	}
	resp := responses[strconv.Itoa(chosen)]
	if !hasContent(resp) || chosen == http.StatusNoContent {
		if method == http.MethodGet && chosen != http.StatusNoContent {
			rp.kind, rp.contentType = replyBinary, "application/octet-stream"
		}
		return rp
	}
	ct := chooseContentType(resp.Value.Content)
	rp.contentType = ct
	mt := resp.Value.Content[ct]
	rp.schema = mt.Schema
	s := schemaOf(mt.Schema)
	switch {
	case ct == "application/octet-stream" || (s != nil && typeIs(s, "string") && s.Format == "binary"):
		rp.kind = replyBinary
	case !strings.Contains(ct, "json") && (s == nil || pickType(s) == "string"):
		rp.kind = replyText
	default:
		rp.kind = replyJSON
		if s == nil {
			break
		}
		if items, ok := pageItems(s); ok {
			rp.kind, rp.items = replyPage, items
			rp.report = method == http.MethodPost && isReportPage(s, items)
		} else if items, ok := exportItems(s); ok {
			rp.kind, rp.items = replyExport, items
		} else if pickType(s) == "array" && len(s.OneOf)+len(s.AnyOf)+len(s.AllOf) == 0 {
			rp.kind, rp.items = replyList, s.Items
		}
	}
	return rp
}

// hasContent reports whether a response declares a body.
func hasContent(r *openapi3.ResponseRef) bool {
	return r != nil && r.Value != nil && len(r.Value.Content) > 0
}

// chooseContentType prefers application/json, then any JSON, then text/plain, then the first by name.
func chooseContentType(content openapi3.Content) string {
	if _, ok := content["application/json"]; ok {
		return "application/json"
	}
	names := slices.Sorted(maps.Keys(content))
	for _, n := range names {
		if strings.Contains(n, "json") {
			return n
		}
	}
	if _, ok := content["text/plain"]; ok {
		return "text/plain"
	}
	return names[0]
}

// dataset is what synthesized data depends on beside the route and the
// record: the handler's seed (WithSeed) and how many records a collection
// holds (WithRecords), within which the ids of other records fall.
type dataset struct {
	seed    uint64
	records int
}

// dataset returns the handler's dataset.
func (h *Handler) dataset() dataset {
	return dataset{seed: h.cfg.seed, records: h.cfg.records}
}

// seeded combines a seed with the dataset's; seed 0 leaves it as it is.
func (d dataset) seeded(base uint64) uint64 {
	if d.seed == 0 {
		return base
	}
	return mix(base, d.seed)
}

// recordSeed is the seed of record index of a route.
func recordSeed(rt *route, d dataset, index int64) uint64 {
	return mix(d.seeded(rt.reply.seedKey), uint64(index))
}

// seedKeyOf returns the seed key of a route's records; see reply.seedKey.
func seedKeyOf(domain, routeKey string, rp *reply) uint64 {
	schema := rp.schema
	if rp.items != nil {
		schema = rp.items
	}
	if schema != nil && schema.Ref != "" {
		return hashString(domain + " " + schema.Ref)
	}
	return hashString(routeKey)
}

// recordJSON returns the JSON of record index of a route (its id is index+1) in a dataset.
func (a *API) recordJSON(rt *route, schema *openapi3.SchemaRef, d dataset, index int64) []byte {
	return a.records.get(recordKey{route: rt.index, index: index, data: d}, func() []byte {
		b, err := json.Marshal(rt.reply.synth.record(schema, recordSeed(rt, d, index), index+1, int64(d.records), d.modifiedAt(index)))
		if err != nil {
			// Synthesized values are maps, slices, strings, numbers and booleans.
			panic(fmt.Sprintf("sttest: %s: synthesized record does not marshal: %v", rt.key, err))
		}
		return b
	})
}

// recordIndex picks the record a single-record reply shows: the one whose id
// is the last integer path parameter other than the tenant ("/customers/{id}"
// with id 7 shows record 6, whose id is 7), a new one for a create, else the first.
func (h *Handler) recordIndex(rt *route, params map[string]string) int64 {
	for i := len(rt.params) - 1; i >= 0; i-- {
		name := rt.params[i]
		if name == "tenant" {
			continue
		}
		if v, err := strconv.ParseInt(params[name], 10, 64); err == nil && v >= 1 && v < 1<<40 {
			return v - 1
		}
		break
	}
	if rt.method == http.MethodPost {
		return int64(h.cfg.records) + h.created.Add(1) - 1
	}
	return 0
}

// writeReply writes the success response of rt.
func (h *Handler) writeReply(w http.ResponseWriter, r *http.Request, rt *route, params map[string]string, q url.Values) *apiError {
	rp := &rt.reply
	switch rp.kind {
	case replyEmpty:
		w.WriteHeader(rp.status)
		return nil
	case replyRedirect:
		w.Header().Set("Location", downloadPath+"/"+url.PathEscape(nameOr(rt.op.OperationID, "file")))
		w.WriteHeader(rp.status)
		return nil
	case replyBinary:
		writeFile(w, rp.status, rp.contentType, fileName(rt, params), fmt.Appendf(nil, "sttest file for %s %s\n", rt.method, r.URL.Path))
		return nil
	case replyText:
		w.Header().Set("Content-Type", rp.contentType+"; charset=utf-8")
		w.WriteHeader(rp.status)
		v := rp.synth.value(rp.schema, "text", recordSeed(rt, h.dataset(), h.recordIndex(rt, params)))
		fmt.Fprint(w, v)
		return nil
	}

	var body []byte
	switch rp.kind {
	case replyPage:
		b, apiErr := h.page(rt, q)
		if apiErr != nil {
			return apiErr
		}
		body = b
	case replyExport:
		b, apiErr := h.export(rt, q)
		if apiErr != nil {
			return apiErr
		}
		body = b
	case replyList:
		n := min(h.cfg.records, maxListRecords)
		recs := make([]json.RawMessage, n)
		for i := range recs {
			recs[i] = h.api.recordJSON(rt, rp.items, h.dataset(), int64(i))
		}
		body = mustMarshal(recs)
	default:
		body = h.api.recordJSON(rt, rp.schema, h.dataset(), h.recordIndex(rt, params))
		if len(rt.idParams) > 0 {
			body = h.withChanges(rt, params, body)
		}
	}
	w.Header().Set("Content-Type", jsonContentType(rp.contentType))
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rp.status)
	w.Write(body)
	return nil
}

// jsonContentType adds a charset to JSON media types that take one.
func jsonContentType(ct string) string {
	if ct == "" {
		ct = "application/json"
	}
	return ct + "; charset=utf-8"
}

// mustMarshal marshals values the package built itself.
func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("sttest: marshalling a reply: %v", err))
	}
	return b
}
