package sttest

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// pageOf fetches one page and decodes it.
func pageOf(t *testing.T, h *Handler, tok, path string, q url.Values) map[string]any {
	t.Helper()
	w := do(h, apiReq(h, tok, http.MethodGet, path+"?"+q.Encode(), ""))
	if w.Code != http.StatusOK {
		t.Fatalf("%s?%s: %d %s", path, q.Encode(), w.Code, w.Body)
	}
	return decode(t, w.Body.Bytes())
}

// ids returns the ids of a reply's data.
func ids(t *testing.T, m map[string]any) []int64 {
	t.Helper()
	data, ok := m["data"].([]any)
	if !ok {
		t.Fatalf("no data array in %v", m)
	}
	out := make([]int64, len(data))
	for i, d := range data {
		out[i] = int64(d.(map[string]any)["id"].(float64))
	}
	return out
}

func TestPagesYieldEveryRecordOnce(t *testing.T) {
	a := latest(t)
	for _, tc := range []struct{ records, pageSize int }{{25, 10}, {25, 25}, {25, 50}, {0, 10}, {103, 7}, {1, 1}} {
		t.Run(fmt.Sprintf("%d records by %d", tc.records, tc.pageSize), func(t *testing.T) {
			h := a.NewHandler(WithRecords(tc.records))
			tok := token(t, h, h.Credentials())
			seen := map[int64]int{}
			pages := 0
			for page := 1; ; page++ {
				m := pageOf(t, h, tok, "/crm/v2/tenant/1/customers", url.Values{"page": {fmt.Sprint(page)}, "pageSize": {fmt.Sprint(tc.pageSize)}, "includeTotal": {"true"}})
				pages++
				if int(m["page"].(float64)) != page || int(m["pageSize"].(float64)) != tc.pageSize {
					t.Errorf("page %d: envelope says page %v pageSize %v", page, m["page"], m["pageSize"])
				}
				if int(m["totalCount"].(float64)) != tc.records {
					t.Errorf("totalCount %v, want %d", m["totalCount"], tc.records)
				}
				got := ids(t, m)
				if len(got) > tc.pageSize {
					t.Fatalf("page %d holds %d records, more than %d", page, len(got), tc.pageSize)
				}
				for _, id := range got {
					seen[id]++
				}
				if !m["hasMore"].(bool) {
					break
				}
				if pages > tc.records+2 {
					t.Fatal("hasMore never ends")
				}
			}
			if len(seen) != tc.records {
				t.Errorf("saw %d distinct records, want %d", len(seen), tc.records)
			}
			for id := int64(1); id <= int64(tc.records); id++ {
				if seen[id] != 1 {
					t.Errorf("record %d seen %d times", id, seen[id])
				}
			}
			if want := max(1, (tc.records+tc.pageSize-1)/tc.pageSize); pages != want {
				t.Errorf("%d pages, want %d", pages, want)
			}
		})
	}
}

func TestPageDefaultsAndTotal(t *testing.T) {
	h := latest(t).NewHandler(WithRecords(120))
	tok := token(t, h, h.Credentials())
	m := pageOf(t, h, tok, "/crm/v2/tenant/1/customers", url.Values{})
	if m["page"].(float64) != 1 || m["pageSize"].(float64) != 50 || len(ids(t, m)) != 50 || m["hasMore"] != true {
		t.Errorf("defaults: page %v pageSize %v records %d hasMore %v", m["page"], m["pageSize"], len(ids(t, m)), m["hasMore"])
	}
	if v, ok := m["totalCount"]; !ok || v != nil {
		t.Errorf("totalCount without includeTotal = %v, want null", v)
	}
	m = pageOf(t, h, tok, "/crm/v2/tenant/1/customers", url.Values{"page": {"9"}, "pageSize": {"50"}})
	if len(ids(t, m)) != 0 || m["hasMore"] != false {
		t.Errorf("page past the end: %d records hasMore %v", len(ids(t, m)), m["hasMore"])
	}
	m = pageOf(t, h, tok, "/crm/v2/tenant/1/customers", url.Values{"pageSize": {"100000"}})
	if m["pageSize"].(float64) != maxPageSize || len(ids(t, m)) != 120 {
		t.Errorf("huge pageSize: pageSize %v records %d", m["pageSize"], len(ids(t, m)))
	}
}

func TestPageRejectsNonPositive(t *testing.T) {
	h := latest(t).NewHandler()
	tok := token(t, h, h.Credentials())
	for _, q := range []string{"page=0", "pageSize=0", "page=-3"} {
		w := do(h, apiReq(h, tok, http.MethodGet, "/crm/v2/tenant/1/customers?"+q, ""))
		errs := apiErrors(t, w, http.StatusBadRequest)
		if len(errs) == 0 {
			t.Errorf("%s: no errors", q)
		}
	}
}

