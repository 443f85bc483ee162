// Package model is the typed description of a ServiceTitan release that
// every output of stgen is made from: the Go packages, the API diff and the
// comparison of Go APIs.
//
// stgen works in three phases, each in its own packages:
//
//  1. parse: package spec loads a release's documents with kin-openapi
//     (Swagger 2.0 converted to OpenAPI 3.0), resolves their references and
//     reports a broken document with its file and JSON pointer;
//  2. model: package normalize reads each loaded document, without changing
//     it, and builds a [Domain]: every Go name, Go type, nullability, enum
//     constant, resource, method, parameter, pager, feed, OAuth scope and
//     doc text is decided there, once, by general rules and the names an
//     earlier generation recorded (package names);
//  3. emit: package gen renders a Domain as Go source (oapi-codegen for the
//     type declarations, driven by the model's decisions; jennifer for the
//     client, decoders, iterators and facade), and package diff compares
//     two releases' models.
//
// A model holds no kin-openapi value: what a later phase needs of the
// document is copied into it. Its text (titles, summaries, descriptions) is
// plain text taken from the document, tidied but not escaped: an emitter
// must write it as Go comments or string literals, never as code.
package model
