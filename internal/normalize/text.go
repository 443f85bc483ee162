package normalize

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

// cleanText tidies a summary or description for Go doc comments: Windows
// line ends become plain ones, and Markdown hard line breaks (a backslash
// ending a line, which ServiceTitan's documents use a lot) are dropped,
// with the spaces around them.
func cleanText(s string) string {
	if !strings.ContainsAny(s, "\\\r") {
		return s
	}
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		l = strings.TrimRight(l, " \t")
		if trimmed, ok := strings.CutSuffix(l, "\\"); ok {
			l = strings.TrimRight(trimmed, " \t")
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// docText returns a document's text as the model holds it: tidied (see
// cleanText), every line break a "\n" (a lone "\r", and the Unicode line
// and paragraph separators, too), tabs as spaces, and without control
// characters or the bidirectional formatting characters that can make
// text display other than it reads (Trojan Source); trimmed. A line that
// starts with "+build" gets a space after its "+": gofmt moves a comment
// line "// +build ..." anywhere in a file to its top, where it is a build
// constraint.
func docText(s string) string {
	s = cleanText(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\uFEFF':
		default:
			b.WriteRune(r)
		}
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "+build"); ok {
			lines[i] = "+ build" + rest
		}
	}
	return strings.Join(lines, "\n")
}

// oneLine returns a document's text on one line (see docText), its line
// breaks and runs of spaces made single spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(docText(s)), " ")
}

// bareID matches a summary that is only an operation id ("Customers_GetList").
var bareID = regexp.MustCompile(`^\w+_\w+$`)

// operationText returns an operation's doc text: its summary, on one line,
// unless that is only its operation id, and its description when it says
// more than the summary (which it becomes when there is no summary and it
// is one line).
func operationText(op *openapi3.Operation) (summary, description string) {
	summary = oneLine(op.Summary)
	if summary == op.OperationID || bareID.MatchString(summary) {
		summary = ""
	}
	description = docText(op.Description)
	if bareID.MatchString(description) || SameText(description, summary) {
		description = ""
	}
	if summary == "" && description != "" && !strings.Contains(description, "\n") {
		summary, description = description, ""
	}
	return summary, description
}

// SameText reports whether two texts say the same, but for case, spaces and a final period.
func SameText(a, b string) bool {
	norm := func(s string) string {
		return strings.ToLower(strings.TrimRight(strings.Join(strings.Fields(s), " "), "."))
	}
	return norm(a) == norm(b)
}
