package gen

import (
	"fmt"
	"maps"
	"sync"
	"text/template"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// engineMu serializes calls into oapi-codegen, which keeps its per-call
// settings in package-level variables (its globalState) that each Generate
// overwrites: two concurrent calls would mix their documents. Only the
// engine runs one document at a time; normalizing, lowering, formatting and
// the glue of other documents go on beside it.
var engineMu sync.Mutex

// typeMapping maps OpenAPI types to Go beyond oapi-codegen's defaults: every
// number, money included (format decimal), is float64, never float32. Exact
// cents would need a decimal type and a dependency in every user's module;
// float64 carries the API's two-decimal amounts exactly enough to round-trip.
func typeMapping() *codegen.TypeMapping {
	return &codegen.TypeMapping{
		Number: codegen.FormatMapping{
			Default: codegen.SimpleTypeSpec{Type: "float64"},
			Formats: map[string]codegen.SimpleTypeSpec{
				"float":   {Type: "float64"},
				"double":  {Type: "float64"},
				"decimal": {Type: "float64"},
			},
		},
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

// runEngine generates the types and operations of one document with
// oapi-codegen, unformatted. doc must be lowered (see lower) and is
// modified by oapi-codegen's pruning of unused components.
func runEngine(doc *openapi3.T, pkg string, templates map[string]string) (src string, err error) {
	cfg := codegen.Configuration{
		PackageName: pkg,
		Generate:    codegen.GenerateOptions{Models: true, Client: true},
		Compatibility: codegen.CompatibilityOptions{
			AlwaysPrefixEnumValues: true,
		},
		OutputOptions: codegen.OutputOptions{
			SkipFmt:        true,
			UserTemplates:  templates,
			NameNormalizer: string(codegen.NameNormalizerFunctionToCamelCaseWithInitialisms),
			TypeMapping:    typeMapping(),
			PreferSkipOptionalPointerOnContainerTypes: true,
		},
	}
	engineMu.Lock()
	defer engineMu.Unlock()
	defer func() {
		// oapi-codegen's template helpers panic on what they cannot
		// handle; that is an error of this document, not a crash of stgen.
		if r := recover(); r != nil {
			err = fmt.Errorf("oapi-codegen failed on the document: %v", r)
		}
	}()
	return codegen.Generate(doc, cfg)
}
