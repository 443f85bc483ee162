package diff

import (
	"encoding/json"
	"io"
)

// JSON renders a report as one indented JSON object:
// {old, new, summary{breaking, nonBreaking}, changes[{domain, kind,
// breaking, operation, resource, location, message, reason, go}]}.
type JSON struct{}

// Format writes r to w as JSON.
func (JSON) Format(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
