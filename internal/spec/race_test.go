//go:build race

package spec

// raceEnabled reports whether the race detector is on: it makes loading the
// real releases some ten times slower.
const raceEnabled = true
