package sttest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"
)

// exportRecords fetches one export batch and returns its records, raw and
// by id, with the reply.
func exportRecords(t *testing.T, h *Handler, tok, path string, q url.Values) ([]json.RawMessage, []int64, map[string]any) {
	t.Helper()
	w := do(h, apiReq(h, tok, http.MethodGet, path+"?"+q.Encode(), ""))
	if w.Code != http.StatusOK {
		t.Fatalf("%s?%s: %d %s", path, q.Encode(), w.Code, w.Body)
	}
	var raw struct{ Data []json.RawMessage }
	if err := json.Unmarshal(w.Body.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	m := decode(t, w.Body.Bytes())
	return raw.Data, ids(t, m), m
}

// modifiedOn returns the modifiedOn of each record of a reply.
func modifiedOn(t *testing.T, m map[string]any) []time.Time {
	t.Helper()
	var out []time.Time
	for _, r := range m["data"].([]any) {
		s, _ := r.(map[string]any)["modifiedOn"].(string)
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatalf("modifiedOn %q: %v", s, err)
		}
		out = append(out, v)
	}
	return out
}

// TestExportFromDate checks that records are exported in the order they
// were modified, that an export started from a date-time starts at the
// first record modified on or after it, and that GET of a record shows
// the modifiedOn its export does.
func TestExportFromDate(t *testing.T) {
	const path = "/crm/v2/tenant/1/export/customers"
	h := latest(t).NewHandler(WithRecords(25), WithExportBatch(100), WithSeed(3))
	tok := token(t, h, h.Credentials())
	_, all, m := exportRecords(t, h, tok, path, url.Values{})
	when := modifiedOn(t, m)
	if len(all) != 25 || !slices.IsSortedFunc(when, time.Time.Compare) {
		t.Fatalf("export of 25 records: ids %v modified %v; want 25 in the order modified", all, when)
	}
	for i := 1; i < len(when); i++ {
		if !when[i].After(when[i-1]) {
			t.Fatalf("records %d and %d were modified at the same time %v", i-1, i, when[i])
		}
	}
	if one := decode(t, do(h, apiReq(h, tok, http.MethodGet, "/crm/v2/tenant/1/customers/8", "")).Body.Bytes()); one["modifiedOn"] != m["data"].([]any)[7].(map[string]any)["modifiedOn"] {
		t.Errorf("customer 8 modified %v; its export says %v", one["modifiedOn"], m["data"].([]any)[7].(map[string]any)["modifiedOn"])
	}

	for _, tc := range []struct {
		from  string
		first int64 // id of the first record exported; 0 for none
	}{
		{when[7].Format(time.RFC3339Nano), 8},
		{when[7].Add(100 * time.Nanosecond).Format(time.RFC3339Nano), 9},
		{when[7].In(time.FixedZone("", 2*3600)).Format(time.RFC3339Nano), 8},
		{when[7].Format("2006-01-02T15:04:05.0000000"), 8}, // no offset: UTC
		{"2023-06-01", 1},
		{"2024-01-02", 25},
		{"2024-01-02T00:00:00Z", 25},
		{"2030-01-01T00:00:00Z", 0},
	} {
		t.Run(tc.from, func(t *testing.T) {
			_, got, m := exportRecords(t, h, tok, path, url.Values{"from": {tc.from}})
			switch {
			case tc.first == 0 && len(got) != 0:
				t.Errorf("from %s: records %v; want none", tc.from, got)
			case tc.first != 0 && (len(got) == 0 || got[0] != tc.first || got[len(got)-1] != 25):
				t.Errorf("from %s: records %v; want %d to 25", tc.from, got, tc.first)
			case m["hasMore"] != false:
				t.Errorf("from %s: hasMore %v with every record in the batch", tc.from, m["hasMore"])
			}
			// The token resumes after the batch: at the end, nothing more.
			if _, more, _ := exportRecords(t, h, tok, path, url.Values{"from": {m["continueFrom"].(string)}}); len(more) != 0 {
				t.Errorf("from %s, then its token: %v; want nothing", tc.from, more)
			}
		})
	}
}

// TestExportIncludeRecentChanges walks an export with and without
// includeRecentChanges: with it, each batch resumed from a token repeats
// the last record of the one before, byte for byte (same id and
// modifiedOn); without it, no record repeats.
func TestExportIncludeRecentChanges(t *testing.T) {
	const path = "/crm/v2/tenant/1/export/customers"
	h := latest(t).NewHandler(WithRecords(25), WithExportBatch(10))
	tok := token(t, h, h.Credentials())
	for _, recent := range []bool{false, true} {
		t.Run(fmt.Sprint("includeRecentChanges=", recent), func(t *testing.T) {
			var seen []int64
			byID := map[int64]string{}
			repeats := 0
			q := url.Values{"includeRecentChanges": {fmt.Sprint(recent)}, "from": {"2024-01-01"}}
			for calls := 0; ; calls++ {
				recs, got, m := exportRecords(t, h, tok, path, q)
				for i, id := range got {
					if before, ok := byID[id]; ok {
						repeats++
						if before != string(recs[i]) {
							t.Errorf("record %d repeated with other content:\n%s\n%s", id, before, recs[i])
						}
					}
					byID[id] = string(recs[i])
				}
				seen = append(seen, got...)
				if m["hasMore"] == false || calls > 10 {
					break
				}
				q.Set("from", m["continueFrom"].(string))
			}
			want := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25}
			if recent {
				want = slices.Insert(slices.Insert(want, 20, 20), 10, 10)
			}
			if !slices.Equal(seen, want) {
				t.Errorf("records %v; want %v", seen, want)
			}
			if recent != (repeats == 2) {
				t.Errorf("%d records repeated", repeats)
			}
		})
	}
}
