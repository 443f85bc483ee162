package diff

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Text renders a report for a terminal: a headline, then each domain's
// breaking changes and other changes, each grouped by resource (or type),
// each change on two lines: what changed, then its rule and the reason; then,
// when the report has one, the Go API section: a headline with the bump,
// each changed package's incompatible changes (each with what explains it)
// and compatible ones, and the changes nothing in the documents explains.
type Text struct{}

// Format writes r to w as text.
func (Text) Format(w io.Writer, r *Report) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "%s -> %s: %s\n", r.Old, r.New, headline(r))
	for _, changes := range byDomain(r.Changes) {
		s := countOf(changes)
		fmt.Fprintf(b, "\n%s: %d breaking, %d other\n", changes[0].Domain, s.Breaking, s.NonBreaking)
		for _, section := range bySection(changes) {
			fmt.Fprintf(b, "  %s\n", sectionTitle(section[0].Breaking))
			for _, g := range groups(section) {
				indent := "    "
				if g[0].Resource != "" {
					fmt.Fprintf(b, "    %s\n", groupTitle(g[0]))
					indent = "      "
				}
				for _, c := range g {
					what := c.Message
					if c.Operation != "" {
						what = c.Operation + ": " + what
					}
					if ids := identsNotIn(c); len(ids) > 0 {
						what += " [" + strings.Join(ids, ", ") + "]"
					}
					fmt.Fprintf(b, "%s%s\n%s  %s: %s\n", indent, what, indent, c.Kind, c.Reason)
				}
			}
		}
	}
	if r.GoAPI != nil {
		textGoAPI(b, r.GoAPI)
	}
	return b.Flush()
}

// countOf counts changes by classification.
func countOf(changes []Change) Summary {
	var s Summary
	for _, c := range changes {
		if c.Breaking {
			s.Breaking++
		} else {
			s.NonBreaking++
		}
	}
	return s
}
