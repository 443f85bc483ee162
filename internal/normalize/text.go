package normalize

import "strings"

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
