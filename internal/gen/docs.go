package gen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/normalize"
)

// Document text reaches generated code only through comment, as `//`
// lines: a line of it can neither end a comment nor, starting after "// ",
// be a directive (//go:generate, //line, //export); and it is never a
// build constraint, which gofmt would move to the top of the file.

// comment returns the comment lines of text for jennifer, each "// "
// and a line of text ("//" for an empty one), without the characters that
// are not printable; a line that would read "// +build" reads "// +
// build". jennifer writes a comment that starts with "//" as it is, and one
// of several lines as a /* */ block, which a "*/" in the text would end: it
// never gets either.
func comment(text string) []jen.Code {
	var out []jen.Code
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimRight(printable(line), " ")
		if rest, ok := strings.CutPrefix(strings.TrimLeft(line, " "), "+build"); ok {
			line = "+ build" + rest
		}
		if line == "" {
			out = append(out, jen.Comment("//"))
			continue
		}
		out = append(out, jen.Comment("// "+line))
	}
	return out
}

// addComment adds the comment lines of text to a jennifer file.
func addComment(f *jen.File, text string) {
	for _, c := range comment(text) {
		f.Add(c)
	}
}

// typeDocs returns the doc text oapi-codegen writes after each type's name
// ("CustomerResponse " comes first): the schema's description, else a
// sentence naming the methods that return or take the type, else the
// types whose fields hold it; and a deprecation notice.
func typeDocs(dom *model.Domain) map[*model.Type]string {
	returned, taken, held, errs := map[*model.Type][]string{}, map[*model.Type][]string{}, map[*model.Type][]string{}, map[*model.Type][]string{}
	add := func(m map[*model.Type][]string, g *model.GoType, name string) {
		g.Walk(func(g *model.GoType) {
			if g.Kind == model.KindNamed && !slices.Contains(m[g.Named], name) {
				m[g.Named] = append(m[g.Named], name)
			}
		})
	}
	for _, op := range dom.Operations {
		name := op.GoName()
		if op.Result.Type != nil {
			add(returned, op.Result.Type, name)
		}
		if op.Pager != nil {
			add(returned, op.Pager.Item, op.Resource+"."+op.Pager.All)
		}
		for _, r := range op.Responses {
			add(errs, r.Type, name)
		}
		if op.Body != nil {
			add(taken, op.Body.Type, name)
		}
		for _, p := range op.PathParams {
			add(taken, p.Type, name)
		}
		if op.Params != nil {
			for _, p := range op.Params.Fields {
				add(taken, p.Type, name)
			}
		}
	}
	for _, t := range dom.Types {
		for _, f := range t.Fields {
			add(held, f.Type, t.Name+"."+f.Name)
		}
		for _, a := range t.Alternatives {
			add(held, a, t.Name)
		}
	}
	docs := make(map[*model.Type]string, len(dom.Types))
	for _, t := range dom.Types {
		doc := t.Doc
		if doc == "" {
			doc = usage(returned[t], taken[t], held[t], errs[t])
		}
		if t.Deprecated {
			doc += "\n\nDeprecated: the API marks this type as deprecated."
		}
		docs[t] = doc
	}
	return docs
}

// usage is the doc sentence of an undocumented type, after its name: "is
// returned by Customers.Get and Customers.GetList.", "is taken by
// Customers.Create.", "is the type of CustomerResponse.Address.", "is the
// body of the other responses (errors) of Customers.Get.".
func usage(returned, taken, held, errs []string) string {
	var parts []string
	if len(returned) > 0 {
		parts = append(parts, "returned by "+list(returned))
	}
	if len(taken) > 0 {
		parts = append(parts, "taken by "+list(taken))
	}
	switch {
	case len(parts) > 0:
		return "is " + strings.Join(parts, " and ") + "."
	case len(held) > 0:
		return "is the type of " + list(held) + "."
	case len(errs) > 0:
		return "is the body of the other responses (errors) of " + list(errs) + "."
	}
	return "is a type of the API."
}

// maxListed bounds the names a usage sentence lists.
const maxListed = 4

// list lists names for a doc comment, sorted, at most maxListed of them:
// "a", "a and b", "a, b, c and 3 more".
func list(names []string) string {
	names = slices.Sorted(slices.Values(names))
	if len(names) > maxListed {
		return strings.Join(names[:maxListed-1], ", ") + fmt.Sprintf(" and %d more", len(names)-maxListed+1)
	}
	return joinWords(names)
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

// methodDoc is the doc comment of an operation's method: what it calls,
// the summary, the description when it says more, the OAuth scopes it
// needs, and a deprecation notice.
func methodDoc(op *model.Operation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s calls %s %s", op.Method, op.HTTPMethod, op.Path)
	if op.Summary != "" {
		fmt.Fprintf(&b, ": %s", sentence(op.Summary))
	} else {
		b.WriteString(".")
	}
	if op.Description != "" {
		fmt.Fprintf(&b, "\n\n%s", op.Description)
	}
	switch len(op.Scopes) {
	case 0:
	case 1:
		fmt.Fprintf(&b, "\n\nIt requires the OAuth scope %s.", op.Scopes[0])
	default:
		fmt.Fprintf(&b, "\n\nIt requires the OAuth scopes %s.", joinWords(op.Scopes))
	}
	if op.Deprecated {
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

// memberDoc returns the doc text of a struct member, a type's field or a
// parameter (what): its description, unless that only repeats one of the
// member's names (as sent, or Go's), and a deprecation notice.
func memberDoc(doc string, deprecated bool, what string, names ...string) string {
	for _, name := range names {
		if normalize.SameText(doc, name) {
			doc = ""
		}
	}
	if deprecated {
		if doc != "" {
			doc += "\n\n"
		}
		doc += "Deprecated: the API marks this " + what + " as deprecated."
	}
	return doc
}
