package diff

import (
	"fmt"
	"io"
	"strings"
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

// headline returns "29 breaking and 74 other changes in 24 domains".
func headline(r *Report) string {
	if len(r.Changes) == 0 {
		return "no changes"
	}
	domains := len(r.Domains())
	return fmt.Sprintf("%d breaking and %d other %s in %d %s", r.Summary.Breaking, r.Summary.NonBreaking,
		plural(r.Summary.NonBreaking, "change", "changes"), domains, plural(domains, "domain", "domains"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// groups splits the changes of one domain (sorted) into runs of one resource.
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

// bySection splits the changes of one domain (sorted) into the breaking
// ones and the others.
func bySection(changes []Change) [][]Change {
	i := 0
	for i < len(changes) && changes[i].Breaking {
		i++
	}
	var out [][]Change
	for _, part := range [][]Change{changes[:i], changes[i:]} {
		if len(part) > 0 {
			out = append(out, part)
		}
	}
	return out
}

func sectionTitle(breaking bool) string {
	if breaking {
		return "Breaking"
	}
	return "Other"
}

// groupTitle names the resource, or the type, of a group of changes.
func groupTitle(c Change) string {
	if c.group() == 2 {
		return "type " + c.Resource
	}
	return c.Resource
}

// byDomain splits the changes of a report (sorted) into runs of one domain.
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

// identsNotIn returns the Go identifiers of c its message does not name.
func identsNotIn(c Change) []string {
	var out []string
	for _, id := range c.Go {
		if !strings.Contains(c.Message, id) {
			out = append(out, id)
		}
	}
	return out
}
