package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"
	"github.com/stgen-dev/stgen/internal/model"
)

// iterators emits the iterators of a paged operation: ...All over its
// pages, or ...Feed and ...All over its export.
func (e *emitter) iterators(f *jen.File, op *model.Operation) {
	if op.Pager.Kind == model.PagerExport {
		e.feed(f, op)
		return
	}
	e.pages(f, op)
}

// signature declares an iterator method of op named name, taking the
// operation's arguments (ctx first when withCtx) and returning results.
func (e *emitter) signature(f *jen.File, op *model.Operation, name string, withCtx bool, results jen.Code) *jen.Statement {
	return f.Func().Params(jen.Id("r").Op("*").Id(resourceType(op))).Id(name).
		ParamsFunc(func(g *jen.Group) {
			if withCtx {
				g.Id("ctx").Qual("context", "Context")
			}
			e.args(g, op)
			g.Id("opts").Op("...").Qual(e.runtime, "Option")
		}).Add(results)
}

// pages emits the ...All iterator of a page-envelope operation. Unless
// params sets the page size, it asks for the largest page the API allows.
func (e *emitter) pages(f *jen.File, op *model.Operation) {
	pg := op.Pager
	item := e.itemType(pg)
	size := "the largest page the API takes"
	if pg.MaxSize > 0 {
		size = fmt.Sprintf("%d items a page, the most the API takes", pg.MaxSize)
	}
	addComment(f, fmt.Sprintf("%s iterates over the %s of every page of %s, from params' page on (page %d if unset), asking for %s unless params sets the page size. params is not changed.",
		pg.All, itemsWord(pg), op.Method, pg.First, size))

	driver := pg.Driver
	pointer := driver.Type.Kind == model.KindPointer
	pageType := e.typ(driver.Type.Deref())
	body := []jen.Code{jen.Id("p").Op(":=").Qual(e.runtime, "Clone").Call(jen.Id("params"))}
	first := jen.Qual(e.runtime, "FirstPage").Call(jen.Id("p").Dot(driver.GoName), jen.Lit(pg.First))
	if !pointer {
		first = jen.Qual(e.runtime, "FirstPage").Call(jen.Qual(e.runtime, "NonZero").Call(jen.Id("p").Dot(driver.GoName)), jen.Lit(pg.First))
	}
	if s := pg.Size; s != nil {
		want := jen.Add(e.typ(s.Type.Deref())).Call(jen.Id("r").Dot("core").Dot("Page").Call(jen.Lit(pg.MaxSize)))
		if s.Type.Kind == model.KindPointer {
			body = append(body, jen.Qual(e.runtime, "SetDefault").Call(jen.Op("&").Id("p").Dot(s.GoName), want))
		} else {
			body = append(body, jen.If(jen.Id("p").Dot(s.GoName).Op("==").Lit(0)).Block(
				jen.Id("p").Dot(s.GoName).Op("=").Add(want)))
		}
	}
	setPage := jen.Id("p").Dot(driver.GoName).Op("=").Add(pageType).Call(jen.Id("page"))
	if pointer {
		setPage = jen.Id("p").Dot(driver.GoName).Op("=").Qual(e.runtime, "PtrTo").Call(jen.Add(pageType).Call(jen.Id("page")))
	}
	var items jen.Code = jen.Id("resp").Dot("Data")
	var prelude []jen.Code
	if pg.Kind == model.PagerTable {
		prelude = append(prelude,
			jen.Id("names").Op(":=").Make(jen.Index().String(), jen.Len(jen.Id("resp").Dot(pg.Fields))),
			jen.For(jen.List(jen.Id("i"), jen.Id("f")).Op(":=").Range().Id("resp").Dot(pg.Fields)).Block(
				jen.Id("names").Index(jen.Id("i")).Op("=").Id("f").Dot("Name")),
		)
		items = jen.Qual(e.runtime, "Rows").Call(jen.Qual(e.runtime, "NewColumns").Call(jen.Id("names")), jen.Id("resp").Dot("Data"))
	}
	fetch := jen.Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("page").Int()).
		Params(jen.Index().Add(item), jen.Bool(), jen.Error()).
		BlockFunc(func(g *jen.Group) {
			g.Add(setPage)
			g.List(jen.Id("resp"), jen.Err()).Op(":=").Id("r").Dot(op.Method).CallFunc(func(g *jen.Group) {
				g.Id("ctx")
				passArgs(g, op)
				g.Id("opts").Op("...")
			})
			g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.False(), jen.Err()))
			for _, c := range prelude {
				g.Add(c)
			}
			g.Return(items, e.deref(pg.HasMorePointer, jen.Id("resp").Dot("HasMore")), jen.Nil())
		})
	body = append(body, jen.Return(jen.Qual(e.runtime, "Pages").Call(jen.Id("ctx"), first, fetch)))
	e.signature(f, op, pg.All, true, jen.Qual("iter", "Seq2").Types(item, jen.Error())).Block(body...)
}

