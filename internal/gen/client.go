package gen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/stgen-dev/stgen/internal/normalize"
)

// emitter writes the Go of one domain's model with jennifer: the client
// file (client.go, params.go, iterators.go) and the decoders (decoders.go).
type emitter struct {
	m       *model
	runtime string // import path of the runtime package, stapi
	dec     *decoders
}

// client emits the package's client file: the base path, the Client with
// one field per resource, the resource types, and every operation's
// method, parameters struct and iterators.
func (e *emitter) client(header string) *jen.File {
	m := e.m
	f := jen.NewFile(m.domain)
	f.ImportName(e.runtime, "stapi")
	f.HeaderComment(header)
	f.PackageComment(fmt.Sprintf("Package %s is a client for ServiceTitan's %s API (%s).", m.domain, m.title, m.basePath))
	f.PackageComment("")
	f.PackageComment("Create one with [NewClient] from a shared [stapi.Client], or use the servicetitan facade package.")

	f.Comment(fmt.Sprintf("BasePath is the path of the %s API on a ServiceTitan host.", m.domain))
	f.Const().Id(normalize.BasePathConst).Op("=").Lit(m.basePath)

	var resources []string
	methods := map[string][]string{}
	for _, op := range m.ops {
		if !slices.Contains(resources, op.resource) {
			resources = append(resources, op.resource)
		}
		methods[op.resource] = append(methods[op.resource], op.method)
	}

	f.Comment(fmt.Sprintf("Client calls the %s API; each field groups the operations of one resource.", m.domain))
	f.Type().Id(normalize.ClientType).StructFunc(func(g *jen.Group) {
		for _, r := range resources {
			g.Comment(fmt.Sprintf("%s groups the %s operations.", r, r))
			g.Id(r).Op("*").Id(r + normalize.ResourceSuffix)
		}
	})
	f.Comment(fmt.Sprintf("NewClient returns a client of the %s API that sends its requests through core.", m.domain))
	f.Func().Id(normalize.NewClientFunc).Params(jen.Id("core").Op("*").Qual(e.runtime, "Client")).Op("*").Id(normalize.ClientType).Block(
		jen.Return(jen.Op("&").Id(normalize.ClientType).Values(jen.DictFunc(func(dict jen.Dict) {
			for _, r := range resources {
				dict[jen.Id(r)] = jen.Op("&").Id(r + normalize.ResourceSuffix).Values(jen.Dict{jen.Id("core"): jen.Id("core")})
			}
		}))),
	)
	for _, r := range resources {
		f.Comment(fmt.Sprintf("%s%s groups the %s operations: %s.", r, normalize.ResourceSuffix, r, joinWords(methods[r])))
		f.Type().Id(r + normalize.ResourceSuffix).Struct(jen.Id("core").Op("*").Qual(e.runtime, "Client"))
	}

	for _, op := range m.ops {
		e.method(f, op)
		if op.params != nil {
			e.paramsStruct(f, op)
		}
		if op.pager != nil {
			e.iterators(f, op)
		}
	}
	return f
}

