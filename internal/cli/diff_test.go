package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/testenv"
)

// releaseWithout returns a copy of the tiny release without the named files.
func releaseWithout(t *testing.T, names ...string) string {
	t.Helper()
	dir := specsWith(t)
	for _, n := range names {
		if err := os.Remove(filepath.Join(dir, n)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestDiffUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"no folders", []string{"diff"}, 2, "", "stgen diff: two release folders are required, OLD and NEW\nUsage: stgen diff OLD NEW"},
		{"one folder", []string{"diff", release}, 2, "", "two release folders are required"},
		{"three folders", []string{"diff", release, release, release}, 2, "", `stgen diff: unexpected argument "testdata/release"`},
		{"bad format", []string{"diff", release, release, "--format", "yaml"}, 2, "", `stgen diff: --format: unknown format "yaml": use one of text, markdown, json`},
		{"bad fail-on", []string{"diff", "--fail-on", "warn", release, release}, 2, "", `stgen diff: --fail-on "warn": use breaking, any or affected`},
		{"unknown flag", []string{"diff", release, release, "--html"}, 2, "", "flag provided but not defined: -html"},
		{"help", []string{"help", "diff"}, 0, "Usage: stgen diff OLD NEW [--format text|markdown|json] [--fail-on breaking|any|affected] [--domains crm,jpm] [--go]", ""},
		{"help --go", []string{"help", "diff"}, 0, "  --go\n    \talso compare the Go API of the generated packages (apidiff)", ""},
		{"-h after folders", []string{"diff", release, release, "-h"}, 0, "Exit status: 0 when no change matched --fail-on, 3 when one did", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit status = %d; want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stdout, tt.stdout) || tt.stdout == "" && stdout != "" {
				t.Errorf("stdout = %q; want %q in it", stdout, tt.stdout)
			}
			if !strings.Contains(stderr, tt.stderr) || tt.stderr == "" && stderr != "" {
				t.Errorf("stderr = %q; want %q in it", stderr, tt.stderr)
			}
		})
	}
	code, stdout, _ := run(t, "help")
	if code != 0 || !strings.Contains(stdout, "stgen diff OLD NEW") {
		t.Errorf("stgen help (%d) = %q; want the diff line", code, stdout)
	}
}

func TestDiffErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	broken := specsWith(t, "malformed.json")
	brokenNoTelecom := specsWith(t, "malformed.json")
	if err := os.Remove(filepath.Join(brokenNoTelecom, "telecom.yaml")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing folder", []string{"diff", missing, release}, "stgen diff: " + missing + ": no such folder"},
		{"broken document", []string{"diff", release, broken}, "stgen diff: " + filepath.Join(broken, "malformed.json") + ":"},
		// The broken document may be telecom's, which the new release
		// otherwise lacks.
		{"broken document, --domains", []string{"diff", release, brokenNoTelecom, "--domains", "telecom"}, "stgen diff: " + filepath.Join(brokenNoTelecom, "malformed.json") + ":"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.args...)
			if code != 1 {
				t.Errorf("exit status = %d; want 1", code)
			}
			if stdout != "" {
				t.Errorf("stdout = %q; want nothing", stdout)
			}
			if !strings.HasPrefix(stderr, tt.want) {
				t.Errorf("stderr = %q; want it to start with %q", stderr, tt.want)
			}
			for line := range strings.Lines(stderr) {
				if !strings.HasPrefix(line, "stgen diff: ") {
					t.Errorf("stderr line %q does not start with \"stgen diff: \"", line)
				}
			}
		})
	}
	_, _, stderr := run(t, "diff", release, brokenNoTelecom, "--domains", "telecom")
	if want := "stgen diff: --domains: no document of " + filepath.Base(brokenNoTelecom) + " that loaded describes telecom, and one that failed may be its"; !strings.Contains(stderr, want) {
		t.Errorf("stderr %q lacks %q", stderr, want)
	}
}

