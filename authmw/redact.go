package authmw

import (
	"encoding/base64"
	"net/url"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// redacted replaces a secret in log lines, error texts and error bodies.
const redacted = "[REDACTED]"

// redactor finds secrets in text however a server may have echoed them:
// raw, JSON string escaping (\uXXXX in either case, \/, \" and the like, any
// mix of escaped and plain characters), percent-encoding (either case, '+'
// for space), or a mix of the two. It decodes escapes while it scans, so no
// list of variants is kept; a raw match is tried too, for a secret whose own
// characters look like an escape. The zero of *redactor (nil) finds nothing.
type redactor struct {
	secrets []string
	// start marks the bytes a match can start with: the secrets' first
	// bytes and the escape introducers.
	start [256]bool
}

// newRedactor returns a redactor of the non-empty secrets, or nil if there are none.
func newRedactor(secrets ...string) *redactor {
	r := &redactor{}
	for _, s := range secrets {
		if s != "" {
			r.secrets = append(r.secrets, s)
		}
	}
	if len(r.secrets) == 0 {
		return nil
	}
	r.start['\\'], r.start['%'] = true, true
	for _, s := range r.secrets {
		r.start[s[0]] = true
		if s[0] == ' ' {
			r.start['+'] = true
		}
	}
	return r
}

// basicAuthForms returns the base64 forms of an HTTP Basic credential for
// id and secret, plain and with both parts query-escaped (as
// golang.org/x/oauth2 sends it), unpadded so that padded echoes match too.
func basicAuthForms(id, secret string) []string {
	var forms []string
	for _, pair := range []string{id + ":" + secret, url.QueryEscape(id) + ":" + url.QueryEscape(secret)} {
		for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
			if f := enc.EncodeToString([]byte(pair)); !slices.Contains(forms, f) {
				forms = append(forms, f)
			}
		}
	}
	return forms
}

// with returns a redactor that also finds extra (empty strings are ignored).
func (r *redactor) with(extra ...string) *redactor {
	var all []string
	if r != nil {
		all = append(all, r.secrets...)
	}
	return newRedactor(append(all, extra...)...)
}

// String returns s with every secret replaced by [REDACTED]; s itself if it holds none.
func (r *redactor) String(s string) string {
	if r == nil {
		return s
	}
	start, end := r.next(s, 0, false)
	if start < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	r.write(&b, s, start, end, false)
	return b.String()
}

// Bytes returns b with every secret replaced by [REDACTED]. If truncated,
// b is the start of a longer text, and a secret cut off at its end is
// replaced as well.
func (r *redactor) Bytes(b []byte, truncated bool) []byte {
	if r == nil {
		return b
	}
	s := string(b)
	start, end := r.next(s, 0, truncated)
	if start < 0 {
		return b
	}
	var out strings.Builder
	out.Grow(len(s))
	r.write(&out, s, start, end, truncated)
	return []byte(out.String())
}

// write writes s to b with its secrets replaced, the first of them found at [start, end).
func (r *redactor) write(b *strings.Builder, s string, start, end int, truncated bool) {
	from := 0
	for start >= 0 {
		b.WriteString(s[from:start])
		b.WriteString(redacted)
		from = end
		start, end = r.next(s, end, truncated)
	}
	b.WriteString(s[from:])
}

// next returns the leftmost, then longest, secret in s at or after from, or -1, -1.
func (r *redactor) next(s string, from int, truncated bool) (start, end int) {
	for i := from; i < len(s); i++ {
		if !r.start[s[i]] {
			continue
		}
		best := -1
		for _, secret := range r.secrets {
			if e := matchAt(s, i, secret, truncated); e > best {
				best = e
			}
		}
		if best > i {
			return i, best
		}
	}
	return -1, -1
}

// matchAt returns the end of an echo of secret that starts at s[i], or -1.
// If truncated, an echo cut off by the end of s after at least one of the
// secret's bytes counts as one.
func matchAt(s string, i int, secret string, truncated bool) int {
	e := echo{s: s, secret: secret, truncated: truncated}
	return e.match(i, 0)
}

// echo matches one secret against a text, decoding escapes as it goes.
type echo struct {
	s, secret string
	truncated bool
	// failed holds the branch points (text and secret offsets) known not to
	// lead to a match, so a text full of ambiguous escapes costs polynomial time.
	failed [][2]int
}

