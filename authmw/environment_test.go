package authmw

import "testing"

func TestEnvironment(t *testing.T) {
	tests := []struct {
		env                Environment
		tokenURL, api, str string
	}{
		{Integration, "https://auth-integration.servicetitan.io/connect/token", "https://api-integration.servicetitan.io", "integration"},
		{Production, "https://auth.servicetitan.io/connect/token", "https://api.servicetitan.io", "production"},
		{0, "", "", "Environment(0)"},
		{9, "", "", "Environment(9)"},
	}
	for _, tt := range tests {
		if got := tt.env.TokenURL(); got != tt.tokenURL {
			t.Errorf("%v.TokenURL() = %q; want %q", tt.env, got, tt.tokenURL)
		}
		if got := tt.env.APIBaseURL(); got != tt.api {
			t.Errorf("%v.APIBaseURL() = %q; want %q", tt.env, got, tt.api)
		}
		if got := tt.env.String(); got != tt.str {
			t.Errorf("String() = %q; want %q", got, tt.str)
		}
	}
}
