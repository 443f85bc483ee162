package main

import (
	"context"
	"fmt"
	"io"

	"github.com/stgen-dev/stgen/examples/app/st/crm"
	"github.com/stgen-dev/stgen/examples/app/st/servicetitan"
)

// run does the integration's work for the customer id, writing what it
// finds to w.
func run(ctx context.Context, st *servicetitan.Client, w io.Writer, id int64) error {
	c, err := st.CRM.Customers.Get(ctx, id)
	if err != nil {
		return fmt.Errorf("reading customer %d: %w", id, err)
	}
	fmt.Fprintf(w, "customer %d: %s\n", c.ID, c.Name)

	listed := 0
	for c, err := range st.CRM.Customers.GetListAll(ctx, &crm.CustomersGetListParams{PageSize: servicetitan.Ptr(int32(2))}) {
		if err != nil {
			return fmt.Errorf("listing customers: %w", err)
		}
		if listed++; listed <= 3 {
			fmt.Fprintf(w, "listed customer %d\n", c.ID)
		}
	}
	fmt.Fprintf(w, "customers listed: %d\n", listed)

	if err := syncJobs(ctx, st, w); err != nil {
		return err
	}

	renamed, err := st.CRM.Customers.Update(ctx, id, crm.UpdateCustomerRequest{Name: servicetitan.Ptr("Synced customer")})
	if err != nil {
		return fmt.Errorf("renaming customer %d: %w", id, err)
	}
	fmt.Fprintf(w, "customer %d renamed: %s\n", renamed.ID, renamed.Name)

	a, err := st.ServiceAgreements.ServiceAgreements.Get(ctx, 1)
	if err != nil {
		return fmt.Errorf("reading service agreement 1: %w", err)
	}
	fmt.Fprintf(w, "service agreement %d is billed %s\n", a.ID, billing(a.BillingSchedule))
	return nil
}
