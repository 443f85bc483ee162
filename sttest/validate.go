package sttest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// listProblemsUpTo is the size of the largest body whose every problem a
// 400 lists; validation of a larger body stops at its first problem. Listing
// costs tens of microseconds per problem, and a body of 32 MiB may hold a
// million.
const listProblemsUpTo = 64 << 10

// newFilterOptions returns the openapi3filter options of request
// validation, listing every problem or stopping at the first. The handler
// checks credentials itself, so authentication always passes here;
// defaults are not written into the request, which is recorded as sent.
func newFilterOptions(every bool) *openapi3filter.Options {
	o := &openapi3filter.Options{
		MultiError:          every,
		SkipSettingDefaults: true,
		AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
	}
	o.WithCustomSchemaErrorFunc(schemaErrorMessage)
	return o
}

// schemaErrorMessage is the message of a schema error: where and why. The
// default message adds the schema and the value as JSON, which costs
// hundreds of kilobytes per error for ServiceTitan's schemas (a oneOf's
// error spells out every alternative's), so that a body with thousands of
// invalid items took seconds and gigabytes to reject.
func schemaErrorMessage(e *openapi3.SchemaError) string {
	reason := e.Reason
	if reason == "" {
		reason = fmt.Sprintf("does not match the schema's %q", e.SchemaField)
	}
	if path := e.JSONPointer(); len(path) > 0 {
		return fmt.Sprintf("at %q: %s", "/"+strings.Join(path, "/"), reason)
	}
	return reason
}

// validate checks a request against its operation: path, query and header
// parameters and the body, with openapi3filter, and the object-valued query
// parameters itself. It returns a 400 naming every problem, or nil.
func (h *Handler) validate(r *http.Request, rt *route, params map[string]string, body []byte) *apiError {
	req := r.WithContext(r.Context())
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	req.ContentLength = int64(len(body))
	if len(body) == 0 {
		req.Body = http.NoBody
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: params,
		Route:      rt.filter,
		Options:    h.api.filterOptions,
	}
	if len(body) > listProblemsUpTo {
		in.Options = h.api.firstProblemOptions
	}
	errs := make(map[string][]string)
	collectErrors(openapi3filter.ValidateRequest(r.Context(), in), errs)
	if len(errs) > 0 && len(body) > listProblemsUpTo {
		errs["request"] = append(errs["request"], fmt.Sprintf("the body is over %d KiB: only the first problem is listed", listProblemsUpTo>>10))
	}
	if len(body) == 0 && needsBody(rt.op) {
		errs["body"] = append(errs["body"], "A non-empty request body is required.")
	}
	if len(rt.objectParams) > 0 {
		q := r.URL.Query()
		for _, p := range rt.objectParams {
			validateObjectParam(rt, p, q, errs)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return &apiError{status: http.StatusBadRequest, errors: errs}
}

// needsBody reports whether an empty body cannot do for op: its body is
// required, or its JSON schema has required properties. The documents never
// mark bodies required, but ServiceTitan's ASP.NET stack refuses an empty
// one where it binds a model.
func needsBody(op *openapi3.Operation) bool {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return false
	}
	rb := op.RequestBody.Value
	if rb.Required {
		return false // openapi3filter reports it
	}
	mt := rb.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return false
	}
	return len(mt.Schema.Value.Required) > 0
}

// missingProperty matches kin-openapi's reason for a missing required property.
var missingProperty = regexp.MustCompile(`^property "([^"]+)" is missing$`)

// collectErrors files the problems in a validation error under the field
// they concern: a parameter's name, a body property's dotted path, or "body".
func collectErrors(err error, into map[string][]string) {
	if err == nil {
		return
	}
	var multi openapi3.MultiError
	if errors.As(err, &multi) && !isRequestError(err) {
		for _, e := range multi {
			collectErrors(e, into)
		}
		return
	}
	var re *openapi3filter.RequestError
	if !errors.As(err, &re) {
		into["request"] = append(into["request"], err.Error())
		return
	}
	field := "request"
	switch {
	case re.Parameter != nil:
		field = re.Parameter.Name
	case re.RequestBody != nil:
		field = "body"
	}
	leaves := flatten(re.Err)
	if len(leaves) == 0 {
		msg := re.Reason
		if msg == "" {
			msg = re.Error()
		}
		into[field] = append(into[field], msg)
		return
	}
	for _, leaf := range leaves {
		var se *openapi3.SchemaError
		if !errors.As(leaf, &se) {
			msg := leaf.Error()
			if re.Reason != "" && re.Reason != msg {
				msg = re.Reason + ": " + msg
			}
			into[field] = append(into[field], msg)
			continue
		}
		path := se.JSONPointer()
		if m := missingProperty.FindStringSubmatch(se.Reason); m != nil && (len(path) == 0 || path[len(path)-1] != m[1]) {
			path = append(slices.Clone(path), m[1])
		}
		key := field
		if len(path) > 0 {
			if re.RequestBody != nil {
				key = strings.Join(path, ".")
			} else {
				key = field + "." + strings.Join(path, ".")
			}
		}
		msg := se.Reason
		if v := se.Value; v != nil && !isComposite(v) && !strings.Contains(msg, "missing") {
			msg = fmt.Sprintf("%s (got %s)", msg, shortJSON(v))
		}
		into[key] = append(into[key], msg)
	}
}

