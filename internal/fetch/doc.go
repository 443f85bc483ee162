// Package fetch downloads a release of ServiceTitan's API documents from the
// developer portal into a dated folder.
//
// The portal serves a catalog at GET {base}/api/docs/apis, a JSON array of
// groups of APIs, and each API's OpenAPI document at GET
// {base}/api/docs/apis/{id}. [Release] downloads the documents a few at a
// time, retrying what may succeed on a second try, checks each with the
// project's loader, and moves the whole release into place in one step with a
// [Manifest] beside the documents; a failed or interrupted run leaves
// nothing behind. [ReadManifest] reads that manifest back.
package fetch
