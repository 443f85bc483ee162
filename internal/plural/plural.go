// Package plural picks the form of an English noun for a count, for the
// messages and reports stgen writes ("1 operation", "2 operations").
package plural

import "fmt"

// Of returns one when n is 1, and many otherwise.
func Of(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Count returns n followed by the noun's form for n: "1 type", "3 types".
func Count(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, Of(n, one, many))
}
