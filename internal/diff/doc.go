// Package diff compares two releases of ServiceTitan's API on the model the
// generator works on, and tells a Go caller of the generated clients what
// changed and what it breaks.
//
// Both releases are loaded with [spec.LoadDir] and normalized with
// [normalize.Document], so representation is not change: the same API
// written the OpenAPI 3.0 way and the 3.1 way compares equal, and a schema
// that only moved namespace is at most a type rename. [Compare] matches
// domains, operations (method and full path; a path whose parameters are only
// renamed is the same operation), parameters, request and response bodies
// field by field through references, enum values, deprecation and OAuth
// scopes. Each difference becomes a [Change] of one [Kind]; the [Rules] table
// classifies it as breaking or not, with a one-line reason, and the change
// names the generated Go identifiers it touches, taken from the generator's
// own naming (package normalize). A [Formatter] renders the [Report] as text,
// Markdown or JSON.
package diff
