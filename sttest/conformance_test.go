package sttest

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
)

// validateRequest2020 validates a request against rt's 3.1 document with
// the JSON Schema 2020-12 validator.
func validateRequest2020(a *API, rt *route, r *http.Request) error {
	if len(rt.objectParams) > 0 {
		return nil // openapi3filter cannot decode these; validate.go does
	}
	strict := *rt.filter
	strict.Spec = rt.doc.OpenAPI
	_, params, _ := a.match(r.Method, r.URL.EscapedPath())
	in := &openapi3filter.RequestValidationInput{
		Request:    r,
		PathParams: params,
		Route:      &strict,
		Options:    newFilterOptions(true),
	}
	return openapi3filter.ValidateRequest(r.Context(), in)
}

// TestEveryOperationConforms sends a valid request to every operation of
// every release and validates the response against the operation's own
// document (openapi3filter response validation, status included).
func TestEveryOperationConforms(t *testing.T) {
	for _, name := range releaseNames(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := release(t, name)
			h := a.NewHandler()
			c := h.Credentials()
			tok := token(t, h, c)
			ok, failed, undeclared := 0, 0, 0
			for _, rt := range a.routes {
				r := validRequest(t, rt, c, tok)
				w := do(h, r)
				var err error
				switch {
				case w.Code >= 400:
					err = fmt.Errorf("status %d: %s", w.Code, w.Body)
				case rt.doc.OpenAPI.IsOpenAPI31OrLater() && !rt.json2020:
					// The fake validated the request with kin-openapi's own
					// validator (see legacySpec): the 2020-12 validator must
					// accept it too.
					if err = validateRequest2020(a, rt, validRequest(t, rt, c, tok)); err == nil {
						err = validateResponse(rt, r, w)
					}
				default:
					err = validateResponse(rt, r, w)
				}
				if err != nil {
					failed++
					if failed <= 15 {
						t.Errorf("%s %s (%s): %v", rt.method, rt.template, rt.op.OperationID, err)
					}
					continue
				}
				ok++
				if rt.reply.undeclared {
					undeclared++
				}
			}
			t.Logf("release %s: %d of %d operations answered a valid request with a response that validates against their document (%d of them declare no success response and get 200 without a body)",
				name, ok, len(a.routes), undeclared)
			if failed > 0 {
				t.Errorf("release %s: %d operations failed", name, failed)
			}
			if ok == 0 {
				t.Errorf("release %s: no operation", name)
			}
		})
	}
}

// TestErrorRepliesConform checks that 400 replies validate against the
// declared ApiErrorResponse of the operation.
func TestErrorRepliesConform(t *testing.T) {
	a := latest(t)
	h := a.NewHandler()
	c := h.Credentials()
	tok := token(t, h, c)
	rt := findRoute(t, a, http.MethodGet, "/crm/v2/tenant/{tenant}/customers/{id}")
	r := validRequest(t, rt, c, tok)
	r.URL.Path = "/crm/v2/tenant/1/customers/abc"
	w := do(h, r)
	if w.Code != http.StatusBadRequest {
		t.Fatalf("status %d, want 400: %s", w.Code, w.Body)
	}
	if err := validateResponse(rt, r, w); err != nil {
		t.Errorf("400 reply does not validate: %v", err)
	}
}