// TestDiffDomains checks --domains: only the domains named are compared, a
// broken document of another domain does not stop the comparison, and a
// domain neither release has is a usage mistake, with a suggestion.
func TestDiffDomains(t *testing.T) {
	noTelecom := releaseWithout(t, "telecom.yaml")
	brokenCRM := releaseWithout(t, "crm-v2.json")
	copyFile(t, filepath.Join("testdata/broken", "malformed.json"), filepath.Join(brokenCRM, "crm-v2.json"))
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		{"another domain broken", []string{"diff", release, brokenCRM, "--domains", "telecom", "--format", "markdown"}, 0,
			"## API changes release → " + filepath.Base(brokenCRM) + "\n\nNo changes.\n", ""},
		{"another domain removed", []string{"diff", release, noTelecom, "--domains", "crm", "--format", "markdown"}, 0,
			"## API changes release → " + filepath.Base(noTelecom) + "\n\nNo changes.\n", ""},
		{"unknown domain", []string{"diff", release, release, "--domains", "crm,jpm"}, 2,
			"", "stgen diff: --domains: neither release nor release has domain \"jpm\"; they have crm, telecom\nUsage: stgen diff OLD NEW"},
		{"a typo", []string{"diff", release, noTelecom, "--domains", "telcom"}, 2,
			"", `stgen diff: --domains: neither release nor ` + filepath.Base(noTelecom) + ` has domain "telcom" (did you mean "telecom"?); they have crm, telecom`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit status = %d; want %d (stderr %q)", code, tt.code, stderr)
			}
			if tt.stdout != stdout && (tt.stdout != "" || stdout != "") {
				t.Errorf("stdout = %q; want %q", stdout, tt.stdout)
			}
			if !strings.Contains(stderr, tt.stderr) || tt.stderr == "" && stderr != "" {
				t.Errorf("stderr = %q; want %q in it", stderr, tt.stderr)
			}
		})
	}
}

// TestDiffFailOn checks the exit statuses: 0 unless a change matched
// --fail-on, then 3.
func TestDiffFailOn(t *testing.T) {
	noTelecom := releaseWithout(t, "telecom.yaml")
	tests := []struct {
		name     string
		old, new string
		failOn   string
		code     int
	}{
		{"no changes", release, release, "any", 0},
		{"breaking, no --fail-on", release, noTelecom, "", 0},
		{"breaking, --fail-on breaking", release, noTelecom, "breaking", 3},
		{"breaking, --fail-on any", release, noTelecom, "any", 3},
		{"only additions, --fail-on breaking", noTelecom, release, "breaking", 0},
		{"only additions, --fail-on any", noTelecom, release, "any", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"diff", tt.old, tt.new}
			if tt.failOn != "" {
				args = append(args, "--fail-on", tt.failOn)
			}
			code, stdout, stderr := run(t, args...)
			if code != tt.code {
				t.Errorf("exit status = %d; want %d (stderr %q)", code, tt.code, stderr)
			}
			if stdout == "" || stderr != "" {
				t.Errorf("stdout %q, stderr %q; want a report and no error", stdout, stderr)
			}
		})
	}
}

func TestDiffOutput(t *testing.T) {
	noTelecom := releaseWithout(t, "telecom.yaml")
	code, stdout, _ := run(t, "diff", "--format", "json", release, noTelecom)
	if code != 0 {
		t.Fatalf("exit status = %d; want 0", code)
	}
	var report struct {
		Old, New string
		Summary  struct{ Breaking, NonBreaking int }
		Changes  []struct {
			Domain, Kind string
			Breaking     bool
			Go           []string
		}
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("--format json: %v\n%s", err, stdout)
	}
	if report.Old != "release" || report.New != filepath.Base(noTelecom) || report.Summary.Breaking != 1 || len(report.Changes) != 1 {
		t.Fatalf("report %+v; want release -> %s with one breaking change", report, filepath.Base(noTelecom))
	}
	if c := report.Changes[0]; c.Domain != "telecom" || c.Kind != "domain-removed" || !c.Breaking || len(c.Go) != 1 || c.Go[0] != "telecom" {
		t.Errorf("change %+v; want telecom domain-removed, breaking, naming package telecom", c)
	}

	code, stdout, _ = run(t, "diff", release, noTelecom)
	if code != 0 || !strings.Contains(stdout, "\nBreaking changes: 1\n\ntelecom: 1 breaking\n  domain telecom removed") {
		t.Errorf("text (%d): %q; want the telecom removal", code, stdout)
	}
}

