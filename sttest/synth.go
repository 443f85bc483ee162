package sttest

import (
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"maps"
	"math"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/stgen-dev/stgen/internal/spec"
)

// synth makes values that conform to the schemas of one document,
// deterministically: the same schema, name and seed give the same value.
// The vendor's examples are placeholders ("string" for a date-time), so
// values come from the schema alone.
type synth struct {
	// is31 tells whether the document is OpenAPI 3.1, where "nullable" means nothing.
	is31 bool
	// request makes values for request bodies: readOnly properties are left
	// out instead of writeOnly ones.
	request bool
}

const (
	// softDepth is the nesting depth beyond which objects get only their
	// required properties and arrays at most one item.
	softDepth = 4
	// hardDepth is the nesting depth at which synthesis stops with the
	// smallest value of the type.
	hardDepth = 12
)

// baseTime is the earliest date-time synthesized.
var baseTime = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)

// dateTime7 is the layout of date-times with seven fractional digits, as
// ServiceTitan's responses write them.
const dateTime7 = "2006-01-02T15:04:05.0000000Z"

// genState is the state of one synthesis.
type genState struct {
	// stack holds the schemas being synthesized, to notice recursion.
	stack []*openapi3.Schema
	// id is the value of the record's own "id" property; 0 leaves it to the seed.
	id int64
	// ids is the number of records a collection holds: other ids fall
	// within 1 to ids, or 1 to 1000 when it is 0.
	ids int64
	// modified is the value of the record's own "modifiedOn" date-time; the
	// zero time leaves it to the seed.
	modified time.Time
}

// record synthesizes a record of schema: its "id" property is id, other
// ids fall within 1 to ids, its "modifiedOn" date-time is modified (unless
// zero), the rest follows from seed.
func (g synth) record(schema *openapi3.SchemaRef, seed uint64, id, ids int64, modified time.Time) any {
	st := &genState{id: id, ids: ids, modified: modified}
	return g.gen(schemaOf(schema), "", seed, 0, st)
}

// value synthesizes a value of schema from seed.
func (g synth) value(schema *openapi3.SchemaRef, name string, seed uint64) any {
	return g.gen(schemaOf(schema), name, seed, 0, &genState{})
}

// schemaOf returns the schema of a reference, or nil.
func schemaOf(ref *openapi3.SchemaRef) *openapi3.Schema {
	if ref == nil {
		return nil
	}
	return ref.Value
}

// gen synthesizes a value of s for a property called name.
func (g synth) gen(s *openapi3.Schema, name string, seed uint64, depth int, st *genState) any {
	if s == nil {
		return fmt.Sprintf("%s %d", nameOr(name, "value"), seed%1000)
	}
	if depth >= hardDepth {
		return smallest(s)
	}
	recursive := slices.Contains(st.stack, s)
	st.stack = append(st.stack, s)
	defer func() { st.stack = st.stack[:len(st.stack)-1] }()

	if s.Const != nil {
		return s.Const
	}
	if vals := nonNull(s.Enum); len(vals) > 0 {
		return vals[seed%uint64(len(vals))]
	}
	if len(s.AllOf) > 0 {
		return g.allOf(s, name, seed, depth, st, recursive)
	}
	if alt := firstNonNull(s.OneOf); alt != nil {
		return g.gen(alt, name, seed, depth, st)
	}
	if alt := firstNonNull(s.AnyOf); alt != nil {
		return g.gen(alt, name, seed, depth, st)
	}

	switch pickType(s) {
	case "integer":
		return g.integer(s, name, seed, depth, st)
	case "number":
		return g.number(s, seed)
	case "boolean":
		return seed&1 == 1
	case "array":
		return g.array(s, name, seed, depth, st, recursive)
	case "object":
		return g.object(s, seed, depth, st, recursive)
	case "null":
		return nil
	default:
		return g.str(s, name, seed, depth, st)
	}
}

// allOf merges the values of every part of s (and of s's own properties).
func (g synth) allOf(s *openapi3.Schema, name string, seed uint64, depth int, st *genState, recursive bool) any {
	var merged map[string]any
	var last any
	for _, part := range s.AllOf {
		v := g.gen(schemaOf(part), name, seed, depth, st)
		if m, ok := v.(map[string]any); ok {
			if merged == nil {
				merged = make(map[string]any)
			}
			for k, x := range m {
				merged[k] = x
			}
			continue
		}
		last = v
	}
	if len(s.Properties) > 0 {
		own := g.object(s, seed, depth, st, recursive)
		if merged == nil {
			merged = make(map[string]any)
		}
		for k, x := range own {
			merged[k] = x
		}
	}
	if merged != nil {
		return merged
	}
	return last
}

