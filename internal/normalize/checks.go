package normalize

import (
	"fmt"
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/spec"
)

// checkDeclarations fails, naming the place in the document, when two of
// the package's top-level declarations would have one name (a schema
// "KindPhone" beside the constant of enum Kind's value "Phone"), when two
// fields of a struct or parameters of a method would, or when a name is
// not a Go identifier the package can declare or one oapi-codegen would
// write otherwise (see checkEngineNames), or when an enum's string value is
// one its constant cannot be given (see checkEnumValues). The rules give
// valid and distinct names; the names file, which people edit, may not: no
// name it holds reaches the code unchecked.
func checkDeclarations(dom *model.Domain) error {
	owner := map[string]string{}
	declare := func(name, at, what string) error {
		if !token.IsIdentifier(name) || !token.IsExported(name) {
			return &spec.Error{File: dom.File, Location: at, Err: fmt.Errorf("%s %q is not an exported Go identifier: fix its entry in the names file, or remove the entry to name it anew", what, name)}
		}
		if prev, dup := owner[name]; dup {
			return &spec.Error{File: dom.File, Location: at, Err: fmt.Errorf("%s %s is declared twice in package %s (also %s): the document has a schema or enum value named like a name the generator derives; rename one of them in the document", what, name, dom.Package, prev)}
		}
		owner[name] = what + " at " + at
		return nil
	}
	for _, name := range []string{ClientType, NewClientFunc, BasePathConst} {
		if err := declare(name, "#", "the package's "+name); err != nil {
			return err
		}
	}
	for _, t := range dom.Types {
		if err := declare(t.Name, t.Location, "type"); err != nil {
			return err
		}
		if err := checkEnumValues(dom, t); err != nil {
			return err
		}
		for _, v := range t.Values {
			if err := declare(v.Const, t.Location, "constant"); err != nil {
				return err
			}
		}
		if err := checkEngineNames(dom, t); err != nil {
			return err
		}
		if err := checkFields(dom, t); err != nil {
			return err
		}
	}
	for _, r := range dom.Resources {
		at := r.Operations[0].Location
		if err := declare(r.TypeName, at, "resource type"); err != nil {
			return err
		}
		methods := map[string]bool{}
		for _, op := range r.Operations {
			if op.Params != nil {
				if err := declare(op.Params.TypeName, op.Location, "parameters type"); err != nil {
					return err
				}
			}
			if err := checkOperation(dom, op, methods); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkFields checks the field names of a struct.
func checkFields(dom *model.Domain, t *model.Type) error {
	seen := map[string]bool{}
	for _, f := range t.Fields {
		if !token.IsIdentifier(f.Name) || !token.IsExported(f.Name) || seen[f.Name] {
			return &spec.Error{File: dom.File, Location: pointer(t.Location, "properties", f.JSON),
				Err: fmt.Errorf("field %s of type %s is not a distinct exported Go identifier: rename the property in the document", f.Name, t.Name)}
		}
		seen[f.Name] = true
	}
	return nil
}

// checkEnumValues fails on a string value of an enum that holds a control
// character (a line break, a tab, NUL; unicode.IsControl): oapi-codegen,
// which writes the enum's constants, refuses such a value, and stgen hands
// the value as it is to it and to the --templates that write constants.
// Every other character is carried: the constant's value is a quoted Go
// string, which escapes what it must.
func checkEnumValues(dom *model.Domain, t *model.Type) error {
	for _, v := range t.Values {
		s, ok := v.Value.(string)
		if !ok {
			continue
		}
		for _, r := range s {
			if unicode.IsControl(r) {
				return &spec.Error{File: dom.File, Location: pointer(t.Location, "enum"),
					Err: fmt.Errorf("value %q of enum %s holds the control character %U, which the enum's Go constant cannot be given: fix the value in the document", s, t.Name, r)}
			}
		}
	}
	return nil
}

// engineInitialisms are the initialisms oapi-codegen's name normalizer
// writes in capitals, by lower case: stgen's initialisms without
// ServiceTitan's own, which it keeps as they are written.
var engineInitialisms = byLower(engineWords)

// engineTypeName returns the Go name oapi-codegen gives a schema or an
// enum's constant name (SchemaNameToTypeName, with stgen's options): a
// prefix for a leading underscore or digit ("Empty" for no name), then the
// name without the characters that are not letters with a case or decimal
// digits, a letter capitalized at the start and after a digit or a dropped
// character, and each camel-case word that is an initialism in capitals
// ("Id" gives "ID").
func engineTypeName(name string) string {
	if name == "" {
		return "Empty"
	}
	var b strings.Builder
	for _, r := range name {
		if r != '_' {
			if b.Len() == 0 && unicode.IsDigit(r) {
				b.WriteString("N")
			}
			break
		}
		b.WriteString("Underscore")
	}
	prefix := b.String()
	b.Reset()
	capNext := true
	for _, r := range name {
		switch {
		case unicode.IsUpper(r):
			b.WriteRune(r)
			capNext = false
		case unicode.IsDigit(r):
			b.WriteRune(r)
			capNext = true
		case unicode.IsLower(r):
			if capNext {
				r = unicode.ToUpper(r)
			}
			b.WriteRune(r)
			capNext = false
		default:
			capNext = true
		}
	}
	words := camelParts.FindAllString(b.String(), -1)
	for i, w := range words {
		if up, ok := engineInitialisms[strings.ToLower(w)]; ok {
			words[i] = up
		}
	}
	return prefix + strings.Join(words, "")
}

// checkEngineNames fails on a name of a type, or of an enum's constant,
// that oapi-codegen, which declares them, would write otherwise (see
// engineTypeName): the package would not declare the model's names. The
// rules make names it keeps; a name in the names file ("ThingId",
// "Price2x"), or a schema's name in letters without case ("価格"), may not
// be.
func checkEngineNames(dom *model.Domain, t *model.Type) error {
	const rules = "oapi-codegen, which declares it, keeps only letters with a case and digits, capitalizes a letter after a digit and writes initialisms such as ID in capitals"
	if got := engineTypeName(t.Name); got != t.Name {
		return &spec.Error{File: dom.File, Location: t.Location, Err: fmt.Errorf("type %s would be declared as %q (%s): fix the names file's entry it comes from (its schema's, or its operation's when it is named after one), or rename the schema in the document", t.Name, got, rules)}
	}
	for _, v := range t.Values {
		suffix := strings.TrimPrefix(v.Const, t.Name)
		got := engineTypeName(suffix)
		if first, rest := utf8.DecodeRuneInString(got); rest > 0 {
			got = string(unicode.ToUpper(first)) + got[rest:]
		}
		if got = t.Name + got; got != v.Const {
			return &spec.Error{File: dom.File, Location: t.Location, Err: fmt.Errorf("constant %s of enum %s would be declared as %q (%s): fix its entry in the names file, or the enum's x-enumNames in the document", v.Const, t.Name, got, rules)}
		}
	}
	return nil
}

// checkOperation checks the names an operation's method declares: the
// method's and its iterators', none taken by another method of its
// resource (methods), its arguments' and its parameters' fields.
func checkOperation(dom *model.Domain, op *model.Operation, methods map[string]bool) error {
	fail := func(format string, args ...any) error {
		return &spec.Error{File: dom.File, Location: op.Location, Err: fmt.Errorf(format, args...)}
	}
	names := []string{op.Method}
	if op.Pager != nil {
		names = append(names, op.Pager.All)
		if op.Pager.Feed != "" {
			names = append(names, op.Pager.Feed, op.Pager.Since)
		}
	}
	for _, n := range names {
		if !token.IsIdentifier(n) || !token.IsExported(n) || methods[n] {
			return fail("method %s.%s is not a distinct exported Go identifier: fix its entry in the names file, or remove the entry to name it anew", op.Resource, n)
		}
		methods[n] = true
	}
	args := map[string]bool{}
	for _, p := range op.PathParams {
		if !token.IsIdentifier(p.GoName) || token.IsExported(p.GoName) || args[p.GoName] {
			return fail("path parameter %s would be the argument %q, which is not a distinct unexported Go identifier: rename it in the document", p.Name, p.GoName)
		}
		args[p.GoName] = true
	}
	if op.Params != nil {
		fields := map[string]bool{}
		for _, p := range op.Params.Fields {
			if !token.IsIdentifier(p.GoName) || !token.IsExported(p.GoName) || fields[p.GoName] {
				return fail("parameter %s would be the field %q, which is not a distinct exported Go identifier: rename it in the document", p.Name, p.GoName)
			}
			fields[p.GoName] = true
		}
	}
	return nil
}
