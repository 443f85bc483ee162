package diff

import (
	"slices"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/normalize"
)

// usage tells how the types of one release's package are used, by name:
// sent (parameters, request bodies), received (results, and the bodies of
// other responses, which callers read from errors), or both, and by which
// methods, directly or inside other types.
type usage struct {
	dir             map[string]direction
	returned, taken map[string][]string
}

// typeUsage works out the usage of the types of dom; ident qualifies a Go
// name with the package.
func typeUsage(dom *model.Domain, ident func(string) string) *usage {
	u := &usage{dir: map[string]direction{}, returned: map[string][]string{}, taken: map[string][]string{}}
	for _, op := range dom.Operations {
		method := ident(op.Resource + normalize.ResourceSuffix + "." + op.Method)
		for _, t := range model.Reached(op.SentTypes()) {
			u.dir[t.Name] |= dirRequest
			u.taken[t.Name] = append(u.taken[t.Name], method)
		}
		for _, t := range model.Reached(op.ReceivedTypes()) {
			u.dir[t.Name] |= dirResponse
			u.returned[t.Name] = append(u.returned[t.Name], method)
		}
	}
	return u
}

// users returns the methods that return, and those that take, the type
// called name, sorted.
func (u *usage) users(name string) (returnedBy, takenBy []string) {
	return sortedCopy(u.returned[name]), sortedCopy(u.taken[name])
}

func sortedCopy(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return slices.Compact(slices.Sorted(slices.Values(s)))
}
