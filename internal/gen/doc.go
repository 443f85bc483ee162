// Package gen is stgen's emit phase: it renders the model of a domain (a
// [model.Domain], which package normalize builds) as the Go source of its
// client package, and writes the servicetitan facade over the domains and
// the copy of the runtime that --runtime copy puts beside them. Every Go
// decision (names, types, pointers, nullability, pagers, docs) is the
// model's; gen only spells it out. Writing the files is package output's
// job.
//
// [Generator.Package] makes three files of a domain, each from one part of
// the model:
//
//   - <domain>.gen.go, the type declarations: oapi-codegen, used as a
//     library with stgen's templates (engine.go), renders them from a
//     document gen writes for it from the model, in which every decision is
//     stated through oapi-codegen's own extensions (declarations.go);
//   - client.gen.go, with jennifer: the Client, one type per resource, a
//     method per operation (client.go), its parameters struct (params.go)
//     and its page and export iterators (iterators.go);
//   - decode.gen.go, with jennifer: a decoder of every type, run by the
//     client and by the type's UnmarshalJSON, so that both accept the same
//     bytes (decoders.go).
//
// The sources are formatted, their imports grouped (format.go), and
// checked to declare exactly the names the model describes (verify.go).
// [Facade] writes the servicetitan package, its per-call options and its
// examples (facade.go, examples.go); [RuntimePackages] copies stapi and
// authmw under the user's module (runtime.go).
//
// Document text reaches the source only as `//` comment lines and string
// literals (docs.go), never as code. A Generator holds only its templates
// and options: Package may run on several domains at once, and serializes
// only the calls into oapi-codegen, which keeps per-call state in package
// variables.
package gen
