package diff

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Markdown renders a report as a pull-request body: a summary table
// (domain, breaking, other), then one section per domain, its breaking
// changes and its other changes each a list, folded in <details> when long;
// then, when the report has one, a "Go API" section: the bump, a table of
// the changed packages, the changes nothing in the documents explains, and
// each package's changes folded.
type Markdown struct{}

// foldAbove is the length from which a list is folded.
const foldAbove = 10

// Format writes r to w as Markdown.
func (Markdown) Format(w io.Writer, r *Report) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "## API changes %s → %s\n\n", r.Old, r.New)
	if len(r.Changes) == 0 {
		fmt.Fprint(b, "No changes.\n")
		if r.GoAPI != nil {
			markdownGoAPI(b, r.GoAPI)
		}
		return b.Flush()
	}
	fmt.Fprintf(b, "**%d breaking** and %d other %s in %d %s.\n\n", r.Summary.Breaking, r.Summary.NonBreaking,
		plural(r.Summary.NonBreaking, "change", "changes"), len(r.Domains()), plural(len(r.Domains()), "domain", "domains"))
	fmt.Fprint(b, "| domain | breaking | other |\n|---|--:|--:|\n")
	for _, d := range r.Domains() {
		fmt.Fprintf(b, "| [%s](#%s) | %d | %d |\n", d.Domain, d.Domain, d.Breaking, d.NonBreaking)
	}
	for _, changes := range byDomain(r.Changes) {
		fmt.Fprintf(b, "\n### %s\n", changes[0].Domain)
		var breaking, other []Change
		for _, c := range changes {
			if c.Breaking {
				breaking = append(breaking, c)
			} else {
				other = append(other, c)
			}
		}
		markdownList(b, "breaking", breaking)
		markdownList(b, "other", other)
	}
	if r.GoAPI != nil {
		markdownGoAPI(b, r.GoAPI)
	}
	return b.Flush()
}

// markdownList writes a list of changes under a label, folded when long.
func markdownList(b *bufio.Writer, label string, changes []Change) {
	if len(changes) == 0 {
		return
	}
	title := fmt.Sprintf("%d %s %s", len(changes), label, plural(len(changes), "change", "changes"))
	if len(changes) > foldAbove {
		fmt.Fprintf(b, "\n<details><summary>%s</summary>\n\n", title)
	} else {
		fmt.Fprintf(b, "\n**%s**\n\n", title)
	}
	for _, c := range changes {
		fmt.Fprintf(b, "- %s\n", markdownItem(c))
	}
	if len(changes) > foldAbove {
		fmt.Fprint(b, "\n</details>\n")
	}
}

// markdownItem renders one change: operation, message, Go identifiers,
// reason and kind.
func markdownItem(c Change) string {
	var s strings.Builder
	if c.Operation != "" {
		fmt.Fprintf(&s, "%s: ", code(c.Operation))
	}
	s.WriteString(markdownMessage(c))
	if ids := identsNotIn(c); len(ids) > 0 {
		for i, id := range ids {
			ids[i] = code(id)
		}
		fmt.Fprintf(&s, " (%s)", strings.Join(ids, ", "))
	}
	fmt.Fprintf(&s, ". _%s_ %s", escapeMarkdown(c.Reason), code(string(c.Kind)))
	return s.String()
}

// code returns s as inline code.
func code(s string) string {
	if strings.Contains(s, "`") {
		return "`` " + s + " ``"
	}
	return "`" + s + "`"
}

// escapeMarkdown escapes the characters that Markdown (and GitHub's HTML
// rendering of it) would read as markup.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '|', '#':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
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
		b.WriteString(escapeMarkdown(msg[:at]))
		if id == "" {
			break
		}
		b.WriteString(code(id))
		msg = msg[at+len(id):]
	}
	return b.String()
}

// indexWord returns the index of the first occurrence of word in s that is
// not part of a longer name or path, or -1.
func indexWord(s, word string) int {
	for from := 0; from < len(s); {
		i := strings.Index(s[from:], word)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(word)
		if (i == 0 || !isNameByte(s[i-1])) && (end == len(s) || !isNameByte(s[end])) {
			return i
		}
		from = i + 1
	}
	return -1
}

// isNameByte reports whether b can continue a name or a path.
func isNameByte(b byte) bool {
	return b == '_' || b == '/' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}
