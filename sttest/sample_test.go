package sttest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestSampleIsWhatTheHandlerAnswers compares Sample with the handler's
// answer to the request Sample describes, over HTTP semantics but without a
// network: the same bytes.
func TestSampleIsWhatTheHandlerAnswers(t *testing.T) {
	a := latest(t)
	for _, tc := range []struct {
		operation, target string
		records           int
		opts              []Option
	}{
		{"Customers_GetList", "/crm/v2/tenant/1/customers?pageSize=7&includeTotal=true", 7, nil},
		{"Customers_GetList", "/crm/v2/tenant/1/customers?pageSize=7&includeTotal=true", 7, []Option{WithSeed(3)}},
		{"GET /crm/v2/tenant/{tenant}/customers", "/crm/v2/tenant/1/customers?pageSize=1&includeTotal=true", 0, nil},
		{"ExportCustomers_GetCustomers", "/crm/v2/tenant/1/export/customers", 12, []Option{WithExportBatch(12)}},
		{"ExportCustomers_GetCustomers", "/crm/v2/tenant/1/export/customers", 12, []Option{WithExportBatch(5), WithSeed(9)}},
		{"Customers_Get", "/crm/v2/tenant/1/customers/1", 4, nil},
		{"Contacts_GetPreferenceMetadataList", "/crm/v2/tenant/1/contacts/preferences", 60, []Option{WithSeed(2)}},
	} {
		t.Run(tc.operation+" "+tc.target, func(t *testing.T) {
			got, err := a.Sample(tc.operation, tc.records, tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			h := a.NewHandler(append([]Option{WithRecords(tc.records)}, tc.opts...)...)
			r := httptest.NewRequest(http.MethodGet, tc.target, nil)
			r.Header.Set("Authorization", "Bearer "+token(t, h, h.Credentials()))
			r.Header.Set("ST-App-Key", h.Credentials().AppKey)
			w := do(h, r)
			if w.Code != http.StatusOK {
				t.Fatalf("handler: %d %s", w.Code, w.Body)
			}
			if !bytes.Equal(got, w.Body.Bytes()) {
				t.Errorf("Sample gave\n%.600s\nthe handler answered\n%.600s", got, w.Body)
			}
		})
	}
}

// TestSampleSizes checks the number of records of each kind of envelope.
func TestSampleSizes(t *testing.T) {
	a := latest(t)
	for _, tc := range []struct {
		operation string
		records   int
		want      int
		hasMore   bool
	}{
		{"Customers_GetList", 0, 0, false},
		{"Customers_GetList", 30, 30, false},
		{"Customers_GetList", 5001, 5000, true},
		{"ExportCustomers_GetCustomers", 40, 40, false},
		{"Contacts_GetPreferenceMetadataList", 80, 50, false},
	} {
		body, err := a.Sample(tc.operation, tc.records)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatalf("%s: %v", tc.operation, err)
		}
		var data []any
		switch v := v.(type) {
		case []any:
			data = v
		case map[string]any:
			data, _ = v["data"].([]any)
			if v["hasMore"] != tc.hasMore {
				t.Errorf("%s, %d records: hasMore %v; want %v", tc.operation, tc.records, v["hasMore"], tc.hasMore)
			}
		}
		if len(data) != tc.want {
			t.Errorf("%s, %d records: %d in the body; want %d", tc.operation, tc.records, len(data), tc.want)
		}
	}
}

// TestSampleConformsToTheDocuments samples every JSON operation of the
// newest release and validates the body against the operation's response.
func TestSampleConformsToTheDocuments(t *testing.T) {
	a := latest(t)
	n := 0
	for _, rt := range a.routes {
		switch rt.reply.kind {
		case replyJSON, replyList, replyPage, replyExport:
		default:
			continue
		}
		body, err := a.Sample(rt.key, 3, WithSeed(uint64(rt.index)))
		if err != nil {
			t.Errorf("%s: %v", rt.key, err)
			continue
		}
		n++
		r := httptest.NewRequest(rt.method, "/", nil) // the route is given: the path is not validated
		w := httptest.NewRecorder()
		w.Header().Set("Content-Type", jsonContentType(rt.reply.contentType))
		w.WriteHeader(rt.reply.status)
		w.Write(body)
		if err := validateResponse(rt, r, w); err != nil {
			t.Errorf("%s: the sample does not conform to the document: %v", rt.key, err)
		}
	}
	if n < 400 {
		t.Errorf("%d operations sampled; the newest release has over 400 answering JSON", n)
	}
}

// TestSampleErrors checks that Sample says what to pass instead.
func TestSampleErrors(t *testing.T) {
	a := latest(t)
	for _, tc := range []struct {
		operation string
		records   int
		want      string
	}{
		{"Customers_Nope", 1, `no operation has the operationId "Customers_Nope"`},
		{"GET /crm/v2/tenant/{tenant}/nope", 1, "no operation GET /crm/v2/tenant/{tenant}/nope"},
		{"Jobs_Get", 1, `"GET /forms/v2/tenant/{tenant}/jobs/attachment/{id}" (forms)`},
		{"Customers_GetList", -1, "cannot be negative"},
		{"Calls_GetRecording", 1, "success response is a file (application/octet-stream), not JSON"},
	} {
		_, err := a.Sample(tc.operation, tc.records)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Sample(%q, %d): error %v; want one containing %q", tc.operation, tc.records, err, tc.want)
		}
	}
}