// integer synthesizes an integer. A record's own "id" is its id; other
// ids are ids of records the fake holds (small positive numbers).
func (g synth) integer(s *openapi3.Schema, name string, seed uint64, depth int, st *genState) any {
	var v int64
	switch {
	case depth == 1 && name == "id" && st.id > 0:
		v = st.id
	case strings.HasSuffix(name, "Id") || strings.HasSuffix(name, "ID") || name == "id":
		span := uint64(1000)
		if st.ids > 0 {
			span = uint64(st.ids)
		}
		v = int64(seed%span) + 1
	default:
		v = int64(seed % 100)
	}
	if s.Format == "int32" && v > math.MaxInt32 {
		v = math.MaxInt32
	}
	return clampInt(s, v)
}

// clampInt keeps v within the schema's minimum and maximum.
func clampInt(s *openapi3.Schema, v int64) int64 {
	if s.Min != nil {
		lo := int64(math.Ceil(*s.Min))
		if s.ExclusiveMin.IsTrue() && float64(lo) == *s.Min {
			lo++
		}
		if s.ExclusiveMin.Value != nil {
			lo = max(lo, int64(math.Floor(*s.ExclusiveMin.Value))+1)
		}
		v = max(v, lo)
	} else if s.ExclusiveMin.Value != nil {
		v = max(v, int64(math.Floor(*s.ExclusiveMin.Value))+1)
	}
	if s.Max != nil && *s.Max < math.MaxInt64 {
		hi := int64(math.Floor(*s.Max))
		if s.ExclusiveMax.IsTrue() && float64(hi) == *s.Max {
			hi--
		}
		v = min(v, hi)
	}
	if s.ExclusiveMax.Value != nil && *s.ExclusiveMax.Value < math.MaxInt64 {
		v = min(v, int64(math.Ceil(*s.ExclusiveMax.Value))-1)
	}
	return v
}

// number synthesizes a number with two decimals, as money and quantities have.
func (g synth) number(s *openapi3.Schema, seed uint64) any {
	v := float64(seed%100000) / 100
	if s.Min != nil && v < *s.Min {
		v = *s.Min
		if s.ExclusiveMin.IsTrue() {
			v += 0.5
		}
	}
	if s.Max != nil && v > *s.Max {
		v = *s.Max
		if s.ExclusiveMax.IsTrue() {
			v -= 0.5
		}
	}
	if s.ExclusiveMin.Value != nil && v <= *s.ExclusiveMin.Value {
		v = *s.ExclusiveMin.Value + 0.5
	}
	if s.ExclusiveMax.Value != nil && v >= *s.ExclusiveMax.Value {
		v = *s.ExclusiveMax.Value - 0.5
	}
	return v
}

// array synthesizes two items, one when deep, none when the items recurse.
func (g synth) array(s *openapi3.Schema, name string, seed uint64, depth int, st *genState, recursive bool) any {
	items := schemaOf(s.Items)
	n := 2
	switch {
	case recursive || (items != nil && slices.Contains(st.stack, items)):
		n = 0
	case depth >= softDepth:
		n = 1
	}
	n = max(n, int(s.MinItems))
	if s.MaxItems != nil {
		n = min(n, int(*s.MaxItems))
	}
	out := make([]any, n)
	for i := range out {
		out[i] = g.gen(items, singular(name), mix(seed, uint64(i)+1), depth+1, st)
	}
	return out
}

