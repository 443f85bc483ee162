// Package goapi tells how the Go API of the generated clients changes
// between two releases: it generates each release's domain packages into a
// scratch module (see [Generate]), type-checks them with
// golang.org/x/tools/go/packages (see [Load]) and compares the exported API
// of every domain package both releases have with golang.org/x/exp/apidiff
// (see [Compare]): the incompatible and compatible changes of each package,
// the semantic-version bump they imply, and the incompatible changes no
// change in the documents explains, which stgen's naming made.
package goapi
