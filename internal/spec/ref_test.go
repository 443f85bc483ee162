package spec

import (
	"fmt"
	"strings"
	"testing"
)

// chain returns components in which kind/prefix0 ... kind/prefix(n-1) are
// each only a $ref to the next, and kind/prefix(n-1) refers to last.
func chain(kind, prefix string, n int, last string) string {
	var members []string
	for i := range n - 1 {
		members = append(members, fmt.Sprintf(`"%s%d":{"$ref":"#/components/%s/%s%d"}`, prefix, i, kind, prefix, i+1))
	}
	members = append(members, fmt.Sprintf(`"%s%d":%s`, prefix, n-1, last))
	return `"` + kind + `":{` + strings.Join(members, ",") + `}`
}

// TestLoadRefChains checks that a $ref may lead through up to maxRefHops
// references, whatever they refer to, and that a longer chain fails at the
// $ref whose chain is longest.
func TestLoadRefChains(t *testing.T) {
	schemaRef := `{"$ref":"#/components/schemas/S0"}`
	schemaAt := "#/paths/~1things/get/responses/200/content/application~1json/schema"
	// The response's $ref leads through S0 ... S(n-1): n references.
	schemas := func(n int) string {
		return openAPIDoc(schemaRef, `{`+chain("schemas", "S", n, `{"type":"object"}`)+`}`)
	}
	if _, err := loadData(t, "ok.json", schemas(maxRefHops)); err != nil {
		t.Errorf("Load of a chain of %d references = %v; want no error", maxRefHops, err)
	}
	checkLoadError(t, "long.json", schemas(maxRefHops+1), schemaAt,
		"$ref leads through 9 references before it reaches a value (#/components/schemas/S0 -> #/components/schemas/S1 -> #/components/schemas/S2 -> ... (4 more) -> #/components/schemas/S7 -> #/components/schemas/S8), more than the 8 allowed")
	checkLoadError(t, "long.yaml", "# YAML\n"+schemas(1500), schemaAt, "leads through 1500 references", "(1495 more)")

	// Parameters, responses and request bodies chain as schemas do.
	param := func(n int) string {
		doc := openAPIDoc(`{"type":"object"}`, `{`+chain("parameters", "P", n, `{"name":"q","in":"query","schema":{"type":"string"}}`)+`}`)
		return strings.Replace(doc, `"operationId":"Things_Get",`, `"operationId":"Things_Get","parameters":[{"$ref":"#/components/parameters/P0"}],`, 1)
	}
	checkLoadError(t, "params.json", param(20), "#/paths/~1things/get/parameters/0", "leads through 20 references")
	response := strings.Replace(openAPIDoc(`{"type":"object"}`, `{`+chain("responses", "R", 12, `{"description":"ok"}`)+`}`),
		`"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object"}}}}`, `"200":{"$ref":"#/components/responses/R0"}`, 1)
	checkLoadError(t, "responses.json", response, "#/paths/~1things/get/responses/200", "leads through 12 references")

	// References into schemas rather than to them.
	var deep []string
	for i := range 12 {
		deep = append(deep, fmt.Sprintf(`"S%d":{"type":"object","properties":{"x":{"$ref":"#/components/schemas/S%d/properties/x"}}}`, i, i+1))
	}
	deep = append(deep, `"S12":{"type":"object","properties":{"x":{"type":"string"}}}`)
	checkLoadError(t, "deep.json", openAPIDoc(schemaRef, `{"schemas":{`+strings.Join(deep, ",")+`}}`),
		"#/components/schemas/S0/properties/x", "leads through 12 references", "#/components/schemas/S1/properties/x -> ")

	// Chains of references through properties and items are no chains:
	// each $ref reaches a value at once.
	var tree []string
	for i := range 300 {
		tree = append(tree, fmt.Sprintf(`"S%d":{"type":"array","items":{"type":"object","properties":{"next":{"$ref":"#/components/schemas/S%d"}}}}`, i, (i+1)%300))
	}
	if _, err := loadData(t, "tree.json", openAPIDoc(schemaRef, `{"schemas":{`+strings.Join(tree, ",")+`}}`)); err != nil {
		t.Errorf("Load of 300 schemas referring to one another through items and properties = %v; want no error", err)
	}
}

// TestLoadRefCycles checks that a cycle of references is told from the
// least of its places, whatever leads into it, the same on every load.
func TestLoadRefCycles(t *testing.T) {
	tests := []struct {
		name, data, location, cycle string
	}{
		{
			name:     "three schemas",
			data:     openAPIDoc(`{"$ref":"#/components/schemas/C"}`, `{"schemas":{"C":{"$ref":"#/components/schemas/A"},"B":{"$ref":"#/components/schemas/C"},"A":{"$ref":"#/components/schemas/B"}}}`),
			location: "#/components/schemas/A",
			cycle:    "#/components/schemas/A -> #/components/schemas/B -> #/components/schemas/C -> #/components/schemas/A",
		},
		{
			name:     "led into",
			data:     openAPIDoc(`{"$ref":"#/components/schemas/Z"}`, `{"schemas":{"Z":{"$ref":"#/components/schemas/Y"},"Y":{"$ref":"#/components/schemas/X"},"X":{"$ref":"#/components/schemas/Y"}}}`),
			location: "#/components/schemas/X",
			cycle:    "#/components/schemas/X -> #/components/schemas/Y -> #/components/schemas/X",
		},
		{
			name:     "parameters",
			data:     openAPIDoc(`{"type":"object"}`, `{"parameters":{"P":{"$ref":"#/components/parameters/Q"},"Q":{"$ref":"#/components/parameters/P"}}}`),
			location: "#/components/parameters/P",
			cycle:    "#/components/parameters/P -> #/components/parameters/Q -> #/components/parameters/P",
		},
		{
			name:     "percent-encoded",
			data:     openAPIDoc(`{"type":"object"}`, `{"schemas":{"A b":{"$ref":"#/components/schemas/C%7Bd%7D"},"C{d}":{"$ref":"#/components/schemas/A%20b"}}}`),
			location: "#/components/schemas/A b",
			cycle:    "#/components/schemas/A b -> #/components/schemas/C{d} -> #/components/schemas/A b",
		},
		{
			name:     "escaped",
			data:     openAPIDoc(`{"type":"object"}`, `{"schemas":{"a/b":{"$ref":"#/components/schemas/a~1b"}}}`),
			location: "#/components/schemas/a~1b",
			cycle:    "#/components/schemas/a~1b -> #/components/schemas/a~1b",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 5 {
				checkLoadError(t, "doc.json", tt.data, tt.location, "$ref cycle "+tt.cycle+": ")
			}
		})
	}
	// Cycles through properties describe trees, which are values.
	tree := openAPIDoc(`{"$ref":"#/components/schemas/A"}`, `{"schemas":{"A":{"type":"object","properties":{"b":{"$ref":"#/components/schemas/B"}}},"B":{"type":"object","properties":{"a":{"$ref":"#/components/schemas/A"}}}}}`)
	if _, err := loadData(t, "tree.json", tree); err != nil {
		t.Errorf("Load of A -> B -> A through properties = %v; want no error", err)
	}
}

func TestShortChain(t *testing.T) {
	places := []string{"a", "b", "c", "d", "e", "f", "g"}
	for n, want := range map[int]string{1: "a", 6: "a -> b -> c -> d -> e -> f", 7: "a -> b -> c -> ... (2 more) -> f -> g"} {
		if got := shortChain(places[:n]); got != want {
			t.Errorf("shortChain(%q) = %q; want %q", places[:n], got, want)
		}
	}
}
