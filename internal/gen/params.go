package gen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/stgen-dev/stgen/internal/normalize"
)

// paramsStruct emits an operation's parameters struct: one field per query
// or header parameter, tagged with how stapi sends it (see stapi's
// params.go): `query:"name"`, `query:"name,deepObject"`, `query:"name,csv"`
// (also ssv, pipes) or `header:"Name"`.
func (e *emitter) paramsStruct(f *jen.File, op *operation) {
	ps := op.params
	f.Comment(fmt.Sprintf("%s holds the query and header parameters of %s%s.%s; nil fields are not sent.",
		ps.typeName, op.resource, normalize.ResourceSuffix, op.method))
	f.Type().Id(ps.typeName).StructFunc(func(g *jen.Group) {
		for _, p := range ps.fields {
			if p.doc != "" {
				g.Comment(p.doc)
			}
			if p.deprec {
				if p.doc != "" {
					g.Comment("")
				}
				g.Comment("Deprecated: the API marks this parameter as deprecated.")
			}
			tag := p.name
			if p.deep {
				tag += ",deepObject"
			} else if p.delim != "" && strings.HasPrefix(p.goType, "[]") {
				tag += "," + p.delim
			}
			key := "query"
			if p.in == "header" {
				key = "header"
			}
			g.Id(p.goName).Add(e.typ(p.goType)).Tag(map[string]string{key: tag})
		}
	})
}
