// Package templates holds stgen's overrides of oapi-codegen's templates,
// embedded into the binary. `stgen generate --templates DIR` replaces any of
// them with a file of the same name from DIR.
package templates

import "embed"

// FS holds the template files (*.tmpl), by their oapi-codegen names.
//
//go:embed *.tmpl
var FS embed.FS
