package sttest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"testing"
	"time"
)

// FuzzExportFrom sends an export any from, with and without
// includeRecentChanges: the fake answers 200 or 400, never fails, and a
// batch is a run of consecutive ids among those it holds; a batch started
// from a date-time starts at the first record modified on or after it.
func FuzzExportFrom(f *testing.F) {
	const path = "/crm/v2/tenant/1/export/customers"
	a := latest(f)
	h := a.NewHandler(WithRecords(30), WithExportBatch(7))
	tok := token(f, h, h.Credentials())
	first := decode(f, do(h, apiReq(h, tok, http.MethodGet, path, "")).Body.Bytes())["continueFrom"].(string)
	for _, s := range []string{"", first, "2024-01-01", "2024-01-01T05:30:00Z", "2024-01-01T05:30:00.1234567", "2024-01-01T07:00:00+02:00",
		"not-a-token", "c3R0ZXN0MTp4OjE", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, from string, recent bool) {
		q := url.Values{"from": {from}, "includeRecentChanges": {"false"}}
		if recent {
			q.Set("includeRecentChanges", "true")
		}
		w := do(h, apiReq(h, tok, http.MethodGet, path+"?"+q.Encode(), ""))
		switch w.Code {
		case http.StatusBadRequest:
			return
		case http.StatusOK:
		default:
			t.Fatalf("from %q: %d %s", from, w.Code, w.Body)
		}
		var env struct {
			HasMore bool
			Data    []struct {
				ID         int64
				ModifiedOn time.Time
			}
		}
		if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil {
			t.Fatal(err)
		}
		if len(env.Data) > 8 {
			t.Fatalf("from %q: %d records in a batch of 7", from, len(env.Data))
		}
		for i, r := range env.Data {
			if r.ID < 1 || r.ID > 30 || i > 0 && r.ID != env.Data[i-1].ID+1 {
				t.Fatalf("from %q: ids not a run among 1 to 30: %+v", from, env.Data)
			}
		}
		if when, ok := parseDate(from); ok && len(env.Data) > 0 {
			d := h.dataset()
			id := env.Data[0].ID
			if env.Data[0].ModifiedOn.Before(when) || id > 1 && !d.modifiedAt(id-2).Before(when) {
				t.Fatalf("from %q: starts at record %d, modified %v", from, id, env.Data[0].ModifiedOn)
			}
		}
	})
}

// FuzzPatch PATCHes a return of each dialect's fixture with any body: the
// fake answers 200 or 400, and a GET of the return afterwards conforms to
// the document, whatever the PATCHes before it set.
func FuzzPatch(f *testing.F) {
	type fixture struct {
		h   *Handler
		tok string
	}
	var fixtures []fixture
	for _, dialect := range nullDialects {
		a, err := Load(filepath.Join("testdata", "nulls", dialect))
		if err != nil {
			f.Fatal(err)
		}
		h := a.NewHandler()
		fixtures = append(fixtures, fixture{h, token(f, h, h.Credentials())})
	}
	for _, s := range []string{
		`{"memo":null}`, `{"memo":"m","vendor":{"id":1,"name":"v"}}`, `{"vendor":null,"reference":null,"total":null}`,
		`{"budgetCodeId":42}`, `{"name":null}`, `{"total":1e300}`, `{"id":5}`, `{"unknown":[1,2]}`, `[]`, `null`, `{`, `{"memo":"\u0000"}`,
	} {
		for i := range nullDialects {
			f.Add(uint8(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		fx := fixtures[int(which)%len(fixtures)]
		w := do(fx.h, apiReq(fx.h, fx.tok, http.MethodPatch, returnPath, body))
		if w.Code != http.StatusOK && w.Code != http.StatusBadRequest {
			t.Fatalf("PATCH %s: %d %s", body, w.Code, w.Body)
		}
		r := apiReq(fx.h, fx.tok, http.MethodGet, returnPath, "")
		got := do(fx.h, r)
		if got.Code != http.StatusOK {
			t.Fatalf("GET after PATCH %s: %d %s", body, got.Code, got.Body)
		}
		if err := validateResponse(findOp(t, fx.h.api, "Returns_Get"), r, got); err != nil {
			t.Fatalf("GET after PATCH %s: the reply does not conform: %v\n%s", body, err, got.Body)
		}
	})
}
