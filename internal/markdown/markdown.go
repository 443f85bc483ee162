// Package markdown writes text into GitHub-flavoured Markdown, such as a
// pull request's body, so that it renders as the text it is: document text
// and Go identifiers come from untrusted documents, and must never become
// markup, a link, HTML or a line of their own.
package markdown

import (
	"strings"
	"unicode"
)

// Escape returns s as Markdown text that renders as s, on one line: the
// characters Markdown reads as markup are escaped, < and > written as
// entities, and line breaks and other control characters become spaces.
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case strings.ContainsRune("\\`*_[]|#~!", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case unicode.IsControl(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Code returns s as an inline code span that renders as s, on one line:
// its fence is one backtick longer than the longest run of backticks in s,
// and line breaks and other control characters become spaces.
func Code(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] != '`' {
			run = 0
			continue
		}
		run++
		longest = max(longest, run)
	}
	fence := strings.Repeat("`", longest+1)
	if longest > 0 || strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ") && strings.Trim(s, " ") != "" {
		// A space on each side, which the renderer strips, keeps a
		// backtick in s from touching the fence, and spaces s begins
		// and ends with from being stripped.
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}
