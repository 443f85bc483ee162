package sttest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestUnknownIDsAnswer404 sends every operation of the newest release that
// addresses records by integer id a valid request naming, in turn, each of
// its ids one past the records held: each answers 404 with an
// ApiErrorResponse naming the parameter, which validates against the
// operation's document when it declares 404.
func TestUnknownIDsAnswer404(t *testing.T) {
	a := latest(t)
	h := a.NewHandler(WithRecords(25))
	c := h.Credentials()
	tok := token(t, h, c)
	routes, declared := 0, 0
	for _, rt := range a.routes {
		if len(rt.idParams) == 0 {
			continue
		}
		routes++
		for _, name := range rt.idParams {
			r := validRequest(t, rt, c, tok)
			_, params, _ := a.match(r.Method, r.URL.EscapedPath())
			params[name] = "26"
			segs := splitPath(rt.template)
			for i, seg := range segs {
				if p, ok := paramName(seg); ok {
					segs[i] = params[p]
				}
			}
			r.URL.Path, r.URL.RawPath = "/"+strings.Join(segs, "/"), ""
			w := do(h, r)
			if w.Code != http.StatusNotFound {
				t.Errorf("%s %s with %s 26: status %d; want 404", rt.method, rt.template, name, w.Code)
				continue
			}
			wantError(t, apiErrors(t, w, http.StatusNotFound), name, "no record has id 26")
			if rt.op.Responses.Status(http.StatusNotFound) != nil {
				declared++
				if err := validateResponse(rt, r, w); err != nil {
					t.Errorf("%s %s: the 404 does not validate against the document: %v", rt.method, rt.template, err)
				}
			}
		}
	}
	t.Logf("%d of %d operations address records by integer id; %d of their 404s are declared and validate", routes, len(a.routes), declared)
	if routes == 0 {
		t.Error("no operation addresses a record by integer id")
	}
}

func TestHeldIDs(t *testing.T) {
	a := latest(t)
	h := a.NewHandler(WithRecords(25))
	tok := token(t, h, h.Credentials())
	get := func(id string) int {
		return do(h, apiReq(h, tok, http.MethodGet, "/crm/v2/tenant/1/customers/"+id, "")).Code
	}
	for id, want := range map[string]int{"1": 200, "25": 200, "26": 404, "0": 404, "-3": 404, "999999": 404} {
		if got := get(id); got != want {
			t.Errorf("GET customer %s: %d; want %d", id, got, want)
		}
	}
	create := validRequest(t, findRoute(t, a, http.MethodPost, "/crm/v2/tenant/{tenant}/customers"), h.Credentials(), tok)
	w := do(h, create)
	if id := decode(t, w.Body.Bytes())["id"]; w.Code != 200 || id != float64(26) {
		t.Fatalf("create: %d, id %v; want 200, 26", w.Code, id)
	}
	if got, again := get("26"), get("27"); got != 200 || again != 404 {
		t.Errorf("after one create: GET 26 answers %d, GET 27 %d; want 200, 404", got, again)
	}
	none := a.NewHandler(WithRecords(0))
	tok = token(t, none, none.Credentials())
	if w := do(none, apiReq(none, tok, http.MethodGet, "/crm/v2/tenant/1/customers/1", "")); w.Code != 404 {
		t.Errorf("no records: GET customer 1: %d; want 404", w.Code)
	}
	loose := a.NewHandler(WithoutRequestValidation())
	tok = token(t, loose, loose.Credentials())
	for id, want := range map[string]int{"abc": 200, "26": 404} {
		if w := do(loose, apiReq(loose, tok, http.MethodGet, "/crm/v2/tenant/1/customers/"+id, "")); w.Code != want {
			t.Errorf("without validation: GET customer %s: %d; want %d", id, w.Code, want)
		}
	}
}

func TestIDParams(t *testing.T) {
	a := latest(t)
	for _, tc := range []struct{ method, template, want string }{
		{http.MethodGet, "/crm/v2/tenant/{tenant}/customers/{id}", "[id]"},
		{http.MethodGet, "/crm/v2/tenant/{tenant}/customers", "[]"},
		{http.MethodGet, "/accounting/v2/tenant/{tenant}/ap-bills/{billId}", "[billId]"},
		{http.MethodDelete, "/accounting/v2/tenant/{tenant}/invoices/{invoiceId}/items/{itemId}", "[invoiceId itemId]"},
	} {
		if got := fmt.Sprint(findRoute(t, a, tc.method, tc.template).idParams); got != tc.want {
			t.Errorf("%s %s: id parameters %s; want %s", tc.method, tc.template, got, tc.want)
		}
	}
	for _, rt := range a.routes {
		for _, name := range rt.idParams {
			if name == "tenant" {
				t.Errorf("%s %s: the tenant counts as a record id", rt.method, rt.template)
			}
		}
	}
}
