package diff

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/stgen-dev/stgen/internal/markdown"
	"github.com/stgen-dev/stgen/internal/plural"
)

// Markdown renders a report as a pull-request body: a summary table
// (domain, breaking, other); every breaking change, by domain, never
// folded; the other changes of each domain folded in <details>; what
// changed without any Go effect, folded; then, when the report has one, a
// "Go API" section: the bump, a table of the changed packages, the changes
// nothing in the documents explains, and each package's changes folded.
type Markdown struct{}

// Format writes r to w as Markdown.
func (Markdown) Format(w io.Writer, r *Report) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "## API changes %s → %s\n\n", r.Old, r.New)
	if len(r.Changes) == 0 {
		fmt.Fprint(b, "No changes.\n")
	} else {
		fmt.Fprintf(b, "**%d breaking** and %d other %s in %d %s.\n\n", r.Summary.Breaking, r.Summary.NonBreaking,
			plural.Of(r.Summary.NonBreaking, "change", "changes"), len(r.Domains()), plural.Of(len(r.Domains()), "domain", "domains"))
		fmt.Fprint(b, "| domain | breaking | other |\n|---|--:|--:|\n")
		for _, d := range r.Domains() {
			name := d.Domain
			if d.Breaking > 0 {
				name = fmt.Sprintf("[%s](#%s)", d.Domain, d.Domain)
			}
			fmt.Fprintf(b, "| %s | %d | %d |\n", name, d.Breaking, d.NonBreaking)
		}
	}
	breaking, other := bySection(r.Changes)
	if len(breaking) > 0 {
		fmt.Fprint(b, "\n### Breaking changes\n")
		for _, domain := range byDomain(breaking) {
			fmt.Fprintf(b, "\n#### %s\n\n", domain[0].Domain)
			markdownList(b, domain)
		}
	}
	if len(other) > 0 {
		fmt.Fprint(b, "\n### Other changes\n")
		for _, domain := range byDomain(other) {
			fmt.Fprintf(b, "\n<details><summary>%s: %d other %s</summary>\n\n", domain[0].Domain, len(domain), plural.Of(len(domain), "change", "changes"))
			markdownList(b, domain)
			fmt.Fprint(b, "\n</details>\n")
		}
	}
	if len(r.WithoutGoEffect) > 0 {
		fmt.Fprintf(b, "\n<details><summary>%s</summary>\n\n", documentsTitle(len(r.WithoutGoEffect)))
		for _, d := range r.WithoutGoEffect {
			fmt.Fprintf(b, "- %s: %s\n", d.Domain, markdown.Escape(documentNote(d)))
		}
		fmt.Fprint(b, "\n</details>\n")
	}
	if r.GoAPI != nil {
		markdownGoAPI(b, r.GoAPI)
	}
	return b.Flush()
}

// markdownList writes changes as a list, naming the methods that use a
// changed type at the first change of each run of one type.
func markdownList(b *bufio.Writer, changes []Change) {
	for i, c := range changes {
		first := i == 0 || c.Resource != changes[i-1].Resource || c.group() != changes[i-1].group()
		fmt.Fprintf(b, "- %s\n", markdownItem(c, first))
	}
}

// markdownItem renders one change: operation, message, Go identifiers,
// reason, kind, and, with withUsers, the methods that use a changed type.
func markdownItem(c Change, withUsers bool) string {
	var s strings.Builder
	if c.Operation != "" {
		fmt.Fprintf(&s, "%s: ", markdown.Code(c.Operation))
	}
	s.WriteString(markdownMessage(c))
	if ids := identsNotIn(c); len(ids) > 0 {
		for i, id := range ids {
			ids[i] = markdown.Code(id)
		}
		fmt.Fprintf(&s, " (%s)", strings.Join(ids, ", "))
	}
	fmt.Fprintf(&s, ". _%s_ %s", markdown.Escape(c.Reason), markdown.Code(string(c.Kind)))
	for _, k := range c.Also {
		fmt.Fprintf(&s, " %s", markdown.Code(string(k)))
	}
	if u := users(c, markdown.Code); u != "" && withUsers {
		fmt.Fprintf(&s, "; %s", u)
	}
	return s.String()
}

// markdownMessage escapes a change's message, the Go identifiers in it as code.
func markdownMessage(c Change) string {
	msg := c.Message
	var b strings.Builder
	for msg != "" {
		at, id := len(msg), ""
		for _, g := range c.Go {
			if i := indexWord(msg, g); i >= 0 && (i < at || i == at && len(g) > len(id)) {
				at, id = i, g
			}
		}
		b.WriteString(markdown.Escape(msg[:at]))
		if id == "" {
			break
		}
		b.WriteString(markdown.Code(id))
		msg = msg[at+len(id):]
	}
	return b.String()
}
