package gen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/stgen-dev/stgen/internal/model"
)

// The facade's examples show, in go doc, the first hour with the clients:
// making one, a call, an iterator, an export feed resumed from its token,
// an error read with errors.As, per-call options, and the three states of a
// Nullable request field. Each uses real operations and types of the
// release: the first of the domains, in package order, that has one of the
// shape an example needs. Those that call the API read the app's
// credentials from the environment, and ST_BASE_URL and ST_TOKEN_URL when
// set (a fake such as stgen serve): they have no Output comment, so `go
// test` in the user's module only compiles them, and stgen's tests run
// them against sttest. Example_null needs no server: it prints the JSON a
// body is sent as, which its Output comment states, so `go test` runs it.

// examples are the operations a domain offers the facade's examples.
type examples struct {
	// get is a call with one integer id and nothing else required,
	// returning a struct.
	get *model.Operation
	// list is a page iterator with no argument required.
	list *model.Operation
	// feed is an export feed with no argument required.
	feed *model.Operation
	// patch is a PATCH whose body marshals when zero and has a Nullable
	// field of a scalar (see nullableExample).
	patch *model.Operation
	// cleared is that field.
	cleared *model.Field
}

// nullValue returns the value Example_null sets a Nullable field of scalar
// s to, and its JSON; ok is false for a scalar it has none of.
func nullValue(s model.Scalar) (value jen.Code, json string, ok bool) {
	switch s {
	case model.Int:
		return jen.Lit(42), "42", true
	case model.Int32:
		return jen.Int32().Call(jen.Lit(42)), "42", true
	case model.Int64:
		return jen.Int64().Call(jen.Lit(42)), "42", true
	case model.Float64:
		return jen.Lit(2.5), "2.5", true
	case model.String:
		return jen.Lit("example"), `"example"`, true
	case model.Bool:
		return jen.True(), "true", true
	}
	return nil, "", false
}

