package authmw

import (
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// redacted replaces a secret in log lines, error texts and error bodies.
const redacted = "[REDACTED]"

// redactor finds secrets in text however a server may have echoed them:
// raw, JSON string escaping (\uXXXX in either case, \/, \" and the like),
// percent-encoding (either case, '+' for space, once or more: %2541 is %41
// encoded again), HTML character references (&#65; &#x41; &#X41, with or
// without the semicolon, and &amp; &lt; &gt; &quot; &apos;), any mix of
// these from one character to the next, and base64 (standard or URL
// alphabet, padded or not) or hexadecimal (either case) of the whole
// secret, themselves escaped in any of these ways. It decodes escapes while
// it scans, so no list of escaped variants is kept; a raw match is tried
// too, for a secret whose own characters look like an escape. The zero of
// *redactor (nil) finds nothing.
type redactor struct {
	secrets []string // each found with its base64 and hexadecimal forms
	literal []string // found as they are (base64 forms of a Basic credential)
	// forms are what the scan looks for: the secrets, their forms and the literals.
	forms []string
	// byFirst groups the forms by their first byte: the forms starting
	// with b are groups[byFirst[b]-1], none if byFirst[b] is 0.
	byFirst [256]uint16
	groups  [][]string
	// start marks the bytes a match can start with: the forms' first
	// bytes and the escape introducers.
	start [256]bool
}

// escape introducers: the first bytes of the escapes the redactor decodes.
const introducers = `\%&+`

// newRedactor returns a redactor of the non-empty secrets, or nil if there are none.
func newRedactor(secrets ...string) *redactor {
	return buildRedactor(secrets, nil)
}

// buildRedactor returns a redactor of the non-empty secrets and literal
// forms, or nil if there are none.
func buildRedactor(secrets, literal []string) *redactor {
	r := &redactor{}
	add := func(f string) {
		if f != "" && !slices.Contains(r.forms, f) {
			r.forms = append(r.forms, f)
		}
	}
	for _, s := range secrets {
		if s == "" {
			continue
		}
		r.secrets = append(r.secrets, s)
		b := []byte(s)
		for _, f := range []string{
			s,
			base64.StdEncoding.EncodeToString(b),
			base64.RawStdEncoding.EncodeToString(b),
			base64.URLEncoding.EncodeToString(b),
			base64.RawURLEncoding.EncodeToString(b),
			hex.EncodeToString(b),
			strings.ToUpper(hex.EncodeToString(b)),
		} {
			add(f)
		}
	}
	for _, f := range literal {
		if f != "" {
			r.literal = append(r.literal, f)
			add(f)
		}
	}
	if len(r.forms) == 0 {
		return nil
	}
	for i := range len(introducers) {
		r.start[introducers[i]] = true
	}
	for _, f := range r.forms {
		r.start[f[0]] = true
		if r.byFirst[f[0]] == 0 {
			r.groups = append(r.groups, nil)
			r.byFirst[f[0]] = uint16(len(r.groups))
		}
		g := r.byFirst[f[0]] - 1
		r.groups[g] = append(r.groups[g], f)
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

// with returns a redactor that also finds the secrets extra (empty strings are ignored).
func (r *redactor) with(extra ...string) *redactor {
	if r == nil {
		return newRedactor(extra...)
	}
	return buildRedactor(append(slices.Clip(r.secrets), extra...), r.literal)
}

// withLiteral returns a redactor that also finds the literal forms (empty strings are ignored).
func (r *redactor) withLiteral(forms ...string) *redactor {
	if r == nil {
		return buildRedactor(nil, forms)
	}
	return buildRedactor(r.secrets, append(slices.Clip(r.literal), forms...))
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
	var rs [maxReadings]reading
	for i := from; i < len(s); i++ {
		c := s[i]
		if !r.start[c] {
			continue
		}
		best := -1
		if strings.IndexByte(introducers, c) < 0 {
			best = r.matchGroup(s, i, c, truncated, best)
		} else {
			// An escape may stand for the first byte of any form: read it
			// once, and try the forms that start with what it stands for.
			n, _ := read(s[i:], &rs)
			var tried [maxReadings]byte
			for k, rd := range rs[:n] {
				if b := rd.first(); !slices.Contains(tried[:k], b) {
					best = r.matchGroup(s, i, b, truncated, best)
					tried[k] = b
				} else {
					tried[k] = c
				}
			}
		}
		if best > i {
			return i, best
		}
	}
	return -1, -1
}

// matchGroup returns the end of the longest echo at s[i] of the forms that
// start with b, or best if it is longer.
func (r *redactor) matchGroup(s string, i int, b byte, truncated bool, best int) int {
	if g := r.byFirst[b]; g != 0 {
		for _, form := range r.groups[g-1] {
			best = max(best, matchAt(s, i, form, truncated))
		}
	}
	return best
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
	// ends holds the end of the longest echo from each branch point (text
	// and secret offsets) explored, or -1, so a text full of ambiguous
	// escapes costs polynomial time; made at the first branch point.
	ends map[[2]int]int
}

// reading is one way to read the start of a text: n bytes of it stand for
// the byte b (as themselves, or a percent escape), or for the rune r (a
// JSON escape or an HTML reference) if isRune.
type reading struct {
	n      int
	b      byte
	r      rune
	isRune bool
}

// width returns how many bytes at the start of secret rd stands for, or 0.
func (rd reading) width(secret string) int {
	switch {
	case rd.isRune:
		return runeWidth(rd.r, secret)
	case rd.b == secret[0]:
		return 1
	}
	return 0
}

// first returns the first byte of what rd stands for.
func (rd reading) first() byte {
	if !rd.isRune {
		return rd.b
	}
	var buf [utf8.UTFMax]byte
	utf8.EncodeRune(buf[:], rd.r)
	return buf[0]
}

// maxReadings bounds the readings of one point: as itself, '+' also as a
// space, and as an escape (at each percent-encoding depth, one of which may
// be '+' and so a space too).
const maxReadings = 2 + maxPercentDepth

// maxPercentDepth bounds how many times over a byte may be percent-encoded
// (%41, %2541, %252541, ...) and still be read as that byte.
const maxPercentDepth = 4

// read stores in rs the readings of the start of s and returns how many
// there are; cut reports an escape that the end of s may have cut off.
func read(s string, rs *[maxReadings]reading) (k int, cut bool) {
	add := func(rd reading) {
		rs[k] = rd
		k++
		if !rd.isRune && rd.b == '+' { // '+' is a space in a query or a form
			rs[k] = reading{n: rd.n, b: ' '}
			k++
		}
	}
	add(reading{n: 1, b: s[0]})
	switch s[0] {
	case '\\':
		r, n, jcut := jsonEscape(s)
		if n > 0 {
			add(reading{n: n, r: r, isRune: true})
		}
		cut = jcut
	case '%':
		// %XX, then %25XX (the same byte encoded twice), %2525XX, ...
		for depth, i := 1, 1; depth <= maxPercentDepth; depth, i = depth+1, i+2 {
			if len(s) < i+2 {
				cut = true
				break
			}
			hi, lo := unhex(s[i]), unhex(s[i+1])
			if hi < 0 || lo < 0 {
				break
			}
			add(reading{n: i + 2, b: byte(hi<<4 | lo)})
			if hi != 2 || lo != 5 { // not '%': no deeper encoding
				break
			}
		}
	case '&':
		r, n, hcut := htmlReference(s)
		if n > 0 {
			add(reading{n: n, r: r, isRune: true})
		}
		cut = hcut
	}
	return k, cut
}

// match returns the end of the longest echo of secret[j:] that starts at
// s[p], or -1.
func (e *echo) match(p, j int) int {
	var rs [maxReadings]reading
	var units [maxReadings]struct{ n, w int }
	for j < len(e.secret) {
		if p == len(e.s) {
			return e.cutOff(j)
		}
		n, cut := read(e.s[p:], &rs)
		k := 0
		for _, rd := range rs[:n] {
			if w := rd.width(e.secret[j:]); w > 0 {
				units[k].n, units[k].w = rd.n, w
				k++
			}
		}
		switch {
		case k == 1:
			p, j = p+units[0].n, j+units[0].w
		case k > 1: // "%25" is '%' or the three bytes: try each reading
			if end, ok := e.ends[[2]int{p, j}]; ok {
				return end
			}
			best := -1
			for _, u := range units[:k] {
				best = max(best, e.match(p+u.n, j+u.w))
			}
			if e.ends == nil {
				e.ends = map[[2]int]int{}
			}
			e.ends[[2]int{p, j}] = best
			return best
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

// htmlReference decodes the HTML character reference at the start of s
// (which starts with '&'): a decimal or hexadecimal one, its semicolon
// optional, or one of the five named references of XML. It returns the
// rune and the reference's length, or n = 0 if it is not one; cut reports
// a reference that the end of s may have cut off.
func htmlReference(s string) (r rune, n int, cut bool) {
	for _, named := range [...]struct {
		ref string
		r   rune
	}{{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}} {
		if strings.HasPrefix(s, named.ref) {
			return named.r, len(named.ref), false
		}
		if len(s) < len(named.ref) && strings.HasPrefix(named.ref, s) {
			cut = true
		}
	}
	if len(s) < 3 {
		return 0, 0, cut || s == "&" || s == "&#"
	}
	if s[1] != '#' {
		return 0, 0, cut
	}
	i, base := 2, rune(10)
	if s[2] == 'x' || s[2] == 'X' {
		i, base = 3, 16
	}
	start := i
	for ; i < len(s); i++ {
		d := rune(unhex(s[i]))
		if d < 0 || d >= base {
			break
		}
		if r = r*base + d; r > unicode.MaxRune {
			return 0, 0, false
		}
	}
	switch {
	case i == start:
		return 0, 0, i == len(s)
	case i == len(s):
		cut = true // more digits may follow
	case s[i] == ';':
		i++
	}
	return r, i, cut
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
