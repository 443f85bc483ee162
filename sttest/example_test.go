package sttest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/stgen-dev/stgen/sttest"
)

// exampleSpecs is a folder holding one release of the vendor's documents.
const exampleSpecs = "specs/servicetitan/2026-05-11"

// ExampleNewHandler fetches a token, then the second page of customers, as
// a client under test would. In a test, sttest.NewServer(t, dir) does the
// first lines. (The example is compiled, not run: the tests of the package
// cover the same flow against every release.)
func ExampleNewHandler() {
	h, err := sttest.NewHandler(exampleSpecs, sttest.WithRecords(25))
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	creds := h.Credentials()

	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {creds.ClientID}, "client_secret": {creds.ClientSecret}}
	resp, err := http.Post(srv.URL+sttest.TokenPath, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		panic(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()

	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/crm/v2/tenant/1/customers?page=2&pageSize=10", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("ST-App-Key", creds.AppKey)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var page struct {
		HasMore bool `json:"hasMore"`
		Data    []struct {
			ID int64 `json:"id"`
		} `json:"data"`
	}
	json.Unmarshal(body, &page)
	fmt.Printf("page 2: %d customers, ids %d to %d, hasMore %v\n", len(page.Data), page.Data[0].ID, page.Data[len(page.Data)-1].ID, page.HasMore)
	// Prints: page 2: 10 customers, ids 11 to 20, hasMore true
}
