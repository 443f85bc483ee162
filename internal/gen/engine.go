package gen

import (
	"fmt"
	"maps"
	"sync"
	"text/template"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"github.com/stgen-dev/stgen/internal/normalize"
)

// engineMu serializes calls into oapi-codegen, which keeps its per-call
// settings in package-level variables (its globalState) that each Generate
// overwrites: two concurrent calls would mix their documents. Only the
// engine runs one document at a time; normalizing, lowering, formatting and
// the glue of other documents go on beside it.
var engineMu sync.Mutex

// typeMapping maps OpenAPI types to Go beyond oapi-codegen's defaults, by
// normalize.Formats: the Go types stgen gives every scalar.
func typeMapping() *codegen.TypeMapping {
	mapping := func(formats map[string]string) codegen.FormatMapping {
		m := codegen.FormatMapping{Default: codegen.SimpleTypeSpec{Type: formats[""]}, Formats: map[string]codegen.SimpleTypeSpec{}}
		for format, goType := range formats {
			if format != "" {
				m.Formats[format] = codegen.SimpleTypeSpec{Type: goType}
			}
		}
		return m
	}
	f := normalize.Formats()
	return &codegen.TypeMapping{
		Integer: mapping(f[openapi3.TypeInteger]),
		Number:  mapping(f[openapi3.TypeNumber]),
		Boolean: mapping(f[openapi3.TypeBoolean]),
		String:  mapping(f[openapi3.TypeString]),
	}
}

// checkTemplate parses a user's template with the functions oapi-codegen
// gives templates, so that a mistake is reported before any generation.
func checkTemplate(name, text string) error {
	engineMu.Lock()
	funcs := maps.Clone(codegen.TemplateFunctions)
	engineMu.Unlock()
	// Generate adds "opts" for each run; stand one in for the parse.
	funcs["opts"] = func() codegen.Configuration { return codegen.Configuration{} }
	_, err := template.New(name).Funcs(funcs).Parse(text)
	return err
}

// EngineError is a failure of oapi-codegen itself on the declarations stgen
// gave it (a panic in its template helpers): a bug to fix in stgen, whose
// model must give oapi-codegen only what it can render.
type EngineError struct {
	// Panic is what oapi-codegen panicked with.
	Panic any
}

// Error describes the failure.
func (e *EngineError) Error() string {
	return fmt.Sprintf("oapi-codegen failed on the document: %v", e.Panic)
}

// runEngine renders the type declarations of doc (see declarations) with
// oapi-codegen and stgen's templates, unformatted.
func runEngine(doc *openapi3.T, pkg string, templates map[string]string) (src string, err error) {
	cfg := codegen.Configuration{
		PackageName: pkg,
		Generate:    codegen.GenerateOptions{Models: true},
		Compatibility: codegen.CompatibilityOptions{
			AlwaysPrefixEnumValues: true,
		},
		OutputOptions: codegen.OutputOptions{
			SkipFmt:        true,
			SkipPrune:      true,
			UserTemplates:  templates,
			NameNormalizer: string(codegen.NameNormalizerFunctionToCamelCaseWithInitialisms),
			TypeMapping:    typeMapping(),
		},
	}
	engineMu.Lock()
	defer engineMu.Unlock()
	defer func() {
		// oapi-codegen's template helpers panic on what they cannot
		// handle; that is a bug of stgen's, which hands it only what the
		// model decided, not a crash.
		if r := recover(); r != nil {
			err = &EngineError{Panic: r}
		}
	}()
	return codegen.Generate(doc, cfg)
}
