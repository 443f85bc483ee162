package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/stgen-dev/stgen/internal/scopes"
)

// exitMissing is scopes' exit status when --have lacks a scope the code needs.
const exitMissing = 3

const scopesUsage = `Usage: stgen scopes [--have LIST|@FILE] [--format text|json] PATTERN...

Lists the OAuth scopes that the packages PATTERN matches (as the go command
matches them in the current folder's module: ./... for all of them) need to
call ServiceTitan through clients stgen generated, each with the calls that
need it: methods, iterators and feeds, through the servicetitan facade or a
domain's client, in those packages and in the packages of the module they
import. It reads stgen-operations.json, which stgen generate writes beside
the packages, and type-checks the code, which must compile.

A release before 2026-05-11 declares no scopes: the calls into packages
generated from one are listed as unknown, not as needing none. Calls that
no static analysis can follow are listed as not seen: a call of an
interface method a generated method may implement, a client passed to
package reflect.

--have gives the scopes the app's registration on the developer portal
has: a list separated by commas, or @FILE naming a file of them (one per
line or separated by commas; lines starting with # are comments). The
scopes missing from it are listed.

The same analysis runs under go vet: go install ./cmd/stgen-scopes, then
go vet -vettool=$(command -v stgen-scopes) [-have LIST|@FILE] ./...

Exit status: 0; 3 with --have when a scope needed is missing from it; 1 on
an error (code that does not compile, packages generated without
stgen-operations.json); 2 on a usage mistake.
`

func runScopes(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("scopes", scopesUsage, stderr)
	have := fs.String("have", "", "the scopes the app's registration has: a comma-separated list, or @FILE")
	format := fs.String("format", "text", "output format: "+strings.Join(scopes.Formats(), ", "))
	patterns, code := parseInterspersed(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(patterns) == 0 {
		return usageError(fs, "a package pattern is required (./... for the whole module)")
	}
	if !slices.Contains(scopes.Formats(), *format) {
		return usageError(fs, "--format %q: use one of %s", *format, strings.Join(scopes.Formats(), ", "))
	}
	var granted []string
	if isSet(fs, "have") {
		var err error
		if granted, err = scopes.ParseHave(*have); err != nil {
			return usageError(fs, "%v", err)
		}
	}
	dir, err := os.Getwd()
	if err == nil {
		var r *scopes.Report
		if r, err = scopes.Load(context.Background(), dir, patterns); err == nil {
			if granted != nil {
				r.Check(granted)
			}
			if err = r.Format(stdout, *format); err == nil && len(r.Missing) > 0 {
				return exitMissing
			}
		}
	}
	if err != nil {
		for line := range strings.SplitSeq(err.Error(), "\n") {
			fmt.Fprintln(stderr, "stgen scopes:", line)
		}
		return exitError
	}
	return exitOK
}
