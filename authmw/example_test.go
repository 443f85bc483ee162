package authmw_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/stgen-dev/stgen/authmw"
)

// Example builds the full chain and calls an API through it. The httptest
// servers stand in for ServiceTitan's token endpoint and API host; real code
// sets Environment (authmw.Integration or authmw.Production) instead of
// TokenURL and BaseURL, and calls Environment.APIBaseURL().
func Example() {
	tokenSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"example-token","token_type":"Bearer","expires_in":900}`)
	}))
	defer tokenSrv.Close()
	apiSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer example-token" || r.Header.Get("ST-App-Key") != "my-app-key" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		io.WriteString(w, `{"data":[{"id":1,"name":"Ada"}]}`)
	}))
	defer apiSrv.Close()

	rt, err := authmw.NewTransport(authmw.Config{
		ClientID:     "my-client-id",
		ClientSecret: "my-client-secret",
		AppKey:       "my-app-key",
		TokenURL:     tokenSrv.URL + "/connect/token",
		BaseURL:      apiSrv.URL,
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	hc := &http.Client{Transport: rt}
	resp, err := hc.Get(apiSrv.URL + "/crm/v2/tenant/123/customers")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status)
	fmt.Println(string(body))
	// Output:
	// 200 OK
	// {"data":[{"id":1,"name":"Ada"}]}
}

// ExampleTokenError shows how a rejected client secret surfaces: as a
// *TokenError with the token endpoint's status and OAuth error code.
func ExampleTokenError() {
	tokenSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":"invalid_client"}`)
	}))
	defer tokenSrv.Close()

	rt, _ := authmw.NewTransport(authmw.Config{
		ClientID:     "my-client-id",
		ClientSecret: "wrong-secret",
		AppKey:       "my-app-key",
		TokenURL:     tokenSrv.URL + "/connect/token",
		BaseURL:      "https://api.invalid",
	}, nil)
	_, err := (&http.Client{Transport: rt}).Get("https://api.invalid/crm/v2/tenant/123/customers")
	var te *authmw.TokenError
	if errors.As(err, &te) {
		fmt.Println(te.StatusCode, te.ErrorCode)
		fmt.Println(te)
	}
	// Output:
	// 400 invalid_client
	// authmw: token request failed (HTTP 400 Bad Request): "invalid_client"; check Config.ClientID, Config.ClientSecret and Config.EndpointParams
}

// ExampleEnvironment prints the URLs of ServiceTitan's environments.
func ExampleEnvironment() {
	for _, env := range []authmw.Environment{authmw.Integration, authmw.Production} {
		fmt.Println(env, env.TokenURL(), env.APIBaseURL())
	}
	// Output:
	// integration https://auth-integration.servicetitan.io/connect/token https://api-integration.servicetitan.io
	// production https://auth.servicetitan.io/connect/token https://api.servicetitan.io
}

// ExampleReportRunLimit limits two operations beyond the client-wide rate:
// telecom calls one request at a time (ServiceTitan skews the results of
// concurrent ones), and report runs to ServiceTitan's limit, one run of a
// report every 12 seconds per tenant, waiting for their turn rather than
// failing with 429.
func ExampleReportRunLimit() {
	rt, err := authmw.NewTransport(authmw.Config{
		ClientID:     "my-client-id",
		ClientSecret: "my-client-secret",
		AppKey:       "my-app-key",
		Environment:  authmw.Production,
		OperationLimits: []authmw.OperationLimit{
			{Pattern: "GET /telecom/v3/tenant/{tenant}/calls", MaxInFlight: 1},
			authmw.ReportRunLimit("POST /reporting/v2/tenant/{tenant}/report-category/{category}/reports/{reportId}/data"),
		},
	}, nil)
	fmt.Println(rt != nil, err)
	// Output:
	// true <nil>
}
