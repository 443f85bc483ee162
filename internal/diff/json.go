package diff

import (
	"encoding/json"
	"io"
)

// JSON renders a report as one indented JSON object:
// {old, new, summary{breaking, nonBreaking}, changes[{domain, kind, also,
// breaking, operation, resource, location, message, reason, go,
// returnedBy, takenBy}], withoutGoEffect[{domain, descriptions, tags,
// operationIds, enumNames, enumRepeats}]}, and,
// when the report has one, goapi{bump, packages[{package, bump,
// incompatible[{ident, message, explainedBy}], compatible[{ident,
// message}]}], removed, added, unexplained[{ident, message}]} (see
// [Report.GoAPI]).
type JSON struct{}

// Format writes r to w as JSON.
func (JSON) Format(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
