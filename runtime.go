// Package stgen holds the sources of the runtime packages generated clients
// run on, stapi and authmw, for `stgen generate --runtime copy`, which
// writes a copy of them into the output so that the generated tree needs no
// stgen module.
package stgen

import "embed"

// Runtime holds the files of the runtime packages, stapi/*.go and
// authmw/*.go, and the licence a copy of them carries (LICENSE).
//
//go:embed stapi/*.go authmw/*.go LICENSE
var Runtime embed.FS