// method emits the method of one operation.
func (e *emitter) method(f *jen.File, op *operation) {
	f.Comment(methodDoc(op))
	call := jen.Op("&").Qual(e.runtime, "Call").ValuesFunc(func(g *jen.Group) {
		field := func(name string, value jen.Code) { g.Id(name).Op(":").Add(value) }
		field("Method", jen.Lit(op.httpMethod))
		field("Path", jen.Lit(op.path))
		if len(op.pathParams) > 0 {
			field("Args", jen.Index().Any().ValuesFunc(func(g *jen.Group) {
				for _, p := range op.pathParams {
					g.Id(p.goName)
				}
			}))
		}
		if op.params != nil {
			field("Params", jen.Id("params"))
		}
		if op.body != nil {
			field("Body", jen.Id("body"))
			if op.body.multipart {
				field("Multipart", jen.True())
			}
		}
		if a := op.result.accept; a != "" && a != "application/json" {
			field("Accept", jen.Lit(a))
		}
	})
	var results jen.Code
	var ret *jen.Statement
	switch op.result.kind {
	case resultJSON:
		if op.result.pointer {
			results = jen.List(jen.Op("*").Add(e.typ(op.result.goType)), jen.Error())
			ret = jen.Qual(e.runtime, "JSON").Call(jen.Id("ctx"), jen.Id("r").Dot("core"), call, jen.New(e.typ(op.result.goType)), e.dec.fn(op.result.goType), jen.Id("opts"))
		} else {
			results = jen.List(e.typ(op.result.goType), jen.Error())
			ret = jen.Qual(e.runtime, "JSONValue").Call(jen.Id("ctx"), jen.Id("r").Dot("core"), call, e.dec.fn(op.result.goType), jen.Id("opts"))
		}
	case resultDownload:
		results = jen.List(jen.Op("*").Qual(e.runtime, "Download"), jen.Error())
		ret = jen.Qual(e.runtime, "Stream").Call(jen.Id("ctx"), jen.Id("r").Dot("core"), call, jen.Id("opts"))
	case resultBytes:
		results = jen.List(jen.Index().Byte(), jen.Error())
		ret = jen.Qual(e.runtime, "Bytes").Call(jen.Id("ctx"), jen.Id("r").Dot("core"), call, jen.Id("opts"))
	}
	f.Func().Params(jen.Id("r").Op("*").Id(op.resource + normalize.ResourceSuffix)).Id(op.method).
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
func (e *emitter) args(g *jen.Group, op *operation) {
	for _, p := range op.pathParams {
		g.Id(p.goName).Add(e.typ(p.goType))
	}
	if op.params != nil {
		g.Id("params").Op("*").Id(op.params.typeName)
	}
	if op.body != nil {
		g.Id("body").Add(e.typ(op.body.goType))
	}
}

// passArgs passes a method's own arguments on, with p for its parameters struct.
func passArgs(g *jen.Group, op *operation) {
	for _, p := range op.pathParams {
		g.Id(p.goName)
	}
	if op.params != nil {
		g.Id("p")
	}
	if op.body != nil {
		g.Id("body")
	}
}

// methodDoc is the doc comment of an operation's method: what it calls,
// the summary, the description when it says more, the OAuth scopes it
// needs, and a deprecation notice.
func methodDoc(op *operation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s calls %s %s", op.method, op.httpMethod, op.path)
	if op.summary != "" {
		fmt.Fprintf(&b, ": %s", sentence(op.summary))
	} else {
		b.WriteString(".")
	}
	if op.details != "" {
		fmt.Fprintf(&b, "\n\n%s", op.details)
	}
	switch len(op.scopes) {
	case 0:
	case 1:
		fmt.Fprintf(&b, "\n\nIt requires the OAuth scope %s.", op.scopes[0])
	default:
		fmt.Fprintf(&b, "\n\nIt requires the OAuth scopes %s.", joinWords(op.scopes))
	}
	if op.deprecated {
		b.WriteString("\n\nDeprecated: the API marks this operation as deprecated.")
	}
	return b.String()
}

// sentence ends a text with a period unless it ends with punctuation.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?:") {
		return s
	}
	return s + "."
}

// joinWords lists words for a doc comment: "a", "a and b", "a, b and c".
func joinWords(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// typ turns a Go type as the model spells it ("*int32", "[]stapi.Date",
// "map[string]Customer", "time.Time") into jennifer code, qualifying the
// runtime and the standard library.
func (e *emitter) typ(goType string) jen.Code {
	switch {
	case strings.HasPrefix(goType, "*"):
		return jen.Op("*").Add(e.typ(goType[1:]))
	case strings.HasPrefix(goType, "[]"):
		return jen.Index().Add(e.typ(goType[2:]))
	case strings.HasPrefix(goType, "map[string]"):
		return jen.Map(jen.String()).Add(e.typ(strings.TrimPrefix(goType, "map[string]")))
	case goType == "interface{}":
		return jen.Interface()
	case strings.HasPrefix(goType, "stapi."):
		return jen.Qual(e.runtime, strings.TrimPrefix(goType, "stapi."))
	case goType == "time.Time":
		return jen.Qual("time", "Time")
	case goType == "json.RawMessage":
		return jen.Qual("encoding/json", "RawMessage")
	}
	return jen.Id(goType)
}
