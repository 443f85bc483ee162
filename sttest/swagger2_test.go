package sttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// swagger2Fixture is the loader's hand-written Swagger 2.0 document (crm).
const swagger2Fixture = "../internal/spec/testdata/swagger2/crm-swagger2.json"

// swagger2Server serves a folder holding only the Swagger 2.0 fixture, under
// a file name such as the portal gives.
func swagger2Server(t *testing.T, opts ...Option) *Server {
	t.Helper()
	b, err := os.ReadFile(swagger2Fixture)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "tenant-crm-v2 (1).json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return NewServer(t, dir, opts...)
}

// httpToken gets an access token from the server's token endpoint.
func httpToken(t *testing.T, srv *Server) string {
	t.Helper()
	resp, err := srv.Client().PostForm(srv.TokenURL, url.Values{
		"grant_type": {"client_credentials"}, "client_id": {srv.ClientID}, "client_secret": {srv.ClientSecret},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || resp.StatusCode != http.StatusOK || tok.AccessToken == "" {
		t.Fatalf("token: status %d, %v, %+v", resp.StatusCode, err, tok)
	}
	return tok.AccessToken
}

// swagger2Call sends a request with the credentials over HTTP and checks
// the reply against the operation of the converted document, status
// included; it returns the status and the body.
func swagger2Call(t *testing.T, srv *Server, tok, opID string, r *http.Request) (int, []byte) {
	t.Helper()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	r.URL.Scheme, r.URL.Host, r.Host, r.RequestURI = u.Scheme, u.Host, u.Host, ""
	if tok != "" {
		r.Header.Set("Authorization", "Bearer "+tok)
		r.Header.Set("ST-App-Key", srv.AppKey)
	}
	resp, err := srv.Client().Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode < 300 {
		w := httptest.NewRecorder()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.Code = resp.StatusCode
		w.Body = bytes.NewBuffer(body)
		if err := validateResponse(findOp(t, srv.api, opID), r, w); err != nil {
			t.Errorf("%s %s: the reply does not validate against the converted document: %v", r.Method, r.URL, err)
		}
	}
	return resp.StatusCode, body
}

// TestSwagger2Served serves the Swagger 2.0 fixture and walks its list and
// export operations over HTTP with a token and the app key.
func TestSwagger2Served(t *testing.T) {
	srv := swagger2Server(t, WithRecords(12), WithExportBatch(5))
	if n := len(srv.api.Operations()); n != 6 {
		t.Errorf("%d operations served; want the fixture's 6", n)
	}
	tok := httpToken(t, srv)

	// The list operation, page by page, with the query parameters whose
	// encoding the conversion restored: csv (sort), multi (tagTypeIds), an
	// enum (active) and an object (customField.Fields).
	var seen []int64
	for page := 1; ; page++ {
		q := "page=" + fmt.Sprint(page) + "&pageSize=5&includeTotal=true&sort=name,id&tagTypeIds=1&tagTypeIds=2&active=Any&customField.Fields.Color=red"
		status, body := swagger2Call(t, srv, tok, "Customers_GetList", httptest.NewRequest(http.MethodGet, "/crm/v2/tenant/7/customers?"+q, nil))
		if status != http.StatusOK {
			t.Fatalf("page %d: status %d: %s", page, status, body)
		}
		var env struct {
			Page, PageSize, TotalCount *int
			HasMore                    *bool
			Data                       []struct{ ID int64 }
		}
		if err := json.Unmarshal(body, &env); err != nil || env.Page == nil || env.PageSize == nil || env.HasMore == nil || env.TotalCount == nil || env.Data == nil {
			t.Fatalf("page %d: %v; want a page envelope {page, pageSize, hasMore, totalCount, data}: %s", page, err, body)
		}
		if *env.Page != page || *env.PageSize != 5 || *env.TotalCount != 12 {
			t.Errorf("page %d: page %d, pageSize %d, totalCount %d", page, *env.Page, *env.PageSize, *env.TotalCount)
		}
		for _, r := range env.Data {
			seen = append(seen, r.ID)
		}
		if !*env.HasMore {
			break
		}
		if page > 10 {
			t.Fatal("hasMore never ends")
		}
	}
	if len(seen) != 12 || seen[0] != 1 || seen[11] != 12 {
		t.Errorf("listed ids %v; want 1 to 12", seen)
	}

	// The export operation, following continueFrom; with
	// includeRecentChanges, each batch after the first repeats a record.
	from, exported, distinct := "", 0, map[int64]bool{}
	for calls := 1; ; calls++ {
		target := "/crm/v2/tenant/7/export/customers?includeRecentChanges=true"
		if from != "" {
			target += "&from=" + url.QueryEscape(from)
		}
		status, body := swagger2Call(t, srv, tok, "Export_Customers", httptest.NewRequest(http.MethodGet, target, nil))
		if status != http.StatusOK {
			t.Fatalf("export call %d: status %d: %s", calls, status, body)
		}
		var env struct {
			HasMore      *bool
			ContinueFrom *string
			Data         []struct{ ID int64 }
		}
		if err := json.Unmarshal(body, &env); err != nil || env.HasMore == nil || env.ContinueFrom == nil || *env.ContinueFrom == "" || env.Data == nil {
			t.Fatalf("export call %d: %v; want an export envelope {hasMore, continueFrom, data}: %s", calls, err, body)
		}
		exported += len(env.Data)
		for _, r := range env.Data {
			distinct[r.ID] = true
		}
		from = *env.ContinueFrom
		if !*env.HasMore {
			break
		}
		if calls > 10 {
			t.Fatal("hasMore never ends")
		}
	}
	if exported != 14 || len(distinct) != 12 {
		t.Errorf("exported %d records, %d distinct; want 12 and 2 repeated", exported, len(distinct))
	}
}

// TestSwagger2Requests checks that the fake validates requests against the
// converted document (credentials, enums, the form upload) and answers
// every other operation of it.
func TestSwagger2Requests(t *testing.T) {
	srv := swagger2Server(t)
	tok := httpToken(t, srv)

	if status, body := swagger2Call(t, srv, "", "Customers_GetList", httptest.NewRequest(http.MethodGet, "/crm/v2/tenant/7/customers", nil)); status != http.StatusUnauthorized {
		t.Errorf("without credentials: status %d: %s; want 401", status, body)
	}
	if status, body := swagger2Call(t, srv, tok, "Customers_GetList", httptest.NewRequest(http.MethodGet, "/crm/v2/tenant/7/customers?active=Sometimes", nil)); status != http.StatusBadRequest || !strings.Contains(string(body), "active") {
		t.Errorf("an enum value the document does not list: status %d: %s; want 400 naming active", status, body)
	}

	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, err := mw.CreateFormFile("file", "note.txt")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte("hello"))
	mw.WriteField("description", "a note")
	mw.Close()
	r := httptest.NewRequest(http.MethodPost, "/crm/v2/tenant/7/customers/3/attachments", &form)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	if status, body := swagger2Call(t, srv, tok, "Customers_CreateAttachment", r); status != http.StatusOK {
		t.Errorf("upload: status %d: %s; want 200", status, body)
	}
	r = httptest.NewRequest(http.MethodPost, "/crm/v2/tenant/7/customers/3/attachments", strings.NewReader(`{"description":"no file"}`))
	r.Header.Set("Content-Type", "application/json")
	if status, body := swagger2Call(t, srv, tok, "Customers_CreateAttachment", r); status < 400 {
		t.Errorf("upload as JSON: status %d: %s; want it refused", status, body)
	}

	body := `{"name":"Ann","type":"Residential","address":{"street":"1 Main St","city":"Town","zip":"12345","country":"US"}}`
	r = httptest.NewRequest(http.MethodPost, "/crm/v2/tenant/7/customers", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if status, body := swagger2Call(t, srv, tok, "Customers_Create", r); status != http.StatusOK {
		t.Errorf("create: status %d: %s; want 200", status, body)
	}

	if status, body := swagger2Call(t, srv, tok, "Customers_Get", httptest.NewRequest(http.MethodGet, "/crm/v2/tenant/7/customers/4", nil)); status != http.StatusOK || !strings.Contains(string(body), `"id":4`) {
		t.Errorf("get: status %d: %s; want 200 and customer 4", status, body)
	}
	if status, body := swagger2Call(t, srv, tok, "Customers_GetAttachment", httptest.NewRequest(http.MethodGet, "/crm/v2/tenant/7/customers/3/attachments/9", nil)); status != http.StatusOK || len(body) == 0 {
		t.Errorf("download: status %d, %d bytes; want 200 and a body", status, len(body))
	}
}