// plainKey reports whether Example_null can print a JSON key in its Output
// comment as it is: letters, digits, '_', '.' and '-'.
func plainKey(key string) bool {
	return key != "" && strings.Trim(key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == ""
}

// nullableExample returns the field of a PATCH body Example_null shows, or
// nil: a Nullable left out when unset, of a scalar nullValue has, with a
// plain key, in a body that json.Marshal takes when zero.
func nullableExample(op *model.Operation) *model.Field {
	if op.HTTPMethod != "PATCH" || op.Body == nil || op.Deprecated || !op.Body.Type.IsStruct() || op.Body.Multipart ||
		!marshalsZero(op.Body.Type.Named, map[*model.Type]bool{}) {
		return nil
	}
	for _, f := range op.Body.Type.Named.Fields {
		if t := f.Type; t.Kind == model.KindNullable && f.OmitEmpty && t.Elem.Kind == model.KindScalar && plainKey(f.JSON) {
			if _, _, ok := nullValue(t.Elem.Scalar); ok {
				return f
			}
		}
	}
	return nil
}

// marshalsZero reports whether json.Marshal takes the zero value of a
// struct type: no field holds a Date by value (the zero Date is not a
// date), in it or in a struct it holds by value.
func marshalsZero(t *model.Type, seen map[*model.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	for _, f := range t.Fields {
		switch ft := f.Type; {
		case ft.Kind == model.KindScalar && ft.Scalar == model.Date:
			return false
		case ft.Kind == model.KindNamed && ft.Named.Kind == model.Struct && !marshalsZero(ft.Named, seen):
			return false
		}
	}
	return true
}

// examplesOf picks the operations of a domain the examples can call.
func examplesOf(dom *model.Domain) examples {
	var ex examples
	for _, op := range dom.Operations {
		if ex.patch == nil {
			if f := nullableExample(op); f != nil {
				ex.patch, ex.cleared = op, f
			}
		}
		if op.Body != nil || op.Deprecated || !optionalParams(op) {
			continue
		}
		switch {
		case ex.get == nil && op.HTTPMethod == "GET" && op.Result.Pointer && len(op.PathParams) == 1 && isInteger(op.PathParams[0].Type):
			ex.get = op
		case ex.list == nil && len(op.PathParams) == 0 && op.Pager != nil && op.Pager.Kind == model.PagerPages:
			ex.list = op
		case ex.feed == nil && len(op.PathParams) == 0 && op.Pager != nil && op.Pager.Kind == model.PagerExport:
			ex.feed = op
		}
	}
	return ex
}

// optionalParams reports whether none of an operation's query and header parameters is required.
func optionalParams(op *model.Operation) bool {
	if op.Params == nil {
		return true
	}
	for _, p := range op.Params.Fields {
		if p.Required {
			return false
		}
	}
	return true
}

// isInteger reports whether a Go type is an integer scalar.
func isInteger(t *model.GoType) bool {
	return t.Kind == model.KindScalar && (t.Scalar == model.Int || t.Scalar == model.Int32 || t.Scalar == model.Int64)
}

// exampleFile returns the facade's example_test file, or nil when no
// domain has an operation to show.
func exampleFile(opts FacadeOptions, domains []Domain, rt, auth string) *jen.File {
	var get, list, feed, patch *exampleOp
	var cleared *model.Field
	for _, d := range domains {
		field, path := d.FieldName(), opts.Module+"/"+d.Package
		if get == nil && d.examples.get != nil {
			get = &exampleOp{field, path, d.examples.get}
		}
		if list == nil && d.examples.list != nil {
			list = &exampleOp{field, path, d.examples.list}
		}
		if feed == nil && d.examples.feed != nil {
			feed = &exampleOp{field, path, d.examples.feed}
		}
		if patch == nil && d.examples.patch != nil {
			patch, cleared = &exampleOp{field, path, d.examples.patch}, d.examples.cleared
		}
	}
	if get == nil && list == nil && feed == nil && patch == nil {
		return nil
	}
	facade := opts.Module + "/" + FacadePackage
	f := jen.NewFile(FacadePackage + "_test")
	f.ImportName(facade, FacadePackage)
	for _, d := range domains {
		f.ImportName(opts.Module+"/"+d.Package, d.Package)
	}
	f.ImportName(auth, "authmw")
	f.ImportName(rt, "stapi")
	f.HeaderComment(Header(opts.Version, "", opts.Release))
	newClient := func(g *jen.Group) {
		g.List(jen.Id("st"), jen.Err()).Op(":=").Qual(facade, "New").Call(jen.Qual(facade, "Config").ValuesFunc(func(g *jen.Group) {
			field := func(name string, value jen.Code) { g.Line().Id(name).Op(":").Add(value) }
			field("ClientID", jen.Qual("os", "Getenv").Call(jen.Lit("ST_CLIENT_ID")))
			field("ClientSecret", jen.Qual("os", "Getenv").Call(jen.Lit("ST_CLIENT_SECRET")))
			field("AppKey", jen.Qual("os", "Getenv").Call(jen.Lit("ST_APP_KEY")))
			field("Tenant", jen.Lit(1234567))
			field("Environment", jen.Qual(auth, "Integration"))
			field("BaseURL", jen.Qual("os", "Getenv").Call(jen.Lit("ST_BASE_URL")))
			field("TokenURL", jen.Qual("os", "Getenv").Call(jen.Lit("ST_TOKEN_URL")))
			g.Line()
		}))
		fatal(g)
		g.Id("ctx").Op(":=").Qual("context", "Background").Call()
	}
	if get != nil {
		addComment(f, "This example makes a client from the app's credentials and gets one record."+needsServer)
		f.Func().Id("Example").Params().BlockFunc(func(g *jen.Group) {
			newClient(g)
			g.List(jen.Id("v"), jen.Err()).Op(":=").Add(get.call()).Call(get.args(1)...)
			fatal(g)
			g.Qual("fmt", "Printf").Call(jen.Lit("%+v\n"), jen.Op("*").Id("v"))
		})
		addComment(f, "This example tells a response outside 2xx by its status."+needsServer)
		f.Func().Id("Example_errors").Params().BlockFunc(func(g *jen.Group) {
			newClient(g)
			g.List(jen.Id("_"), jen.Err()).Op("=").Add(get.call()).Call(get.args(0)...)
			g.Var().Id("apiErr").Op("*").Qual(facade, "Error")
			g.If(jen.Qual("errors", "As").Call(jen.Err(), jen.Op("&").Id("apiErr")).Op("&&").Id("apiErr").Dot("Status").Op("==").Qual("net/http", "StatusNotFound")).Block(
				jen.Qual("fmt", "Println").Call(jen.Lit("no such record; ServiceTitan's trace id:"), jen.Id("apiErr").Dot("TraceID")),
			).Else().If(jen.Err().Op("!=").Nil()).Block(jen.Qual("log", "Fatal").Call(jen.Err()))
		})
		addComment(f, "This example sets a header, bounds the call's time, and keeps the raw HTTP response."+needsServer)
		f.Func().Id("Example_options").Params().BlockFunc(func(g *jen.Group) {
			newClient(g)
			g.Var().Id("resp").Op("*").Qual("net/http", "Response")
			g.List(jen.Id("_"), jen.Err()).Op("=").Add(get.call()).Call(append(get.args(1),
				jen.Qual(facade, "WithHeader").Call(jen.Lit("X-Request-ID"), jen.Lit("example-1")),
				jen.Qual(facade, "WithTimeout").Call(jen.Lit(30).Op("*").Qual("time", "Second")),
				jen.Qual(facade, "WithResponse").Call(jen.Op("&").Id("resp")),
			)...)
			fatal(g)
			g.Qual("fmt", "Println").Call(jen.Id("resp").Dot("StatusCode"))
		})
	}
	if patch != nil {
		body := jen.Qual(patch.path, patch.op.Body.Type.Named.Name)
		value, valueJSON, _ := nullValue(cleared.Type.Elem.Scalar)
		addComment(f, fmt.Sprintf("This example shows how the client sends the three states of a Nullable field of a PATCH body "+
			"(here %s.%s, of st.%s.%s.%s): left unset, the field is left out and the API leaves the value as it is; "+
			"%s.Null sends null, which clears it; %s.Value sends a value.",
			patch.op.Body.Type.Named.Name, cleared.Name, patch.field, patch.op.Resource, patch.op.Method, FacadePackage, FacadePackage))
		f.Func().Id("Example_null").Params().BlockFunc(func(g *jen.Group) {
			g.For(jen.List(jen.Id("_"), jen.Id("body")).Op(":=").Range().Index().Add(body).Values(
				jen.Line().Values(),
				jen.Line().Values(jen.Dict{jen.Id(cleared.Name): jen.Qual(facade, "Null").Types(exampleType(cleared.Type.Elem, patch.path, rt)).Call()}),
				jen.Line().Values(jen.Dict{jen.Id(cleared.Name): jen.Qual(facade, "Value").Call(value)}),
				jen.Line(),
			)).BlockFunc(func(g *jen.Group) {
				g.List(jen.Id("b"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("body"))
				fatal(g)
				g.Var().Id("sent").Map(jen.String()).Qual("encoding/json", "RawMessage")
				g.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("b"), jen.Op("&").Id("sent")), jen.Err().Op("!=").Nil()).Block(
					jen.Qual("log", "Fatal").Call(jen.Err()),
				)
				g.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Id("sent").Index(jen.Lit(cleared.JSON)), jen.Id("ok")).Block(
					jen.Qual("fmt", "Printf").Call(jen.Lit(cleared.JSON+": %s\n"), jen.Id("v")),
				).Else().Block(
					jen.Qual("fmt", "Println").Call(jen.Lit(cleared.JSON + ": left out")),
				)
			})
			g.Comment("Output:")
			g.Comment(cleared.JSON + ": left out")
			g.Comment(cleared.JSON + ": null")
			g.Comment(cleared.JSON + ": " + valueJSON)
		})
	}
	if list != nil {
		addComment(f, "This example iterates over the records of every page, the iterator asking for the largest pages the API allows."+needsServer)
		f.Func().Id("Example_iterate").Params().BlockFunc(func(g *jen.Group) {
			newClient(g)
			g.Id("n").Op(":=").Lit(0)
			g.For(jen.List(jen.Id("v"), jen.Err()).Op(":=").Range().Add(list.iterator(list.op.Pager.All)).Call(jen.Id("ctx"), jen.Nil())).Block(
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Qual("log", "Fatal").Call(jen.Err())),
				jen.Qual("fmt", "Printf").Call(jen.Lit("%+v\n"), jen.Id("v")),
				jen.If(jen.Id("n").Op("++;").Id("n").Op("==").Lit(3)).Block(jen.Break()),
			)
		})
	}
	if feed != nil {
		params := jen.Qual(feed.path, feed.op.Params.TypeName)
		from := jen.Op("&").Id("token")
		if feed.op.Pager.Driver.Type.Kind != model.KindPointer {
			from = jen.Id("token")
		}
		addComment(f, "This example reads an export from the start, keeps the token to resume from, and resumes from it: a sync saves the token between runs."+needsServer)
		f.Func().Id("Example_feed").Params().BlockFunc(func(g *jen.Group) {
			newClient(g)
			g.Id("feed").Op(":=").Add(feed.iterator(feed.op.Pager.Feed)).Call(jen.Nil())
			g.For(jen.List(jen.Id("_"), jen.Err()).Op(":=").Range().Id("feed").Dot("All").Call(jen.Id("ctx"))).Block(
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Qual("log", "Fatal").Call(jen.Err())),
			)
			g.Id("token").Op(":=").Id("feed").Dot("Token").Call()
			g.Id("later").Op(":=").Add(feed.iterator(feed.op.Pager.Feed)).Call(jen.Op("&").Add(params).Values(jen.Dict{jen.Id(feed.op.Pager.Driver.GoName): from}))
			g.For(jen.List(jen.Id("_"), jen.Err()).Op(":=").Range().Id("later").Dot("All").Call(jen.Id("ctx"))).Block(
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Qual("log", "Fatal").Call(jen.Err())),
			)
			g.Qual("fmt", "Println").Call(jen.Id("later").Dot("Token").Call().Op("!=").Lit(""))
		})
	}
	return f
}

