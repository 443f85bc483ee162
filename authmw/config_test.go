package authmw

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

func validConfig() Config {
	return Config{ClientID: testClientID, ClientSecret: testSecret, AppKey: testAppKey, Environment: Integration}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name      string
		mutate    func(*Config)
		wantField string // "" means valid
	}{
		{"valid", func(*Config) {}, ""},
		{"production", func(c *Config) { c.Environment = Production }, ""},
		{"URL overrides without environment", func(c *Config) {
			c.Environment = 0
			c.TokenURL, c.BaseURL = "http://127.0.0.1:1/connect/token", "http://[::1]:2"
		}, ""},
		{"https overrides", func(c *Config) {
			c.TokenURL, c.BaseURL = "https://auth.example.com/token", "https://proxy.example.com/st"
		}, ""},
		{"loopback by name", func(c *Config) { c.TokenURL, c.BaseURL = "http://localhost:8080/token", "http://LOCALHOST" }, ""},
		{"loopback 127/8", func(c *Config) { c.TokenURL = "http://127.9.8.7/token" }, ""},
		{"token URL without environment nor base URL", func(c *Config) { c.Environment = 0; c.TokenURL = "https://auth.example.com/token" }, "BaseURL"},
		{"base URL without environment nor token URL", func(c *Config) { c.Environment = 0; c.BaseURL = "https://api.example.com" }, "TokenURL"},
		{"unknown environment with overrides", func(c *Config) {
			c.Environment = 7
			c.TokenURL, c.BaseURL = "https://auth.example.com/token", "https://api.example.com"
		}, "Environment"},
		{"cleartext token URL", func(c *Config) { c.TokenURL = "http://auth.example.com/connect/token" }, "TokenURL"},
		{"cleartext base URL", func(c *Config) { c.BaseURL = "http://api.example.com" }, "BaseURL"},
		{"cleartext base URL, private address", func(c *Config) { c.BaseURL = "http://10.0.0.1:8080" }, "BaseURL"},
		{"cleartext base URL, localhost lookalike", func(c *Config) { c.BaseURL = "http://localhost.example.com" }, "BaseURL"},
		{"relative base URL", func(c *Config) { c.BaseURL = "api.example.com" }, "BaseURL"},
		{"tenant param", func(c *Config) { c.EndpointParams = url.Values{"tenant": {"123"}} }, ""},
		{"rate limit off", func(c *Config) { c.RateLimit = 1e9 }, ""},
		{"missing client ID", func(c *Config) { c.ClientID = "" }, "ClientID"},
		{"missing client secret", func(c *Config) { c.ClientSecret = "" }, "ClientSecret"},
		{"missing app key", func(c *Config) { c.AppKey = "" }, "AppKey"},
		{"client secret with space", func(c *Config) { c.ClientSecret = testSecret + "\n" }, "ClientSecret"},
		{"app key with space", func(c *Config) { c.AppKey = " " + testAppKey }, "AppKey"},
		{"no environment", func(c *Config) { c.Environment = 0 }, "Environment"},
		{"unknown environment", func(c *Config) { c.Environment = 7 }, "Environment"},
		{"relative token URL", func(c *Config) { c.TokenURL = "/connect/token" }, "TokenURL"},
		{"token URL bad scheme", func(c *Config) { c.TokenURL = "ftp://auth.example/token" }, "TokenURL"},
		{"params set client_secret", func(c *Config) { c.EndpointParams = url.Values{"client_secret": {"x"}} }, "EndpointParams"},
		{"params set grant_type", func(c *Config) { c.EndpointParams = url.Values{"grant_type": {"password"}} }, "EndpointParams"},
		{"negative early expiry", func(c *Config) { c.EarlyExpiry = -time.Second }, "EarlyExpiry"},
		{"negative token timeout", func(c *Config) { c.TokenTimeout = -time.Second }, "TokenTimeout"},
		{"negative attempt timeout", func(c *Config) { c.AttemptTimeout = -time.Second }, "AttemptTimeout"},
		{"negative base delay", func(c *Config) { c.RetryBaseDelay = -1 }, "RetryBaseDelay"},
		{"negative max delay", func(c *Config) { c.RetryMaxDelay = -1 }, "RetryMaxDelay"},
		{"negative max retry after", func(c *Config) { c.MaxRetryAfter = -1 }, "MaxRetryAfter"},
		{"negative attempts", func(c *Config) { c.MaxAttempts = -1 }, "MaxAttempts"},
		{"negative rate", func(c *Config) { c.RateLimit = -1 }, "RateLimit"},
		{"negative burst", func(c *Config) { c.RateBurst = -1 }, "RateBurst"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := validConfig()
			tt.mutate(&cfg)
			err := cfg.Validate()
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("Validate() = %v; want nil", err)
				}
				return
			}
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("Validate() = %v; want a *ConfigError", err)
			}
			if ce.Field != tt.wantField {
				t.Errorf("Field = %q; want %q", ce.Field, tt.wantField)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "authmw: Config."+tt.wantField+" ") {
				t.Errorf("Error() = %q; want prefix %q", msg, "authmw: Config."+tt.wantField+" ")
			}
			for _, secret := range []string{testSecret, testAppKey, testClientID} {
				if strings.Contains(msg, secret) {
					t.Errorf("Error() = %q; contains a credential value", msg)
				}
			}
		})
	}
}

func TestNewTransportRejectsInvalidConfig(t *testing.T) {
	cfg := validConfig()
	cfg.ClientSecret = ""
	rt, err := NewTransport(cfg, nil)
	if err == nil || rt != nil {
		t.Fatalf("NewTransport() = %v, %v; want nil and an error", rt, err)
	}
	if got, want := err.Error(), "authmw: Config.ClientSecret is empty: set it to the client secret of your ServiceTitan app"; got != want {
		t.Errorf("err = %q; want %q", got, want)
	}
}

func TestConfigTokenURL(t *testing.T) {
	cfg := validConfig()
	if got, want := cfg.tokenURL(), Integration.TokenURL(); got != want {
		t.Errorf("tokenURL() = %q; want %q", got, want)
	}
	cfg.TokenURL = "http://127.0.0.1:9/token"
	if got, want := cfg.tokenURL(), "http://127.0.0.1:9/token"; got != want {
		t.Errorf("tokenURL() = %q; want %q", got, want)
	}
}

func TestConfigAPIBaseURL(t *testing.T) {
	cfg := validConfig()
	if got, want := cfg.apiBaseURL(), Integration.APIBaseURL(); got != want {
		t.Errorf("apiBaseURL() = %q; want %q", got, want)
	}
	cfg.BaseURL = "https://proxy.example.com/st"
	if got, want := cfg.apiBaseURL(), "https://proxy.example.com/st"; got != want {
		t.Errorf("apiBaseURL() = %q; want %q", got, want)
	}
}

func TestConfigCleartextMessage(t *testing.T) {
	cfg := validConfig()
	cfg.TokenURL = "http://auth.example.com/connect/token"
	err := cfg.Validate()
	if err == nil || !strings.Contains(err.Error(), "cleartext") || !strings.Contains(err.Error(), "use https") {
		t.Errorf("Validate() = %v; want it to say the secret would go in cleartext and to use https", err)
	}
}
