package authmw_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/authmw"
	"github.com/stgen-dev/stgen/stapi"
)

// TestStapiErrorHasNoSecrets follows an echoed secret from an API error body
// into the *stapi.Error a generated client returns.
func TestStapiErrorHasNoSecrets(t *testing.T) {
	const (
		secret = "cs/secret+1"
		appKey = "ak1.key/2"
		token  = "at/token+3"
	)
	tokenSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"`+token+`","token_type":"Bearer","expires_in":900}`)
	}))
	defer tokenSrv.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		key, auth := r.Header.Get("ST-App-Key"), r.Header.Get("Authorization")
		title, _ := json.Marshal("app key " + key + " is not allowed")
		fmt.Fprintf(w, `{"title":%s,"traceId":"%s","status":400,"errors":{"auth":["%s"]}}`,
			title, strings.ReplaceAll(auth, "/", `\/`), strings.ReplaceAll(auth, "/", `\u002F`))
	}))
	defer api.Close()
	rt, err := authmw.NewTransport(authmw.Config{
		ClientID: "id", ClientSecret: secret, AppKey: appKey,
		TokenURL: tokenSrv.URL, BaseURL: api.URL,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &stapi.Client{BaseURL: api.URL, Tenant: 1, HTTPClient: &http.Client{Transport: rt}}
	req, _ := http.NewRequest(http.MethodGet, c.URL("/crm/v2")+"/customers", nil)
	err = c.Do(req, nil)
	var apiErr *stapi.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v; want a *stapi.Error", err)
	}
	if apiErr.Title != "app key [REDACTED] is not allowed" || apiErr.TraceID != "Bearer [REDACTED]" {
		t.Errorf("Title = %q, TraceID = %q; want the app key and the token redacted", apiErr.Title, apiErr.TraceID)
	}
	for _, text := range []string{err.Error(), apiErr.Title, apiErr.TraceID, fmt.Sprint(apiErr.Errors), string(apiErr.Body)} {
		for _, s := range []string{secret, appKey, token, `at\/token`, `at\u002Ftoken`} {
			if strings.Contains(text, s) {
				t.Errorf("the *stapi.Error holds %q: %s", s, text)
			}
		}
	}
}
