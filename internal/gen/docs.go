package gen

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stgen-dev/stgen/internal/normalize"
)

// bareID matches a summary that is only an operation id ("Customers_GetList").
var bareID = regexp.MustCompile(`^\w+_\w+$`)

// docText returns the text of an operation's doc comment: its summary,
// unless that is only its operation id, and its description when it says
// more than the summary.
func docText(op *openapi3.Operation) (summary, details string) {
	summary = strings.TrimSpace(op.Summary)
	id, _ := op.Extensions[normalize.ExtOperationID].(string)
	if summary == id || bareID.MatchString(summary) {
		summary = ""
	}
	details = strings.TrimSpace(op.Description)
	if bareID.MatchString(details) || sameText(details, summary) {
		details = ""
	}
	if summary == "" && details != "" && !strings.Contains(details, "\n") {
		summary, details = details, ""
	}
	return summary, details
}

// sameText reports whether two texts say the same, but for case, spaces and a final period.
func sameText(a, b string) bool {
	norm := func(s string) string {
		return strings.ToLower(strings.TrimRight(strings.Join(strings.Fields(s), " "), "."))
	}
	return norm(a) == norm(b)
}

// scopes returns the OAuth scopes an operation requires (ServiceTitan's
// 3.1 documents give one per operation, "tn.crm.customers:r"), from its own
// security requirements or else the document's.
func scopes(doc *openapi3.T, op *openapi3.Operation) []string {
	reqs := doc.Security
	if op.Security != nil {
		reqs = *op.Security
	}
	var out []string
	for _, req := range reqs {
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
