package authmw

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

func TestTokenErrorMessage(t *testing.T) {
	tests := []struct {
		err  *TokenError
		want string
	}{
		{&TokenError{StatusCode: 400, ErrorCode: "invalid_client", ErrorDescription: "bad secret"},
			`authmw: token request failed (HTTP 400 Bad Request): "invalid_client" "bad secret"; check Config.ClientID, Config.ClientSecret and Config.EndpointParams`},
		{&TokenError{StatusCode: 500, Body: "upstream down"},
			`authmw: token request failed (HTTP 500 Internal Server Error): server said "upstream down"; the token server is unavailable; retry later`},
		{&TokenError{Err: io.ErrUnexpectedEOF, cause: "unexpected EOF"},
			`authmw: token request failed: unexpected EOF; check that the token URL is reachable`},
		{&TokenError{StatusCode: 200, Err: io.ErrUnexpectedEOF},
			`authmw: token request failed (HTTP 200 OK): unexpected EOF; the token server did not return a valid OAuth 2.0 token response; check Config.TokenURL`},
		{&TokenError{Err: &tokenTimeoutError{30 * time.Second}, timeout: true},
			`authmw: token request failed: timed out after 30s (Config.TokenTimeout); check that the token URL is reachable, or raise Config.TokenTimeout`},
		{&TokenError{StatusCode: 200, Err: &tokenTimeoutError{time.Second}, timeout: true},
			`authmw: token request failed (HTTP 200 OK): timed out after 1s (Config.TokenTimeout); check that the token URL is reachable, or raise Config.TokenTimeout`},
		{&TokenError{StatusCode: 302},
			`authmw: token request failed (HTTP 302 Found); the token URL redirects; set Config.TokenURL to the final URL`},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q; want %q", got, tt.want)
		}
	}
}

func TestTokenErrorAs(t *testing.T) {
	err := fmt.Errorf("calling API: %w", &TokenError{StatusCode: 401, Err: io.EOF})
	var te *TokenError
	if !errors.As(err, &te) {
		t.Fatalf("errors.As(%v) = false; want true", err)
	}
	if te.StatusCode != 401 {
		t.Errorf("StatusCode = %d; want 401", te.StatusCode)
	}
	if !errors.Is(err, io.EOF) {
		t.Errorf("errors.Is(err, io.EOF) = false; want true")
	}
}

func TestTokenErrorTemporary(t *testing.T) {
	for code, want := range map[int]bool{0: true, 400: false, 401: false, 429: true, 500: true, 503: true, 200: false} {
		if got := (&TokenError{StatusCode: code}).temporary(); got != want {
			t.Errorf("TokenError{StatusCode: %d}.temporary() = %v; want %v", code, got, want)
		}
	}
	if te := (&TokenError{StatusCode: 200, timeout: true}); !te.temporary() || !te.Timeout() {
		t.Errorf("a token request that timed out after the headers is not a temporary timeout")
	}
}

func TestConfigErrorMessage(t *testing.T) {
	err := &ConfigError{Field: "AppKey", Problem: "is empty"}
	if got, want := err.Error(), "authmw: Config.AppKey is empty"; got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
	if strings.Contains(err.Error(), testAppKey) {
		t.Errorf("Error() contains the app key")
	}
}
