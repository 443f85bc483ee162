package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"
	"github.com/stgen-dev/stgen/internal/model"
)

// paramsStruct emits an operation's parameters struct: one field per query
// or header parameter, tagged with how stapi sends it (see stapi's
// params.go): `query:"name"`, `query:"name,deepObject"`, `query:"name,csv"`
// (also ssv, pipes) or `header:"Name"`.
func (e *emitter) paramsStruct(f *jen.File, op *model.Operation) {
	ps := op.Params
	addComment(f, fmt.Sprintf("%s holds the query and header parameters of %s.%s; nil fields are not sent.",
		ps.TypeName, resourceType(op), op.Method))
	f.Type().Id(ps.TypeName).StructFunc(func(g *jen.Group) {
		for _, p := range ps.Fields {
			doc := p.Doc
			if p.Deprecated {
				if doc != "" {
					doc += "\n\n"
				}
				doc += "Deprecated: the API marks this parameter as deprecated."
			}
			for _, c := range comment(doc) {
				if doc != "" {
					g.Add(c)
				}
			}
			tag := p.Name
			if p.Encoding != "" {
				tag += "," + p.Encoding
			}
			key := "query"
			if p.In == "header" {
				key = "header"
			}
			g.Id(p.GoName).Add(e.typ(p.Type)).Tag(map[string]string{key: tag})
		}
	})
}
