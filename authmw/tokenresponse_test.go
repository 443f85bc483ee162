package authmw

import (
	"bytes"
	"encoding/json"
	"maps"
	"strings"
	"testing"
	"time"
)

func TestNormalizeExpiresIn(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`{"access_token":"a","expires_in":1.5}`, `{"access_token":"a","expires_in":1}`},
		{`{"expires_in":1e300,"token_type":"Bearer"}`, `{"token_type":"Bearer","expires_in":86400}`},
		{`{"expires_in":"900"}`, `{"expires_in":900}`},
		{`{"expires_in":0.2}`, `{}`},
		{`{"expires_in":null,"a":[1,{"b":2}]}`, `{"a":[1,{"b":2}]}`},
		{`{"EXPIRES_IN":7,"expires_in":8}`, `{"expires_in":8}`},
		{`{"k":"<&>"}`, `{"k":"<&>"}`},                                   // no expires_in: as it was
		{`{"expires_in":1.5} trailing`, `{"expires_in":1.5} trailing`},   // not one object: as it was
		{`{"expires_in":1.5`, `{"expires_in":1.5`},                       // cut off
		{`[{"expires_in":1.5}]`, `[{"expires_in":1.5}]`},                 // not an object
		{`{"expires_in":1.5, "x": tru}`, `{"expires_in":1.5, "x": tru}`}, // malformed
		{"  {\"expires_in\":900}\n", `{"expires_in":900}`},
	} {
		if got := string(normalizeExpiresIn([]byte(tt.in))); got != tt.want {
			t.Errorf("normalizeExpiresIn(%s) = %s; want %s", tt.in, got, tt.want)
		}
	}
}

// FuzzNormalizeExpiresIn checks that normalizeExpiresIn never fails on any
// input, changes only a JSON object's expires_in members, and leaves a
// lifetime that x/oauth2 parses and that equals what the original gave.
func FuzzNormalizeExpiresIn(f *testing.F) {
	for _, s := range []string{
		`{"access_token":"a","token_type":"Bearer","expires_in":900}`,
		`{"expires_in":1.5}`, `{"expires_in":"1e300"}`, `{"Expires_In":-3,"expires_in":{"a":[]}}`,
		`{"expires_in":99999999999999999999999}`, `{"a":"\u00e9\"","expires_in":true}`, `[]`, `{`, `null`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out := normalizeExpiresIn(in)
		var before map[string]any
		d := json.NewDecoder(bytes.NewReader(in))
		d.UseNumber()
		if d.Decode(&before) != nil || len(bytes.TrimSpace(in[d.InputOffset():])) > 0 || before == nil {
			if !bytes.Equal(out, in) {
				t.Fatalf("normalizeExpiresIn changed %q, which is not one JSON object, into %q", in, out)
			}
			return
		}
		if bytes.Equal(out, in) {
			return // no expires_in, or already as x/oauth2 reads it
		}
		var after map[string]any
		if err := json.Unmarshal(out, &after); err != nil {
			t.Fatalf("normalizeExpiresIn(%q) = %q, not JSON: %v", in, out, err)
		}
		var orig any
		for k, v := range before {
			if strings.EqualFold(k, "expires_in") {
				orig = v
				delete(before, k)
			}
		}
		got, has := after["expires_in"]
		delete(after, "expires_in")
		// Numbers compare as text before and float64 after: compare the rest
		// by re-encoding both.
		b1, _ := json.Marshal(before)
		b2, _ := json.Marshal(after)
		var m1, m2 map[string]any
		json.Unmarshal(b1, &m1)
		json.Unmarshal(b2, &m2)
		if !maps.EqualFunc(m1, m2, func(a, b any) bool { x, _ := json.Marshal(a); y, _ := json.Marshal(b); return bytes.Equal(x, y) }) {
			t.Fatalf("normalizeExpiresIn(%q) = %q: the other members changed", in, out)
		}
		life, known := lifetime(orig)
		if !known {
			if has {
				t.Fatalf("normalizeExpiresIn(%q) = %q: kept an expires_in that gives no lifetime", in, out)
			}
			return
		}
		secs, ok := got.(float64)
		if !ok || secs != float64(life/time.Second) || secs < 1 || secs > maxTokenLifetime.Seconds() {
			t.Fatalf("normalizeExpiresIn(%q) = %q: expires_in %v; want %v whole seconds", in, out, got, life.Seconds())
		}
	})
}