// object synthesizes every property (only the required ones when deep or
// recursive) and, for a map, two entries.
func (g synth) object(s *openapi3.Schema, seed uint64, depth int, st *genState, recursive bool) map[string]any {
	out := make(map[string]any, len(s.Properties))
	minimal := recursive || depth >= softDepth
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		prop := schemaOf(s.Properties[name])
		required := slices.Contains(s.Required, name)
		if !required {
			if minimal || prop == nil {
				continue
			}
			if g.request && prop.ReadOnly || !g.request && prop.WriteOnly {
				continue
			}
		}
		out[name] = g.gen(prop, name, mix(seed, hashString(name)), depth+1, st)
	}
	for _, name := range s.Required {
		if _, ok := out[name]; !ok {
			out[name] = g.gen(schemaOf(s.AdditionalProperties.Schema), name, mix(seed, hashString(name)), depth+1, st)
		}
	}
	if len(s.Properties) == 0 && allowsAdditional(s) {
		n := 2
		if s.MaxProps != nil {
			n = min(n, int(*s.MaxProps))
		}
		n = max(n, int(s.MinProps))
		for i := range n {
			key := fmt.Sprintf("key%d", i+1)
			out[key] = g.gen(schemaOf(s.AdditionalProperties.Schema), key, mix(seed, uint64(i)+1), depth+1, st)
		}
	}
	if s.MaxProps != nil && uint64(len(out)) > *s.MaxProps {
		for _, name := range slices.Sorted(maps.Keys(out)) {
			if uint64(len(out)) <= *s.MaxProps {
				break
			}
			if !slices.Contains(s.Required, name) {
				delete(out, name)
			}
		}
	}
	return out
}

// allowsAdditional reports whether s admits properties beyond its declared ones.
func allowsAdditional(s *openapi3.Schema) bool {
	ap := s.AdditionalProperties
	return ap.Schema != nil || (ap.Has != nil && *ap.Has)
}

// str synthesizes a string fitting the format, pattern and length bounds.
func (g synth) str(s *openapi3.Schema, name string, seed uint64, depth int, st *genState) string {
	if depth == 1 && name == "id" && st.id > 0 {
		seed = uint64(st.id)
	}
	if depth == 1 && name == "modifiedOn" && !st.modified.IsZero() && strings.EqualFold(s.Format, "date-time") {
		return st.modified.Format(dateTime7)
	}
	v := formatted(s.Format, name, seed)
	if s.Pattern != "" {
		if p, ok := patternString(s.Pattern, seed); ok {
			v = p
		}
	}
	if n := utf8.RuneCountInString(v); n < int(s.MinLength) {
		v += strings.Repeat("x", int(s.MinLength)-n)
	}
	if s.MaxLength != nil && uint64(utf8.RuneCountInString(v)) > *s.MaxLength {
		v = string([]rune(v)[:*s.MaxLength])
	}
	return v
}

// formatted returns a string of the given format.
func formatted(format, name string, seed uint64) string {
	switch strings.ToLower(format) {
	case "date-time":
		t := baseTime.Add(time.Duration(seed%(3*365*24*3600)) * time.Second)
		if seed%3 == 0 {
			return t.Format("2006-01-02T15:04:05Z")
		}
		// Real responses carry up to seven fractional digits.
		t = t.Add(time.Duration(seed%10_000_000) * 100)
		return t.Format(dateTime7)
	case "date":
		return baseTime.AddDate(0, 0, int(seed%1000)).Format(time.DateOnly)
	case "time":
		return fmt.Sprintf("%02d:%02d:%02d", seed%24, seed%60, (seed/60)%60)
	case "duration":
		return fmt.Sprintf("%02d:%02d:00", seed%24, (seed/24)%60)
	case "uuid", "guid":
		x := mix(seed, 0x5757)
		return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", uint32(seed), uint16(x), x>>16&0xfff, x>>28&0xfff, x>>40)
	case "email":
		return fmt.Sprintf("user%d@example.com", seed%1000)
	case "uri", "url", "uri-reference", "iri":
		return fmt.Sprintf("https://example.com/files/%d", seed%1000)
	case "hostname":
		return fmt.Sprintf("host%d.example.com", seed%1000)
	case "ipv4":
		return fmt.Sprintf("192.0.2.%d", seed%250+1)
	case "ipv6":
		return fmt.Sprintf("2001:db8::%x", seed%0xffff+1)
	case "byte":
		return base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "sttest %d", seed%1000))
	case "binary":
		return fmt.Sprintf("sttest file %d", seed%1000)
	case "phone":
		return fmt.Sprintf("+1555%07d", seed%10_000_000)
	case "html":
		return fmt.Sprintf("<p>%s %d</p>", nameOr(name, "text"), seed%1000)
	case "password":
		return fmt.Sprintf("secret-%d", seed%1000)
	}
	return fmt.Sprintf("%s %d", nameOr(name, "value"), seed%1000)
}

