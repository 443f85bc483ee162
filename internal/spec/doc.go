// Package spec loads a release of ServiceTitan's per-domain OpenAPI documents.
//
// A release is a folder of JSON or YAML documents, OpenAPI 3.0 or 3.1, one per
// domain. Each document names its own domain and base path in its servers
// list, so file names carry no meaning here. Loading resolves every local
// $ref; a broken document is reported as an [*Error] naming the file and the
// place in it.
package spec
