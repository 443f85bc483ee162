package sttest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// miniOp loads a one-operation document with the given responses (JSON).
func miniOp(t *testing.T, responses string) (*openapi3.T, *openapi3.Operation) {
	t.Helper()
	src := fmt.Sprintf(`{"openapi":"3.0.1","info":{"title":"t","version":"1"},
	  "paths":{"/x":{"get":{"responses":%s}}},
	  "components":{"schemas":{"Item":{"type":"object","properties":{"id":{"type":"integer"}}}}}}`, responses)
	doc, err := openapi3.NewLoader().LoadFromData([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return doc, doc.Paths.Value("/x").Get
}

func TestPlanReply(t *testing.T) {
	item := `{"$ref":"#/components/schemas/Item"}`
	for _, tc := range []struct {
		name, responses string
		kind            replyKind
		status          int
		ct              string
	}{
		{"no content", `{"200":{"description":"ok"}}`, replyBinary, 200, "application/octet-stream"},
		{"POST no content", `{"200":{"description":"ok"}}`, replyEmpty, 200, ""},
		{"PUT no content", `{"200":{"description":"ok"}}`, replyEmpty, 200, ""},
		{"204", `{"204":{"description":"gone"},"400":{"description":"bad"}}`, replyEmpty, 204, ""},
		{"redirect only", `{"302":{"description":"moved"},"400":{"description":"bad"}}`, replyRedirect, 302, ""},
		{"200 empty beside 302", `{"200":{"description":"ok"},"302":{"description":"moved"}}`, replyBinary, 200, "application/octet-stream"},
		{"octet-stream", `{"200":{"description":"f","content":{"application/octet-stream":{"schema":{"type":"string","format":"binary"}}}}}`, replyBinary, 200, "application/octet-stream"},
		{"text", `{"200":{"description":"t","content":{"text/plain":{"schema":{"type":"string"}}}}}`, replyText, 200, "text/plain"},
		{"json preferred", `{"200":{"description":"j","content":{"text/plain":{"schema":` + item + `},"text/json":{"schema":` + item + `},"application/json":{"schema":` + item + `}}}}`, replyJSON, 200, "application/json"},
		{"text/json", `{"200":{"description":"j","content":{"text/plain":{"schema":` + item + `},"text/json":{"schema":` + item + `}}}}`, replyJSON, 200, "text/json"},
		{"list", `{"200":{"description":"l","content":{"application/json":{"schema":{"type":"array","items":` + item + `}}}}}`, replyList, 200, "application/json"},
		{"page", `{"200":{"description":"p","content":{"application/json":{"schema":{"type":"object","properties":{"page":{"type":"integer"},"pageSize":{"type":"integer"},"hasMore":{"type":"boolean"},"totalCount":{"type":"integer","nullable":true},"data":{"type":"array","items":` + item + `}}}}}}}`, replyPage, 200, "application/json"},
		{"export", `{"200":{"description":"e","content":{"application/json":{"schema":{"type":"object","properties":{"hasMore":{"type":"boolean"},"continueFrom":{"type":"string"},"data":{"type":"array","items":` + item + `}}}}}}}`, replyExport, 200, "application/json"},
		{"201 over 200 without content", `{"200":{"description":"ok"},"201":{"description":"c","content":{"application/json":{"schema":` + item + `}}}}`, replyJSON, 201, "application/json"},
		{"only errors", `{"400":{"description":"bad"}}`, replyEmpty, 200, ""},
	} {
		doc, op := miniOp(t, tc.responses)
		method, _, _ := strings.Cut(tc.name, " ")
		if method != http.MethodPost && method != http.MethodPut {
			method = http.MethodGet
		}
		rp := planReply(doc, method, op)
		if rp.kind != tc.kind || rp.status != tc.status || rp.contentType != tc.ct {
			t.Errorf("%s: kind %v status %d %q, want %v %d %q", tc.name, rp.kind, rp.status, rp.contentType, tc.kind, tc.status, tc.ct)
		}
		if (tc.name == "only errors") != rp.undeclared {
			t.Errorf("%s: undeclared %v", tc.name, rp.undeclared)
		}
	}
}

func TestBinaryAndRedirectReplies(t *testing.T) {
	a := latest(t)
	h := a.NewHandler()
	tok := token(t, h, h.Credentials())
	w := do(h, apiReq(h, tok, http.MethodGet, "/telecom/v2/tenant/1/calls/5/recording", ""))
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/octet-stream" || w.Body.Len() == 0 {
		t.Errorf("recording: %d %q %d bytes", w.Code, w.Header().Get("Content-Type"), w.Body.Len())
	}
	rt := findOp(t, a, "FindingAssets_Get")
	r := validRequest(t, rt, h.Credentials(), tok)
	w = do(h, r)
	loc := w.Header().Get("Location")
	if w.Code != http.StatusFound || !strings.HasPrefix(loc, downloadPath+"/") {
		t.Fatalf("asset: %d Location %q", w.Code, loc)
	}
	w = do(h, apiReq(h, "", http.MethodGet, loc, ""))
	if w.Code != 200 || !strings.Contains(w.Body.String(), "FindingAssets_Get") {
		t.Errorf("download: %d %s", w.Code, w.Body)
	}
}

func TestCreateGetsFreshIDs(t *testing.T) {
	a := latest(t)
	h := a.NewHandler(WithRecords(25))
	tok := token(t, h, h.Credentials())
	rt := findRoute(t, a, http.MethodPost, "/crm/v2/tenant/{tenant}/customers")
	var got []any
	for range 3 {
		w := do(h, validRequest(t, rt, h.Credentials(), tok))
		if w.Code != 200 {
			t.Fatalf("create: %d %s", w.Code, w.Body)
		}
		got = append(got, decode(t, w.Body.Bytes())["id"])
	}
	if fmt.Sprint(got) != "[26 27 28]" {
		t.Errorf("created ids %v, want 26 27 28 (after the 25 records)", got)
	}
}

// TestSeed checks that the same seed gives the same bytes, that seed 0 is
// the default, and that another seed gives other records with the same ids.
func TestSeed(t *testing.T) {
	a := latest(t)
	bodies := func(opts ...Option) []string {
		h := a.NewHandler(opts...)
		tok := token(t, h, h.Credentials())
		var out []string
		for _, target := range []string{
			"/crm/v2/tenant/1/customers?page=2&pageSize=5",
			"/crm/v2/tenant/1/customers/7",
			"/crm/v2/tenant/1/export/customers",
			"/jpm/v2/tenant/1/jobs?pageSize=3",
		} {
			w := do(h, apiReq(h, tok, http.MethodGet, target, ""))
			if w.Code != 200 {
				t.Fatalf("%s: %d %s", target, w.Code, w.Body)
			}
			out = append(out, w.Body.String())
		}
		return out
	}
	def, zero := bodies(), bodies(WithSeed(0))
	one, oneAgain, two := bodies(WithSeed(1)), bodies(WithSeed(1)), bodies(WithSeed(2))
	for i := range def {
		if def[i] != zero[i] {
			t.Errorf("reply %d: seed 0 differs from the default", i)
		}
		if one[i] != oneAgain[i] {
			t.Errorf("reply %d: seed 1 gave different bytes twice", i)
		}
		if one[i] == def[i] || one[i] == two[i] {
			t.Errorf("reply %d: seeds 0, 1 and 2 do not give three different replies", i)
		}
	}
	pageIDs := func(body string) string { return fmt.Sprint(ids(t, decode(t, []byte(body)))) }
	if got, want := pageIDs(one[0]), pageIDs(def[0]); got != want || want != "[6 7 8 9 10]" {
		t.Errorf("page 2 of 5 ids with seed 1: %s, default %s; want [6 7 8 9 10] both", got, want)
	}
	if got := decode(t, []byte(one[1]))["id"]; got != float64(7) {
		t.Errorf("customer 7 with seed 1 has id %v", got)
	}
}