// patternString returns a string matching pattern, chosen by seed, when the
// pattern is simple enough (literals, classes, repeats, groups, alternatives).
func patternString(pattern string, seed uint64) (string, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	r := seed
	if !genRegexp(&b, re.Simplify(), &r) {
		return "", false
	}
	ok, err := regexp.MatchString(pattern, b.String())
	return b.String(), err == nil && ok
}

// genRegexp writes a string matching re to b.
func genRegexp(b *strings.Builder, re *syntax.Regexp, r *uint64) bool {
	next := func(n int) int {
		*r = mix(*r, 0x9e37)
		return int(*r % uint64(n))
	}
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		if len(re.Rune) < 2 {
			return false
		}
		pair := next(len(re.Rune)/2) * 2
		lo, hi := re.Rune[pair], re.Rune[pair+1]
		span := int(min(hi-lo, 25)) + 1
		b.WriteRune(lo + rune(next(span)))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte('x')
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpEmptyMatch:
	case syntax.OpCapture:
		return genRegexp(b, re.Sub[0], r)
	case syntax.OpStar, syntax.OpQuest:
	case syntax.OpPlus:
		return genRegexp(b, re.Sub[0], r)
	case syntax.OpRepeat:
		for range re.Min {
			if !genRegexp(b, re.Sub[0], r) {
				return false
			}
		}
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !genRegexp(b, sub, r) {
				return false
			}
		}
	case syntax.OpAlternate:
		return genRegexp(b, re.Sub[0], r)
	default:
		return false
	}
	return true
}

// smallest returns the smallest value of s's type, for synthesis cut short.
func smallest(s *openapi3.Schema) any {
	switch pickType(s) {
	case "integer", "number":
		return 0
	case "boolean":
		return false
	case "array":
		return []any{}
	case "object":
		return map[string]any{}
	case "null":
		return nil
	}
	return ""
}

// pickType returns the first non-null type of s, or the type its keywords imply.
func pickType(s *openapi3.Schema) string {
	if s.Type != nil {
		for _, t := range *s.Type {
			if t != "null" {
				return t
			}
		}
		if len(*s.Type) > 0 {
			return "null"
		}
	}
	switch {
	case len(s.Properties) > 0 || s.AdditionalProperties.Schema != nil:
		return "object"
	case s.Items != nil:
		return "array"
	}
	return "string"
}

// typeIs reports whether s declares type t (alone or beside "null").
func typeIs(s *openapi3.Schema, t string) bool {
	return s.Type != nil && s.Type.Includes(t)
}

// firstNonNull returns the first alternative that admits more than null.
func firstNonNull(alts openapi3.SchemaRefs) *openapi3.Schema {
	for _, a := range alts {
		if v := schemaOf(a); v != nil && !spec.NullOnly(v) {
			return v
		}
	}
	return nil
}

// nonNull returns vals without nulls.
func nonNull(vals []any) []any {
	if !slices.Contains(vals, nil) {
		return vals
	}
	out := make([]any, 0, len(vals))
	for _, v := range vals {
		if v != nil {
			out = append(out, v)
		}
	}
	return out
}

// permitsNull reports whether s admits null under the document's dialect.
func (g synth) permitsNull(s *openapi3.Schema) bool {
	if s == nil {
		return true
	}
	if s.Type != nil && s.Type.Includes("null") {
		return true
	}
	if !g.is31 && s.Nullable {
		return true
	}
	for _, alt := range s.OneOf {
		if spec.NullOnly(schemaOf(alt)) {
			return true
		}
	}
	return false
}

// singular names the items of an array property ("tags" gives "tag").
func singular(name string) string {
	if len(name) > 1 && strings.HasSuffix(name, "s") {
		return name[:len(name)-1]
	}
	return name
}

// nameOr returns name, or def when name is empty.
func nameOr(name, def string) string {
	if name == "" {
		return def
	}
	return name
}

// hashString hashes s (FNV-1a).
func hashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// mix combines a seed with a value (splitmix64 finalizer).
func mix(seed, v uint64) uint64 {
	z := seed ^ (v + 0x9e3779b97f4a7c15 + seed<<6 + seed>>2)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}
