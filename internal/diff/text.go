package diff

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Text renders a report for a terminal: a headline, then each domain's
// changes grouped by resource (or type), breaking ones first, each on two
// lines: what changed, and the rule with its reason.
type Text struct{}

// Format writes r to w as text.
func (Text) Format(w io.Writer, r *Report) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "%s -> %s: %s\n", r.Old, r.New, headline(r))
	for _, changes := range byDomain(r.Changes) {
		s := countOf(changes)
		fmt.Fprintf(b, "\n%s: %d breaking, %d other\n", changes[0].Domain, s.Breaking, s.NonBreaking)
		for _, g := range groups(changes) {
			indent := "  "
			if g[0].Resource != "" {
				fmt.Fprintf(b, "  %s\n", g[0].Resource)
				indent = "    "
			}
			for _, c := range g {
				mark := "other   "
				if c.Breaking {
					mark = "BREAKING"
				}
				what := c.Message
				if c.Operation != "" {
					what = c.Operation + ": " + what
				}
				if ids := identsNotIn(c); len(ids) > 0 {
					what += " [" + strings.Join(ids, ", ") + "]"
				}
				fmt.Fprintf(b, "%s%s %s\n%s         %s: %s\n", indent, mark, what, indent, c.Kind, c.Reason)
			}
		}
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
