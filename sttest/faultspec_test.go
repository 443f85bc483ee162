package sttest

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseFault(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Fault
		str  string
	}{
		{"GET /crm/v2/tenant/{tenant}/customers=429,retry-after=2s",
			Fault{Method: "GET", Path: "/crm/v2/tenant/{tenant}/customers", Status: 429, RetryAfter: 2 * time.Second}, ""},
		{"Customers_Get=503,count=2", Fault{OperationID: "Customers_Get", Status: 503, Count: 2}, ""},
		{"/jpm/v2/*=300ms", Fault{Path: "/jpm/v2/*", Latency: 300 * time.Millisecond}, ""},
		{"*=10/s", Fault{RateLimit: 10}, ""},
		{"/connect/token=drop,skip=1", Fault{Path: TokenPath, Drop: true, Skip: 1}, ""},
		{"post=500", Fault{Method: "POST", Status: 500}, "POST *=500"},
		{"get  *  = 1m30s , 502", Fault{Method: "GET", Latency: 90 * time.Second, Status: 502}, "GET *=502,1m30s"},
		{"PATCH Customers_Update=5/s,retry-after=1s,count=3", Fault{Method: "PATCH", OperationID: "Customers_Update", RateLimit: 5, RetryAfter: time.Second, Count: 3}, ""},
		{"Customers_GetList=429,retry-in-title=12s", Fault{OperationID: "Customers_GetList", Status: 429, RetryAfter: 12 * time.Second, TitleWait: true}, ""},
		{"*=10/s,retry-in-title", Fault{RateLimit: 10, TitleWait: true}, ""},
		{"ReportCategoryReports_GetData=409,count=1", Fault{OperationID: "ReportCategoryReports_GetData", Status: 409, Count: 1}, ""},
	} {
		got, err := ParseFault(tc.in)
		if err != nil {
			t.Errorf("ParseFault(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("ParseFault(%q) = %+v; want %+v", tc.in, got, tc.want)
		}
		want := tc.str
		if want == "" {
			want = tc.in
		}
		if s := got.String(); s != want {
			t.Errorf("String of ParseFault(%q) = %q; want %q", tc.in, s, want)
		}
	}
}

func TestParseFaultErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Customers_Get", "no '='"},
		{"=429", "nothing to match"},
		{"Customers_Get=", `"" is not an effect`},
		{"Customers_Get=200", "from 400 to 599"},
		{"Customers_Get=600", "from 400 to 599"},
		{"Customers_Get=soon", `"soon" is not an effect`},
		{"Customers_Get=-5s", "is not an effect"},
		{"Customers_Get=0/s", "requests per second from 1"},
		{"Customers_Get=429,503", "a second status"},
		{"Customers_Get=429,tries=2", "unknown setting tries"},
		{"Customers_Get=429,count=0", "count takes a whole number from 1"},
		{"Customers_Get=429,skip=x", "skip takes a whole number from 1"},
		{"Customers_Get=429,retry-after=2", "retry-after takes a duration"},
		{"Customers_Get=1s,retry-after=2s", "goes with a status or a rate"},
		{"Customers_Get=1s,retry-in-title=2s", "retry-in-title goes with a status or a rate"},
		{"Customers_Get=429,retry-in-title", "needs the wait, such as retry-in-title=12s"},
		{"Customers_Get=429,retry-in-title=soon", "retry-in-title takes a duration"},
		{"Customers_Get=429,retry-after=1s,retry-in-title=2s", "not both"},
		{"Customers_Get=429,retry-in-title=2s,retry-after=1s", "not both"},
		{"Customers_Get=429,retry-in-title,retry-in-title=2s", "a second retry-in-title"},
		{"Customers_Get=count=2", "no effect"},
		{"Customers_Get=drop,503", "drop closes the connection"},
		{"GET POST=503", `"POST": the match names at most one method`},
		{"/a /b=503", `"/b"`},
		{"A_B C_D=503", `"C_D"`},
		{"* /crm/*=503", "* matches every API request"},
	} {
		_, err := ParseFault(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.in) {
			t.Errorf("ParseFault(%q): %v; want an error naming the fault and saying %q", tc.in, err, tc.want)
		}
	}
}

// TestParsedFaultsApply checks that faults written as text act as the same
// Fault values do.
func TestParsedFaultsApply(t *testing.T) {
	var faults []Fault
	for _, s := range []string{"GET /crm/v2/tenant/{tenant}/customers/{id}=503,count=1", "Customers_GetList=429,retry-after=3s"} {
		f, err := ParseFault(s)
		if err != nil {
			t.Fatal(err)
		}
		faults = append(faults, f)
	}
	h := latest(t).NewHandler(WithFault(faults...))
	tok := token(t, h, h.Credentials())
	for _, tc := range []struct {
		target string
		status int
		retry  string
	}{
		{"/crm/v2/tenant/1/customers/2", http.StatusServiceUnavailable, ""},
		{"/crm/v2/tenant/1/customers/2", http.StatusOK, ""},
		{"/crm/v2/tenant/1/customers", http.StatusTooManyRequests, "3"},
	} {
		w := do(h, apiReq(h, tok, http.MethodGet, tc.target, ""))
		if w.Code != tc.status || w.Header().Get("Retry-After") != tc.retry {
			t.Errorf("GET %s: %d, Retry-After %q; want %d, %q", tc.target, w.Code, w.Header().Get("Retry-After"), tc.status, tc.retry)
		}
	}
}

// FuzzParseFault checks that ParseFault never panics and that what it
// accepts, written by String, reads back as the same fault.
func FuzzParseFault(f *testing.F) {
	for _, s := range []string{
		"GET /crm/v2/tenant/{tenant}/customers=429,retry-after=2s", "Customers_Get=503,count=2",
		"/jpm/v2/*=300ms", "*=10/s", "/connect/token=drop,skip=1", "post=500", "get * = 1m30s , 502",
		"=", "a=b=c", "GET=429,429", "x=drop,1s,skip=3,count=4",
		"Customers_GetList=429,retry-in-title=12s", "*=10/s,retry-in-title", "x=409,retry-in-title=1ms",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fault, err := ParseFault(s)
		if err != nil {
			return
		}
		again, err := ParseFault(fault.String())
		if err != nil {
			t.Fatalf("ParseFault(%q) = %+v, whose String %q does not parse: %v", s, fault, fault.String(), err)
		}
		if again != fault {
			t.Fatalf("ParseFault(%q) = %+v; its String %q parses as %+v", s, fault, fault.String(), again)
		}
	})
}
