package authmw

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// echoSecrets writes everything the client sent, credentials included, as a hostile or buggy server might.
func echoSecrets(w io.Writer, r *http.Request) {
	r.ParseForm()
	fmt.Fprintf(w, "form=%s auth=%s key=%s", r.PostForm.Encode(), r.Header.Get("Authorization"), r.Header.Get("ST-App-Key"))
}

func TestNoSecretsInErrorsOrLogs(t *testing.T) {
	tests := []struct {
		name  string
		token http.HandlerFunc                             // nil: a working token server
		api   func(w http.ResponseWriter, r *http.Request) // nil: the API is unreachable
		tweak func(*Config)
		ctx   func() (context.Context, context.CancelFunc)
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
		{name: "401 loop", api: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusUnauthorized)
			echoSecrets(w, r)
		}},
		{name: "429 exhaustion", api: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			echoSecrets(w, r)
		}},
		{name: "500 exhaustion", api: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
			echoSecrets(w, r)
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
			ts := newTokenServer(t, 900)
			ts.handler = tt.token
			var apiURL string
			if tt.api != nil {
				api := newAPIServer(t, func(_ int64, w http.ResponseWriter, r *http.Request) { tt.api(w, r) })
				apiURL = api.URL
			} else {
				api := newAPIServer(t, nil)
				apiURL = api.URL
				api.Close()
			}
			logger, buf := newTestLogger()
			cfg := testConfig(ts)
			cfg.Logger = logger
			cfg.MaxAttempts = 3
			if tt.tweak != nil {
				tt.tweak(&cfg)
			}
			rt, err := NewTransport(cfg, nil)
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
				} else {
					resp.Body.Close()
				}
			}
			if tt.name != "401 loop" && tt.name != "429 exhaustion" && tt.name != "500 exhaustion" && len(texts) == 0 {
				t.Errorf("no error; this case should fail")
			}
			texts = append(texts, buf.String())
			for _, text := range texts {
				for _, secret := range []string{testSecret, testAppKey, tokenPrefix} {
					if strings.Contains(text, secret) {
						t.Errorf("error or log contains the secret %q:\n%s", secret, text)
					}
				}
			}
			if testing.Verbose() {
				t.Logf("errors and logs:\n%s", strings.Join(texts, "\n"))
			}
		})
	}
}
