// Package fetch downloads a release of ServiceTitan's API documents from the
// developer portal into a dated folder.
//
// The portal serves a catalog at GET {base}/api/docs/apis, a JSON array of
// groups {displayName, apis: [{id, displayName, description, isBeta,
// hasWebhooks}]}, and each API's OpenAPI document at GET
// {base}/api/docs/apis/{id}. [Release] refuses the ids that cannot name a
// file of the release folder, downloads the documents a few at a time
// through authmw.RetryTransport (which retries what may succeed on a second
// try), checks each with the project's loader, and moves the whole release
// into place in one step (output.InstallFolder) with a [Manifest] beside
// the documents; a failed or interrupted run leaves nothing behind, unless
// told to keep going, when the release holds the documents that load and
// the manifest lists the others. [ReadManifest] reads that manifest back,
// and [ReleaseName] names a release folder: the one place that tells which
// release a folder holds.
package fetch
