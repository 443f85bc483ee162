// Package gen turns one normalized ServiceTitan document into the Go source
// of its client package.
//
// Generation runs in three steps on values held by a [Generator]: lowering
// the normalized document to what Go needs (lower.go), running oapi-codegen
// with stgen's templates for the types and per-operation code (engine.go),
// and emitting the package glue with jennifer (glue.go). Writing the files
// is package output's job.
package gen
