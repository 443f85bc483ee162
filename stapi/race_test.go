//go:build race

package stapi

// raceEnabled tells that the race detector is on: it changes what appending
// allocates, so tests measuring allocation skip.
const raceEnabled = true
