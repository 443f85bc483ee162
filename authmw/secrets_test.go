package authmw

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"io"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// echoSecrets writes everything the client sent, credentials included, in
// every encoding a hostile or buggy server might echo it in.
func echoSecrets(w io.Writer, r *http.Request) {
	r.ParseForm()
	for _, sent := range []string{r.PostForm.Get("client_secret"), r.Header.Get("Authorization"), r.Header.Get("ST-App-Key")} {
		if sent == "" {
			continue
		}
		for name, enc := range echoEncodings(sent) {
			fmt.Fprintf(w, "%s: %s\n", name, enc)
		}
		fmt.Fprintf(w, "mixed: %s\n", mixedEcho(sent, uint64(len(sent))))
	}
	if id, secret := r.PostForm.Get("client_id"), r.PostForm.Get("client_secret"); secret != "" {
		fmt.Fprintf(w, "as a Basic header: %s\n", basicAuth(id, secret))
	}
	fmt.Fprintf(w, "form=%s", r.PostForm.Encode())
}

// echoSecretsJSON writes the credentials the client sent into the fields of
// an OAuth 2.0 or ServiceTitan error, JSON-escaped in several ways.
func echoSecretsJSON(w io.Writer, r *http.Request) {
	r.ParseForm()
	sent := r.PostForm.Get("client_secret") + " " + r.Header.Get("Authorization") + " " + r.Header.Get("ST-App-Key")
	fmt.Fprintf(w, `{"error":"invalid_client","error_description":"%s","title":"%s","traceId":"%s","detail":"%s"}`,
		jsonEscapeEach(sent, func(i int) bool { return i%3 == 0 }, "%04X"),
		jsonEscapeEach(sent, func(int) bool { return true }, "%04x"),
		strings.ReplaceAll(sent, "/", `\/`),
		mixedEcho(sent, 42))
}

// escapeRE matches the escapes decodeEchoes undoes.
var escapeRE = regexp.MustCompile(`\\u[0-9a-fA-F]{4}|\\[/"\\]|%[0-9a-fA-F]{2}`)

// decodeEchoes undoes JSON and percent escapes in one pass, left to right:
// a test-side decoder, independent of the redactor's.
func decodeEchoes(text string) string {
	return escapeRE.ReplaceAllStringFunc(text, func(e string) string {
		switch {
		case e[0] == '%':
			b, _ := strconv.ParseUint(e[1:], 16, 8)
			return string([]byte{byte(b)})
		case e[1] == 'u':
			r, _ := strconv.ParseUint(e[2:], 16, 16)
			return string(rune(r))
		}
		return e[1:]
	})
}

// leaks returns the test credentials found in text, raw, escaped (JSON,
// percent-encoding or HTML references), also escaped more than once (an
// escaped echo quoted by an error message), or in base64 or hexadecimal.
func leaks(text string) []string {
	basic := strings.TrimRight(strings.TrimPrefix(basicAuth(testClientID, testSecret), "Basic "), "=")
	found := map[string]bool{}
	for range 4 {
		text = html.UnescapeString(decodeEchoes(text))
		for _, secret := range []string{testSecret, testAppKey, tokenPrefix} {
			// The access tokens are tokenPrefix and a number: the base64 and
			// hexadecimal forms of the prefix alone stand for them (the last
			// base64 character of the prefix depends on what follows it).
			b64 := base64.RawStdEncoding.EncodeToString([]byte(secret))
			b64 = b64[:len(secret)*8/6]
			for _, form := range []string{
				secret, strings.ReplaceAll(secret, " ", "+"),
				b64, strings.NewReplacer("+", "-", "/", "_").Replace(b64),
				hex.EncodeToString([]byte(secret)), strings.ToUpper(hex.EncodeToString([]byte(secret))),
			} {
				if strings.Contains(text, form) {
					found[strconv.Quote(secret)] = true
				}
			}
		}
		if strings.Contains(text, basic) {
			found["the Basic credential"] = true
		}
	}
	return slices.Sorted(maps.Keys(found))
}

func TestLeaks(t *testing.T) {
	for _, secret := range []string{testSecret, testAppKey, tokenPrefix + "1"} {
		for name, enc := range echoEncodings(secret) {
			if len(leaks("x"+enc+"x")) == 0 {
				t.Errorf("leaks misses %q, the %s echo of %q", enc, name, secret)
			}
		}
		for seed := range uint64(20) {
			if enc := mixedEcho(secret, seed); len(leaks(enc)) == 0 {
				t.Errorf("leaks misses %q, a mixed echo of %q", enc, secret)
			}
		}
	}
	if len(leaks(basicAuth(testClientID, testSecret))) == 0 {
		t.Errorf("leaks misses the Basic credential")
	}
	if found := leaks(`{"title":"[REDACTED] 100%25 \u0041"}`); len(found) > 0 {
		t.Errorf("leaks finds %v in a redacted text", found)
	}
}

