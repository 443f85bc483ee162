//go:build !race

package scopecheck_test

const raceEnabled = false
