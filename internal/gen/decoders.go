package gen

import (
	"fmt"
	"go/ast"
	"go/types"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/stgen-dev/stgen/stapi"
)

// decoders writes a JSON decoder function for each Go type of a package
// that a result needs, read from the types oapi-codegen generated (its
// parsed output): decodeCustomerResponse(d *stapi.Decoder, v
// *CustomerResponse). They decode exactly what encoding/json would decode
// into the same types (see stapi.Decoder), several times faster, and accept
// the API's lenient dates and times.
type decoders struct {
	runtime string
	specs   map[string]*ast.TypeSpec // the package's types by name
	custom  map[string]bool          // types with their own UnmarshalJSON
	needed  map[string]bool          // types a decoder function is emitted for
	queue   []string
}

// newDecoders reads the type declarations of a package's parsed files.
func newDecoders(runtime string, files ...*ast.File) *decoders {
	d := &decoders{runtime: runtime, specs: map[string]*ast.TypeSpec{}, custom: map[string]bool{}, needed: map[string]bool{}}
	for _, f := range files {
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.GenDecl:
				for _, s := range decl.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok {
						d.specs[ts.Name.Name] = ts
					}
				}
			case *ast.FuncDecl:
				if decl.Name.Name == "UnmarshalJSON" && decl.Recv != nil && len(decl.Recv.List) == 1 {
					d.custom[types.ExprString(unstar(decl.Recv.List[0].Type))] = true
				}
			}
		}
	}
	return d
}

func unstar(e ast.Expr) ast.Expr {
	if s, ok := e.(*ast.StarExpr); ok {
		return s.X
	}
	return e
}

// The runtime's decoding API, by Go type.
var (
	// scalarMethods are the Decoder's methods per Go type.
	scalarMethods = map[string]string{
		"string": "String", "bool": "Bool", "int": "Int", "int32": "Int32", "int64": "Int64",
		"float32": "Float32", "float64": "Float64", "time.Time": "Time", "stapi.Date": "Date",
		"interface{}": "Any", "any": "Any", "json.RawMessage": "RawMessage",
	}
	// pointerMethods are the Decoder's methods per pointer to a scalar.
	pointerMethods = map[string]string{
		"*string": "StringPtr", "*bool": "BoolPtr", "*int": "IntPtr", "*int32": "Int32Ptr", "*int64": "Int64Ptr",
		"*float64": "Float64Ptr", "*time.Time": "TimePtr", "*stapi.Date": "DatePtr",
	}
	// enumHelpers decode named types over a scalar, by the scalar.
	enumHelpers = map[string]string{
		"string": "Enum", "int": "IntEnum", "int32": "IntEnum", "int64": "IntEnum",
	}
)

// fn returns an expression of type func(*stapi.Decoder, *T) decoding the
// Go type goType, as the model spells it, and records the functions it needs.
func (d *decoders) fn(goType string) jen.Code {
	switch {
	case strings.HasPrefix(goType, "*"):
		return jen.Qual(d.runtime, "PtrOf").Call(d.fn(goType[1:]))
	case strings.HasPrefix(goType, "[]"):
		if goType == "[]byte" {
			return jen.Qual(d.runtime, "Bytes")
		}
		return jen.Qual(d.runtime, "SliceOf").Call(d.fn(goType[2:]))
	case strings.HasPrefix(goType, "map[string]"):
		return jen.Qual(d.runtime, "MapOf").Call(d.fn(strings.TrimPrefix(goType, "map[string]")))
	}
	if m, ok := scalarMethods[goType]; ok {
		return jen.Parens(jen.Op("*").Qual(d.runtime, "Decoder")).Dot(m)
	}
	return d.named(goType)
}

// named returns the decoder of a type the package declares.
func (d *decoders) named(name string) jen.Code {
	ts, ok := d.specs[name]
	if !ok {
		// A type the runtime declares (stapi.File): only encoding/json knows it.
		return jen.Qual(d.runtime, "UnmarshalOf").Types(goTypeCode(name, d.runtime))
	}
	if ts.Assign.IsValid() {
		return d.fn(types.ExprString(ts.Type))
	}
	if id, ok := ts.Type.(*ast.Ident); ok && !d.custom[name] {
		if h, ok := enumHelpers[id.Name]; ok {
			return jen.Qual(d.runtime, h).Types(jen.Id(name))
		}
	}
	if !d.needed[name] {
		d.needed[name] = true
		d.queue = append(d.queue, name)
	}
	return jen.Id("decode" + name)
}

// emit writes the decoder functions of every type fn was asked for and of
// the types they need, in name order.
func (d *decoders) emit(f *jen.File) error {
	bodies := map[string][]jen.Code{}
	// A decoder's body can need more types, which join the queue.
	for i := 0; i < len(d.queue); i++ {
		body, err := d.body(d.queue[i])
		if err != nil {
			return err
		}
		bodies[d.queue[i]] = body
	}
	for _, name := range slices.Sorted(maps.Keys(bodies)) {
		f.Func().Id("decode"+name).Params(jen.Id("d").Op("*").Qual(d.runtime, "Decoder"), jen.Id("v").Op("*").Id(name)).Block(bodies[name]...)
		f.Line()
	}
	return nil
}

