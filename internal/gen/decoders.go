package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"
	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/stapi"
)

// The decoders file holds a JSON decoder for every type of the package,
// read from the model: decodeCustomerResponse(d *stapi.Decoder, v
// *CustomerResponse). They decode what encoding/json would decode into the
// same types (see stapi.Decoder), several times faster, and leniently where
// the API is loose. Each type's UnmarshalJSON calls its decoder, so that
// json.Unmarshal into a generated type accepts exactly what the client
// accepts; every type has one, whether a response has it or not today, so
// that a type's methods do not change with the operations that use it.

// scalarMethods are the Decoder's methods per scalar.
var scalarMethods = map[model.Scalar]string{
	model.String: "String", model.Bool: "Bool", model.Int: "Int", model.Int32: "Int32", model.Int64: "Int64",
	model.Float64: "Float64", model.Time: "Time", model.Date: "Date", model.Bytes: "Bytes",
}

// pointerMethods are the Decoder's methods per pointer to a scalar.
var pointerMethods = map[model.Scalar]string{
	model.String: "StringPtr", model.Bool: "BoolPtr", model.Int: "IntPtr", model.Int32: "Int32Ptr", model.Int64: "Int64Ptr",
	model.Float64: "Float64Ptr", model.Time: "TimePtr", model.Date: "DatePtr",
}

// decoders emits the decoders file: a decoder function and an
// UnmarshalJSON method for every type of the package, in name order.
func (e *emitter) decoders(header string) *jen.File {
	f := e.newFile(header)
	for _, t := range e.dom.Types {
		if body := e.decoderBody(t); body != nil {
			f.Func().Id("decode"+t.Name).Params(jen.Id("d").Op("*").Qual(e.runtime, "Decoder"), jen.Id("v").Op("*").Id(t.Name)).Block(body...)
			f.Line()
		}
		if t.Kind == model.Union {
			continue // oapi-codegen's union type has its own
		}
		addComment(f, fmt.Sprintf("UnmarshalJSON decodes b into v as the client decodes a response: leniently where ServiceTitan's API is looser than its documents (see %s.Decoder).", "stapi"))
		// stapi.Decode's body, written out: a call of the generic Decode
		// would compile an instance of it for every type.
		f.Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("UnmarshalJSON").Params(jen.Id("b").Index().Byte()).Error().Block(
			jen.Id("d").Op(":=").Qual(e.runtime, "NewDecoder").Call(jen.Id("b")),
			e.fieldStmt(model.NamedOf(t), jen.Id("v")),
			jen.Return(jen.Id("d").Dot("Finish").Call()),
		)
		f.Line()
	}
	return f
}

// decoderOf returns an expression of type func(*stapi.Decoder, *T)
// decoding the Go type t.
func (e *emitter) decoderOf(t *model.GoType) jen.Code {
	switch t.Kind {
	case model.KindPointer:
		return jen.Qual(e.runtime, "PtrOf").Call(e.decoderOf(t.Elem))
	case model.KindSlice:
		return jen.Qual(e.runtime, "SliceOf").Call(e.decoderOf(t.Elem))
	case model.KindMap:
		return jen.Qual(e.runtime, "MapOf").Call(e.decoderOf(t.Elem))
	case model.KindNullable:
		return jen.Qual(e.runtime, "NullableOf").Call(e.decoderOf(t.Elem))
	case model.KindAny:
		return jen.Parens(jen.Op("*").Qual(e.runtime, "Decoder")).Dot("Any")
	case model.KindScalar:
		if m, ok := scalarMethods[t.Scalar]; ok {
			return jen.Parens(jen.Op("*").Qual(e.runtime, "Decoder")).Dot(m)
		}
		// Files: only encoding/json knows them.
		return jen.Qual(e.runtime, "UnmarshalOf").Types(e.typ(t))
	}
	n := t.Named
	switch {
	case n.Kind == model.Enum && n.Base == model.String:
		return jen.Qual(e.runtime, "Enum").Types(jen.Id(n.Name))
	case n.Kind == model.Enum:
		return jen.Qual(e.runtime, "IntEnum").Types(jen.Id(n.Name))
	}
	return jen.Id("decode" + n.Name)
}

// decoderBody returns the statements of a named type's decoder function,
// or nil for an enum, which a runtime function decodes.
func (e *emitter) decoderBody(t *model.Type) []jen.Code {
	switch t.Kind {
	case model.Struct:
		return e.structBody(t)
	case model.Defined:
		return []jen.Code{jen.Add(e.decoderOf(t.Underlying)).Call(jen.Id("d"), jen.Parens(jen.Op("*").Add(e.typ(t.Underlying))).Parens(jen.Id("v")))}
	case model.Union:
		return []jen.Code{jen.Id("d").Dot("Unmarshal").Call(jen.Id("v"))}
	}
	return nil
}

// structBody returns the statements decoding an object into a struct: each
// key, folded as encoding/json matches keys, selects its field. Object
// starts the object (null leaves v as it is); Field skips the value of a
// key the loop did not decode.
func (e *emitter) structBody(t *model.Type) []jen.Code {
	byFold := map[string][]*model.Field{}
	var folds []string
	for _, f := range t.Fields {
		k := stapi.FoldName(f.JSON)
		if _, ok := byFold[k]; !ok {
			folds = append(folds, k)
		}
		byFold[k] = append(byFold[k], f)
	}
	decodeField := func(f *model.Field) jen.Code {
		return e.fieldStmt(f.Type, jen.Op("&").Id("v").Dot(f.Name))
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
						g.Case(jen.Lit(f.JSON)).Add(decodeField(f))
					}
					g.Default().Add(decodeField(group[0]))
				})
			})
		}
	}))
	return []jen.Code{loop}
}

// fieldStmt decodes into the field at addr, of Go type t.
func (e *emitter) fieldStmt(t *model.GoType, addr jen.Code) jen.Code {
	switch t.Kind {
	case model.KindScalar:
		if m, ok := scalarMethods[t.Scalar]; ok {
			return jen.Id("d").Dot(m).Call(addr)
		}
	case model.KindAny:
		return jen.Id("d").Dot("Any").Call(addr)
	case model.KindPointer:
		if t.Elem.Kind == model.KindScalar {
			if m, ok := pointerMethods[t.Elem.Scalar]; ok {
				return jen.Id("d").Dot(m).Call(addr)
			}
		}
		return jen.Qual(e.runtime, "Ptr").Call(jen.Id("d"), addr, e.decoderOf(t.Elem))
	case model.KindSlice:
		return jen.Qual(e.runtime, "Slice").Call(jen.Id("d"), addr, e.decoderOf(t.Elem))
	case model.KindMap:
		return jen.Qual(e.runtime, "Map").Call(jen.Id("d"), addr, e.decoderOf(t.Elem))
	}
	return jen.Add(e.decoderOf(t)).Call(jen.Id("d"), addr)
}