// TestDiffReleases runs the command on two real releases.
func TestDiffReleases(t *testing.T) {
	old, new := testenv.Release(t, "2026-03-17"), testenv.Release(t, "2026-05-11")
	code, stdout, stderr := run(t, "diff", old, new, "--fail-on", "breaking", "--domains", "jpm")
	if code != 3 || stderr != "" {
		t.Errorf("exit status %d, stderr %q; want 3 and nothing", code, stderr)
	}
	for _, want := range []string{
		"2026-03-17 -> 2026-05-11: 10 breaking and ",
		"\nBreaking changes: 10\n\njpm: 10 breaking\n",
		"jpm.AppointmentResponse is no longer comparable: field AppointmentSummaries is a []AppointmentSummaryAPIModel",
		"PUT /jpm/v2/tenant/{tenant}/jobs/{id}/complete: operation removed: jpm.JobsResource.Complete",
		"POST /jpm/v2/tenant/{tenant}/appointments/{id}/summaries: operation added: jpm.AppointmentsResource.SetSummary",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
}

// TestDiffGo compares the tiny release with a copy without telecom, and
// with itself, with --go: the Go API section in JSON and Markdown, the
// bump, and --fail-on matching an incompatible Go change.
func TestDiffGo(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and type-checks the releases: skipped with -short")
	}
	noTelecom := releaseWithout(t, "telecom.yaml")
	code, stdout, stderr := run(t, "diff", "--go", "--format", "json", "--fail-on", "breaking", release, noTelecom)
	if code != 3 || stderr != "" {
		t.Fatalf("exit status %d, stderr %q; want 3 and nothing", code, stderr)
	}
	var report struct {
		GoAPI *struct {
			Bump     string
			Packages []struct{ Package, Bump string }
			Removed  []string
		} `json:"goapi"`
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("--format json: %v\n%s", err, stdout)
	}
	if g := report.GoAPI; g == nil || g.Bump != "major" || len(g.Removed) != 1 || g.Removed[0] != "telecom" || len(g.Packages) != 1 || g.Packages[0].Package != "crm" || g.Packages[0].Bump != "patch" {
		t.Errorf("goapi %+v; want major, telecom removed, crm unchanged", g)
	}

	code, stdout, stderr = run(t, "diff", "--go", "--format", "markdown", "--fail-on", "any", release, release)
	want := "## API changes release → release\n\nNo changes.\n\n## Go API\n\napidiff over the generated packages: **patch: 0 incompatible and 0 compatible changes in 0 of 2 packages**.\n\n" +
		"**Generator-induced changes (no change in the documents explains them)**: none.\n"
	if code != 0 || stdout != want || stderr != "" {
		t.Errorf("the same release, markdown (%d, stderr %q):\n%s\nwant:\n%s", code, stderr, stdout, want)
	}
}

// TestDiffGoReleases is issue 9's show of --go on 2026-03-17 -> 2026-05-11,
// over dispatch (whose DispatchShiftType an earlier stgen renamed ShiftType
// when the colliding schema went) and jpm (operations removed): every
// incompatible Go change is explained by the documents.
func TestDiffGoReleases(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and type-checks two real releases: skipped with -short")
	}
	old, new := testenv.Release(t, "2026-03-17"), testenv.Release(t, "2026-05-11")
	code, stdout, stderr := run(t, "diff", old, new, "--go", "--domains", "dispatch,jpm")
	if code != 0 || stderr != "" {
		t.Fatalf("exit status %d, stderr %q; want 0 and nothing", code, stderr)
	}
	goSection := stdout[strings.Index(stdout, "\nGo API "):]
	t.Logf("%s", goSection)
	for _, want := range []string{
		"\nGo API (apidiff over the generated packages): major: ",
		"\njpm: major, ",
		"    (*JobsResource).Complete: removed\n      explained by operation-removed\n",
		"    DayOfWeek: removed\n      explained by type-removed\n",
		"    Client.Availability: removed\n      explained by resource-removed\n",
		"\nGenerator-induced changes (no change in the documents explains them): 0\n",
	} {
		if !strings.Contains(goSection, want) {
			t.Errorf("no %q in the Go API section", want)
		}
	}
	if strings.Contains(goSection, "DispatchShiftType") {
		t.Error("the Go API section names DispatchShiftType: the names were not carried")
	}
}
