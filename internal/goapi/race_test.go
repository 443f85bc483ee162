//go:build race

package goapi_test

// raceEnabled reports whether the race detector is on: it makes generating
// and type-checking real releases some ten times slower.
const raceEnabled = true
