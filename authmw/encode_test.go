package authmw

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"math/rand/v2"
	"net/url"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// The encoders below are how a server may echo a secret; the tests check
// that the redactor finds each of them. They are written independently of
// the redactor's decoder.

// echoEncodings returns the ways a server may echo s, by name.
func echoEncodings(s string) map[string]string {
	lowerHex := func(e string) string {
		var b strings.Builder
		for i := 0; i < len(e); i++ {
			if e[i] == '%' && i+2 < len(e) {
				b.WriteString("%" + strings.ToLower(e[i+1:i+3]))
				i += 2
				continue
			}
			b.WriteByte(e[i])
		}
		return b.String()
	}
	marshalled, _ := json.Marshal(s)
	doublePercent := func(e string) string { return strings.ReplaceAll(e, "%", "%25") }
	return map[string]string{
		"raw":                      s,
		"JSON (encoding/json)":     string(marshalled[1 : len(marshalled)-1]),
		"JSON, all \\u lowercase":  jsonEscapeEach(s, func(int) bool { return true }, "%04x"),
		"JSON, all \\u uppercase":  jsonEscapeEach(s, func(int) bool { return true }, "%04X"),
		"JSON, every other rune":   jsonEscapeEach(s, func(i int) bool { return i%2 == 0 }, "%04x"),
		"JSON, \\/ for slashes":    strings.ReplaceAll(s, "/", `\/`),
		"query escape":             url.QueryEscape(s),
		"query escape, lowercase":  lowerHex(url.QueryEscape(s)),
		"path escape":              url.PathEscape(s),
		"every byte, lowercase":    percentEach(s, "%%%02x"),
		"every byte, uppercase":    percentEach(s, "%%%02X"),
		"query escape, twice":      url.QueryEscape(url.QueryEscape(s)),
		"path escape, twice":       url.PathEscape(url.PathEscape(s)),
		"every byte, twice":        doublePercent(percentEach(s, "%%%02X")),
		"every byte, three times":  doublePercent(doublePercent(percentEach(s, "%%%02x"))),
		"HTML (html.EscapeString)": html.EscapeString(s),
		"HTML, decimal":            htmlEach(s, func(int) string { return "&#%d;" }),
		"HTML, hex":                htmlEach(s, func(int) string { return "&#x%x;" }),
		"HTML, HEX":                htmlEach(s, func(int) string { return "&#X%04X;" }),
		"HTML, mixed":              htmlEach(s, func(i int) string { return []string{"&#%d;", "&#x%X;", "", "&#%06d;"}[i%4] }),
		"HTML, no semicolons":      htmlNoSemicolons(s),
		"base64":                   base64.StdEncoding.EncodeToString([]byte(s)),
		"base64, unpadded":         base64.RawStdEncoding.EncodeToString([]byte(s)),
		"base64 URL":               base64.URLEncoding.EncodeToString([]byte(s)),
		"base64 URL, unpadded":     base64.RawURLEncoding.EncodeToString([]byte(s)),
		"hex":                      hex.EncodeToString([]byte(s)),
		"HEX":                      strings.ToUpper(hex.EncodeToString([]byte(s))),
	}
}

// htmlNoSemicolons writes s with every other rune as a decimal character
// reference without its semicolon, unless a digit follows, which would
// read as part of the number.
func htmlNoSemicolons(s string) string {
	var b strings.Builder
	runes := []rune(s)
	for i, r := range runes {
		switch {
		case i%2 == 1:
			b.WriteRune(r)
		case i+1 < len(runes) && '0' <= runes[i+1] && runes[i+1] <= '9':
			fmt.Fprintf(&b, "&#%d;", r)
		default:
			fmt.Fprintf(&b, "&#%d", r)
		}
	}
	return b.String()
}

// htmlEach writes s with the i-th rune as the character reference that
// format(i) gives (fmt verbs for the code point), or as itself for "".
func htmlEach(s string, format func(i int) string) string {
	var b strings.Builder
	for i, r := range []rune(s) {
		f := format(i)
		if f == "" {
			b.WriteRune(r)
			continue
		}
		fmt.Fprintf(&b, f, r)
	}
	return b.String()
}

// jsonEscapeEach writes s with the runes whose index esc picks as \u escapes (format gives the hex digits).
func jsonEscapeEach(s string, esc func(int) bool, format string) string {
	var b strings.Builder
	for i, r := range []rune(s) {
		if !esc(i) {
			b.WriteRune(r)
			continue
		}
		if r >= 0x10000 {
			hi, lo := utf16.EncodeRune(r)
			b.WriteString(`\u` + fmt.Sprintf(format, hi) + `\u` + fmt.Sprintf(format, lo))
			continue
		}
		b.WriteString(`\u` + fmt.Sprintf(format, r))
	}
	return b.String()
}

// percentEach percent-escapes every byte of s with format.
func percentEach(s, format string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, format, s[i])
	}
	return b.String()
}

// basicAuth returns an Authorization header value carrying id and secret, as a proxy might echo it.
func basicAuth(id, secret string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(id+":"+secret))
}

// mixedEcho encodes each character of s in a way chosen by seed: raw,
// \u escape in either case, a short JSON escape, percent-escapes in either
// case, once or twice, '+' for a space, or an HTML character reference.
func mixedEcho(s string, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, seed>>32))
	short := map[rune]string{'"': `\"`, '\\': `\\`, '/': `\/`, '\b': `\b`, '\f': `\f`, '\n': `\n`, '\r': `\r`, '\t': `\t`}
	var b strings.Builder
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		char := s[:size]
		s = s[size:]
		valid := r != utf8.RuneError || size > 1
		switch rng.IntN(10) {
		case 1, 2:
			if valid {
				format := "%04x"
				if rng.IntN(2) == 0 {
					format = "%04X"
				}
				b.WriteString(jsonEscapeEach(char, func(int) bool { return true }, format))
				continue
			}
		case 3:
			if e, ok := short[r]; ok {
				b.WriteString(e)
				continue
			}
		case 4:
			b.WriteString(percentEach(char, "%%%02x"))
			continue
		case 5:
			b.WriteString(percentEach(char, "%%%02X"))
			continue
		case 6:
			if r == ' ' {
				b.WriteByte('+')
				continue
			}
		case 7:
			b.WriteString(percentEach(char, "%%25%02X"))
			continue
		case 8:
			if valid {
				fmt.Fprintf(&b, "&#%d;", r)
				continue
			}
		case 9:
			if valid {
				fmt.Fprintf(&b, []string{"&#x%x;", "&#X%X;"}[rng.IntN(2)], r)
				continue
			}
		}
		b.WriteString(char)
	}
	return b.String()
}
