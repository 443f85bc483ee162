package main

import (
	"time"

	"github.com/stgen-dev/stgen/examples/etl/internal/st/accounting"
	"github.com/stgen-dev/stgen/examples/etl/internal/st/crm"
	"github.com/stgen-dev/stgen/examples/etl/internal/st/servicetitan"
	"github.com/stgen-dev/stgen/stapi"
)

// customersFeed returns the export of customers: from the token saved by a
// run before, else from since (the records modified on or after it), else
// from the beginning. With recent, it asks for recent changes sooner and
// drops the records it already yielded.
func customersFeed(st *servicetitan.Client, saved string, since time.Time, recent bool) *stapi.Feed[crm.ExportCustomerResponse] {
	params := &crm.ExportCustomersParams{}
	if recent {
		params.IncludeRecentChanges = servicetitan.Ptr(true)
	}
	var feed *stapi.Feed[crm.ExportCustomerResponse]
	switch {
	case saved != "": // the token the last run saved
		params.From = &saved
		feed = st.CRM.Export.CustomersFeed(params)
	case !since.IsZero(): // a first run, from the records modified on or after since
		feed = st.CRM.Export.CustomersFeedSince(since, params)
	default: // a first run, from the beginning
		feed = st.CRM.Export.CustomersFeed(params)
	}
	if recent {
		// includeRecentChanges can send a record again: same id, same modifiedOn.
		feed.Dedupe(crm.ExportCustomerResponse.RecordKey)
	}
	return feed
}

// invoicesFeed returns the export of invoices, as customersFeed does customers.
func invoicesFeed(st *servicetitan.Client, saved string, since time.Time, recent bool) *stapi.Feed[accounting.ExportInvoiceResponse] {
	params := &accounting.ExportInvoicesParams{}
	if recent {
		params.IncludeRecentChanges = servicetitan.Ptr(true)
	}
	var feed *stapi.Feed[accounting.ExportInvoiceResponse]
	switch {
	case saved != "":
		params.From = &saved
		feed = st.Accounting.Export.InvoicesFeed(params)
	case !since.IsZero():
		feed = st.Accounting.Export.InvoicesFeedSince(since, params)
	default:
		feed = st.Accounting.Export.InvoicesFeed(params)
	}
	if recent {
		feed.Dedupe(accounting.ExportInvoiceResponse.RecordKey)
	}
	return feed
}
