package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/examples/app/st/servicetitan"
	"github.com/stgen-dev/stgen/sttest"
)

// TestRun runs the integration against sttest's fake of the release in
// $STGEN_SPECS, the one the clients in st were generated from.
func TestRun(t *testing.T) {
	specs := os.Getenv("STGEN_SPECS")
	if specs == "" {
		t.Skip("STGEN_SPECS names the release folder the clients in st were generated from")
	}
	srv := sttest.NewServer(t, specs, sttest.WithRecords(5))
	st, err := servicetitan.New(servicetitan.Config{
		ClientID: srv.ClientID, ClientSecret: srv.ClientSecret, AppKey: srv.AppKey, Tenant: 1,
		BaseURL: srv.URL, TokenURL: srv.TokenURL,
	})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), st, &out, 1); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"customer 1: ",
		"listed customer 1\nlisted customer 2\nlisted customer 3\ncustomers listed: 5\n",
		"jobs exported: 5, resume from ",
		"appointments of job 5: ",
		"customer 1 renamed: Synced customer\n",
		"service agreement 1 is billed ",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	again, err := st.CRM.Customers.Get(context.Background(), 1)
	if err != nil || again.Name != "Synced customer" {
		t.Errorf("customer 1 after the PATCH: %+v, %v", again, err)
	}
}
