//go:build !race

package goapi_test

const raceEnabled = false