// body returns the statements of the decoder of a named type.
func (d *decoders) body(name string) ([]jen.Code, error) {
	ts := d.specs[name]
	if d.custom[name] {
		return []jen.Code{jen.Id("d").Dot("Unmarshal").Call(jen.Id("v"))}, nil
	}
	switch t := ts.Type.(type) {
	case *ast.StructType:
		return d.structBody(name, t)
	case *ast.Ident:
		if m, ok := scalarMethods[t.Name]; ok {
			return []jen.Code{jen.Id("d").Dot(m).Call(jen.Parens(jen.Op("*").Id(t.Name)).Parens(jen.Id("v")))}, nil
		}
		return []jen.Code{jen.Add(d.fn(t.Name)).Call(jen.Id("d"), jen.Parens(jen.Op("*").Id(t.Name)).Parens(jen.Id("v")))}, nil
	case *ast.ArrayType, *ast.MapType, *ast.InterfaceType, *ast.SelectorExpr:
		under := types.ExprString(t)
		return []jen.Code{jen.Add(d.fn(under)).Call(jen.Id("d"), jen.Parens(jen.Op("*").Add(goTypeCode(under, d.runtime))).Parens(jen.Id("v")))}, nil
	}
	return nil, fmt.Errorf("type %s (%s): no JSON decoder for this kind of type", name, types.ExprString(ts.Type))
}

// structBody returns the statements decoding an object into a struct: each
// key, folded as encoding/json matches keys, selects its field. Object
// starts the object (null leaves v as it is); Field skips the value of a key
// the loop did not decode.
func (d *decoders) structBody(name string, st *ast.StructType) ([]jen.Code, error) {
	type field struct{ goName, key, goType string }
	var fields []field
	for _, f := range st.Fields.List {
		if len(f.Names) != 1 || !f.Names[0].IsExported() {
			return nil, fmt.Errorf("type %s: an embedded or unexported field, which the decoder generator does not handle", name)
		}
		key := f.Names[0].Name
		if f.Tag != nil {
			tag, _ := strconv.Unquote(f.Tag.Value)
			jsonKey, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
			if jsonKey == "-" {
				continue
			}
			if jsonKey != "" {
				key = jsonKey
			}
		}
		fields = append(fields, field{f.Names[0].Name, key, types.ExprString(f.Type)})
	}
	byFold := map[string][]field{}
	var folds []string
	for _, f := range fields {
		k := stapi.FoldName(f.key)
		if _, ok := byFold[k]; !ok {
			folds = append(folds, k)
		}
		byFold[k] = append(byFold[k], f)
	}
	decodeField := func(f field) jen.Code {
		return d.fieldStmt(f.goType, jen.Op("&").Id("v").Dot(f.goName))
	}
	loop := jen.For(
		jen.Id("key").Op(":=").Id("d").Dot("Object").Call(),
		jen.Id("key").Op("!=").Nil(),
		jen.Id("key").Op("=").Id("d").Dot("Field").Call(),
	).Block(jen.Switch(jen.String().Call(jen.Id("key"))).BlockFunc(func(g *jen.Group) {
		for _, k := range folds {
			group := byFold[k]
			if len(group) == 1 {
				g.Case(jen.Lit(k)).Add(decodeField(group[0]))
				continue
			}
			// Keys that differ only in case: the exact one wins, else the
			// first field, as with encoding/json.
			g.Case(jen.Lit(k)).BlockFunc(func(g *jen.Group) {
				g.Switch(jen.String().Call(jen.Id("d").Dot("Key").Call())).BlockFunc(func(g *jen.Group) {
					for _, f := range group[1:] {
						g.Case(jen.Lit(f.key)).Add(decodeField(f))
					}
					g.Default().Add(decodeField(group[0]))
				})
			})
		}
	}))
	return []jen.Code{loop}, nil
}

// fieldStmt decodes into the field at addr, of Go type goType.
func (d *decoders) fieldStmt(goType string, addr jen.Code) jen.Code {
	if m, ok := scalarMethods[goType]; ok {
		return jen.Id("d").Dot(m).Call(addr)
	}
	if m, ok := pointerMethods[goType]; ok {
		return jen.Id("d").Dot(m).Call(addr)
	}
	for prefix, helper := range map[string]string{"*": "Ptr", "[]": "Slice", "map[string]": "Map"} {
		if inner, ok := strings.CutPrefix(goType, prefix); ok && goType != "[]byte" {
			return jen.Qual(d.runtime, helper).Call(jen.Id("d"), addr, d.fn(inner))
		}
	}
	return jen.Add(d.fn(goType)).Call(jen.Id("d"), addr)
}

// goTypeCode turns a Go type expression of the engine's output into jennifer code.
func goTypeCode(goType, runtime string) jen.Code {
	return (&emitter{runtime: runtime}).typ(goType)
}
