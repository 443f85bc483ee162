// Package spec loads a release of ServiceTitan's per-domain OpenAPI documents.
//
// A release is a folder of JSON or YAML documents, OpenAPI 3.0 or 3.1 or
// Swagger 2.0, one per domain. A Swagger 2.0 document is converted to
// OpenAPI 3.0 on loading (see swagger2.go), so that what follows sees the
// document a 3.0 author would have written for the same API. Each document
// names its own domain and base path in its servers list (a Swagger
// document in its basePath), so file names carry no meaning here. Loading
// resolves every local $ref; a broken document is reported as an [*Error]
// naming the file and the place in it.
package spec
