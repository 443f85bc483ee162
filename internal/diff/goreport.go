package diff

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/stgen-dev/stgen/internal/goapi"
	"github.com/stgen-dev/stgen/internal/markdown"
	"github.com/stgen-dev/stgen/internal/plural"
)

// The Go API section of a report (stgen diff --go): after the spec-level
// changes, how the exported API of the generated packages changes, package
// by package, and the incompatible changes nothing in the documents
// explains, listed apart.

// goHeadline returns "major: 109 incompatible and 60 compatible changes in
// 13 of 24 packages".
func goHeadline(g *goapi.Report) string {
	var incompatible, compatible, changed int
	for _, p := range g.Packages {
		incompatible += len(p.Incompatible)
		compatible += len(p.Compatible)
		if p.Bump != goapi.Patch {
			changed++
		}
	}
	s := fmt.Sprintf("%s: %d incompatible and %d compatible %s in %d of %d %s", g.Bump, incompatible, compatible,
		plural.Of(compatible, "change", "changes"), changed, len(g.Packages), plural.Of(len(g.Packages), "package", "packages"))
	if len(g.Removed) > 0 {
		s += fmt.Sprintf("; %s removed", strings.Join(g.Removed, ", "))
	}
	if len(g.Added) > 0 {
		s += fmt.Sprintf("; %s added", strings.Join(g.Added, ", "))
	}
	return s
}

// unexplainedTitle introduces the changes nothing in the documents explains.
const unexplainedTitle = "Generator-induced changes (no change in the documents explains them)"

// textGoAPI writes the Go API section as text: the headline, each changed
// package with its bump and its incompatible changes (each with what
// explains it) and compatible ones, then the unexplained changes.
func textGoAPI(b *bufio.Writer, g *goapi.Report) {
	fmt.Fprintf(b, "\nGo API (apidiff over the generated packages): %s\n", goHeadline(g))
	for _, p := range g.Packages {
		if p.Bump == goapi.Patch {
			continue
		}
		fmt.Fprintf(b, "\n%s: %s, %d incompatible, %d compatible\n", p.Package, p.Bump, len(p.Incompatible), len(p.Compatible))
		if len(p.Incompatible) > 0 {
			fmt.Fprint(b, "  Incompatible\n")
			for _, c := range p.Incompatible {
				fmt.Fprintf(b, "    %s\n      %s\n", c.Message, explanation(c))
			}
		}
		if len(p.Compatible) > 0 {
			fmt.Fprint(b, "  Compatible\n")
			for _, c := range p.Compatible {
				fmt.Fprintf(b, "    %s\n", c.Message)
			}
		}
	}
	fmt.Fprintf(b, "\n%s: %d\n", unexplainedTitle, len(g.Unexplained))
	for _, c := range g.Unexplained {
		fmt.Fprintf(b, "  %s: %s\n", packageOf(c), c.Message)
	}
}

// markdownGoAPI writes the Go API section as Markdown: the headline, a
// table of the changed packages, the unexplained changes, then each changed
// package's changes folded.
func markdownGoAPI(b *bufio.Writer, g *goapi.Report) {
	fmt.Fprintf(b, "\n## Go API\n\napidiff over the generated packages: **%s**.\n", goHeadline(g))
	var changed []goapi.Package
	for _, p := range g.Packages {
		if p.Bump != goapi.Patch {
			changed = append(changed, p)
		}
	}
	if len(changed) > 0 {
		fmt.Fprint(b, "\n| package | bump | incompatible | compatible |\n|---|---|--:|--:|\n")
		for _, p := range changed {
			fmt.Fprintf(b, "| %s | %s | %d | %d |\n", p.Package, p.Bump, len(p.Incompatible), len(p.Compatible))
		}
	}
	fmt.Fprintf(b, "\n**%s**: ", unexplainedTitle)
	if len(g.Unexplained) == 0 {
		fmt.Fprint(b, "none.\n")
	} else {
		fmt.Fprintf(b, "%d.\n\n", len(g.Unexplained))
		for _, c := range g.Unexplained {
			fmt.Fprintf(b, "- %s %s\n", markdown.Escape(packageOf(c)+":"), markdown.Code(c.Message))
		}
	}
	for _, p := range changed {
		fmt.Fprintf(b, "\n<details><summary>%s: %d incompatible, %d compatible</summary>\n\n", p.Package, len(p.Incompatible), len(p.Compatible))
		for _, c := range p.Incompatible {
			fmt.Fprintf(b, "- %s _%s_\n", markdown.Code(c.Message), markdown.Escape(explanation(c)))
		}
		for _, c := range p.Compatible {
			fmt.Fprintf(b, "- %s\n", markdown.Code(c.Message))
		}
		fmt.Fprint(b, "\n</details>\n")
	}
}

// explanation says what explains an incompatible change.
func explanation(c goapi.Change) string {
	if c.ExplainedBy == "" {
		return "no change in the documents explains it: stgen's naming made it"
	}
	return "explained by " + c.ExplainedBy
}

// packageOf returns the package of a Go change ("jpm" of "jpm.JobsResource.Complete").
func packageOf(c goapi.Change) string {
	pkg, _, _ := strings.Cut(c.Ident, ".")
	return pkg
}
