package normalize

import (
	"strings"

	"github.com/stgen-dev/stgen/internal/spec"
)

// Identifiers a generated package declares beside the schemas' types.
const (
	// ClientType is the type of a domain's client.
	ClientType = "Client"
	// NewClientFunc is the function that makes one.
	NewClientFunc = "NewClient"
	// BasePathConst is the constant holding the domain's base path.
	BasePathConst = "BasePath"
	// ResourceSuffix ends the type name of each resource (Customers: CustomersResource).
	ResourceSuffix = "Resource"
)

const schemaRefPrefix = "#/components/schemas/"

// pointer appends tokens to a JSON pointer, escaped.
func pointer(base string, tokens ...string) string {
	var b strings.Builder
	b.WriteString(base)
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(spec.EscapePointer(t))
	}
	return b.String()
}