func TestRecordByIDMatchesListedRecord(t *testing.T) {
	h := latest(t).NewHandler()
	tok := token(t, h, h.Credentials())
	list := pageOf(t, h, tok, "/crm/v2/tenant/1/customers", url.Values{"page": {"1"}, "pageSize": {"10"}})
	fourth := list["data"].([]any)[3].(map[string]any)
	one := pageOf(t, h, tok, "/crm/v2/tenant/1/customers/4", url.Values{})
	if one["id"].(float64) != 4 || one["name"] != fourth["name"] {
		t.Errorf("customer 4 = id %v name %v, listed as id %v name %v", one["id"], one["name"], fourth["id"], fourth["name"])
	}
}

// exportWalk follows continuation tokens from from until hasMore is false.
func exportWalk(t *testing.T, h *Handler, tok, path, from string) (seen []int64, last string, calls int) {
	t.Helper()
	for {
		q := url.Values{}
		if from != "" {
			q.Set("from", from)
		}
		m := pageOf(t, h, tok, path, q)
		calls++
		seen = append(seen, ids(t, m)...)
		from = m["continueFrom"].(string)
		if from == "" {
			t.Fatal("empty continueFrom")
		}
		if !m["hasMore"].(bool) {
			return seen, from, calls
		}
		if calls > 1000 {
			t.Fatal("hasMore never ends")
		}
	}
}

func TestExportContinuation(t *testing.T) {
	a := latest(t)
	const path = "/crm/v2/tenant/1/export/customers"
	for _, tc := range []struct{ records, batch, calls int }{{25, 10, 3}, {30, 10, 3}, {0, 10, 1}, {7, 100, 1}} {
		t.Run(fmt.Sprintf("%d records by %d", tc.records, tc.batch), func(t *testing.T) {
			h := a.NewHandler(WithRecords(tc.records), WithExportBatch(tc.batch))
			tok := token(t, h, h.Credentials())
			seen, last, calls := exportWalk(t, h, tok, path, "")
			if calls != tc.calls {
				t.Errorf("%d calls, want %d", calls, tc.calls)
			}
			if len(seen) != tc.records {
				t.Errorf("%d records, want %d", len(seen), tc.records)
			}
			for i, id := range seen {
				if id != int64(i+1) {
					t.Fatalf("record %d has id %d: records missing, repeated or out of order: %v", i, id, seen)
				}
			}
			// Resuming from the last token yields nothing new.
			more, _, _ := exportWalk(t, h, tok, path, last)
			if len(more) != 0 {
				t.Errorf("resuming at the end gave %v", more)
			}
		})
	}
}

func TestExportResumesWhereItLeftOff(t *testing.T) {
	h := latest(t).NewHandler(WithRecords(25), WithExportBatch(10))
	tok := token(t, h, h.Credentials())
	const path = "/crm/v2/tenant/1/export/customers"
	first := pageOf(t, h, tok, path, url.Values{})
	tok1 := first["continueFrom"].(string)
	// A client that crashed after the first batch resumes with its token, twice: same answer.
	a := pageOf(t, h, tok, path, url.Values{"from": {tok1}})
	b := pageOf(t, h, tok, path, url.Values{"from": {tok1}})
	if fmt.Sprint(ids(t, a)) != fmt.Sprint(ids(t, b)) || ids(t, a)[0] != 11 {
		t.Errorf("resume gave %v then %v, want records from 11", ids(t, a), ids(t, b))
	}
	// A date starts from the beginning.
	d := pageOf(t, h, tok, path, url.Values{"from": {"2024-01-01"}, "includeRecentChanges": {"true"}})
	if ids(t, d)[0] != 1 {
		t.Errorf("from a date: %v", ids(t, d))
	}
}

func TestExportTokenChecked(t *testing.T) {
	h := latest(t).NewHandler()
	tok := token(t, h, h.Credentials())
	other := pageOf(t, h, tok, "/crm/v2/tenant/1/export/leads", url.Values{})["continueFrom"].(string)
	for name, from := range map[string]string{
		"garbage":          "not-a-token",
		"other route":      other,
		"bad offset":       base64.RawURLEncoding.EncodeToString([]byte(tokenPrefix + "0000000000000000:x")),
		"no route in body": base64.RawURLEncoding.EncodeToString([]byte(tokenPrefix + "12")),
	} {
		w := do(h, apiReq(h, tok, http.MethodGet, "/crm/v2/tenant/1/export/customers?from="+url.QueryEscape(from), ""))
		wantError(t, apiErrors(t, w, http.StatusBadRequest), "from", "")
		_ = name
	}
}

func TestEnvelopeDetection(t *testing.T) {
	a := latest(t)
	pages, exports := 0, 0
	for _, rt := range a.routes {
		switch rt.reply.kind {
		case replyPage:
			pages++
		case replyExport:
			exports++
		}
	}
	if pages < 100 || exports < 40 {
		t.Errorf("%d page and %d export replies; the release has about 135 and 52 envelopes", pages, exports)
	}
	if k := findRoute(t, a, http.MethodGet, "/crm/v2/tenant/{tenant}/export/customers").reply.kind; k != replyExport {
		t.Errorf("export customers is kind %v", k)
	}
}
