//go:build race

package scopecheck_test

// raceEnabled reports whether the race detector is on: it makes
// analysistest's loading of the standard library from source three times
// slower.
const raceEnabled = true