func TestNoSecretsInErrorsOrLogs(t *testing.T) {
	tests := []struct {
		name  string
		token http.HandlerFunc                             // nil: a working token server
		api   func(w http.ResponseWriter, r *http.Request) // nil: the API is unreachable
		tweak func(*Config)
		ctx   func() (context.Context, context.CancelFunc)
		ok    bool // the request succeeds, with a status outside 2xx
	}{
		{name: "bad credentials", token: func(w http.ResponseWriter, r *http.Request) {
			r.ParseForm()
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, `{"error":"invalid_client","error_description":"secret %s is wrong for %s"}`, r.PostForm.Get("client_secret"), r.PostForm.Get("client_id"))
		}},
		{name: "bad credentials, error code echoes", token: func(w http.ResponseWriter, r *http.Request) {
			r.ParseForm()
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"error":"%s"}`, r.PostForm.Get("client_secret"))
		}},
		{name: "bad credentials, JSON-escaped echoes", token: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			echoSecretsJSON(w, r)
		}},
		{name: "token server 500, JSON-escaped echoes", token: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, `{"message":"`)
			echoSecretsJSON(w, r)
		}},
		{name: "token server 500", token: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
			echoSecrets(w, r)
		}},
		{name: "malformed token JSON", token: func(w http.ResponseWriter, r *http.Request) {
			r.ParseForm()
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"access_token":"%s`, r.PostForm.Get("client_secret"))
		}},
		{name: "malformed token form", token: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusBadGateway)
			echoSecrets(w, r)
			io.WriteString(w, "%zz")
		}},
		{name: "token server unreachable", token: func(w http.ResponseWriter, r *http.Request) {
			panic(http.ErrAbortHandler)
		}},
		{name: "token timeout", token: func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(100 * time.Millisecond)
		}, tweak: func(c *Config) { c.TokenTimeout = 20 * time.Millisecond }},
		{name: "401 loop", ok: true, api: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusUnauthorized)
			echoSecrets(w, r)
		}},
		{name: "429 exhaustion", ok: true, api: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			echoSecrets(w, r)
		}},
		{name: "500 exhaustion", ok: true, api: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
			echoSecrets(w, r)
		}},
		{name: "API 400, JSON-escaped echoes", ok: true, api: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusBadRequest)
			echoSecretsJSON(w, r)
		}},
		{name: "connection dropped", api: func(w http.ResponseWriter, r *http.Request) {
			panic(http.ErrAbortHandler)
		}},
		{name: "API unreachable"},
		{name: "rate limiter past deadline", api: func(w http.ResponseWriter, r *http.Request) {},
			tweak: func(c *Config) { c.RateLimit = rate.Every(time.Hour) },
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), time.Second)
			}},
		{name: "cancelled waiting for token", token: func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(200 * time.Millisecond)
			w.WriteHeader(http.StatusInternalServerError)
		}, ctx: func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 50*time.Millisecond)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bubble(t, func(t *testing.T, pn *pipeNet) {
				ts := pn.tokenServer(t, 900)
				ts.handler = tt.token
				var apiURL string
				if tt.api != nil {
					api := pn.apiServer(t, func(_ int64, w http.ResponseWriter, r *http.Request) { tt.api(w, r) })
					apiURL = api.URL
				} else {
					api := pn.apiServer(t, nil)
					apiURL = api.URL
					api.Close()
				}
				logger, buf := newTestLogger()
				cfg := testConfig(ts, apiURL)
				cfg.Logger = logger
				cfg.MaxAttempts = 3
				if tt.tweak != nil {
					tt.tweak(&cfg)
				}
				rt, err := NewTransport(cfg, pn.transport(t))
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.Background(), context.CancelFunc(func() {})
				if tt.ctx != nil {
					ctx, cancel = tt.ctx()
				}
				defer cancel()
				var texts []string
				// Twice: the second request of the rate limiter case waits.
				for range 2 {
					req, _ := http.NewRequestWithContext(ctx, "GET", apiURL+"/v2/tenant/1/jobs", nil)
					resp, err := (&http.Client{Transport: rt}).Do(req)
					if err != nil {
						texts = append(texts, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
						if te := (*TokenError)(nil); errors.As(err, &te) {
							texts = append(texts, te.ErrorCode, te.ErrorDescription, te.Body)
						}
						continue
					}
					body, err := io.ReadAll(resp.Body)
					resp.Body.Close()
					if err != nil {
						t.Fatalf("reading the %d response: %v", resp.StatusCode, err)
					}
					if tt.ok && (resp.StatusCode/100 == 2 || !strings.Contains(string(body), redacted)) {
						t.Errorf("status %d, body %q; want an error body with secrets redacted", resp.StatusCode, body)
					}
					texts = append(texts, string(body))
				}
				if !tt.ok && len(texts) == 0 {
					t.Errorf("no error; this case should fail")
				}
				texts = append(texts, buf.String())
				for _, text := range texts {
					if found := leaks(text); len(found) > 0 {
						t.Errorf("error, log or body contains %s:\n%s", strings.Join(found, ", "), text)
					}
				}
				if testing.Verbose() {
					t.Logf("errors, logs and bodies:\n%s", strings.Join(texts, "\n"))
				}
			})
		})
	}
}
