package normalize

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

// propertyNames returns the Go field name of each property of s. Names
// that meet ("id" and "Id" are both ID) are told apart: the camelCase one,
// as the API spells its fields, keeps the name, the others get a number in
// the order of their JSON names. A property whose name cannot be the JSON
// key of a Go struct field (empty, or with a quote, backslash, comma or
// other character encoding/json does not accept in a tag) is an error: the
// struct could neither send nor read it.
func propertyNames(s *openapi3.Schema) (map[string]string, error) {
	out := make(map[string]string, len(s.Properties))
	groups := map[string][]string{}
	for _, prop := range slices.Sorted(maps.Keys(s.Properties)) {
		if !validJSONName(prop) {
			return nil, fmt.Errorf("property %q: its name cannot be the JSON key of a Go struct field (encoding/json allows letters, digits, spaces and !#$%%&()*+-./:;<=>?@[]^_{|}~); rename it in the document", prop)
		}
		g := GoName(prop)
		groups[g] = append(groups[g], prop)
	}
	for goName, props := range groups {
		slices.SortStableFunc(props, func(a, b string) int {
			switch la, lb := startsLower(a), startsLower(b); {
			case la == lb:
				return 0
			case la:
				return -1
			}
			return 1
		})
		first := 0
		if slices.Contains(typeMethods, goName) {
			first = 1 // the method keeps the name
		}
		for i, prop := range props {
			name := goName
			if n := first + i; n > 0 {
				name += strconv.Itoa(n + 1)
			}
			out[prop] = name
		}
	}
	return out, nil
}

// typeMethods are the methods generated struct types declare, which no
// field may be named.
var typeMethods = []string{"MarshalJSON", "UnmarshalJSON", "RecordKey"}

func startsLower(s string) bool {
	for _, r := range s {
		return unicode.IsLower(r)
	}
	return false
}

// validJSONName reports whether encoding/json accepts name as a struct
// tag's key (its isValidTag).
func validJSONName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}
