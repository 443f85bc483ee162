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
		// A page may name its columns, or leave them to the page before.
		body = append(body, jen.Var().Id("table").Qual(e.runtime, "Table"))
		prelude = append(prelude,
			jen.Id("names").Op(":=").Make(jen.Index().String(), jen.Len(jen.Id("resp").Dot(pg.Fields))),
			jen.For(jen.List(jen.Id("i"), jen.Id("f")).Op(":=").Range().Id("resp").Dot(pg.Fields)).Block(
				jen.Id("names").Index(jen.Id("i")).Op("=").Id("f").Dot("Name")),
		)
		items = jen.Id("table").Dot("Rows").Call(jen.Id("names"), jen.Id("resp").Dot("Data"))
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

	feedOf := func(params jen.Code) *jen.Statement {
		return jen.Id("r").Dot(pg.Feed).CallFunc(func(g *jen.Group) {
			for _, p := range op.PathParams {
				g.Id(p.GoName)
			}
			g.Add(params)
			if op.Body != nil {
				g.Id("body")
			}
			g.Id("opts").Op("...")
		})
	}

	addComment(f, fmt.Sprintf("%s returns the export feed of %s from the records modified at or after since, as %s does from a token; params' From is not read.",
		pg.Since, op.Method, pg.Feed))
	from := jen.Qual(e.runtime, "FromTime").Call(jen.Id("since"))
	if pointer {
		from = jen.Qual(e.runtime, "PtrTo").Call(from)
	}
	f.Func().Params(jen.Id("r").Op("*").Id(resourceType(op))).Id(pg.Since).
		ParamsFunc(func(g *jen.Group) {
			g.Id("since").Qual("time", "Time")
			e.args(g, op)
			g.Id("opts").Op("...").Qual(e.runtime, "Option")
		}).Op("*").Qual(e.runtime, "Feed").Types(item).Block(
		jen.Id("p").Op(":=").Qual(e.runtime, "Clone").Call(jen.Id("params")),
		jen.Id("p").Dot(driver.GoName).Op("=").Add(from),
		jen.Return(feedOf(jen.Id("p"))),
	)

	addComment(f, fmt.Sprintf("%s iterates over every record of the export feed of %s, from params' From on, afresh each time it is ranged over; use %s to learn where to resume later.",
		pg.All, op.Method, pg.Feed))
	e.signature(f, op, pg.All, true, jen.Qual("iter", "Seq2").Types(item, jen.Error())).Block(
		jen.Return(jen.Qual(e.runtime, "FeedAll").Call(jen.Id("ctx"),
			jen.Func().Params().Op("*").Qual(e.runtime, "Feed").Types(item).Block(jen.Return(feedOf(jen.Id("params")))))),
	)
}

// recordKeys emits the RecordKey method of every export item type that
// has an integer id and a modifiedOn date-time, which Feed.Dedupe takes to
// drop the records an export repeats.
func (e *emitter) recordKeys(f *jen.File) {
	done := map[*model.Type]bool{}
	for _, op := range e.dom.Operations {
		pg := op.Pager
		if pg == nil || len(pg.Identity) != 2 || pg.Item.Deref().Kind != model.KindNamed || done[pg.Item.Deref().Named] {
			continue
		}
		t := pg.Item.Deref().Named
		done[t] = true
		id, modified := jen.Id("v").Dot(pg.Identity[0]), jen.Id("v").Dot(pg.Identity[1])
		if t.Field("id").Type.Kind == model.KindPointer {
			id = jen.Qual(e.runtime, "Deref").Call(id)
		}
		if t.Field("id").Type.Deref().Scalar != model.Int64 {
			id = jen.Int64().Call(id)
		}
		if t.Field("modifiedOn").Type.Kind == model.KindPointer {
			modified = jen.Qual(e.runtime, "Deref").Call(modified)
		}
		addComment(f, fmt.Sprintf("RecordKey returns what tells one version of a %s from another, its %s and %s, for Feed.Dedupe: an export asked for recent changes (includeRecentChanges) may send a record again.",
			t.Name, pg.Identity[0], pg.Identity[1]))
		f.Func().Params(jen.Id("v").Id(t.Name)).Id("RecordKey").Params().Qual(e.runtime, "RecordKey").Block(
			jen.Return(jen.Qual(e.runtime, "RecordKey").Values(jen.Dict{
				jen.Id("ID"):         id,
				jen.Id("ModifiedOn"): modified,
			})),
		)
	}
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
