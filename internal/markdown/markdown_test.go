package markdown

import (
	"strings"
	"testing"
	"unicode"
)

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text, 42.", "plain text, 42."},
		{"a_b*c`d", `a\_b\*c\` + "`" + `d`},
		{"[click](https://x) ![img](y)", `\[click\](https://x) \!\[img\](y)`},
		{"<script>&amp;", "&lt;script&gt;&amp;amp;"},
		{"a | b # c ~~d~~", `a \| b \# c \~\~d\~\~`},
		{"line\n# heading\r\n- item\t", "line \\# heading  - item "},
		{`back\slash`, `back\\slash`},
	} {
		if got := Escape(tc.in); got != tc.want {
			t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"GET /crm/v2/customers", "`GET /crm/v2/customers`"},
		{"a`b", "`` a`b ``"},
		{"``x``", "``` ``x`` ```"},
		{"`", "`` ` ``"},
		{" padded ", "`  padded  `"},
		{"  ", "`  `"},
		{"", "``"},
		{"two\nlines", "`two lines`"},
	} {
		if got := Code(tc.in); got != tc.want {
			t.Errorf("Code(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// oneLine returns s with control characters as spaces, the text Escape
// and Code are to render.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// FuzzEscape checks that Escape's output has no line break, no raw markup
// character and no tag, and that reading its escapes back gives the text.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"a_b", "[x](y)", "<b>&lt;", "x\n# y", `\`, "é*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Escape(s)
		var read strings.Builder
		for i := 0; i < len(out); i++ {
			c := out[i]
			switch {
			case c == '\\':
				if i+1 == len(out) || !strings.ContainsRune("\\`*_[]|#~!", rune(out[i+1])) {
					t.Fatalf("Escape(%q) = %q: a backslash escapes nothing at %d", s, out, i)
				}
				i++
				read.WriteByte(out[i])
			case strings.IndexByte("`*_[]|#~!<>", c) >= 0:
				t.Fatalf("Escape(%q) = %q: raw %q at %d", s, out, c, i)
			case c == '&':
				for _, e := range []struct{ entity, text string }{{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}} {
					if strings.HasPrefix(out[i:], e.entity) {
						read.WriteString(e.text)
						i += len(e.entity) - 1
						break
					}
				}
			case c < 0x20 || c == 0x7f:
				t.Fatalf("Escape(%q) = %q: control character at %d", s, out, i)
			default:
				read.WriteByte(c)
			}
		}
		if want := oneLine(s); read.String() != want && strings.ToValidUTF8(s, "") == s {
			t.Fatalf("Escape(%q) = %q reads as %q, want %q", s, out, read.String(), want)
		}
	})
}

// FuzzCode checks that Code's output is one code span: a fence, the text
// (padded with a space on each side when needed), the same fence, with no
// run of backticks inside as long as the fence, and no line break.
func FuzzCode(f *testing.F) {
	for _, s := range []string{"GET /x", "a`b", "``", " x ", "a\nb", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Code(s)
		n := len(out) - len(strings.TrimLeft(out, "`"))
		if n == len(out) && s == "" {
			return
		}
		fence := out[:n]
		if !strings.HasSuffix(out, fence) || len(out) < 2*n {
			t.Fatalf("Code(%q) = %q: does not end with its fence %q", s, out, fence)
		}
		inner := out[n : len(out)-n]
		if strings.Contains(inner, fence) {
			t.Fatalf("Code(%q) = %q: the fence %q occurs inside", s, out, fence)
		}
		if strings.ContainsFunc(out, unicode.IsControl) {
			t.Fatalf("Code(%q) = %q: control character", s, out)
		}
		text := inner
		if strings.HasPrefix(inner, " ") && strings.HasSuffix(inner, " ") && strings.Trim(inner, " ") != "" {
			text = inner[1 : len(inner)-1]
		}
		if want := oneLine(s); text != want && strings.ToValidUTF8(s, "") == s {
			t.Fatalf("Code(%q) = %q renders as %q, want %q", s, out, text, want)
		}
	})
}
