package gen

import (
	"bytes"

	"github.com/dave/jennifer/jen"
	"golang.org/x/tools/imports"
)

// formatSource formats Go source and drops the imports it does not use. The
// imports template lists every import the templates may need, so nothing is
// ever looked up, only removed.
func formatSource(name string, src []byte) ([]byte, error) {
	return imports.Process(name, src, &imports.Options{Comments: true, TabIndent: true, TabWidth: 8, FormatOnly: false})
}

// renderJen renders a jennifer file, which formats it.
func renderJen(f *jen.File) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
