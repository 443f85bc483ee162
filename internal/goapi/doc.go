// Package goapi tells how the Go API of the generated clients changes
// between two releases: it generates each release's domain packages from
// the models stgen diff compares (see [Generate]; the new release modelled
// with the names the old one gave, as stgen generate does with its names
// file), in memory; type-checks their declarations with go/types, against
// one copy of the runtime and the standard library's export data (see
// [Check]); and compares the exported API of every domain package both
// releases have with golang.org/x/exp/apidiff (see [Compare]): the
// incompatible and compatible changes of each package and the
// semantic-version bump they imply.
//
// It also tells which incompatible changes the documents explain. One is
// explained when a change the spec-level comparison (package diff) reports
// names its identifier or what holds it; or, for a change that is not a
// removal, something it holds (a field added makes a struct no longer
// comparable); or when every package type that differs in a changed type or
// signature is so named (a type ServiceTitan renamed, a parameters struct
// the first query parameter created); or when the old generation's names
// say the identifier was made for an operation, resource, schema or enum
// value the new release no longer has, for a schema no operation uses any
// more, or the BasePath constant of a document whose servers changed. What
// is left ([Report.Unexplained]) is stgen's doing: something the new release
// still has, under another Go name.
package goapi
