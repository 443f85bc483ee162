package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"
	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/normalize"
)

// emitter writes the Go of one domain's model with jennifer: the client
// file (client.go, params.go, iterators.go) and the decoders (decoders.go).
type emitter struct {
	dom     *model.Domain
	runtime string // import path of the runtime package, stapi
}

// newFile returns a jennifer file of the domain's package, headed.
func (e *emitter) newFile(header string) *jen.File {
	f := jen.NewFile(e.dom.Package)
	f.ImportName(e.runtime, "stapi")
	f.HeaderComment(header)
	return f
}

// client emits the package's client file: the base path, the Client with
// one field per resource, the resource types, and every operation's
// method, parameters struct and iterators.
func (e *emitter) client(header string) *jen.File {
	dom := e.dom
	f := e.newFile(header)
	f.PackageComment(fmt.Sprintf("Package %s is a client for ServiceTitan's %s API (%s).", dom.Package, dom.Title, dom.BasePath))
	f.PackageComment("")
	f.PackageComment("Create one with [NewClient] from a shared [stapi.Client], or use the servicetitan facade package.")

	addComment(f, fmt.Sprintf("BasePath is the path of the %s API on a ServiceTitan host.", dom.Package))
	f.Const().Id(normalize.BasePathConst).Op("=").Lit(dom.BasePath)

	addComment(f, fmt.Sprintf("Client calls the %s API; each field groups the operations of one resource.", dom.Package))
	f.Type().Id(normalize.ClientType).StructFunc(func(g *jen.Group) {
		for _, r := range dom.Resources {
			g.Comment(fmt.Sprintf("// %s groups the %s operations.", r.Name, r.Name))
			g.Id(r.Name).Op("*").Id(r.TypeName)
		}
	})
	addComment(f, fmt.Sprintf("NewClient returns a client of the %s API that sends its requests through core.", dom.Package))
	f.Func().Id(normalize.NewClientFunc).Params(jen.Id("core").Op("*").Qual(e.runtime, "Client")).Op("*").Id(normalize.ClientType).Block(
		jen.Return(jen.Op("&").Id(normalize.ClientType).Values(jen.DictFunc(func(dict jen.Dict) {
			for _, r := range dom.Resources {
				dict[jen.Id(r.Name)] = jen.Op("&").Id(r.TypeName).Values(jen.Dict{jen.Id("core"): jen.Id("core")})
			}
		}))),
	)
	for _, r := range dom.Resources {
		var methods []string
		for _, op := range r.Operations {
			methods = append(methods, op.Method)
		}
		addComment(f, fmt.Sprintf("%s groups the %s operations: %s.", r.TypeName, r.Name, joinWords(methods)))
		f.Type().Id(r.TypeName).Struct(jen.Id("core").Op("*").Qual(e.runtime, "Client"))
	}

	for _, op := range dom.Operations {
		e.method(f, op)
		if op.Params != nil {
			e.paramsStruct(f, op)
		}
		if op.Pager != nil {
			e.iterators(f, op)
		}
	}
	e.recordKeys(f)
	return f
}

// resourceType returns the type name of an operation's resource.
func resourceType(op *model.Operation) string {
	return op.Resource + normalize.ResourceSuffix
}

// method emits the method of one operation.
func (e *emitter) method(f *jen.File, op *model.Operation) {
	addComment(f, methodDoc(op))
	call := jen.Op("&").Qual(e.runtime, "Call").ValuesFunc(func(g *jen.Group) {
		field := func(name string, value jen.Code) { g.Id(name).Op(":").Add(value) }
		field("Method", jen.Lit(op.HTTPMethod))
		field("Path", jen.Lit(op.Path))
		if len(op.PathParams) > 0 {
			field("Args", jen.Index().Any().ValuesFunc(func(g *jen.Group) {
				for _, p := range op.PathParams {
					g.Id(p.GoName)
				}
			}))
		}
		if op.Params != nil {
			field("Params", jen.Id("params"))
		}
		if op.Body != nil {
			field("Body", jen.Id("body"))
			if op.Body.Multipart {
				field("Multipart", jen.True())
			}
		}
		if a := op.Result.Accept; a != "" && a != "application/json" {
			field("Accept", jen.Lit(a))
		}
	})
	var results jen.Code
	var ret *jen.Statement
	switch r := op.Result; r.Kind {
	case model.ResultJSON:
		if r.Pointer {
			results = jen.List(jen.Op("*").Add(e.typ(r.Type)), jen.Error())
			ret = jen.Qual(e.runtime, "JSON").Call(jen.Id("ctx"), jen.Id("r").Dot("core"), call, jen.New(e.typ(r.Type)), e.decoderOf(r.Type), jen.Id("opts"))
		} else {
			results = jen.List(e.typ(r.Type), jen.Error())
			ret = jen.Qual(e.runtime, "JSONValue").Call(jen.Id("ctx"), jen.Id("r").Dot("core"), call, e.decoderOf(r.Type), jen.Id("opts"))
		}
	case model.ResultDownload:
		results = jen.List(jen.Op("*").Qual(e.runtime, "Download"), jen.Error())
		ret = jen.Qual(e.runtime, "Stream").Call(jen.Id("ctx"), jen.Id("r").Dot("core"), call, jen.Id("opts"))
	default:
		results = jen.Error()
		ret = jen.Qual(e.runtime, "Send").Call(jen.Id("ctx"), jen.Id("r").Dot("core"), call, jen.Id("opts"))
	}
	f.Func().Params(jen.Id("r").Op("*").Id(resourceType(op))).Id(op.Method).
		ParamsFunc(func(g *jen.Group) {
			g.Id("ctx").Qual("context", "Context")
			e.args(g, op)
			g.Id("opts").Op("...").Qual(e.runtime, "Option")
		}).
		Params(results).
		Block(jen.Return(ret))
}

// args declares a method's arguments between ctx and opts: the path
// parameters, the parameters struct and the body.
func (e *emitter) args(g *jen.Group, op *model.Operation) {
	for _, p := range op.PathParams {
		g.Id(p.GoName).Add(e.typ(p.Type))
	}
	if op.Params != nil {
		g.Id("params").Op("*").Id(op.Params.TypeName)
	}
	if op.Body != nil {
		g.Id("body").Add(e.typ(op.Body.Type))
	}
}

// passArgs passes a method's own arguments on, with p for its parameters struct.
func passArgs(g *jen.Group, op *model.Operation) {
	for _, p := range op.PathParams {
		g.Id(p.GoName)
	}
	if op.Params != nil {
		g.Id("p")
	}
	if op.Body != nil {
		g.Id("body")
	}
}

// typ returns the jennifer code of a Go type of the model, qualifying the
// runtime's types and the standard library's.
func (e *emitter) typ(t *model.GoType) jen.Code {
	switch t.Kind {
	case model.KindPointer:
		return jen.Op("*").Add(e.typ(t.Elem))
	case model.KindSlice:
		return jen.Index().Add(e.typ(t.Elem))
	case model.KindMap:
		return jen.Map(jen.String()).Add(e.typ(t.Elem))
	case model.KindNullable:
		return jen.Qual(e.runtime, "Nullable").Types(e.typ(t.Elem))
	case model.KindNamed:
		return jen.Id(t.Named.Name)
	case model.KindScalar:
		switch t.Scalar {
		case model.Bytes:
			return jen.Index().Byte()
		case model.Time:
			return jen.Qual("time", "Time")
		case model.Date:
			return jen.Qual(e.runtime, "Date")
		case model.File:
			return jen.Qual(e.runtime, "File")
		}
		return jen.Id(t.Scalar.String())
	}
	return jen.Any()
}