// match returns the end of the echo of secret[j:] that starts at s[p], or -1.
func (e *echo) match(p, j int) int {
	for j < len(e.secret) {
		if p == len(e.s) {
			return e.cutOff(j)
		}
		n, w, cut := escapeUnit(e.s[p:], e.secret[j:])
		c, sc := e.s[p], e.secret[j]
		plain := c == sc || (c == '+' && sc == ' ')
		switch {
		case n > 0 && plain: // "%25" is '%' or the three bytes; try both
			if slices.Contains(e.failed, [2]int{p, j}) {
				return -1
			}
			if end := e.match(p+n, j+w); end >= 0 {
				return end
			}
			if end := e.match(p+1, j+1); end >= 0 {
				return end
			}
			e.failed = append(e.failed, [2]int{p, j})
			return -1
		case n > 0:
			p, j = p+n, j+w
		case plain:
			p, j = p+1, j+1
		case cut:
			return e.cutOff(j)
		default:
			return -1
		}
	}
	return p
}

// cutOff returns the end of an echo that the end of the text cut off after
// j bytes of the secret: the end of the text if it is truncated and j > 0, else -1.
func (e *echo) cutOff(j int) int {
	if e.truncated && j > 0 {
		return len(e.s)
	}
	return -1
}

// escapeUnit decodes the JSON or percent escape at the start of s and
// matches it against the start of secret: n and w are the bytes of s and of
// secret it spans, or 0 if s does not start with an escape of secret's
// first character; cut reports an escape that the end of s cut off.
func escapeUnit(s, secret string) (n, w int, cut bool) {
	switch s[0] {
	case '\\':
		r, n, cut := jsonEscape(s)
		if n > 0 {
			if w := runeWidth(r, secret); w > 0 {
				return n, w, false
			}
		}
		return 0, 0, cut
	case '%':
		if len(s) < 3 {
			return 0, 0, true
		}
		if hi, lo := unhex(s[1]), unhex(s[2]); hi >= 0 && lo >= 0 && byte(hi<<4|lo) == secret[0] {
			return 3, 1, false
		}
	}
	return 0, 0, false
}

// jsonEscape decodes the JSON string escape at the start of s (which starts
// with a backslash), a surrogate pair included: the rune and the escape's
// length, or n = 0 if it is not one; cut reports an escape that the end of s
// cut off.
func jsonEscape(s string) (r rune, n int, cut bool) {
	if len(s) < 2 {
		return 0, 0, true
	}
	switch s[1] {
	case '"', '\\', '/':
		return rune(s[1]), 2, false
	case 'b':
		return '\b', 2, false
	case 'f':
		return '\f', 2, false
	case 'n':
		return '\n', 2, false
	case 'r':
		return '\r', 2, false
	case 't':
		return '\t', 2, false
	case 'u':
	default:
		return 0, 0, false
	}
	if len(s) < 6 {
		return 0, 0, true
	}
	r = hex4(s[2:6])
	if r < 0 {
		return 0, 0, false
	}
	if !utf16.IsSurrogate(r) {
		return r, 6, false
	}
	if len(s) < 12 {
		return 0, 0, true
	}
	if s[6] != '\\' || s[7] != 'u' {
		return 0, 0, false
	}
	if r = utf16.DecodeRune(r, hex4(s[8:12])); r == utf8.RuneError {
		return 0, 0, false
	}
	return r, 12, false
}

// runeWidth returns the length of the UTF-8 encoding of r if secret starts with it, else 0.
func runeWidth(r rune, secret string) int {
	if r < utf8.RuneSelf {
		if secret[0] == byte(r) {
			return 1
		}
		return 0
	}
	if got, size := utf8.DecodeRuneInString(secret); got == r && size > 1 {
		return size
	}
	return 0
}

// hex4 returns the value of four hexadecimal digits, or -1.
func hex4(s string) rune {
	var v rune
	for i := range 4 {
		d := unhex(s[i])
		if d < 0 {
			return -1
		}
		v = v<<4 | rune(d)
	}
	return v
}

// unhex returns the value of a hexadecimal digit of either case, or -1.
func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
