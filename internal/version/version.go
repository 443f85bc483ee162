// Package version says which stgen is running, from the build information
// the go command records in every binary: the module version and, for a
// build in a clone, the commit it was built from. It is the one place stgen
// reads its version; `stgen version`, generated files' headers and fetched
// manifests all take it from here.
package version

import (
	"runtime/debug"
	"strings"
)

// Devel is the version of a build that records none: `go run`, `go test`, a
// build with -buildvcs=false, or one in a git worktree, where the go command
// finds no repository (golang/go#58218).
const Devel = "(devel)"

// Info is what a binary's build information records of stgen's version.
type Info struct {
	// Version is stgen's module version, one word: a release tag
	// ("v0.1.0"), a pseudo-version naming the commit
	// ("v0.0.0-20261130014425-6e94fc2c6237"), either with "+dirty" when
	// the clone had uncommitted changes, or Devel.
	Version string
	// Revision is the commit hash the binary was built from, recorded for
	// a build in a clone only; a module version names its commit itself.
	Revision string
	// Time is the commit's time, in RFC 3339, recorded with Revision.
	Time string
	// Modified reports that the clone had uncommitted changes.
	Modified bool
}

// Current returns the Info of the running binary.
func Current() Info {
	bi, _ := debug.ReadBuildInfo()
	return FromBuildInfo(bi)
}

// FromBuildInfo returns the Info that bi records of its main module; a nil
// bi, from a binary built without module support, gives Devel.
func FromBuildInfo(bi *debug.BuildInfo) Info {
	info := Info{Version: Devel}
	if bi == nil {
		return info
	}
	if bi.Main.Version != "" {
		info.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Revision = s.Value
		case "vcs.time":
			info.Time = s.Value
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
	return info
}

// String returns the version and, when recorded, the commit, its time and
// whether the tree was modified, on one line whose first word is Version:
// "v0.1.0", or "v0.0.0-20261130014425-6e94fc2c6237+dirty (revision
// 6e94fc2c6237b8fd3fd7d16025c593cf758e9b49, 2026-11-30T01:44:25Z, modified)".
func (i Info) String() string {
	if i.Revision == "" {
		return i.Version
	}
	details := []string{"revision " + i.Revision}
	if i.Time != "" {
		details = append(details, i.Time)
	}
	if i.Modified {
		details = append(details, "modified")
	}
	return i.Version + " (" + strings.Join(details, ", ") + ")"
}
