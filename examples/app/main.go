// Command app is a small ServiceTitan integration, an example of stgen's
// generated clients in use: it reads a customer, lists customers, follows
// the jobs export and the appointments of the jobs it finds, renames the
// customer (a PATCH) and reads the billing schedule of a service
// agreement.
//
// Its clients are not committed: they come from the vendor's documents.
// Generate them into st first (see README.md), then:
//
//	ST_CLIENT_ID=... ST_CLIENT_SECRET=... ST_APP_KEY=... ST_TENANT=... go run .
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/stgen-dev/stgen/authmw"
	"github.com/stgen-dev/stgen/examples/app/st/servicetitan"
)

func main() {
	tenant, err := strconv.ParseInt(os.Getenv("ST_TENANT"), 10, 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, "app: ST_TENANT must be the tenant's id:", err)
		os.Exit(2)
	}
	st, err := servicetitan.New(servicetitan.Config{
		ClientID:     os.Getenv("ST_CLIENT_ID"),
		ClientSecret: os.Getenv("ST_CLIENT_SECRET"),
		AppKey:       os.Getenv("ST_APP_KEY"),
		Tenant:       tenant,
		Environment:  authmw.Integration,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "app:", err)
		os.Exit(1)
	}
	if err := run(context.Background(), st, os.Stdout, 1); err != nil {
		fmt.Fprintln(os.Stderr, "app:", err)
		os.Exit(1)
	}
}
