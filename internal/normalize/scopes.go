package normalize

import (
	"maps"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// operationScopes returns the OAuth scopes an operation requires
// (ServiceTitan's 3.1 documents give one per operation,
// "tn.crm.customers:r"), from its own security requirements or else the
// document's, in the document's order.
func operationScopes(doc *openapi3.T, op *openapi3.Operation) []string {
	var out []string
	for _, req := range securityOf(doc, op) {
		for _, scheme := range slices.Sorted(maps.Keys(req)) {
			for _, s := range req[scheme] {
				if !slices.Contains(out, s) {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// declaresScopes reports whether any security requirement of an operation
// names an OAuth2 scheme: a release secured by an app key alone declares
// none, and then what it requires is unknown, not nothing.
func declaresScopes(doc *openapi3.T, op *openapi3.Operation) bool {
	var schemes openapi3.SecuritySchemes
	if doc.Components != nil {
		schemes = doc.Components.SecuritySchemes
	}
	for _, req := range securityOf(doc, op) {
		for name := range req {
			if s := schemes[name]; s != nil && s.Value != nil && s.Value.Type == "oauth2" {
				return true
			}
		}
	}
	return false
}

// securityOf returns an operation's security requirements: its own, else the document's.
func securityOf(doc *openapi3.T, op *openapi3.Operation) openapi3.SecurityRequirements {
	if op.Security != nil {
		return *op.Security
	}
	return doc.Security
}
