package sttest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// nullDialects are the fixtures of PATCH /inventory/v2/tenant/{tenant}/returns/{id},
// one per dialect, with the same nullability written each dialect's way.
var nullDialects = []string{"openapi30", "openapi31", "swagger20"}

// returnPath is the path of return 3 of the fixtures.
const returnPath = "/inventory/v2/tenant/1/returns/3"

// getReturn GETs a return and checks the reply against the document.
func getReturn(t *testing.T, h *Handler, tok, path string) map[string]any {
	t.Helper()
	r := apiReq(h, tok, http.MethodGet, path, "")
	w := do(h, r)
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, w.Code, w.Body)
	}
	if err := validateResponse(findOp(t, h.api, "Returns_Get"), r, w); err != nil {
		t.Errorf("GET %s: the reply does not conform: %v\n%s", path, err, w.Body)
	}
	return decode(t, w.Body.Bytes())
}

// patchReturn PATCHes a return with body and returns the recorded reply,
// checked against the document when it is a success.
func patchReturn(t *testing.T, h *Handler, tok, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	r := apiReq(h, tok, http.MethodPatch, path, body)
	w := do(h, r)
	if w.Code == http.StatusOK {
		if err := validateResponse(findOp(t, h.api, "Returns_Update"), r, w); err != nil {
			t.Errorf("PATCH %s %s: the reply does not conform: %v\n%s", path, body, err, w.Body)
		}
	}
	return w
}

// TestNullsValidated sends null in each field of the PATCH body of each
// dialect's fixture: accepted where the document declares the field
// nullable (3.0 nullable, 3.1 a type array or a oneOf with null, and the
// stray 3.0 nullable ServiceTitan's 3.1 documents keep, 2.0 x-nullable,
// beside a $ref too), refused with a 400 naming the field elsewhere.
func TestNullsValidated(t *testing.T) {
	for _, dialect := range nullDialects {
		t.Run(dialect, func(t *testing.T) {
			h := NewServer(t, filepath.Join("testdata", "nulls", dialect)).Handler
			tok := token(t, h, h.Credentials())
			for _, field := range []string{"total", "budgetCodeId", "memo", "vendor", "reference"} {
				if w := patchReturn(t, h, tok, returnPath, `{"`+field+`":null}`); w.Code != http.StatusOK {
					t.Errorf("%s null: %d %s; want 200", field, w.Code, w.Body)
				}
			}
			w := patchReturn(t, h, tok, returnPath, `{"name":null,"memo":null}`)
			wantError(t, apiErrors(t, w, http.StatusBadRequest), "name", "null")
			if errs := apiErrors(t, w, http.StatusBadRequest); len(errs) != 1 {
				t.Errorf("errors %v; want only name's", errs)
			}
			w = patchReturn(t, h, tok, returnPath, `{"vendor":{"id":null,"name":"v"}}`)
			wantError(t, apiErrors(t, w, http.StatusBadRequest), "vendor", "oneOf")
		})
	}
}

