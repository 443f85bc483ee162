package sttest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
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

// export builds an export envelope: from is empty, a date-time or a
// continuation token; the reply holds the next batch of records and a
// token that resumes after them. Records are exported in the order they
// were modified (see dataset.modifiedAt): a date-time starts at the first
// record modified on or after it. hasMore is false once the records are
// exhausted, and the token then resumes at the end. With
// includeRecentChanges=true, a batch resumed from a token begins with the
// last record of the one before again, as ServiceTitan's exports of recent
// changes repeat records.
func (h *Handler) export(rt *route, q url.Values) ([]byte, *apiError) {
	total := int64(h.cfg.records)
	d := h.dataset()
	var start int64
	from := q.Get("from")
	resumed := false
	if t, ok := parseDate(from); ok {
		start = int64(sort.Search(int(total), func(i int) bool { return !d.modifiedAt(int64(i)).Before(t) }))
	} else if from != "" {
		offset, apiErr := decodeToken(rt, from)
		if apiErr != nil {
			return nil, apiErr
		}
		start, resumed = min(offset, total), true
	}
	end := min(start+int64(h.cfg.exportBatch), total)
	first := start
	if resumed && start > 0 && start < total && strings.EqualFold(q.Get("includeRecentChanges"), "true") {
		first--
	}

	s := schemaOf(rt.reply.schema)
	env := h.envelopeExtras(rt, s)
	recs := make([]json.RawMessage, 0, end-first)
	for i := first; i < end; i++ {
		recs = append(recs, h.api.recordJSON(rt, rt.reply.items, d, i))
	}
	env["hasMore"] = end < total
	env["continueFrom"] = encodeToken(rt, end)
	env["data"] = recs
	return mustMarshal(env), nil
}

// modifiedAt is when record index of the dataset was last modified, the
// modifiedOn its records show: an hour after the record before it and up
// to an hour more, the seed's, from 2024-01-01 (record 0, whose id is 1,
// in the first hour of 2024-01-01; record 24 on 2024-01-02).
func (d dataset) modifiedAt(index int64) time.Time {
	const hours = 1 << 21 // 239 years: time.Duration holds 292
	within := time.Duration(mix(d.seeded(0x6d6f64), uint64(index))%uint64(time.Hour/100)) * 100
	return baseTime.Add(time.Duration(min(index, hours))*time.Hour + within)
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

// decodeToken reads a continuation token of rt's export: the offset it resumes at.
func decodeToken(rt *route, from string) (int64, *apiError) {
	raw, err := base64.RawURLEncoding.DecodeString(from)
	if err != nil || !strings.HasPrefix(string(raw), tokenPrefix) {
		return 0, badRequest("from", "from must be a continuation token from a previous export response, or a date-time")
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

// parseDate reads a date or date-time, as from may be on a first export
// call; one without an offset is UTC.
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly, "2006-01-02T15:04:05.9999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
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
