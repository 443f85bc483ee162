package diff

import (
	"fmt"
	"io"
	"strings"

	"github.com/stgen-dev/stgen/internal/plural"
)

// Formatter renders a report.
type Formatter interface {
	// Format writes r to w.
	Format(w io.Writer, r *Report) error
}

// Formats returns the names [NewFormatter] accepts, the default first.
func Formats() []string { return []string{"text", "markdown", "json"} }

// NewFormatter returns the formatter called name: "text", "markdown" or "json".
func NewFormatter(name string) (Formatter, error) {
	switch name {
	case "text":
		return Text{}, nil
	case "markdown":
		return Markdown{}, nil
	case "json":
		return JSON{}, nil
	}
	return nil, fmt.Errorf("unknown format %q: use one of %s", name, strings.Join(Formats(), ", "))
}

// Every format reads top-down: the summary; every breaking change of the
// release, grouped by domain, never folded; then the other changes by
// domain (folded in Markdown); then what changed in the documents without
// any Go effect.

// headline returns "29 breaking and 74 other changes in 24 domains".
func headline(r *Report) string {
	if len(r.Changes) == 0 {
		return "no changes"
	}
	domains := len(r.Domains())
	return fmt.Sprintf("%d breaking and %d other %s in %d %s", r.Summary.Breaking, r.Summary.NonBreaking,
		plural.Of(r.Summary.NonBreaking, "change", "changes"), domains, plural.Of(domains, "domain", "domains"))
}

// bySection splits the changes of a report (sorted) into the breaking ones
// and the others.
func bySection(changes []Change) (breaking, other []Change) {
	i := 0
	for i < len(changes) && changes[i].Breaking {
		i++
	}
	return changes[:i], changes[i:]
}

// byDomain splits changes (sorted) into runs of one domain.
func byDomain(changes []Change) [][]Change {
	var out [][]Change
	for i, c := range changes {
		if i == 0 || c.Domain != changes[i-1].Domain {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], c)
	}
	return out
}

// groups splits the changes of one domain (sorted) into runs of one
// resource or type.
func groups(changes []Change) [][]Change {
	var out [][]Change
	for i, c := range changes {
		if i == 0 || c.Resource != changes[i-1].Resource || c.group() != changes[i-1].group() {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], c)
	}
	return out
}

// groupTitle names the resource, or the type, of a group of changes.
func groupTitle(c Change) string {
	if c.group() == 2 {
		return "type " + c.Resource
	}
	return c.Resource
}

// identsNotIn returns the Go identifiers of c its message does not name.
func identsNotIn(c Change) []string {
	var out []string
	for _, id := range c.Go {
		if indexWord(c.Message, id) < 0 {
			out = append(out, id)
		}
	}
	return out
}

// maxUsers bounds the methods a change lists as using its type.
const maxUsers = 4

// users says which methods return or take the type of a change ("returned
// by Customers.Get and Customers.GetList; taken by Customers.Create"), or
// "" when the change says none; code spells each method.
func users(c Change, code func(string) string) string {
	var parts []string
	for _, u := range []struct {
		verb    string
		methods []string
	}{{"returned by", c.ReturnedBy}, {"taken by", c.TakenBy}} {
		if len(u.methods) == 0 {
			continue
		}
		verb := u.verb
		if c.Kind == TypeRemoved {
			verb = "was " + verb
		}
		parts = append(parts, verb+" "+listMethods(u.methods, code))
	}
	return strings.Join(parts, "; ")
}

// listMethods lists methods by their short names ("Customers.Get"), at
// most maxUsers of them: "a", "a and b", "a, b, c and 3 more".
func listMethods(methods []string, code func(string) string) string {
	var names []string
	for _, m := range methods {
		names = append(names, code(shortMethod(m)))
	}
	if len(names) > maxUsers {
		return strings.Join(names[:maxUsers-1], ", ") + fmt.Sprintf(" and %d more", len(names)-maxUsers+1)
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// shortMethod returns a method's name as a caller writes it:
// "Customers.Get" for "crm.CustomersResource.Get".
func shortMethod(ident string) string {
	_, rest, _ := strings.Cut(ident, ".")
	typ, method, _ := strings.Cut(rest, ".")
	return strings.TrimSuffix(typ, "Resource") + "." + method
}

// documentNote says what changed in a domain's document without a Go
// effect: "3 descriptions, the tags of 2 operations, the names of the
// values of ContactType".
func documentNote(d DocumentChange) string {
	var parts []string
	if d.Descriptions > 0 {
		parts = append(parts, countWord(d.Descriptions, "description"))
	}
	if d.Tags > 0 {
		parts = append(parts, "the tags of "+countWord(d.Tags, "operation"))
	}
	if d.OperationIDs > 0 {
		parts = append(parts, "the operationId of "+countWord(d.OperationIDs, "operation")+" (Go names kept)")
	}
	if len(d.EnumNames) > 0 {
		parts = append(parts, "the names (x-enumNames) of the values of "+strings.Join(d.EnumNames, ", "))
	}
	if len(d.EnumRepeats) > 0 {
		parts = append(parts, "the repeated entries of "+strings.Join(d.EnumRepeats, ", "))
	}
	if len(d.UnusedSchemas) > 0 {
		parts = append(parts, "schemas no operation uses (no Go type): "+strings.Join(d.UnusedSchemas, ", "))
	}
	return strings.Join(parts, "; ")
}

// documentsTitle introduces the documents that changed without a Go effect.
func documentsTitle(n int) string {
	return fmt.Sprintf("Changed without any Go effect, in %d %s", n, plural.Of(n, "document", "documents"))
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
