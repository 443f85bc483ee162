// Package authmw provides the HTTP middleware every generated ServiceTitan
// client uses: OAuth 2.0 client-credentials tokens, the ST-App-Key header,
// retries, per-attempt timeouts and client-side rate limiting, as small
// composable [http.RoundTripper] types.
//
// Most callers build the whole client with [NewClient] (or the chain alone
// with [NewTransport]):
//
//	hc, err := authmw.NewClient(authmw.Config{
//		ClientID:     os.Getenv("ST_CLIENT_ID"),
//		ClientSecret: os.Getenv("ST_CLIENT_SECRET"),
//		AppKey:       os.Getenv("ST_APP_KEY"),
//		Environment:  authmw.Production,
//		Logger:       slog.Default(),
//	}, nil)
//	if err != nil {
//		return err
//	}
//	resp, err := hc.Get(authmw.Production.APIBaseURL() + "/crm/v2/tenant/123/customers")
//
// The chain, from the outside in, is:
//
//   - [RetryTransport]: retries 429 and 503 for any method, honouring
//     Retry-After (or, for a 429 without it, the wait its body's title
//     states); other 5xx statuses and connection errors only for idempotent
//     methods; exponential backoff with full jitter; bounded attempts; never
//     sleeps past the request context's deadline. It bounds each attempt by
//     Config.AttemptTimeout (2 minutes by default), response body included,
//     and writes the optional per-attempt log line.
//   - [OperationLimitTransport], if Config.OperationLimits has any: holds
//     each attempt of a request of a limited operation until its turn (at
//     most so many in flight, a rate per path, such as ServiceTitan's report
//     runs: see [ReportRunLimit]), outside the attempt's timeout.
//   - [AuthTransport]: sets "Authorization: Bearer <token>" and
//     "ST-App-Key: <app key>" on a clone of each request for the API's
//     origin; on a 401 it drops the cached token, fetches a new one and
//     retries once. It redacts the credentials from error bodies.
//   - [RateLimitTransport]: waits for a [golang.org/x/time/rate.Limiter]
//     (60 requests per second by default) before each request is sent.
//
// Tokens come from a [TokenSource], which fetches them with
// [golang.org/x/oauth2/clientcredentials] (credentials in the form body),
// caches them with [golang.org/x/oauth2.ReuseTokenSourceWithExpiry], and
// lets any number of concurrent requests share one in-flight fetch, whether
// it succeeds or fails. A request whose context ends stops waiting without
// cancelling the fetch for the others. After a failed fetch, no token
// request is made before a pause (the token endpoint's Retry-After, else a
// growing backoff), so a failing token endpoint sees one request per pause
// however many calls wait. A token lives for the expires_in of its response
// (any JSON number, floored to whole seconds), at most 24 hours; a response
// without an expires_in of at least a second gives a token of 1 minute.
//
// # Where the credentials go
//
// The client secret goes only to the token URL, the access token and the app
// key only to the origin (scheme, host and port) of the API: Config.BaseURL,
// else the Environment's API host. The token URL and the API's URL must be
// https; plain http is accepted only for a loopback host (localhost,
// 127.0.0.0/8, ::1), for tests.
// A request for any other origin passes through AuthTransport untouched,
// without credentials. The http.Client that [NewClient] returns follows
// redirects by [RedirectPolicy]:
//
//   - within the API's origin: followed, with the credentials;
//   - to another origin: followed, without credentials, only for a GET or
//     HEAD request that would carry no body there (downloads often redirect
//     to blob storage); any other request stops with an error, so that
//     nothing meant for the API, such as a POST body resent by a 307,
//     reaches another host;
//   - from https to plain http: stops with an error;
//   - after 10 redirects: stops with an error.
//
// Token requests follow no redirect at all.
//
// # Secrets in errors and logs
//
// The client secret, the access token and the app key never appear in errors
// returned by this package or in its log lines, in any encoding a server may
// echo them in: raw, JSON string escapes, percent-encoding (once or more),
// HTML character references, any mix of these from one character to the
// next, base64 (standard or URL alphabet, padded or not) or hexadecimal of
// the whole secret, or base64 of "ClientID:ClientSecret". Token failures are
// reported as a [*TokenError]
// carrying the HTTP status and the server's error text, redacted. The body of
// an API response outside 2xx, which package stapi puts into its *Error, is
// redacted by AuthTransport (and kept to its first 1 MiB).
package authmw