// isRequestError reports whether err itself is a RequestError (which unwraps to its cause).
func isRequestError(err error) bool {
	_, ok := err.(*openapi3filter.RequestError)
	return ok
}

// flatten returns the leaves of a tree of MultiErrors.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	m, ok := err.(openapi3.MultiError)
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range m {
		out = append(out, flatten(e)...)
	}
	return out
}

// isComposite reports whether v is a map or slice.
func isComposite(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

// shortJSON renders a scalar for a message.
func shortJSON(v any) string {
	if s, ok := v.(string); ok {
		if len(s) > 40 {
			s = s[:40] + "..."
		}
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

// objectKey matches the query keys of object-valued parameters:
// "name.prop", "name[prop]", "name[0].prop" and "name[0][prop]".
var objectKey = regexp.MustCompile(`^(?:\[(\d+)\])?(?:\.([^.\[\]]+)|\[([^\[\]]+)\])$`)

// validateObjectParam checks a query parameter whose schema is an object
// (a map such as customField.Fields, sent as "customField.Fields.Name=v" or
// "customField.Fields[Name]=v") or an array of objects (sent as
// "owners[0].type=Job&owners[0].id=1"), which openapi3filter cannot decode.
func validateObjectParam(rt *route, p *openapi3.Parameter, q url.Values, errs map[string][]string) {
	s := p.Schema.Value
	isArray := typeIs(s, "array")
	objSchema := s
	if isArray {
		objSchema = s.Items.Value
	}
	objects := map[int]map[string]any{}
	found := false
	for _, key := range slices.Sorted(maps.Keys(q)) {
		rest, ok := strings.CutPrefix(key, p.Name)
		if !ok || rest == "" {
			continue
		}
		m := objectKey.FindStringSubmatch(rest)
		if m == nil || (m[1] != "") != isArray {
			continue
		}
		found = true
		idx := 0
		if m[1] != "" {
			idx, _ = strconv.Atoi(m[1])
		}
		prop := m[2] + m[3]
		raw := q.Get(key)
		v, err := parseScalar(raw, propertySchema(objSchema, prop))
		if err != nil {
			errs[p.Name+"."+prop] = append(errs[p.Name+"."+prop], err.Error())
			continue
		}
		if objects[idx] == nil {
			objects[idx] = map[string]any{}
		}
		objects[idx][prop] = v
	}
	if !found {
		if p.Required {
			errs[p.Name] = append(errs[p.Name], "value is required but missing")
		}
		return
	}
	var value any = objects[0]
	if isArray {
		arr := make([]any, 0, len(objects))
		for _, i := range slices.Sorted(maps.Keys(objects)) {
			arr = append(arr, objects[i])
		}
		value = arr
	}
	var opts []openapi3.SchemaValidationOption
	opts = append(opts, openapi3.MultiErrors())
	if rt.json2020 {
		opts = append(opts, openapi3.EnableJSONSchema2020())
	}
	if err := s.VisitJSON(value, opts...); err != nil {
		collectErrors(&openapi3filter.RequestError{Parameter: p, Err: err}, errs)
	}
}

// propertySchema returns the schema of property name of an object schema (or of its map values).
func propertySchema(s *openapi3.Schema, name string) *openapi3.Schema {
	if s == nil {
		return nil
	}
	if p := schemaOf(s.Properties[name]); p != nil {
		return p
	}
	return schemaOf(s.AdditionalProperties.Schema)
}

// parseScalar turns a query value into the JSON value its schema expects.
func parseScalar(raw string, s *openapi3.Schema) (any, error) {
	if s == nil {
		return raw, nil
	}
	switch pickType(s) {
	case "integer":
		v, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("value %q: not an integer", raw)
		}
		return float64(v), nil
	case "number":
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return nil, fmt.Errorf("value %q: not a number", raw)
		}
		return v, nil
	case "boolean":
		v, err := strconv.ParseBool(raw)
		if err != nil {
			return nil, fmt.Errorf("value %q: not a boolean", raw)
		}
		return v, nil
	}
	return raw, nil
}
