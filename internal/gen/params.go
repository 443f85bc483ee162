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
			if doc := paramDoc(p); doc != "" {
				g.Add(comment(doc)...)
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

// paramDoc returns the doc text of a parameters struct's field (see memberDoc).
func paramDoc(p *model.Param) string {
	return memberDoc(p.Doc, p.Deprecated, "parameter", p.Name, p.GoName)
}
