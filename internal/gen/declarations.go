package gen

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stgen-dev/stgen/internal/model"
)

// oapi-codegen renders the package's type declarations from a document
// stgen writes for it from the model, in which every Go decision is made
// already and stated through oapi-codegen's own extensions: each schema's
// name is its Go name; each field's Go name is its x-go-name and its Go
// type, pointer included, its x-go-type (x-go-type-skip-optional-pointer
// keeps oapi-codegen from adding one); a field left out of JSON when empty
// is an optional property, the others required, and a Nullable one left
// out when unset also has x-omitzero; an enum's constants are
// its x-enum-varnames; a union is a oneOf of its alternatives. The text
// stgen gives it (descriptions) is the model's, which the templates write
// only as `//` comment lines. The document it reads holds nothing of the
// input documents but that text: no extension of theirs reaches
// oapi-codegen.

// Extensions of oapi-codegen that stgen sets in the document it renders.
const (
	extGoName              = "x-go-name"
	extGoType              = "x-go-type"
	extSkipOptionalPointer = "x-go-type-skip-optional-pointer"
	extEnumVarNames        = "x-enum-varnames"
	extOmitZero            = "x-omitzero"
)

// declarations returns the document oapi-codegen renders the type
// declarations of dom from. docs gives each type's doc text.
func declarations(dom *model.Domain, docs map[*model.Type]string) *openapi3.T {
	schemas := make(openapi3.Schemas, len(dom.Types))
	for _, t := range dom.Types {
		schemas[t.Name] = &openapi3.SchemaRef{Value: declaration(t, docs[t])}
	}
	return &openapi3.T{
		OpenAPI:    "3.0.3",
		Info:       &openapi3.Info{Title: dom.Package, Version: "1"},
		Paths:      openapi3.NewPaths(),
		Components: &openapi3.Components{Schemas: schemas},
	}
}

// declaration returns the schema of one type's declaration.
func declaration(t *model.Type, doc string) *openapi3.Schema {
	s := &openapi3.Schema{Description: doc, Extensions: map[string]any{}}
	switch t.Kind {
	case model.Struct:
		if len(t.Fields) == 0 {
			s.Extensions[extGoType] = "struct{}"
			break
		}
		s.Type = &openapi3.Types{openapi3.TypeObject}
		s.Properties = openapi3.Schemas{}
		for _, f := range t.Fields {
			s.Properties[f.JSON] = &openapi3.SchemaRef{Value: &openapi3.Schema{
				Description: fieldDoc(f),
				Extensions: map[string]any{
					extGoName:              f.Name,
					extGoType:              goSource(f.Type),
					extSkipOptionalPointer: true,
					extOmitZero:            f.OmitEmpty && f.Type.Kind == model.KindNullable,
				},
			}}
			if !f.OmitEmpty {
				s.Required = append(s.Required, f.JSON)
			}
		}
	case model.Enum:
		switch t.Base {
		case model.String:
			s.Type = &openapi3.Types{openapi3.TypeString}
		case model.Int32, model.Int64:
			s.Type, s.Format = &openapi3.Types{openapi3.TypeInteger}, t.Base.String()
		default:
			s.Type = &openapi3.Types{openapi3.TypeInteger}
		}
		var varNames []any
		for _, v := range t.Values {
			s.Enum = append(s.Enum, v.Value)
			varNames = append(varNames, strings.TrimPrefix(v.Const, t.Name))
		}
		s.Extensions[extEnumVarNames] = varNames
	case model.Union:
		for _, a := range t.Alternatives {
			s.OneOf = append(s.OneOf, &openapi3.SchemaRef{Ref: "#/components/schemas/" + a.Named.Name, Value: &openapi3.Schema{}})
		}
	case model.Defined:
		s.Extensions[extGoType] = goSource(t.Underlying)
	}
	return s
}

// goSource returns a Go type as the declarations spell it: the runtime's
// types qualified "stapi.", which the file's imports resolve.
func goSource(t *model.GoType) string {
	return t.String()
}

// fieldDoc returns the doc text of a type's field (see memberDoc).
func fieldDoc(f *model.Field) string {
	return memberDoc(f.Doc, f.Deprecated, "field", f.JSON, f.Name)
}
