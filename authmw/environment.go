package authmw

import "strconv"

// Environment identifies a ServiceTitan environment: its token URL and its API host.
type Environment int

const (
	// Integration is ServiceTitan's integration (sandbox) environment.
	Integration Environment = iota + 1
	// Production is ServiceTitan's production environment.
	Production
)

// TokenURL returns the OAuth 2.0 token endpoint of e, or "" if e is not a known environment.
func (e Environment) TokenURL() string {
	switch e {
	case Integration:
		return "https://auth-integration.servicetitan.io/connect/token"
	case Production:
		return "https://auth.servicetitan.io/connect/token"
	}
	return ""
}

// APIBaseURL returns the API base URL (scheme and host, no trailing slash) of e, or "" if e is not a known environment.
func (e Environment) APIBaseURL() string {
	switch e {
	case Integration:
		return "https://api-integration.servicetitan.io"
	case Production:
		return "https://api.servicetitan.io"
	}
	return ""
}

// String returns "integration", "production" or "Environment(n)" for an unknown value.
func (e Environment) String() string {
	switch e {
	case Integration:
		return "integration"
	case Production:
		return "production"
	}
	return "Environment(" + strconv.Itoa(int(e)) + ")"
}

func (e Environment) valid() bool { return e == Integration || e == Production }
