package version

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	vcs := func(rev, time, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "-buildmode", Value: "exe"}, {Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: time}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "6e94fc2c6237b8fd3fd7d16025c593cf758e9b49"
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		want Info
		line string
	}{
		{"no build information", nil, Info{Version: Devel}, "(devel)"},
		{"go run, go test, -buildvcs=false", &debug.BuildInfo{Main: debug.Module{Path: "github.com/stgen-dev/stgen", Version: "(devel)"}}, Info{Version: Devel}, "(devel)"},
		{"no main module version", &debug.BuildInfo{}, Info{Version: Devel}, "(devel)"},
		{"go install of a release", &debug.BuildInfo{Main: debug.Module{Version: "v0.1.0"}}, Info{Version: "v0.1.0"}, "v0.1.0"},
		{"go install of a commit", &debug.BuildInfo{Main: debug.Module{Version: "v0.1.1-0.20261130014425-6e94fc2c6237"}},
			Info{Version: "v0.1.1-0.20261130014425-6e94fc2c6237"}, "v0.1.1-0.20261130014425-6e94fc2c6237"},
		{"a clean clone", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261130014425-6e94fc2c6237"}, Settings: vcs(rev, "2026-11-30T01:44:25Z", "false")},
			Info{Version: "v0.0.0-20261130014425-6e94fc2c6237", Revision: rev, Time: "2026-11-30T01:44:25Z"},
			"v0.0.0-20261130014425-6e94fc2c6237 (revision " + rev + ", 2026-11-30T01:44:25Z)"},
		{"a modified clone", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261130014425-6e94fc2c6237+dirty"}, Settings: vcs(rev, "2026-11-30T01:44:25Z", "true")},
			Info{Version: "v0.0.0-20261130014425-6e94fc2c6237+dirty", Revision: rev, Time: "2026-11-30T01:44:25Z", Modified: true},
			"v0.0.0-20261130014425-6e94fc2c6237+dirty (revision " + rev + ", 2026-11-30T01:44:25Z, modified)"},
		{"a tagged clone", &debug.BuildInfo{Main: debug.Module{Version: "v0.1.0"}, Settings: vcs(rev, "", "false")},
			Info{Version: "v0.1.0", Revision: rev}, "v0.1.0 (revision " + rev + ")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FromBuildInfo(tt.bi)
			if got != tt.want {
				t.Errorf("FromBuildInfo = %+v; want %+v", got, tt.want)
			}
			if s := got.String(); s != tt.line {
				t.Errorf("String() = %q; want %q", s, tt.line)
			}
			if first, _, _ := strings.Cut(got.String(), " "); first != got.Version {
				t.Errorf("String() = %q; its first word is not Version %q", got.String(), got.Version)
			}
		})
	}
}

// TestBuiltInClone builds a program that prints Current() in a scratch git
// repository, as `go install ./cmd/stgen` in a clone does, and checks what
// it reads of what the go command recorded: at a tag, at a later commit,
// and with uncommitted changes.
func TestBuiltInClone(t *testing.T) {
	if testing.Short() {
		t.Skip("runs git and go build: skipped with -short")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found")
	}
	src, err := os.ReadFile("version.go")
	if err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(repo, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(repo, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/tool\n\ngo 1.26\n")
	write("version/version.go", string(src))
	write("main.go", "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/tool/version\"\n)\n\nfunc main() { fmt.Println(version.Current()) }\n")
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOFLAGS=", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git := func(args ...string) string {
		return run("git", append([]string{"-c", "user.name=stgen test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"}, args...)...)
	}
	version := func() string {
		t.Helper()
		bin := filepath.Join(t.TempDir(), "tool")
		run("go", "build", "-buildvcs=true", "-o", bin, ".")
		return run(bin)
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "tool")
	git("tag", "v0.1.0")
	rev := git("rev-parse", "HEAD")
	if got, want := version(), "v0.1.0 (revision "+rev+", "; !strings.HasPrefix(got, want) || strings.HasSuffix(got, "modified)") {
		t.Errorf("the tagged commit's build prints %q; want it to start with %q, unmodified", got, want)
	}

	write("version/version.go", string(src)+"\n// changed\n")
	git("commit", "-q", "-a", "-m", "after the tag")
	rev = git("rev-parse", "HEAD")
	pseudo := `v0\.1\.1-0\.\d{14}-` + rev[:12]
	if got := version(); !regexp.MustCompile(`^` + pseudo + ` \(revision ` + rev + `, [0-9TZ:-]+\)$`).MatchString(got) {
		t.Errorf("the build of a commit after the tag prints %q; want a pseudo-version after v0.1.0 naming %s, and the revision", got, rev[:12])
	}

	write("version/version.go", string(src)+"\n// changed again\n")
	if got := version(); !regexp.MustCompile(`^` + pseudo + `\+dirty \(revision ` + rev + `, [0-9TZ:-]+, modified\)$`).MatchString(got) {
		t.Errorf("the build of a modified tree prints %q; want the pseudo-version naming %s with +dirty, the revision and modified", got, rev[:12])
	}
}
