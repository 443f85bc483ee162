// Package spec loads a release of ServiceTitan's per-domain OpenAPI documents.
//
// A release is a folder of JSON or YAML documents, OpenAPI 3.0 or 3.1 or
// Swagger 2.0, one per domain. A Swagger 2.0 document is converted to
// OpenAPI 3.0 on loading (see swagger2.go), so that what follows sees the
// document a 3.0 author would have written for the same API. Each document
// names its own domain and base path in its servers list (a Swagger
// document in its basePath), so file names carry no meaning here.
//
// Documents are untrusted. kin-openapi decodes each and resolves its local
// references; before it does, the document read into plain values is
// checked for what would make that work, or the generator's, grow faster
// than the document (raw.go: nesting, and YAML mappings; ref.go: chains
// and cycles of references), and afterwards the extensions by which a
// document could shape oapi-codegen's code are dropped from it
// (extensions.go). A document that cannot be used is reported as an
// [*Error] naming the file and the place in it.
package spec
