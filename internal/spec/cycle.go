package spec

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// checkRefCycles fails on a component schema that is only a $ref and whose
// chain of references comes back to itself (A -> B -> A, or A -> A): such a
// schema describes no value at all, and the generator could not give it a
// Go type. The error names the first such schema by its JSON pointer.
// Cycles through properties or items (a tree of nodes) are fine.
func checkRefCycles(file string, doc *openapi3.T) error {
	if doc.Components == nil {
		return nil
	}
	schemas := doc.Components.Schemas
	for _, name := range slices.Sorted(maps.Keys(schemas)) {
		chain := []string{name}
		for cur := schemas[name]; cur != nil && cur.Ref != ""; {
			next, ok := strings.CutPrefix(cur.Ref, "#/components/schemas/")
			if !ok {
				break
			}
			if slices.Contains(chain, next) {
				return &Error{File: file, Location: "#/components/schemas/" + EscapePointer(name),
					Err: fmt.Errorf("$ref cycle %s: a schema that is only a reference must lead to a schema; make one of them describe a value",
						strings.Join(append(chain, next), " -> "))}
			}
			chain = append(chain, next)
			cur = schemas[next]
		}
	}
	return nil
}
