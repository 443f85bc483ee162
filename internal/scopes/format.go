package scopes

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Formats returns the output formats of [Report.Format], the default first.
func Formats() []string { return []string{"text", "json"} }

// Format writes the report as text or JSON. Text lists each scope with
// the calls that need it (with the registration, whether it has it), then
// the calls needing no scope, those whose scopes are unknown, by release
// and domain, the calls not seen, and the scopes missing. JSON is
// {scopes[{scope, granted, calls[{file, line, column, method, operation,
// release, value}]}], noScope[...], unknown[...], unseen[{file, line,
// column, message}], missing[...]}, missing there only when the
// registration was given.
func (r *Report) Format(w io.Writer, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(r)
	case "text":
		return r.text(w)
	}
	return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats(), ", "))
}

func (r *Report) text(w io.Writer) error {
	b := bufio.NewWriter(w)
	calls := 0
	for _, s := range r.Scopes {
		calls += len(s.Calls)
	}
	switch len(r.Scopes) {
	case 0:
		fmt.Fprint(b, "No OAuth scope is known to be needed.\n")
	case 1:
		fmt.Fprintf(b, "1 OAuth scope needed, by %s:\n", count(calls, "call"))
	default:
		fmt.Fprintf(b, "%d OAuth scopes needed, by %s:\n", len(r.Scopes), count(calls, "call"))
	}
	for _, s := range r.Scopes {
		fmt.Fprintf(b, "\n%s", s.Scope)
		if s.Granted != nil {
			if *s.Granted {
				fmt.Fprint(b, "  (granted)")
			} else {
				fmt.Fprint(b, "  MISSING from the app's registration")
			}
		}
		fmt.Fprintln(b)
		writeSites(b, s.Calls)
	}
	if len(r.NoScope) > 0 {
		fmt.Fprintf(b, "\nNeeding no scope:\n")
		writeSites(b, r.NoScope)
	}
	for _, g := range byDomain(r.Unknown) {
		fmt.Fprintf(b, "\nUnknown: release %s declares no OAuth scopes for %s (releases before 2026-05-11 declare none; the developer portal lists what its operations need, or regenerate from a later release):\n", g[0].Release, domainOf(g[0]))
		writeSites(b, g)
	}
	if len(r.Unseen) > 0 {
		fmt.Fprint(b, "\nNot seen (the scopes these need are not counted above):\n")
		for _, u := range r.Unseen {
			fmt.Fprintf(b, "  %s:%d:%d: %s\n", u.File, u.Line, u.Column, u.Message)
		}
	}
	if r.Missing != nil {
		if len(r.Missing) == 0 {
			fmt.Fprint(b, "\nThe app's registration has every scope needed.\n")
		} else {
			fmt.Fprintf(b, "\nMissing from the app's registration: %s\n", strings.Join(r.Missing, ", "))
		}
	}
	return b.Flush()
}

// writeSites writes one call per line: position, method, operation.
func writeSites(b *bufio.Writer, sites []Site) {
	for _, s := range sites {
		how := ""
		if s.Value {
			how = " (as a value)"
		}
		fmt.Fprintf(b, "  %s:%d:%d: %s%s: %s\n", s.File, s.Line, s.Column, s.Method, how, s.Operation)
	}
}

// byDomain splits sites into runs of one release and domain, in order of
// release and domain.
func byDomain(sites []Site) [][]Site {
	groups := map[string][]Site{}
	var keys []string
	for _, s := range sites {
		k := s.Release + " " + domainOf(s)
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], s)
	}
	var out [][]Site
	for _, k := range slices.Sorted(slices.Values(keys)) {
		out = append(out, groups[k])
	}
	return out
}

// domainOf returns the domain package of a site's method.
func domainOf(s Site) string {
	d, _, _ := strings.Cut(s.Method, ".")
	return d
}

// count returns "1 call", "3 calls".
func count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
