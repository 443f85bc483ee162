// Package diff compares two releases of ServiceTitan's API on the model the
// generator works on, and tells a Go caller of the generated clients what
// changed and what it breaks.
//
// Both releases are loaded with package spec and modelled with
// [normalize.Domain] ([LoadPair]), the new one keeping the Go names the old
// one gave, as stgen generate does through its names file: the phases are
// parse, model, then this comparison, the same model package gen emits Go
// from. So representation is not change: the same API written the OpenAPI
// 3.0 way and the 3.1 way compares equal, and a schema that only moved
// namespace keeps its Go name. [Compare] matches domains, operations
// (method and full path; a path whose parameters are only renamed is the
// same operation), resources, parameters, request bodies and results by
// their Go types, and every named type once, field by field and value by
// value; it reports the types the new package no longer declares, the
// types renamed (the same structure under another name) and those that
// can no longer be compared with ==, deprecation and OAuth scopes. Each
// difference becomes a [Change] of one [Kind]; the [Rules] table
// classifies it as breaking or not, with a one-line reason, and the change
// names the generated Go identifiers it touches, taken from the model.
// Differences of one field or parameter are one change. What changed in a
// document without any Go effect (descriptions, tags, operation ids, the
// names of enum values, repeated enum entries) is counted apart
// ([Report.WithoutGoEffect]). A [Formatter] renders the [Report] as text,
// Markdown or JSON, top-down: the breaking changes first.
package diff
