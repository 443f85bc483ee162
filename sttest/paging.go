package sttest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

const (
	// defaultPageSize is ServiceTitan's page size when pageSize is not given.
	defaultPageSize = 50
	// maxPageSize is the largest page ServiceTitan returns; larger requests are capped.
	maxPageSize = 5000
	// tokenPrefix starts every export continuation token the fake issues.
	tokenPrefix = "sttest1:"
)

// pageItems returns the record schema of a page envelope: an object with
// page, pageSize, hasMore and an array data.
func pageItems(s *openapi3.Schema) (*openapi3.SchemaRef, bool) {
	return envelopeItems(s, "page", "pageSize", "hasMore")
}

// exportItems returns the record schema of an export envelope: an object
// with hasMore, continueFrom and an array data.
func exportItems(s *openapi3.Schema) (*openapi3.SchemaRef, bool) {
	return envelopeItems(s, "hasMore", "continueFrom")
}

// isReportPage reports whether a page envelope holds a report's rows:
// its records are arrays, and its fields property an array of objects with
// a string name, the columns (ServiceTitan's ReportDataResponse). It is
// the generator's rule for a report's row iterator.
func isReportPage(s *openapi3.Schema, items *openapi3.SchemaRef) bool {
	rows, fields := schemaOf(items), schemaOf(s.Properties["fields"])
	if rows == nil || !typeIs(rows, "array") || fields == nil || !typeIs(fields, "array") {
		return false
	}
	field := schemaOf(fields.Items)
	if field == nil {
		return false
	}
	name := schemaOf(field.Properties["name"])
	return name != nil && typeIs(name, "string")
}

// envelopeItems returns the items of s's data array when s has every named property.
func envelopeItems(s *openapi3.Schema, names ...string) (*openapi3.SchemaRef, bool) {
	if s == nil || pickType(s) != "object" {
		return nil, false
	}
	for _, n := range names {
		if s.Properties[n] == nil {
			return nil, false
		}
	}
	data := schemaOf(s.Properties["data"])
	if data == nil || pickType(data) != "array" || data.Items == nil {
		return nil, false
	}
	return data.Items, true
}

// page builds a page envelope over the handler's records: page counts from
// 1, pageSize defaults to 50 and is capped at 5000, totalCount is given when
// includeTotal is true (null otherwise, where the schema allows it).
func (h *Handler) page(rt *route, q url.Values) ([]byte, *apiError) {
	page, err := intParam(q, "page", 1)
	if err != nil || page < 1 {
		return nil, badRequest("page", "page must be a whole number from 1")
	}
	size, err := intParam(q, "pageSize", defaultPageSize)
	if err != nil || size < 1 {
		return nil, badRequest("pageSize", "pageSize must be a whole number from 1")
	}
	size = min(size, maxPageSize)
	total := int64(h.cfg.records)
	start := min((page-1)*size, total)
	end := min(start+size, total)

	s := schemaOf(rt.reply.schema)
	env := h.envelopeExtras(rt, s)
	recs := make([]json.RawMessage, 0, end-start)
	for i := start; i < end; i++ {
		recs = append(recs, h.api.recordJSON(rt, rt.reply.items, h.dataset(), i))
	}
	env["page"] = page
	env["pageSize"] = size
	env["hasMore"] = end < total
	env["data"] = recs
	if _, ok := s.Properties["totalCount"]; ok {
		if q.Get("includeTotal") == "true" || !rt.reply.synth.permitsNull(schemaOf(s.Properties["totalCount"])) {
			env["totalCount"] = total
		} else {
			env["totalCount"] = nil
		}
	}
	return mustMarshal(env), nil
}

// export builds an export envelope: from is empty, a date, or a
// continuation token; the reply holds the next batch of records and a
// token that resumes after them. hasMore is false once the records are
// exhausted, and the token then resumes at the end.
func (h *Handler) export(rt *route, q url.Values) ([]byte, *apiError) {
	offset, apiErr := decodeFrom(rt, q.Get("from"))
	if apiErr != nil {
		return nil, apiErr
	}
	total := int64(h.cfg.records)
	start := min(offset, total)
	end := min(start+int64(h.cfg.exportBatch), total)

	s := schemaOf(rt.reply.schema)
	env := h.envelopeExtras(rt, s)
	recs := make([]json.RawMessage, 0, end-start)
	for i := start; i < end; i++ {
		recs = append(recs, h.api.recordJSON(rt, rt.reply.items, h.dataset(), i))
	}
	env["hasMore"] = end < total
	env["continueFrom"] = encodeToken(rt, end)
	env["data"] = recs
	return mustMarshal(env), nil
}

// envelopeExtras synthesizes the envelope's properties other than the
// paging ones, such as "fields" beside some pages' data.
func (h *Handler) envelopeExtras(rt *route, s *openapi3.Schema) map[string]any {
	env := make(map[string]any, len(s.Properties))
	for name, p := range s.Properties {
		switch name {
		case "page", "pageSize", "hasMore", "totalCount", "data", "continueFrom":
			continue
		}
		env[name] = rt.reply.synth.value(p, name, mix(h.dataset().seeded(hashString(rt.key)), hashString(name)))
	}
	return env
}

// encodeToken returns the continuation token that resumes rt's export at offset.
func encodeToken(rt *route, offset int64) string {
	raw := fmt.Sprintf("%s%016x:%d", tokenPrefix, hashString(rt.key), offset)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// decodeFrom reads an export's from parameter: empty or a date starts at
// the first record, a token issued by the same route resumes where it says.
func decodeFrom(rt *route, from string) (int64, *apiError) {
	if from == "" || isDate(from) {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(from)
	if err != nil || !strings.HasPrefix(string(raw), tokenPrefix) {
		return 0, badRequest("from", "from must be a continuation token from a previous export response, or a date")
	}
	routeHash, off, ok := strings.Cut(strings.TrimPrefix(string(raw), tokenPrefix), ":")
	if !ok {
		return 0, badRequest("from", "malformed continuation token")
	}
	if routeHash != fmt.Sprintf("%016x", hashString(rt.key)) {
		return 0, badRequest("from", "the continuation token was issued by another export endpoint")
	}
	offset, err := strconv.ParseInt(off, 10, 64)
	if err != nil || offset < 0 {
		return 0, badRequest("from", "malformed continuation token")
	}
	return offset, nil
}

// isDate reports whether s is a date or date-time, as from may be on a first export call.
func isDate(s string) bool {
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly, "2006-01-02T15:04:05", "2006-01-02T15:04:05.9999999"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

// intParam reads an integer query parameter, or def when it is absent.
func intParam(q url.Values, name string, def int64) (int64, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	return strconv.ParseInt(v, 10, 64)
}

// badRequest is a 400 naming one field.
func badRequest(field, msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, errors: map[string][]string{field: {msg}}}
}
