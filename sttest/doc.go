// Package sttest is a fake ServiceTitan API driven by the vendor's OpenAPI
// documents, for tests: ours, which prove that generated clients speak the
// API correctly, and our users', who test their integrations against it as
// they would against net/http/httptest.
//
// Given the folder of a release (one document per domain: OpenAPI 3.0 or
// 3.1, or Swagger 2.0), the fake serves:
//
//   - the token endpoint at /connect/token: a client_credentials grant with
//     client_id and client_secret in the form body, answering
//     {access_token, token_type: "Bearer", expires_in}; tokens are opaque and
//     really expire (WithTokenTTL, WithClock);
//   - every operation of every document at its path (the base path of the
//     document's servers followed by the path key, "/crm/v2/tenant/{tenant}/customers"),
//     routed by method and path. Each request must carry
//     "Authorization: Bearer <token>" and "ST-App-Key: <app key>" (401
//     otherwise) and is validated against its document with kin-openapi's
//     openapi3filter: path, query and header parameters and the body. An
//     invalid request gets 400 with ServiceTitan's ApiErrorResponse
//     {type, title, status, traceId, errors: {field: [messages]}, data}
//     naming every problem.
//
// Replies conform to the operation's success response. They are
// synthesized deterministically from the schema (the vendor's examples are
// placeholders), WithSeed choosing other values: record i of a collection
// has id i+1, and GET of one record by id shows the record with that id.
// The fake holds ids 1 to WithRecords and those POST creates after them:
// the ids a record refers to (customerId) are held ones, and an operation
// addressing a record by an integer id path parameter answers any other id
// with 404 and an ApiErrorResponse. A GET whose success response declares
// no content answers a small file (application/octet-stream, named by
// Content-Disposition), as ServiceTitan's attachments and images do; other
// methods declaring none answer an empty body. Page envelopes
// {page, pageSize, hasMore, totalCount, data} honour page and pageSize over
// WithRecords records; export envelopes {hasMore, continueFrom, data} hand
// out continuation tokens that resume where the previous call stopped.
// Exports list records in the order they were modified: record i (id i+1)
// was modified in hour i from 2024-01-01T00:00:00Z, as its modifiedOn shows
// wherever it appears, and an export's from may be a date-time, starting at
// the first record modified on or after it, as well as a token. With
// includeRecentChanges=true, a batch resumed from a token begins with the
// last record of the batch before again, as ServiceTitan's exports of
// recent changes can repeat records.
//
// A PATCH of a record by id changes it: later replies showing that record
// by id (GET, and the PATCH's own) show each property the body set, null
// clearing it (null where the reply's schema allows it, absent where the
// property is optional), and keep those the body left out; the fake keeps
// the changes of 10,000 records within 16 MiB, forgetting the records
// changed first. Request validation accepts null only where the document
// allows it: 3.0's nullable, 3.1's type arrays and oneOf with null (and the
// stray 3.0 nullable ServiceTitan's 3.1 documents keep, which stgen's
// generator honours too), 2.0's x-nullable.
//
// Reports are limited as ServiceTitan limits them: five runs of one
// report (POST .../reports/{reportId}/data) a minute per tenant, the next
// answered 429 without Retry-After, its title stating the wait ("Rate
// limit is exceeded. Try again in 12 seconds."); see WithReportLimit.
//
// Faults can be injected globally or per route (method, path template or
// operationId): a status such as 429 with Retry-After or with the wait in
// its title, 409 for a report's maintenance, 401 or 5xx, latency, dropped
// connections, and rate limits (N requests per second, then 429).
// See Fault, WithFault and Handler.AddFault; ParseFault reads a fault from
// text such as "Customers_Get=503,count=2", as `stgen serve --fault` does.
// Every request is recorded for assertions (Handler.Requests).
//
// Memory and work stay bounded however long the fake runs and whatever it
// is sent: the request record keeps the most recent 10,000 requests within
// 64 MiB, bodies over 4 MiB cut (WithHistory, WithHistoryBytes); a body
// (at most 32 MiB) is read only when the bodies in flight leave room for
// it, a body validated weighing four times its size, so that one body of
// the largest size is decoded at a time, or four are recorded, while
// bodies up to 64 KiB have a budget of their own, and the first 4 KiB of
// a body (all of a token request's) are read before taking from either;
// a body must arrive within a minute (408 otherwise), headers within ten
// seconds, and a connection idle for two minutes is closed (WithTimeouts),
// so that clients that stall hold little for long; a 400 lists every
// problem of a body up to 64 KiB, only the first of a larger one; and the
// token endpoint holds at most 100,000 tokens, forgetting the oldest first.
//
// NewServer runs the fake on a loopback port for one test; NewHandler
// returns it as an http.Handler for any server, and Serve runs that handler
// until its context ends, as `stgen serve` does. Load reads a release once
// for many handlers; API.Sample gives the body the fake would answer an
// operation with, without HTTP, for decoding tests and benchmarks.
//
// A test using the fake:
//
//	func TestCustomers(t *testing.T) {
//		srv := sttest.NewServer(t, "testdata/servicetitan", sttest.WithRecords(120))
//		client := myclient.New(srv.URL, srv.TokenURL, srv.ClientID, srv.ClientSecret, srv.AppKey)
//		customers, err := client.ListAllCustomers(ctx, tenant)
//		// ... 120 customers, ids 1 to 120, fetched page by page
//		for _, r := range srv.Requests() {
//			// r.Method, r.Path, r.OperationID, r.Status ...
//		}
//	}
package sttest
