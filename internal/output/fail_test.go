package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteFailureLeavesOutput checks that a Write that fails leaves the
// folder around the output byte-identical: the previous packages, the
// manifest, the user's files, and no staging folder.
func TestWriteFailureLeavesOutput(t *testing.T) {
	good := []Package{pkg("crm", "crm.gen.go", "package crm // v2\n")}
	long := strings.Repeat("x", 300)
	tests := []struct {
		name     string
		setup    func(t *testing.T, root string) string // returns out
		pkgs     []Package
		contains []string // want in the error
		root     bool     // needs permissions that root ignores
	}{
		{
			name: "out is a regular file",
			setup: func(t *testing.T, root string) string {
				writeFile(t, filepath.Join(root, "out.txt"), "not a folder\n")
				return filepath.Join(root, "out.txt")
			},
			pkgs:     good,
			contains: []string{"output folder", "out.txt"},
		},
		{
			name: "out under a regular file",
			setup: func(t *testing.T, root string) string {
				writeFile(t, filepath.Join(root, "file"), "not a folder\n")
				return filepath.Join(root, "file", "out")
			},
			pkgs:     good,
			contains: []string{"output folder", filepath.Join("file", "out"), "not a directory"},
		},
		{
			name: "parent of out not writable",
			setup: func(t *testing.T, root string) string {
				ro := filepath.Join(root, "ro")
				if err := os.Mkdir(ro, 0o555); err != nil {
					t.Fatal(err)
				}
				return filepath.Join(ro, "out")
			},
			pkgs:     good,
			contains: []string{"output folder", "permission denied"},
			root:     true,
		},
		{
			name: "out not writable",
			setup: func(t *testing.T, root string) string {
				out := filepath.Join(root, "out")
				if err := os.Chmod(out, 0o555); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(out, 0o755) })
				return out
			},
			pkgs:     good,
			contains: []string{"not writable", "permission denied"},
			root:     true,
		},
		{
			name: "lock file a symlink",
			setup: func(t *testing.T, root string) string {
				target := filepath.Join(root, "target.txt")
				writeFile(t, target, "not stgen's\n")
				lock := filepath.Join(root, "out", lockName)
				if err := os.Remove(lock); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(target, lock); err != nil {
					t.Fatal(err)
				}
				return filepath.Join(root, "out")
			},
			pkgs:     good,
			contains: []string{"cannot be locked", lockName},
		},
		{
			name:     "file name climbing out",
			pkgs:     []Package{pkg("crm", "crm.gen.go", "ok"), pkg("jpm", "a/b/../../../x", "evil")},
			contains: []string{"package jpm", `file name "a/b/../../../x"`},
		},
		{
			name:     "file name with a separator",
			pkgs:     []Package{pkg("crm", "sub/crm.gen.go", "x")},
			contains: []string{`file name "sub/crm.gen.go"`},
		},
		{
			name:     "file name with a backslash",
			pkgs:     []Package{pkg("crm", `sub\crm.gen.go`, "x")},
			contains: []string{`file name "sub\\crm.gen.go"`},
		},
		{
			name:     "file name with a NUL",
			pkgs:     []Package{pkg("crm", "crm\x00.go", "x")},
			contains: []string{`file name "crm\x00.go"`},
		},
		{
			name:     "absolute file name",
			pkgs:     []Package{pkg("crm", "/tmp/evil.go", "x")},
			contains: []string{`file name "/tmp/evil.go"`},
		},
		{
			name:     "empty file name",
			pkgs:     []Package{pkg("crm", "", "x")},
			contains: []string{`file name ""`},
		},
		{
			name:     "file name dot dot",
			pkgs:     []Package{pkg("crm", "..", "x")},
			contains: []string{`file name ".."`},
		},
		{
			name:     "file name dot",
			pkgs:     []Package{pkg("crm", ".", "x")},
			contains: []string{`file name "."`},
		},
		{
			name:     "package folder climbing out",
			pkgs:     []Package{pkg("../evil", "x.go", "x")},
			contains: []string{`package folder "../evil"`},
		},
		{
			name:     "nested package folder",
			pkgs:     []Package{pkg("crm/v2", "x.go", "x")},
			contains: []string{`package folder "crm/v2"`},
		},
		{
			name:     "empty package folder name",
			pkgs:     []Package{pkg("", "x.go", "x")},
			contains: []string{`package folder ""`},
		},
		{
			name:     "package folder dot",
			pkgs:     []Package{pkg(".", "x.go", "x")},
			contains: []string{`package folder "."`},
		},
		{
			name:     "package folder named like the manifest",
			pkgs:     []Package{pkg(".stgen-packages", "x.go", "x")},
			contains: []string{`package folder ".stgen-packages"`},
		},
		{
			name:     "two packages for one folder",
			pkgs:     []Package{pkg("crm", "a.go", "a"), pkg("crm", "b.go", "b")},
			contains: []string{`two packages for folder "crm"`},
		},
		{
			name:     "file name too long for the file system",
			pkgs:     []Package{pkg("crm", "crm.gen.go", "ok"), pkg("jpm", long+".go", "x")},
			contains: []string{"writing", "jpm"},
		},
		{
			name:     "package folder name too long for the file system",
			pkgs:     []Package{pkg("crm", "crm.gen.go", "ok"), pkg(long, "x.go", "x")},
			contains: []string{"writing package"},
		},
		{
			name: "invalid name, out not there yet",
			setup: func(t *testing.T, root string) string {
				return filepath.Join(root, "new", "out")
			},
			pkgs:     []Package{pkg("crm", "../x", "x")},
			contains: []string{`file name "../x"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.root && os.Geteuid() == 0 {
				t.Skip("running as root, which ignores permissions")
			}
			root := t.TempDir()
			out := filepath.Join(root, "out")
			previous := []Package{
				pkg("crm", "crm.gen.go", "package crm // v1\n", "client.gen.go", "package crm\n"),
				pkg("jpm", "jpm.gen.go", "package jpm // v1\n"),
			}
			if err := Write(out, previous, true); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(out, "README.md"), "# mine\n")
			if tt.setup != nil {
				out = tt.setup(t, root)
			}
			before := snapshot(t, root)

			err := Write(out, tt.pkgs, true)
			if err == nil {
				t.Fatalf("Write(%q) = nil; want an error", out)
			}
			for _, s := range tt.contains {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Write error = %q; want it to contain %q", err, s)
				}
			}
			if d := diffTrees(snapshot(t, root), before); d != "" {
				t.Errorf("a failed Write changed the tree:%s", d)
			}
		})
	}
}

func TestIsPlainName(t *testing.T) {
	tests := []struct {
		name       string
		plain, dir bool
	}{
		{"crm", true, true},
		{"crm.gen.go", true, true},
		{"servicetitan", true, true},
		{".gitattributes", true, false},
		{".stgen-packages", true, false},
		{"", false, false},
		{".", false, false},
		{"..", false, false},
		{"../x", false, false},
		{"a/b", false, false},
		{`a\b`, false, false},
		{"/abs", false, false},
		{"a\x00b", false, false},
	}
	for _, tt := range tests {
		if got := isPlainName(tt.name); got != tt.plain {
			t.Errorf("isPlainName(%q) = %t; want %t", tt.name, got, tt.plain)
		}
		if got := isPackageDir(tt.name); got != tt.dir {
			t.Errorf("isPackageDir(%q) = %t; want %t", tt.name, got, tt.dir)
		}
	}
}
