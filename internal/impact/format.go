package impact

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/stgen-dev/stgen/internal/diff"
	"github.com/stgen-dev/stgen/internal/markdown"
	"github.com/stgen-dev/stgen/internal/plural"
)

// Format writes the result in format, one of diff.Formats: first what the
// release does to the program ("Your code": the places that stop
// compiling, those that break at run time, those to check, each with the
// change that explains it and what to do), then the comparison as stgen
// diff writes it. JSON is stgen diff's object with "generated", the
// clients' folder, and "uses": [{file, line, column, identifier, message,
// change, compiles, breaking, fix}], change indexing "changes" (null when
// no change explains the place).
func Format(w io.Writer, format string, r *Result) error {
	f, err := diff.NewFormatter(format)
	if err != nil {
		return err
	}
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		uses := r.Uses
		if uses == nil {
			uses = []Use{}
		}
		return enc.Encode(struct {
			*diff.Report
			Generated string `json:"generated"`
			Uses      []Use  `json:"uses"`
		}{r.Report, r.Output, uses})
	case "markdown":
		if err := r.markdown(w); err != nil {
			return err
		}
	default:
		if err := r.text(w); err != nil {
			return err
		}
	}
	return f.Format(w, r.Report)
}

// sections splits the uses into those that stop compiling, those that
// break at run time and those to check.
func (r *Result) sections() [3]section {
	s := [3]section{{title: "Stops compiling"}, {title: "Breaks at run time"}, {title: "To check"}}
	for _, u := range r.Uses {
		switch {
		case u.Breaking && !u.Compiles:
			s[0].uses = append(s[0].uses, u)
		case u.Breaking:
			s[1].uses = append(s[1].uses, u)
		default:
			s[2].uses = append(s[2].uses, u)
		}
	}
	return s
}

type section struct {
	title string
	uses  []Use
}

// headline counts the uses: "3 places stop compiling, 1 place breaks at
// run time, 2 places to check".
func (r *Result) headline() string {
	if len(r.Uses) == 0 {
		return "no change of the release touches it"
	}
	s := r.sections()
	var parts []string
	if n := len(s[0].uses); n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s compiling", n, plural.Of(n, "place stops", "places stop")))
	}
	if n := len(s[1].uses); n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s at run time", n, plural.Of(n, "place breaks", "places break")))
	}
	if n := len(s[2].uses); n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s to check", n, plural.Of(n, "place", "places")))
	}
	return strings.Join(parts, ", ")
}

// because describes the change a use is explained by: its operation, its
// message and its kind.
func (r *Result) because(u Use) (string, diff.Kind) {
	if u.Change == nil {
		return "", ""
	}
	c := r.Report.Changes[*u.Change]
	what := c.Message
	switch {
	case c.Kind == diff.ScopesUnknown:
		// The use names the scopes; the change lists the domain's every one.
		what = fmt.Sprintf("%s declares no OAuth scopes for %s", r.Report.Old, c.Domain)
	case c.Operation != "":
		what = c.Operation + ": " + what
	}
	return what, c.Kind
}

func (r *Result) text(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "Your code: %s (%s -> %s, clients in %s)\n", r.headline(), r.Report.Old, r.Report.New, r.Output)
	for _, s := range r.sections() {
		if len(s.uses) == 0 {
			continue
		}
		fmt.Fprintf(b, "\n%s: %d\n", s.title, len(s.uses))
		for _, u := range s.uses {
			fmt.Fprintf(b, "%s:%d:%d:", u.File, u.Line, u.Column)
			if u.Identifier != "" {
				fmt.Fprintf(b, " %s:", u.Identifier)
			}
			fmt.Fprintf(b, " %s\n", u.Message)
			if what, kind := r.because(u); what != "" {
				fmt.Fprintf(b, "    %s: %s\n", kind, what)
			}
			fmt.Fprintf(b, "    to do: %s\n", u.Fix)
		}
	}
	fmt.Fprintln(b)
	return b.Flush()
}

func (r *Result) markdown(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "## Your code\n\n%s → %s, the clients in %s: %s.\n", r.Report.Old, r.Report.New, markdown.Code(r.Output), bold(r.headline(), r.Affected()))
	for i, s := range r.sections() {
		if len(s.uses) == 0 {
			continue
		}
		if i == 2 {
			fmt.Fprintf(b, "\n<details><summary>%s: %d</summary>\n\n", s.title, len(s.uses))
		} else {
			fmt.Fprintf(b, "\n### %s\n\n", s.title)
		}
		for _, u := range s.uses {
			fmt.Fprintf(b, "- %s", markdown.Code(fmt.Sprintf("%s:%d:%d", u.File, u.Line, u.Column)))
			if u.Identifier != "" {
				fmt.Fprintf(b, " %s", markdown.Code(u.Identifier))
			}
			fmt.Fprintf(b, ": %s.", markdown.Escape(strings.TrimSuffix(u.Message, ".")))
			if what, kind := r.because(u); what != "" {
				fmt.Fprintf(b, " %s %s.", markdown.Code(string(kind)), markdown.Escape(what))
			}
			fmt.Fprintf(b, " _%s_\n", markdown.Escape(u.Fix))
		}
		if i == 2 {
			fmt.Fprint(b, "\n</details>\n")
		}
	}
	fmt.Fprintln(b)
	return b.Flush()
}

// bold returns s in bold when strong.
func bold(s string, strong bool) string {
	if strong {
		return "**" + s + "**"
	}
	return s
}