// itemType returns the Go type a pager yields: the envelope's item, or a
// row for tables.
func (e *emitter) itemType(pg *model.Pager) jen.Code {
	if pg.Kind == model.PagerTable {
		return jen.Qual(e.runtime, "Row")
	}
	return e.typ(pg.Item)
}

// feed emits the ...Feed and ...All of an export operation.
func (e *emitter) feed(f *jen.File, op *model.Operation) {
	pg := op.Pager
	item := e.itemType(pg)
	driver := pg.Driver
	pointer := driver.Type.Kind == model.KindPointer
	addComment(f, fmt.Sprintf("%s returns the export feed of %s, from params' From on (the start if unset): its All iterates over every record, following continueFrom, and its Token tells where to resume later. params is not changed.",
		pg.Feed, op.Method))
	start := jen.Id("p").Dot(driver.GoName)
	setFrom := jen.Id("p").Dot(driver.GoName).Op("=").Id("from")
	if pointer {
		start = jen.Qual(e.runtime, "Deref").Call(start)
		setFrom = jen.Id("p").Dot(driver.GoName).Op("=").Qual(e.runtime, "NonZero").Call(jen.Id("from"))
	}
	fetch := jen.Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("from").String()).
		Params(jen.Index().Add(item), jen.String(), jen.Bool(), jen.Error()).
		Block(
			setFrom,
			jen.List(jen.Id("resp"), jen.Err()).Op(":=").Id("r").Dot(op.Method).CallFunc(func(g *jen.Group) {
				g.Id("ctx")
				passArgs(g, op)
				g.Id("opts").Op("...")
			}),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Lit(""), jen.False(), jen.Err())),
			jen.Return(jen.Id("resp").Dot("Data"), e.deref(pg.ContinuePointer, jen.Id("resp").Dot("ContinueFrom")), e.deref(pg.HasMorePointer, jen.Id("resp").Dot("HasMore")), jen.Nil()),
		)
	e.signature(f, op, pg.Feed, false, jen.Op("*").Qual(e.runtime, "Feed").Types(item)).Block(
		jen.Id("p").Op(":=").Qual(e.runtime, "Clone").Call(jen.Id("params")),
		jen.Return(jen.Qual(e.runtime, "NewFeed").Call(start, fetch)),
	)

	addComment(f, fmt.Sprintf("%s iterates over every record of the export feed of %s, from params' From on, afresh each time it is ranged over; use %s to learn where to resume later.",
		pg.All, op.Method, pg.Feed))
	newFeed := jen.Id("r").Dot(pg.Feed).CallFunc(func(g *jen.Group) {
		for _, p := range op.PathParams {
			g.Id(p.GoName)
		}
		g.Id("params")
		if op.Body != nil {
			g.Id("body")
		}
		g.Id("opts").Op("...")
	})
	e.signature(f, op, pg.All, true, jen.Qual("iter", "Seq2").Types(item, jen.Error())).Block(
		jen.Return(jen.Func().Params(jen.Id("yield").Func().Params(item, jen.Error()).Bool()).Block(
			jen.For(jen.List(jen.Id("v"), jen.Err()).Op(":=").Range().Add(newFeed).Dot("All").Call(jen.Id("ctx"))).Block(
				jen.If(jen.Op("!").Id("yield").Call(jen.Id("v"), jen.Err())).Block(jen.Return()),
			),
		)),
	)
}

// deref reads an envelope field that may be a pointer.
func (e *emitter) deref(pointer bool, field *jen.Statement) jen.Code {
	if pointer {
		return jen.Qual(e.runtime, "Deref").Call(field)
	}
	return field
}

// itemsWord names what a page iterator yields.
func itemsWord(pg *model.Pager) string {
	if pg.Kind == model.PagerTable {
		return "rows (values by column name)"
	}
	return "items"
}
