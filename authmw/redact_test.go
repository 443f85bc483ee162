package authmw

import (
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"
)

// awkwardSecrets are secrets with every character that has an escape of its
// own, and some that look like escapes themselves.
var awkwardSecrets = []string{
	testSecret,
	"a+b/c d",
	`pä$$ "w/rd"\ 😀 x`,
	`%41%zz\u0041+`,
	"%25%2525",
}

func TestRedactorEncodings(t *testing.T) {
	for _, secret := range awkwardSecrets {
		r := newRedactor(secret)
		for name, enc := range echoEncodings(secret) {
			in := `{"title":"bad ` + enc + `", "x":1}`
			if got, want := r.String(in), `{"title":"bad [REDACTED]", "x":1}`; got != want {
				t.Errorf("secret %q, %s %q: String = %q; want %q", secret, name, enc, got, want)
			}
			if got, want := string(r.Bytes([]byte(in), false)), `{"title":"bad [REDACTED]", "x":1}`; got != want {
				t.Errorf("secret %q, %s %q: Bytes = %q; want %q", secret, name, enc, got, want)
			}
		}
		for seed := range uint64(50) {
			enc := mixedEcho(secret, seed)
			if got := r.String("<" + enc + ">"); got != "<[REDACTED]>" {
				t.Errorf("secret %q, mixed echo %q: String = %q; want %q", secret, enc, got, "<[REDACTED]>")
			}
		}
	}
}

func TestRedactorBasicAuth(t *testing.T) {
	for _, secret := range awkwardSecrets {
		r := newRedactor(basicAuthForms(testClientID, secret)...)
		for _, in := range []string{basicAuth(testClientID, secret), `"Authorization":"` + strings.ReplaceAll(basicAuth(testClientID, secret), "/", `\/`) + `"`} {
			if got := r.String(in); strings.Contains(got, strings.TrimPrefix(basicAuth(testClientID, secret), "Basic ")) || !strings.Contains(got, redacted) {
				t.Errorf("secret %q: String(%q) = %q; want the credential redacted", secret, in, got)
			}
		}
	}
}

func TestRedactorSeveralSecrets(t *testing.T) {
	r := newRedactor(testSecret, "", testAppKey).with(tokenPrefix+"1", "")
	in := "secret=" + testSecret + " key=" + url0(testAppKey) + " token=" + tokenPrefix + "1 other"
	if got, want := r.String(in), "secret=[REDACTED] key=[REDACTED] token=[REDACTED] other"; got != want {
		t.Errorf("String = %q; want %q", got, want)
	}
	// Leftmost, then longest: a secret that starts another is replaced whole.
	r = newRedactor("abc", "abcdef")
	if got, want := r.String("xabcdefx abcx"), "x[REDACTED]x [REDACTED]x"; got != want {
		t.Errorf("String = %q; want %q", got, want)
	}
}

// url0 percent-escapes the dot of an app key, as a query string might.
func url0(s string) string { return strings.ReplaceAll(s, ".", "%2e") }

func TestRedactorNothingToRedact(t *testing.T) {
	var none *redactor
	if got := none.String("x " + testSecret); got != "x "+testSecret {
		t.Errorf("nil redactor changed its input: %q", got)
	}
	if newRedactor("", "") != nil {
		t.Errorf("newRedactor with no secrets is not nil")
	}
	r := newRedactor(testSecret, testAppKey)
	in := `{"title":"Not Found","detail":"100% of \u0063ustomers \\ + cs- ak1"}`
	if got := r.String(in); got != in {
		t.Errorf("String changed a text without secrets: %q", got)
	}
	if n := testing.AllocsPerRun(100, func() { r.String(in) }); n != 0 {
		t.Errorf("String of a text without secrets allocates %v times; want 0", n)
	}
}

func TestRedactorTruncated(t *testing.T) {
	r := newRedactor(testSecret)
	for _, tt := range []struct{ in, truncated, whole string }{
		{"x " + testSecret[:5], "x [REDACTED]", "x " + testSecret[:5]},
		{`x ` + testSecret[:2] + `\u00`, "x [REDACTED]", `x ` + testSecret[:2] + `\u00`},
		{`x ` + testSecret[:2] + `%2`, "x [REDACTED]", `x ` + testSecret[:2] + `%2`},
		{`x \u00`, `x \u00`, `x \u00`},                                                 // no byte of the secret yet: nothing to hide
		{`x ` + testSecret[:2] + `%25`, "x [REDACTED]", `x ` + testSecret[:2] + `%25`}, // %252D?
		{`x ` + testSecret[:2] + `&#4`, "x [REDACTED]", `x ` + testSecret[:2] + `&#4`},
		{`x ` + testSecret[:2] + `&#x`, "x [REDACTED]", `x ` + testSecret[:2] + `&#x`},
		{`x ` + testSecret[:2] + `&`, "x [REDACTED]", `x ` + testSecret[:2] + `&`},
	} {
		if got := string(r.Bytes([]byte(tt.in), true)); got != tt.truncated {
			t.Errorf("Bytes(%q, truncated) = %q; want %q", tt.in, got, tt.truncated)
		}
		if got := string(r.Bytes([]byte(tt.in), false)); got != tt.whole {
			t.Errorf("Bytes(%q, whole) = %q; want %q", tt.in, got, tt.whole)
		}
	}
}

