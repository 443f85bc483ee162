package scopes

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// maxHaveFile bounds a --have @FILE.
const maxHaveFile = 1 << 20

// ParseHave reads the scopes an app's registration has: a list of scopes
// separated by commas or white space ("tn.crm.customers:r,tn.jpm.jobs:w"),
// or, as "@FILE", the same in a file (at most 1 MiB), where a line whose
// first non-blank character is # is a comment. Each scope is letters,
// digits and . _ : - only (ServiceTitan's are "tn.<domain>.<resource>:<r|w>").
// The scopes come back sorted, without repeats.
func ParseHave(arg string) ([]string, error) {
	text, where := arg, "--have"
	if name, ok := strings.CutPrefix(arg, "@"); ok {
		where = name
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("--have %s: %w", arg, err)
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxHaveFile+1))
		if err != nil {
			return nil, fmt.Errorf("--have %s: %w", arg, err)
		}
		if len(b) > maxHaveFile {
			return nil, fmt.Errorf("--have %s: larger than 1 MiB: not a list of scopes", arg)
		}
		text = string(b)
	}
	var out []string
	for n, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, s := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' }) {
			if err := checkScope(s); err != nil {
				if where == "--have" {
					return nil, fmt.Errorf("--have: %w", err)
				}
				return nil, fmt.Errorf("%s:%d: %w", where, n+1, err)
			}
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s lists no scope", where)
	}
	return slices.Compact(slices.Sorted(slices.Values(out))), nil
}

// checkScope fails on a word that cannot be an OAuth scope.
func checkScope(s string) error {
	if len(s) > 200 {
		return errors.New("a scope longer than 200 characters: not an OAuth scope")
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("._:-", r)) {
			return fmt.Errorf("%q is not an OAuth scope (letters, digits and . _ : - only)", s)
		}
	}
	return nil
}
