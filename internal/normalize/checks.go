package normalize

import (
	"fmt"
	"go/token"
	"unicode"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/spec"
)

// checkDeclarations fails, naming the place in the document, when two of
// the package's top-level declarations would have one name (a schema
// "KindPhone" beside the constant of enum Kind's value "Phone"), when two
// fields of a struct or parameters of a method would, or when a name is
// not a Go identifier the package can declare, or when an enum's string
// value is one its constant cannot be given (see checkEnumValues). The
// rules give valid and distinct names; the names file, which people edit,
// may not: no name it holds reaches the code unchecked.
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