func TestRedactorHTMLReferences(t *testing.T) {
	r := newRedactor("a&b<c>\"d'e9")
	for _, in := range []string{
		`a&amp;b&lt;c&gt;&quot;d&apos;e9`,
		`&#97&#38;b&#x3C;c&#X3e;&#34;d&#39;e&#57;`,
		`&#0097;&#x0026;b&#60c&#62&#x22;d&#39e9`,
	} {
		if got := r.String("<" + in + ">"); got != "<[REDACTED]>" {
			t.Errorf("String(%q) = %q; want it redacted", in, got)
		}
	}
	for _, in := range []string{
		`&#9799;&amp;b<c>"d'e9`,        // &#9799; is one character, not "a" and "99"
		`a&AMP;b<c>"d'e9`,              // named references are lowercase
		`a&#1114150;b<c>"d'e9`,         // past the last code point
		`a&#x;&b<c>"d'e9`,              // no digits
		`a&#99999999999999999999;b<c>`, // does not overflow into a match
	} {
		if got := r.String(in); got != in {
			t.Errorf("String(%q) = %q; want it unchanged", in, got)
		}
	}
}

func TestRedactorPercentDepth(t *testing.T) {
	r := newRedactor("A+")
	for _, in := range []string{"%41%2B", "%2541%252B", "%252541%25252B", "%25252541%2525252B", "A+"} {
		if got := r.String(in); got != redacted {
			t.Errorf("String(%q) = %q; want %q", in, got, redacted)
		}
	}
	// Deeper than maxPercentDepth: read no more.
	if in := "%2525252541%2B"; r.String(in) != in {
		t.Errorf("String(%q) = %q; want it unchanged", in, r.String(in))
	}
	// A space may be '+', encoded or not.
	r = newRedactor("a b")
	for _, in := range []string{"a+b", "a%2Bb", "a%252Bb", "a%20b", "a&#32;b"} {
		if got := r.String(in); got != redacted {
			t.Errorf("String(%q) = %q; want %q", in, got, redacted)
		}
	}
}

func TestRedactorAmbiguousEscapes(t *testing.T) {
	// A run of backslashes reads as raw backslashes or as JSON's \\ in
	// Fibonacci-many ways; without the memo of failed branch points this
	// test would take hours.
	secret := strings.Repeat(`\`, 60) + "X"
	r := newRedactor(secret)
	in := strings.Repeat(`\`, 120) + "Y"
	if got := r.String(in); got != in {
		t.Errorf("String changed a text without the secret")
	}
	// From the start: 30 escaped and 30 raw backslashes, then X.
	if got := r.String(strings.Repeat(`\`, 90) + "X"); got != redacted {
		t.Errorf("String = %q; want %q", got, redacted)
	}
	if got := r.String(strings.Repeat("%25", 20) + "%21"); got != strings.Repeat("%25", 20)+"%21" {
		t.Errorf("String = %q; want it unchanged", got)
	}
	r = newRedactor(strings.Repeat("%25", 20) + "!")
	if got := r.String(strings.Repeat("%25", 20) + "%21"); got != redacted {
		t.Errorf("String = %q; want %q", got, redacted)
	}
}

// FuzzRedactor checks that a secret echoed in any mix of encodings, between
// arbitrary text, never survives redaction: character by character (raw,
// JSON, percent-encoding once or twice, HTML references); in base64 or
// hexadecimal, then escaped character by character; or query-escaped twice.
func FuzzRedactor(f *testing.F) {
	for i, s := range awkwardSecrets {
		f.Add(s, `{"error":"`, uint64(i))
	}
	f.Add("%", "%%25", uint64(7))
	f.Add(`\`, `\\u005c`, uint64(3))
	f.Add("&#", "&#38;&#x26", uint64(11))
	f.Add("a&b;c", "&amp;&#", uint64(12))
	f.Fuzz(func(t *testing.T, secret, text string, seed uint64) {
		if secret == "" || strings.ContainsRune(secret, 0) || len(secret) > 64 {
			t.Skip()
		}
		r := newRedactor(secret)
		r.String(text)
		r.Bytes([]byte(text), true)
		var enc string
		switch b := []byte(secret); seed % 8 {
		case 2:
			enc = mixedEcho(base64.StdEncoding.EncodeToString(b), seed)
		case 3:
			enc = mixedEcho(base64.RawURLEncoding.EncodeToString(b), seed)
		case 4:
			enc = mixedEcho(hex.EncodeToString(b), seed)
		case 5:
			enc = mixedEcho(strings.ToUpper(hex.EncodeToString(b)), seed)
		case 6:
			enc = url.QueryEscape(url.QueryEscape(secret))
		default:
			enc = mixedEcho(secret, seed)
		}
		out := r.String(text + enc + text)
		if strings.Contains(strings.ReplaceAll(out, redacted, "\x00"), enc) {
			t.Errorf("secret %q echoed as %q survives: %q", secret, enc, out)
		}
	})
}

// BenchmarkRedactor measures redacting the chain's secrets (client secret,
// app key, access token and Basic credentials) from a 1 MiB error body that
// holds none, the common case, and one that echoes them every 4 KiB.
func BenchmarkRedactor(b *testing.B) {
	r := newRedactor(testSecret, testAppKey).withLiteral(basicAuthForms(testClientID, testSecret)...).with(tokenPrefix + "1")
	var clean strings.Builder
	for clean.Len() < 1<<20 {
		clean.WriteString(`{"type":"https://tools.ietf.org/html/rfc7231#section-6.5.1","title":"One or more validation errors occurred.",` +
			`"status":400,"traceId":"00-4f1c2b9a7e-01","errors":{"customerId":["The value '12%34' is not valid \u0026 100% wrong."]}}` + "\n")
	}
	echoes := strings.ReplaceAll(clean.String(), "One or more", "key "+testAppKey+" and")
	for _, in := range []struct{ name, text string }{{"secrets=none", clean.String()}, {"secrets=echoed", echoes}} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.text)))
			b.ReportAllocs()
			for b.Loop() {
				r.Bytes([]byte(in.text), false)
			}
		})
	}
}
