package diff

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Text renders a report for a terminal: a headline; the breaking changes,
// by domain; the other changes, by domain; each domain's changes grouped
// by resource (or type: its title names the methods that return or take
// it), each change on two lines, what changed and then its rule and the
// reason; what changed without any Go effect; then, when the
// report has one, the Go API section: a headline with the bump, each
// changed package's incompatible changes (each with what explains it) and
// compatible ones, and the changes nothing in the documents explains.
type Text struct{}

// Format writes r to w as text.
func (Text) Format(w io.Writer, r *Report) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "%s -> %s: %s\n", r.Old, r.New, headline(r))
	breaking, other := bySection(r.Changes)
	textSection(b, "Breaking changes", "breaking", breaking)
	textSection(b, "Other changes", "other", other)
	if len(r.WithoutGoEffect) > 0 {
		fmt.Fprintf(b, "\n%s:\n", documentsTitle(len(r.WithoutGoEffect)))
		for _, d := range r.WithoutGoEffect {
			fmt.Fprintf(b, "  %s: %s\n", d.Domain, documentNote(d))
		}
	}
	if r.GoAPI != nil {
		textGoAPI(b, r.GoAPI)
	}
	return b.Flush()
}

// textSection writes one section of changes, by domain.
func textSection(b *bufio.Writer, title, label string, changes []Change) {
	if len(changes) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s: %d\n", title, len(changes))
	for _, domain := range byDomain(changes) {
		fmt.Fprintf(b, "\n%s: %d %s\n", domain[0].Domain, len(domain), label)
		for _, g := range groups(domain) {
			indent := "  "
			if g[0].Resource != "" {
				title := groupTitle(g[0])
				if u := users(g[0], func(s string) string { return s }); u != "" {
					title += ", " + u
				}
				fmt.Fprintf(b, "  %s\n", title)
				indent = "    "
			}
			for _, c := range g {
				what := c.Message
				if c.Operation != "" {
					what = c.Operation + ": " + what
				}
				if ids := identsNotIn(c); len(ids) > 0 {
					what += " [" + strings.Join(ids, ", ") + "]"
				}
				fmt.Fprintf(b, "%s%s\n%s  %s: %s\n", indent, what, indent, kinds(c), c.Reason)
			}
		}
	}
}

// kinds returns a change's kind and those of the differences made part of it.
func kinds(c Change) string {
	s := string(c.Kind)
	for _, k := range c.Also {
		s += ", " + string(k)
	}
	return s
}