// needsServer ends the doc of an example that calls the API.
const needsServer = " It calls the API, so go test compiles it without running it; stgen's own tests run it against a fake of the API."

// exampleType returns a Go type of the model for an example, qualified by
// the domain package.
func exampleType(t *model.GoType, path, rt string) jen.Code {
	e := &emitter{runtime: rt}
	if t.Kind == model.KindNamed {
		return jen.Qual(path, t.Named.Name)
	}
	return e.typ(t)
}

// exampleOp is an operation an example calls, and where it is.
type exampleOp struct {
	field, path string // the facade's field of its domain; the domain package's import path
	op          *model.Operation
}

// call returns st.<Domain>.<Resource>.<Method>.
func (x *exampleOp) call() *jen.Statement {
	return x.iterator(x.op.Method)
}

// args returns the arguments of a call of the operation with the integer
// id: ctx, the id, and nil parameters when it takes a parameters struct.
func (x *exampleOp) args(id int) []jen.Code {
	args := []jen.Code{jen.Id("ctx"), jen.Lit(id)}
	if x.op.Params != nil {
		args = append(args, jen.Nil())
	}
	return args
}

// iterator returns st.<Domain>.<Resource>.<name>.
func (x *exampleOp) iterator(name string) *jen.Statement {
	return jen.Id("st").Dot(x.field).Dot(x.op.Resource).Dot(name)
}

// fatal adds `if err != nil { log.Fatal(err) }`.
func fatal(g *jen.Group) {
	g.If(jen.Err().Op("!=").Nil()).Block(jen.Qual("log", "Fatal").Call(jen.Err()))
}
