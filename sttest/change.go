package sttest

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

const (
	// maxChangedRecords bounds the records whose changes a handler keeps;
	// beyond it, or beyond maxChangeBytes of changes, the records changed
	// first are forgotten first (the record changed last is always kept).
	maxChangedRecords = 10_000
	// maxChangeBytes bounds the size of the changes kept: property names
	// and their JSON.
	maxChangeBytes = 16 << 20
)

// changeStore holds what PATCH requests set in the records they address,
// so that later replies showing a record show it.
type changeStore struct {
	// mu guards every field below.
	mu sync.Mutex
	// records maps a record (see changeKey) to the properties set in it,
	// as JSON; null clears a property.
	records map[string]map[string]json.RawMessage
	// order holds the keys of records in the order first changed, oldest
	// first from order[head]; order[:head] is spent.
	order []string
	head  int
	// bytes is the size of the changes held.
	bytes int64
}

// set records that props were set in the record key, and forgets the
// records changed first beyond the store's bounds.
func (s *changeStore) set(key string, props map[string]json.RawMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.records == nil {
		s.records = make(map[string]map[string]json.RawMessage)
	}
	rec, known := s.records[key]
	if !known {
		rec = make(map[string]json.RawMessage, len(props))
		s.records[key] = rec
		s.order = append(s.order, key)
	}
	for name, v := range props {
		if old, ok := rec[name]; ok {
			s.bytes -= int64(len(name) + len(old))
		}
		rec[name] = v
		s.bytes += int64(len(name) + len(v))
	}
	for len(s.records) > 1 && (len(s.records) > maxChangedRecords || s.bytes > maxChangeBytes) {
		oldest := s.order[s.head]
		s.order[s.head] = ""
		s.head++
		if oldest == key {
			s.order = append(s.order, key) // the record just changed stays
			continue
		}
		for name, v := range s.records[oldest] {
			s.bytes -= int64(len(name) + len(v))
		}
		delete(s.records, oldest)
	}
	if s.head > 0 && 2*s.head >= len(s.order) {
		n := copy(s.order, s.order[s.head:])
		clear(s.order[n:])
		s.order = s.order[:n]
		s.head = 0
	}
}

// get returns the properties set in the record key, or nil.
func (s *changeStore) get(key string) map[string]json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.records[key])
}

// changeKey identifies the record a request addresses by id: the shape of
// its path and the values of its path parameters, tenant included, which
// a PATCH of the record and a GET of it share.
func changeKey(rt *route, params map[string]string) string {
	var b strings.Builder
	b.WriteString(shapeOf(rt.template))
	for _, name := range rt.params {
		b.WriteString("\x00" + params[name])
	}
	return b.String()
}

// recordChange remembers the properties the JSON object body of a PATCH of
// a record by id sets, each whole; a body that is not a JSON object sets
// nothing.
func (h *Handler) recordChange(rt *route, params map[string]string, body []byte) {
	if rt.method != http.MethodPatch || len(rt.idParams) == 0 || len(body) == 0 {
		return
	}
	var props map[string]json.RawMessage
	if json.Unmarshal(body, &props) != nil || len(props) == 0 {
		return
	}
	h.changes.set(changeKey(rt, params), props)
}

// withChanges returns the JSON of a record as rt replies with it, with the
// changes PATCH requests made to the record where rt's reply schema takes
// them: a value that conforms to its property replaces the property; null
// leaves null where the property is nullable, removes an optional
// property, and leaves a required one as it was; a property the schema
// does not declare is left out.
func (h *Handler) withChanges(rt *route, params map[string]string, rec []byte) []byte {
	changes := h.changes.get(changeKey(rt, params))
	if len(changes) == 0 {
		return rec
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(rec, &m) != nil || m == nil {
		return rec
	}
	props, required := recordProperties(schemaOf(rt.reply.schema))
	for _, name := range slices.Sorted(maps.Keys(changes)) {
		prop := props[name]
		var v any
		if prop == nil || json.Unmarshal(changes[name], &v) != nil {
			continue
		}
		switch {
		case v == nil && rt.reply.synth.permitsNull(prop):
			m[name] = changes[name]
		case v == nil && !required[name]:
			delete(m, name)
		case v != nil && prop.VisitJSON(v) == nil:
			m[name] = changes[name]
		}
	}
	return mustMarshal(m)
}

// recordProperties returns the properties of an object schema, those of
// its allOf parts included, and which of them are required.
func recordProperties(s *openapi3.Schema) (map[string]*openapi3.Schema, map[string]bool) {
	props, required := map[string]*openapi3.Schema{}, map[string]bool{}
	var walk func(s *openapi3.Schema, depth int)
	walk = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > hardDepth {
			return
		}
		for name, p := range s.Properties {
			if v := schemaOf(p); v != nil {
				props[name] = v
			}
		}
		for _, name := range s.Required {
			required[name] = true
		}
		for _, part := range s.AllOf {
			walk(schemaOf(part), depth+1)
		}
	}
	walk(s, 0)
	return props, required
}
