package examples_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/testenv"
)

// TestETLReadme checks that every Go snippet of the README's ETL section is
// code of examples/etl, line for line (indentation aside), which TestETL
// builds and vets: the README shows code that compiles and runs.
func TestETLReadme(t *testing.T) {
	readme := readFile(t, filepath.Join(testenv.RepoRoot(), "README.md"))
	_, section, ok := strings.Cut(readme, "\n## ETL: a production sync\n")
	if !ok {
		t.Fatal("README.md has no section \"## ETL: a production sync\"")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	snippets := goSnippets(section)
	if len(snippets) < 4 {
		t.Fatalf("the ETL section has %d Go snippets; want the feed's start, the drain, the loop and the limits", len(snippets))
	}
	files, err := filepath.Glob(filepath.Join(testenv.RepoRoot(), "examples", "etl", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var code [][]string
	for _, f := range files {
		code = append(code, codeLines(readFile(t, f)))
	}
	for _, snippet := range snippets {
		want := codeLines(snippet)
		if !slices.ContainsFunc(code, func(lines []string) bool { return containsRun(lines, want) }) {
			t.Errorf("this snippet of the README's ETL section is not code of examples/etl:\n%s", snippet)
		}
	}
}

// goSnippets returns the bodies of the ```go blocks of markdown, fenced at
// any indentation.
func goSnippets(markdown string) []string {
	var snippets []string
	var cur *strings.Builder
	for line := range strings.Lines(markdown) {
		fence := strings.TrimSpace(line)
		switch {
		case cur == nil && fence == "```go":
			cur = &strings.Builder{}
		case cur != nil && fence == "```":
			snippets = append(snippets, cur.String())
			cur = nil
		case cur != nil:
			cur.WriteString(line)
		}
	}
	return snippets
}

// codeLines returns the lines of src without their indentation, blank
// ones left out.
func codeLines(src string) []string {
	var lines []string
	for line := range strings.Lines(src) {
		if l := strings.TrimSpace(line); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// containsRun reports whether run occurs in lines, one line after another.
func containsRun(lines, run []string) bool {
	for i := 0; i+len(run) <= len(lines); i++ {
		if slices.Equal(lines[i:i+len(run)], run) {
			return true
		}
	}
	return false
}