// TestPatchClearsFields PATCHes return 3 of each dialect's fixture with
// fields set to null: a later GET shows null where the reply's schema
// allows it, the field absent where it is optional and not nullable, and
// keeps a required one; fields the body omits stay as they were, values
// replace them, and other returns are untouched.
func TestPatchClearsFields(t *testing.T) {
	for _, dialect := range nullDialects {
		t.Run(dialect, func(t *testing.T) {
			h := NewServer(t, filepath.Join("testdata", "nulls", dialect)).Handler
			tok := token(t, h, h.Credentials())
			before := getReturn(t, h, tok, returnPath)
			other := getReturn(t, h, tok, "/inventory/v2/tenant/1/returns/4")
			for _, f := range []string{"budgetCodeId", "memo", "vendor", "reference", "total", "name"} {
				if before[f] == nil {
					t.Fatalf("return 3 has no %s to clear: %v", f, before)
				}
			}

			w := patchReturn(t, h, tok, returnPath, `{"memo":null,"vendor":null,"reference":null,"total":null}`)
			if w.Code != http.StatusOK {
				t.Fatalf("PATCH: %d %s", w.Code, w.Body)
			}
			for name, got := range map[string]map[string]any{"PATCH's reply": decode(t, w.Body.Bytes()), "GET": getReturn(t, h, tok, returnPath)} {
				for _, f := range []string{"memo", "vendor"} {
					if v, ok := got[f]; !ok || v != nil {
						t.Errorf("%s: %s %v (present: %v); want null", name, f, v, ok)
					}
				}
				if v, ok := got["reference"]; ok {
					t.Errorf("%s: reference %v; want it absent (not nullable in the reply)", name, v)
				}
				for _, f := range []string{"total", "budgetCodeId", "name", "modifiedOn"} {
					if !jsonEqual(got[f], before[f]) {
						t.Errorf("%s: %s %v; want %v as before", name, f, got[f], before[f])
					}
				}
			}

			w = patchReturn(t, h, tok, returnPath, `{"budgetCodeId":42,"vendor":{"id":7,"name":"Acme"}}`)
			if w.Code != http.StatusOK {
				t.Fatalf("PATCH: %d %s", w.Code, w.Body)
			}
			if w := patchReturn(t, h, tok, returnPath, `{"vendor":{"id":8,"name":"Acme Supply"}}`); w.Code != http.StatusOK {
				t.Fatalf("PATCH: %d %s", w.Code, w.Body)
			}
			got := getReturn(t, h, tok, returnPath)
			if got["budgetCodeId"] != float64(42) || !jsonEqual(got["vendor"], map[string]any{"id": float64(8), "name": "Acme Supply"}) {
				t.Errorf("after setting values: budgetCodeId %v, vendor %v; want 42 and {8, Acme Supply}", got["budgetCodeId"], got["vendor"])
			}
			if v, ok := got["memo"]; !ok || v != nil {
				t.Errorf("memo %v (present: %v), which the later PATCHes omit; want null still", v, ok)
			}
			if after := getReturn(t, h, tok, "/inventory/v2/tenant/1/returns/4"); !jsonEqual(after, other) {
				t.Errorf("return 4 changed:\n%v\n%v", other, after)
			}
			if after := getReturn(t, h, tok, "/inventory/v2/tenant/2/returns/3"); !jsonEqual(after, before) {
				t.Errorf("return 3 of another tenant changed:\n%v\n%v", before, after)
			}
		})
	}
}

// jsonEqual reports whether two decoded JSON values are the same.
func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// TestChangeStoreBounded checks that the changes kept stay within
// maxChangedRecords records and maxChangeBytes, forgetting the records
// changed first, and that the record changed last is always kept.
func TestChangeStoreBounded(t *testing.T) {
	var s changeStore
	small := map[string]json.RawMessage{"memo": json.RawMessage(`"x"`)}
	for i := range 3 * maxChangedRecords {
		s.set(strconv.Itoa(i), small)
		if len(s.records) > maxChangedRecords {
			t.Fatalf("%d records kept; want at most %d", len(s.records), maxChangedRecords)
		}
	}
	if s.get("0") != nil || s.get(strconv.Itoa(3*maxChangedRecords-1)) == nil {
		t.Error("the first record changed is kept, or the last forgotten")
	}
	s.set("0", small) // now the newest: it stays while others go
	big := map[string]json.RawMessage{"memo": json.RawMessage(`"` + strings.Repeat("m", maxChangeBytes/4) + `"`)}
	for i := range 10 {
		s.set("big"+strconv.Itoa(i), big)
		if s.bytes > maxChangeBytes {
			t.Fatalf("%d bytes of changes kept; want at most %d", s.bytes, maxChangeBytes)
		}
	}
	huge := map[string]json.RawMessage{"memo": json.RawMessage(`"` + strings.Repeat("m", maxChangeBytes) + `"`)}
	s.set("huge", huge)
	if len(s.records) != 1 || s.get("huge") == nil {
		t.Errorf("after a change larger than the bound: %d records kept; want only it", len(s.records))
	}
	var sum int64
	for _, rec := range s.records {
		for name, v := range rec {
			sum += int64(len(name) + len(v))
		}
	}
	if sum != s.bytes {
		t.Errorf("the store counts %d bytes; it holds %d", s.bytes, sum)
	}
}
