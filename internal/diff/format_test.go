package diff

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// formatPair is the pair of releases of the format tests: several kinds of
// change in two domains, a domain added, and a list long enough to fold.
var formatPair = [2]string{"testdata/format/2026-01-01", "testdata/format/2026-02-01"}

func TestGolden(t *testing.T) {
	r := compareDirs(t, formatPair[0], formatPair[1])
	for _, tt := range []struct{ format, file string }{
		{"text", "report.txt"},
		{"markdown", "report.md"},
		{"json", "report.json"},
	} {
		t.Run(tt.format, func(t *testing.T) {
			checkGolden(t, r, tt.format, tt.file, "TestGolden")
		})
	}
}

// checkGolden formats r and compares it with testdata/golden/file, which
// -update rewrites; test names the test that -update should run. It returns
// the output.
func checkGolden(t *testing.T, r *Report, format, file, test string) []byte {
	t.Helper()
	got := formatReport(t, r, format)
	golden := filepath.Join("testdata/golden", file)
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/diff -run %s -update)", err, test)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s output differs from %s (run with -update and review the diff):\n%s", format, golden, got)
	}
	return got
}

// formatReport formats r in format.
func formatReport(t *testing.T, r *Report, format string) []byte {
	t.Helper()
	f, err := NewFormatter(format)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := f.Format(&out, r); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestJSONShape(t *testing.T) {
	r := compareDirs(t, formatPair[0], formatPair[1])
	var out bytes.Buffer
	if err := (JSON{}).Format(&out, r); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Old, New string
		Summary  struct{ Breaking, NonBreaking *int }
		Changes  []map[string]any
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Old != "2026-01-01" || doc.New != "2026-02-01" {
		t.Errorf("old, new = %q, %q; want the folder names", doc.Old, doc.New)
	}
	if doc.Summary.Breaking == nil || doc.Summary.NonBreaking == nil || *doc.Summary.Breaking+*doc.Summary.NonBreaking != len(doc.Changes) {
		t.Errorf("summary %+v does not count the %d changes", doc.Summary, len(doc.Changes))
	}
	for _, c := range doc.Changes {
		for _, key := range []string{"domain", "kind", "breaking", "message", "reason"} {
			if _, ok := c[key]; !ok {
				t.Errorf("change %v has no %q", c, key)
			}
		}
		if op, ok := c["operation"].(string); ok && !strings.Contains(op, " /") {
			t.Errorf("operation %q is not METHOD /full/path", op)
		}
	}
}

func TestNoChangesFormats(t *testing.T) {
	r := &Report{Old: "a", New: "b", Changes: []Change{}}
	for _, name := range Formats() {
		f, err := NewFormatter(name)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := f.Format(&out, r); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			"text":     "a -> b: no changes\n",
			"markdown": "## API changes a → b\n\nNo changes.\n",
			"json":     "{\n  \"old\": \"a\",\n  \"new\": \"b\",\n  \"summary\": {\n    \"breaking\": 0,\n    \"nonBreaking\": 0\n  },\n  \"changes\": []\n}\n",
		}[name]
		if out.String() != want {
			t.Errorf("%s: %q; want %q", name, out.String(), want)
		}
	}
	if _, err := NewFormatter("yaml"); err == nil || !strings.Contains(err.Error(), "text, markdown, json") {
		t.Errorf("NewFormatter(yaml) = %v; want an error listing the formats", err)
	}
}

func TestEscapeMarkdown(t *testing.T) {
	c := Change{Message: "field a_b <b>*x*</b> [y] | z # of crm.Foo_Bar", Go: []string{"crm.Foo_Bar"}}
	got := markdownMessage(c)
	want := "field a\\_b &lt;b&gt;\\*x\\*&lt;/b&gt; \\[y\\] \\| z \\# of `crm.Foo_Bar`"
	if got != want {
		t.Errorf("markdownMessage = %q; want %q", got, want)
	}
}
