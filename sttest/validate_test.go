package sttest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// apiReq builds a request with the credentials of h and tok.
func apiReq(h *Handler, tok, method, target, body string) *http.Request {
	var r *http.Request
	if body == "" {
		r = httptest.NewRequest(method, target, nil)
	} else {
		r = httptest.NewRequest(method, target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	}
	r.Header.Set("Authorization", "Bearer "+tok)
	r.Header.Set("ST-App-Key", h.Credentials().AppKey)
	return r
}

// apiErrors decodes an ApiErrorResponse and checks its envelope.
func apiErrors(t *testing.T, w *httptest.ResponseRecorder, status int) map[string][]string {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d: %s", w.Code, status, w.Body)
	}
	var e struct {
		Type    string              `json:"type"`
		Title   string              `json:"title"`
		Status  int                 `json:"status"`
		TraceID string              `json:"traceId"`
		Errors  map[string][]string `json:"errors"`
		Data    map[string]any      `json:"data"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Fatalf("not an ApiErrorResponse: %v: %s", err, w.Body)
	}
	if e.Status != status || e.Type == "" || e.Title == "" || e.TraceID == "" || e.Errors == nil || e.Data == nil {
		t.Errorf("incomplete ApiErrorResponse: %s", w.Body)
	}
	return e.Errors
}

// wantError checks that errs names field with a message containing want.
func wantError(t *testing.T, errs map[string][]string, field, want string) {
	t.Helper()
	for _, m := range errs[field] {
		if strings.Contains(m, want) {
			return
		}
	}
	t.Errorf("errors %v: want %q under %q", errs, want, field)
}

func TestInvalidRequestsRejected(t *testing.T) {
	a := latest(t)
	h := a.NewHandler()
	tok := token(t, h, h.Credentials())
	for _, tc := range []struct {
		name, method, target, body string
		field, want                string
	}{
		{"path int64 given letters", "GET", "/crm/v2/tenant/1/customers/abc", "", "id", "invalid integer"},
		{"tenant given letters", "GET", "/crm/v2/tenant/acme/customers", "", "tenant", "invalid integer"},
		{"query int32 given letters", "GET", "/crm/v2/tenant/1/customers?page=two", "", "page", "invalid integer"},
		{"query boolean given letters", "GET", "/crm/v2/tenant/1/customers?includeTotal=maybe", "", "includeTotal", "boolean"},
		{"query date-time malformed", "GET", "/crm/v2/tenant/1/customers?createdBefore=yesterday", "", "createdBefore", "date-time"},
		{"query enum unknown", "GET", "/crm/v2/tenant/1/customers?active=Sometimes", "", "active", "Sometimes"},
		{"body missing required field", "POST", "/crm/v2/tenant/1/customers", `{"locations":[],"address":{}}`, "name", "missing"},
		{"body enum unknown", "POST", "/crm/v2/tenant/1/customers", `{"name":"n","type":"Industrial","locations":[],"address":{}}`, "type", "Industrial"},
		{"body wrong type", "POST", "/crm/v2/tenant/1/customers", `{"name":5,"locations":[],"address":{}}`, "name", "string"},
		{"body malformed JSON", "POST", "/crm/v2/tenant/1/customers", `{"name":`, "body", "decode"},
		{"body missing", "POST", "/crm/v2/tenant/1/customers", "", "body", "required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := apiReq(h, tok, tc.method, tc.target, tc.body)
			wantError(t, apiErrors(t, do(h, r), http.StatusBadRequest), tc.field, tc.want)
		})
	}
}

func TestInvalidRequestNamesEveryProblem(t *testing.T) {
	h := latest(t).NewHandler()
	tok := token(t, h, h.Credentials())
	errs := apiErrors(t, do(h, apiReq(h, tok, "GET", "/crm/v2/tenant/1/customers?page=x&pageSize=y&active=Nope", "")), http.StatusBadRequest)
	for _, f := range []string{"page", "pageSize", "active"} {
		if len(errs[f]) == 0 {
			t.Errorf("errors %v: nothing about %s", errs, f)
		}
	}
}

func TestBodyWithoutContentType(t *testing.T) {
	h := latest(t).NewHandler()
	tok := token(t, h, h.Credentials())
	r := apiReq(h, tok, "POST", "/crm/v2/tenant/1/customers", `{"name":"n"}`)
	r.Header.Del("Content-Type")
	wantError(t, apiErrors(t, do(h, r), http.StatusBadRequest), "body", "Content-Type")
}

func TestCredentialsRequired(t *testing.T) {
	clock := newClock()
	h := latest(t).NewHandler(WithClock(clock.Now))
	c := h.Credentials()
	expired := token(t, h, c)
	h.ExpireTokens()
	tok := token(t, h, c)
	for _, tc := range []struct {
		name        string
		auth, key   string
		field, want string
	}{
		{"no token", "", c.AppKey, "Authorization", "missing"},
		{"basic auth", "Basic " + "aWQ6c2VjcmV0", c.AppKey, "Authorization", "Bearer"},
		{"unknown token", "Bearer forged", c.AppKey, "Authorization", "not valid"},
		{"expired token", "Bearer " + expired, c.AppKey, "Authorization", "expired"},
		{"no app key", "Bearer " + tok, "", "ST-App-Key", "missing"},
		{"wrong app key", "Bearer " + tok, "other-key", "ST-App-Key", "not valid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/crm/v2/tenant/1/customers/1", nil)
			if tc.auth != "" {
				r.Header.Set("Authorization", tc.auth)
			}
			if tc.key != "" {
				r.Header.Set("ST-App-Key", tc.key)
			}
			w := do(h, r)
			wantError(t, apiErrors(t, w, http.StatusUnauthorized), tc.field, tc.want)
			if w.Header().Get("WWW-Authenticate") == "" {
				t.Error("no WWW-Authenticate header")
			}
		})
	}
}

func TestCredentialsCheckedBeforeValidation(t *testing.T) {
	h := latest(t).NewHandler()
	w := do(h, httptest.NewRequest(http.MethodGet, "/crm/v2/tenant/1/customers/abc", nil))
	if w.Code != http.StatusUnauthorized {
		t.Errorf("invalid request without token: %d, want 401", w.Code)
	}
}

func TestAppKeyInQueryWhereDeclared(t *testing.T) {
	names := releaseNames(t)
	a := release(t, names[0]) // 2022-04-18 declares apiKeyQuery "servicetitanapplicationkey"
	rt := findRoute(t, a, http.MethodGet, "/crm/v2/tenant/{tenant}/customers/{id}")
	if !slices.Contains(rt.appKeyQuery, "servicetitanapplicationkey") {
		t.Skipf("release %s declares no app key in query", names[0])
	}
	h := a.NewHandler()
	c := h.Credentials()
	tok := token(t, h, c)
	r := httptest.NewRequest(http.MethodGet, "/crm/v2/tenant/1/customers/1?servicetitanapplicationkey="+url.QueryEscape(c.AppKey), nil)
	r.Header.Set("Authorization", "Bearer "+tok)
	if w := do(h, r); w.Code != http.StatusOK {
		t.Errorf("app key in query: %d %s", w.Code, w.Body)
	}
	// The latest release declares no such scheme.
	h2 := latest(t).NewHandler()
	r = httptest.NewRequest(http.MethodGet, "/crm/v2/tenant/1/customers/1?servicetitanapplicationkey="+url.QueryEscape(c.AppKey), nil)
	r.Header.Set("Authorization", "Bearer "+token(t, h2, c))
	if w := do(h2, r); w.Code != http.StatusUnauthorized {
		t.Errorf("app key in query of a release without the scheme: %d, want 401", w.Code)
	}
}

func TestObjectQueryParameters(t *testing.T) {
	h := latest(t).NewHandler()
	tok := token(t, h, h.Credentials())
	ok := func(target string) {
		t.Helper()
		if w := do(h, apiReq(h, tok, "GET", target, "")); w.Code != http.StatusOK {
			t.Errorf("%s: %d %s", target, w.Code, w.Body)
		}
	}
	ok("/accounting/v2/tenant/1/invoices?customField.Fields.Color=red&customField.Fields%5BSize%5D=L")
	ok("/accounting/v2/tenant/1/journal-entries?customField.fieldName1=value1&customField.fieldName2=value2")
	ok("/forms/v2/tenant/1/submissions?owners%5B0%5D.type=Job&owners%5B0%5D.id=5&owners%5B1%5D.type=Customer&owners%5B1%5D.id=7")
	ok("/memberships/v2/tenant/1/recurring-service-events?sort%5B0%5D.field=CreatedOn&sort%5B0%5D.isDescending=true")

	w0 := do(h, apiReq(h, tok, "GET", "/memberships/v2/tenant/1/recurring-service-events?sort%5B0%5D.field=Colour&sort%5B0%5D.isDescending=true", ""))
	wantError(t, apiErrors(t, w0, http.StatusBadRequest), "sort.0.field", "Colour")

	var many []string
	for i := range 6 {
		many = append(many, fmt.Sprintf("customField.f%d=v", i))
	}
	w := do(h, apiReq(h, tok, "GET", "/accounting/v2/tenant/1/journal-entries?"+strings.Join(many, "&"), ""))
	wantError(t, apiErrors(t, w, http.StatusBadRequest), "customField", "properties")

	w = do(h, apiReq(h, tok, "GET", "/forms/v2/tenant/1/submissions?owners%5B0%5D.type=Job&owners%5B0%5D.id=five", ""))
	wantError(t, apiErrors(t, w, http.StatusBadRequest), "owners.id", "integer")

	w = do(h, apiReq(h, tok, "GET", "/forms/v2/tenant/1/submissions?owners%5B0%5D.id=5", ""))
	wantError(t, apiErrors(t, w, http.StatusBadRequest), "owners.0.type", "missing")
}

func TestWithoutRequestValidation(t *testing.T) {
	h := latest(t).NewHandler(WithoutRequestValidation())
	tok := token(t, h, h.Credentials())
	if w := do(h, apiReq(h, tok, "GET", "/crm/v2/tenant/1/customers?active=Sometimes", "")); w.Code != http.StatusOK {
		t.Errorf("unvalidated request: %d %s", w.Code, w.Body)
	}
	if w := do(h, apiGet("", "")); w.Code != http.StatusUnauthorized {
		t.Errorf("credentials are still checked: %d", w.Code)
	}
}

func TestLegacyValidationOf31(t *testing.T) {
	a := latest(t)
	if !a.docs[0].OpenAPI.IsOpenAPI31OrLater() {
		t.Skip("latest release is not OpenAPI 3.1")
	}
	for _, rt := range a.routes {
		if rt.json2020 {
			t.Errorf("%s uses JSON Schema 2020-12 keywords; it is validated with the 2020 validator", rt.key)
		}
		if rt.filter.Spec.IsOpenAPI31OrLater() {
			t.Errorf("%s: validated with the 2020-12 validator", rt.key)
		}
	}
	// Null is still refused where the 3.1 schema does not admit it.
	h := a.NewHandler()
	tok := token(t, h, h.Credentials())
	w := do(h, apiReq(h, tok, "POST", "/crm/v2/tenant/1/customers", `{"name":null,"locations":[],"address":{}}`))
	wantError(t, apiErrors(t, w, http.StatusBadRequest), "name", "null")
	// And admitted where it does (type: [string, null] / oneOf [$ref, null]).
	r := validRequest(t, findRoute(t, a, "POST", "/crm/v2/tenant/{tenant}/customers"), h.Credentials(), tok)
	var body map[string]any
	json.NewDecoder(r.Body).Decode(&body)
	body["type"] = nil
	b, _ := json.Marshal(body)
	if w := do(h, apiReq(h, tok, "POST", r.URL.Path, string(b))); w.Code != http.StatusOK {
		t.Errorf("null customer type: %d %s", w.Code, w.Body)
	}
}

// invalidLocations is a customer whose n locations each lack their
// address's required fields.
func invalidLocations(n int) string {
	return `{"name":"a","address":{"street":"s","city":"c","zip":"z","country":"US","state":"ST"},"locations":[` +
		strings.TrimSuffix(strings.Repeat(`{"name":"l","address":{}},`, n), ",") + `]}`
}

// TestSmallBodyNamesEveryProblem and TestLargeBodyNamesFirstProblem: a body
// up to 64 KiB gets every problem listed, a larger one its first only, so
// that a body of a million invalid items is rejected at once.
func TestSmallBodyNamesEveryProblem(t *testing.T) {
	h := latest(t).NewHandler()
	tok := token(t, h, h.Credentials())
	errs := apiErrors(t, do(h, apiReq(h, tok, http.MethodPost, "/crm/v2/tenant/1/customers", invalidLocations(3))), http.StatusBadRequest)
	for i := range 3 {
		if len(errs[fmt.Sprintf("locations.%d.address", i)]) == 0 {
			t.Errorf("errors %v: nothing about location %d", errs, i)
		}
	}
}

func TestLargeBodyNamesFirstProblem(t *testing.T) {
	h := latest(t).NewHandler()
	tok := token(t, h, h.Credentials())
	body := invalidLocations(4000)
	if len(body) <= listProblemsUpTo {
		t.Fatalf("body of %d bytes is not over %d", len(body), listProblemsUpTo)
	}
	errs := apiErrors(t, do(h, apiReq(h, tok, http.MethodPost, "/crm/v2/tenant/1/customers", body)), http.StatusBadRequest)
	wantError(t, errs, "request", "only the first problem")
	if n := len(errs); n != 2 {
		t.Errorf("%d fields in errors %v; want the first problem and the note", n, errs)
	}
}

// TestSchemaErrorMessagesAreShort checks the messages kin-openapi builds
// for schema errors (and nests in those of oneOf) leave out the schema.
func TestSchemaErrorMessagesAreShort(t *testing.T) {
	se := &openapi3.SchemaError{Reason: `property "street" is missing`, Schema: openapi3.NewObjectSchema(), SchemaField: "required"}
	if got := schemaErrorMessage(se); got != `property "street" is missing` {
		t.Errorf("message %q", got)
	}
	se.Reason = ""
	if got := schemaErrorMessage(se); got != `does not match the schema's "required"` {
		t.Errorf("message without a reason %q", got)
	}
	s := openapi3.NewOneOfSchema(openapi3.NewObjectSchema().WithRequired([]string{"street"}), openapi3.NewStringSchema())
	err := s.VisitJSON(map[string]any{}, openapi3.MultiErrors(), openapi3.SetSchemaErrorMessageCustomizer(schemaErrorMessage))
	if err == nil || strings.Contains(err.Error(), "Schema:") || len(err.Error()) > 300 {
		t.Errorf("oneOf error message %q; want a short one without the schema", err)
	}
}
