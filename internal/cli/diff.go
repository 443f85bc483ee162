package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/stgen-dev/stgen/internal/diff"
	"github.com/stgen-dev/stgen/internal/goapi"
)

// exitChanges is diff's exit status when a change matched --fail-on.
const exitChanges = 3

const diffUsage = `Usage: stgen diff OLD NEW [--format text|markdown|json] [--fail-on breaking|any] [--domains crm,jpm] [--go]

Compares two releases (folders of OpenAPI documents, as generate's --specs)
on the model stgen generates from, the new release keeping the Go names the
old one gave (as generate does with its names file), and reports what
changed for a Go caller of the generated clients: domains, operations,
resources, parameters, request and response fields, types (removed,
renamed, no longer comparable with ==), enum values, deprecation and OAuth
scopes, each change classified breaking or not, with its reason and the
generated Go identifiers it touches; the differences of one field are one
change. The same API written as OpenAPI 3.0 and as 3.1 has no changes. The
report reads top-down: every breaking change, by domain, then the others,
then what changed in the documents without any Go effect (descriptions,
tags, the names of enum values, repeated enum entries).

--domains compares only the domains named; a document of another domain
that fails to load is left out. A domain neither release has is a usage
mistake.

With --go it also generates both releases' packages from the same models,
type-checks them and compares their exported Go API with apidiff: each
package's incompatible and compatible changes and the version bump they
imply (major, minor, patch), and, listed apart, the incompatible changes no
change in the documents explains: renames by stgen's naming. It needs no
network: the go command gives the standard library's export data from its
build cache. With --go, --fail-on breaking also matches an incompatible Go
change, and --fail-on any any Go change.

Exit status: 0 when no change matched --fail-on, 3 when one did, 1 on an
error (an unreadable release), 2 on a usage mistake.
`

func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("diff", diffUsage, stderr)
	format := fs.String("format", "text", "output format: "+strings.Join(diff.Formats(), ", "))
	failOn := fs.String("fail-on", "", "exit with status 3 when a change matches: breaking, or any")
	domains := fs.String("domains", "", "comma-separated domains to compare (default: all)")
	goAPI := fs.Bool("go", false, "also compare the Go API of the generated packages (apidiff)")
	// Flags may come before, between or after the two folders.
	var folders []string
	for {
		if code := parseFlags(fs, args, stdout); code >= 0 {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		folders = append(folders, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch {
	case len(folders) < 2:
		return usageError(fs, "two release folders are required, OLD and NEW")
	case len(folders) > 2:
		return usageError(fs, "unexpected argument %q", folders[2])
	}
	formatter, err := diff.NewFormatter(*format)
	if err != nil {
		return usageError(fs, "--format: %v", err)
	}
	if *failOn != "" && *failOn != "breaking" && *failOn != "any" {
		return usageError(fs, "--fail-on %q: use breaking or any", *failOn)
	}
	report, err := compareReleases(folders[0], folders[1], splitList(*domains), *goAPI)
	var unknown *diff.UnknownDomainError
	if errors.As(err, &unknown) {
		return usageError(fs, "%v", unknown)
	}
	if err == nil {
		err = formatter.Format(stdout, report)
	}
	if err != nil {
		for line := range strings.SplitSeq(err.Error(), "\n") {
			fmt.Fprintln(stderr, "stgen diff:", line)
		}
		return exitError
	}
	if matchesFailOn(report, *failOn) {
		return exitChanges
	}
	return exitOK
}

// matchesFailOn reports whether a change of the report matches --fail-on:
// "breaking" a breaking change or an incompatible Go change, "any" any change.
func matchesFailOn(r *diff.Report, failOn string) bool {
	switch failOn {
	case "any":
		return len(r.Changes) > 0 || r.GoAPI != nil && r.GoAPI.Changed()
	case "breaking":
		return r.Summary.Breaking > 0 || r.GoAPI != nil && r.GoAPI.Bump == goapi.Major
	}
	return false
}

// compareReleases loads both releases, side by side, and compares them;
// with goAPI, their generated packages' Go APIs too, generated from the
// same models.
func compareReleases(oldDir, newDir string, domains []string, goAPI bool) (*diff.Report, error) {
	old, new, err := diff.LoadPair(oldDir, newDir, domains)
	if err != nil {
		return nil, err
	}
	report := diff.Compare(old, new)
	if !goAPI {
		return report, nil
	}
	report.GoAPI, err = goapi.CompareReleases(context.Background(),
		goapi.Release{Name: old.Name, Domains: old.Domains}, goapi.Release{Name: new.Name, Domains: new.Domains}, report.Explained())
	if err != nil {
		return nil, fmt.Errorf("--go: %w", err)
	}
	return report, nil
}
