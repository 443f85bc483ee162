package gen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/stgen-dev/stgen/internal/normalize"
)

// iterators emits the iterators of a paged operation: ...All over its
// pages, or ...Feed and ...All over its export.
func (e *emitter) iterators(f *jen.File, op *operation) {
	if op.pager.kind == pagerExport {
		e.feed(f, op)
		return
	}
	e.pages(f, op)
}

// signature declares an iterator method of op named name, taking the
// operation's arguments (ctx first when withCtx) and returning results.
func (e *emitter) signature(f *jen.File, op *operation, name string, withCtx bool, results jen.Code) *jen.Statement {
	return f.Func().Params(jen.Id("r").Op("*").Id(op.resource + normalize.ResourceSuffix)).Id(name).
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
func (e *emitter) pages(f *jen.File, op *operation) {
	pg := op.pager
	item := e.typ(pg.itemType)
	size := "the largest page the API takes"
	if pg.maxSize > 0 {
		size = fmt.Sprintf("%d items a page, the most the API takes", pg.maxSize)
	}
	f.Comment(fmt.Sprintf("%s iterates over the %s of every page of %s, from params' page on (page %d if unset), asking for %s unless params sets the page size. params is not changed.",
		pg.allName, itemsWord(pg), op.method, pg.first, size))

	driver := pg.driver
	pageType := strings.TrimPrefix(driver.goType, "*")
	body := []jen.Code{jen.Id("p").Op(":=").Qual(e.runtime, "Clone").Call(jen.Id("params"))}
	first := jen.Qual(e.runtime, "FirstPage").Call(jen.Id("p").Dot(driver.goName), jen.Lit(pg.first))
	if !driver.pointer {
		first = jen.Qual(e.runtime, "FirstPage").Call(jen.Qual(e.runtime, "NonZero").Call(jen.Id("p").Dot(driver.goName)), jen.Lit(pg.first))
	}
	if s := pg.size; s != nil {
		want := jen.Id(strings.TrimPrefix(s.goType, "*")).Call(jen.Id("r").Dot("core").Dot("Page").Call(jen.Lit(pg.maxSize)))
		if s.pointer {
			body = append(body, jen.Qual(e.runtime, "SetDefault").Call(jen.Op("&").Id("p").Dot(s.goName), want))
		} else {
			body = append(body, jen.If(jen.Id("p").Dot(s.goName).Op("==").Lit(0)).Block(
				jen.Id("p").Dot(s.goName).Op("=").Add(want)))
		}
	}
	setPage := jen.Id("p").Dot(driver.goName).Op("=").Id(pageType).Call(jen.Id("page"))
	if driver.pointer {
		setPage = jen.Id("p").Dot(driver.goName).Op("=").Qual(e.runtime, "PtrTo").Call(jen.Id(pageType).Call(jen.Id("page")))
	}
	var items jen.Code = jen.Id("resp").Dot("Data")
	var prelude []jen.Code
	if pg.kind == pagerTable {
		prelude = append(prelude,
			jen.Id("names").Op(":=").Make(jen.Index().String(), jen.Len(jen.Id("resp").Dot(pg.fieldsName))),
			jen.For(jen.List(jen.Id("i"), jen.Id("f")).Op(":=").Range().Id("resp").Dot(pg.fieldsName)).Block(
				jen.Id("names").Index(jen.Id("i")).Op("=").Id("f").Dot("Name")),
		)
		items = jen.Qual(e.runtime, "Rows").Call(jen.Qual(e.runtime, "NewColumns").Call(jen.Id("names")), jen.Id("resp").Dot("Data"))
	}
	fetch := jen.Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("page").Int()).
		Params(jen.Index().Add(item), jen.Bool(), jen.Error()).
		BlockFunc(func(g *jen.Group) {
			g.Add(setPage)
			g.List(jen.Id("resp"), jen.Err()).Op(":=").Id("r").Dot(op.method).CallFunc(func(g *jen.Group) {
				g.Id("ctx")
				passArgs(g, op)
				g.Id("opts").Op("...")
			})
			g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.False(), jen.Err()))
			for _, c := range prelude {
				g.Add(c)
			}
			g.Return(items, e.deref(pg.hasMorePointer, jen.Id("resp").Dot("HasMore")), jen.Nil())
		})
	body = append(body, jen.Return(jen.Qual(e.runtime, "Pages").Call(jen.Id("ctx"), first, fetch)))
	e.signature(f, op, pg.allName, true, jen.Qual("iter", "Seq2").Types(item, jen.Error())).Block(body...)
}

// feed emits the ...Feed and ...All of an export operation.
func (e *emitter) feed(f *jen.File, op *operation) {
	pg := op.pager
	item := e.typ(pg.itemType)
	driver := pg.driver
	f.Comment(fmt.Sprintf("%s returns the export feed of %s, from params' From on (the start if unset): its All iterates over every record, following continueFrom, and its Token tells where to resume later. params is not changed.",
		pg.feedName, op.method))
	start := jen.Id("p").Dot(driver.goName)
	setFrom := jen.Id("p").Dot(driver.goName).Op("=").Id("from")
	if driver.pointer {
		start = jen.Qual(e.runtime, "Deref").Call(start)
		setFrom = jen.Id("p").Dot(driver.goName).Op("=").Qual(e.runtime, "NonZero").Call(jen.Id("from"))
	}
	fetch := jen.Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("from").String()).
		Params(jen.Index().Add(item), jen.String(), jen.Bool(), jen.Error()).
		Block(
			setFrom,
			jen.List(jen.Id("resp"), jen.Err()).Op(":=").Id("r").Dot(op.method).CallFunc(func(g *jen.Group) {
				g.Id("ctx")
				passArgs(g, op)
				g.Id("opts").Op("...")
			}),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Lit(""), jen.False(), jen.Err())),
			jen.Return(jen.Id("resp").Dot("Data"), e.deref(pg.continuePointer, jen.Id("resp").Dot("ContinueFrom")), e.deref(pg.hasMorePointer, jen.Id("resp").Dot("HasMore")), jen.Nil()),
		)
	e.signature(f, op, pg.feedName, false, jen.Op("*").Qual(e.runtime, "Feed").Types(item)).Block(
		jen.Id("p").Op(":=").Qual(e.runtime, "Clone").Call(jen.Id("params")),
		jen.Return(jen.Qual(e.runtime, "NewFeed").Call(start, fetch)),
	)

	f.Comment(fmt.Sprintf("%s iterates over every record of the export feed of %s, from the start each time it is ranged over; use %s to learn where to resume later.",
		pg.allName, op.method, pg.feedName))
	e.signature(f, op, pg.allName, true, jen.Qual("iter", "Seq2").Types(item, jen.Error())).Block(
		jen.Return(jen.Id("r").Dot(pg.feedName).CallFunc(func(g *jen.Group) {
			for _, p := range op.pathParams {
				g.Id(p.goName)
			}
			g.Id("params")
			if op.body != nil {
				g.Id("body")
			}
			g.Id("opts").Op("...")
		}).Dot("All").Call(jen.Id("ctx"))),
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
func itemsWord(pg *pager) string {
	if pg.kind == pagerTable {
		return "rows (values by column name)"
	}
	return "items"
}
