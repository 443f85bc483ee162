// Package authmw provides the HTTP middleware every generated ServiceTitan
// client uses: OAuth 2.0 client-credentials tokens, the ST-App-Key header,
// retries and client-side rate limiting, as small composable
// [http.RoundTripper] types.
//
// Most callers build the whole chain with [NewTransport] and hand the result
// to a generated client through an [http.Client]:
//
//	rt, err := authmw.NewTransport(authmw.Config{
//		ClientID:     os.Getenv("ST_CLIENT_ID"),
//		ClientSecret: os.Getenv("ST_CLIENT_SECRET"),
//		AppKey:       os.Getenv("ST_APP_KEY"),
//		Environment:  authmw.Production,
//		Logger:       slog.Default(),
//	}, nil)
//	if err != nil {
//		return err
//	}
//	hc := &http.Client{Transport: rt}
//	resp, err := hc.Get(authmw.Production.APIBaseURL() + "/crm/v2/tenant/123/customers")
//
// The chain, from the outside in, is:
//
//   - [RetryTransport]: retries 429 and 503 for any method, honouring
//     Retry-After; other 5xx statuses and connection errors only for
//     idempotent methods; exponential backoff with full jitter; bounded
//     attempts; never sleeps past the request context's deadline. It also
//     writes the optional per-attempt log line.
//   - [AuthTransport]: sets "Authorization: Bearer <token>" and
//     "ST-App-Key: <app key>" on a clone of the request; on a 401 it drops the
//     cached token, fetches a new one and retries once.
//   - [RateLimitTransport]: waits for a [golang.org/x/time/rate.Limiter]
//     (60 requests per second by default) before each request is sent.
//
// Tokens come from a [TokenSource], which fetches them with
// [golang.org/x/oauth2/clientcredentials] (credentials in the form body),
// caches them with [golang.org/x/oauth2.ReuseTokenSourceWithExpiry], and
// lets any number of concurrent requests share one in-flight fetch. A request
// whose context ends stops waiting without cancelling the fetch for the
// others.
//
// The client secret, the access token and the app key never appear in errors
// returned by this package or in its log lines; token failures are reported
// as a [*TokenError] carrying the HTTP status and the server's error text.
package authmw
