package spec

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// openAPIDoc returns an OpenAPI 3.0 document (JSON) with one operation
// answering schema and the given components.
func openAPIDoc(schema, components string) string {
	if components == "" {
		components = "{}"
	}
	return `{"openapi":"3.0.1","info":{"title":"T","version":"1"},"servers":[{"url":"https://api.example.com/things/v2"}],` +
		`"paths":{"/things":{"get":{"operationId":"Things_Get","responses":{"200":{"description":"ok","content":{"application/json":{"schema":` +
		schema + `}}}}}}},"components":` + components + `}`
}

// nested returns a schema of objects nested n deep, each holding the next
// as its property p: two levels of the document each.
func nested(n int) string {
	return strings.Repeat(`{"type":"object","properties":{"p":`, n) + `{"type":"string"}` + strings.Repeat(`}}`, n)
}

// checkLoadError loads data as a file named name and checks that it fails
// with a *Error at location whose message contains each of contains.
func checkLoadError(t *testing.T, name, data, location string, contains ...string) {
	t.Helper()
	d, err := loadData(t, name, data)
	if err == nil {
		t.Fatalf("Load = %s document, no error; want an error", d.Domain)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Load error %T %q; want *spec.Error", err, err)
	}
	if e.Location != location {
		t.Errorf("Location = %q; want %q (%v)", e.Location, location, err)
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") {
		t.Errorf("Error() = %q; want one line", msg)
	}
	for _, s := range contains {
		if !strings.Contains(msg, s) {
			t.Errorf("Error() = %q; want it to contain %q", msg, s)
		}
	}
}

// TestLoadDepth checks that a document nested 64 levels deep loads, and
// that one a level deeper fails at the first place too deep, as JSON, as
// YAML and as Swagger 2.0, and past encoding/json's and YAML's own limits.
func TestLoadDepth(t *testing.T) {
	// The document is level 1, components 2, schemas 3, Deep 4: the schema
	// at step k is at level 4+2k, its properties at 5+2k.
	deep := func(n int) string {
		return openAPIDoc(`{"$ref":"#/components/schemas/Deep"}`, `{"schemas":{"Deep":`+nested(n)+`}}`)
	}
	tooDeep := "#/components/schemas/Deep" + strings.Repeat("/properties/p", 30) + "/properties"
	const limit = "nest more than 64 levels deep"

	for _, format := range []string{"json", "yaml"} {
		t.Run(format, func(t *testing.T) {
			prefix := ""
			if format == "yaml" {
				prefix = "# YAML\n"
			}
			if _, err := loadData(t, "ok", prefix+deep(30)); err != nil {
				t.Errorf("Load of a document 64 levels deep = %v; want no error", err)
			}
			checkLoadError(t, "deep", prefix+deep(31), tooDeep, limit, "move nested schemas into components/schemas")
		})
	}
	t.Run("swagger2", func(t *testing.T) {
		doc := swagger2Head + getThings("get", "", `{"200":{"description":"OK","schema":{"$ref":"#/definitions/Deep"}}}`, "") + `,"definitions":{"Deep":` + nested(40) + `}}`
		// definitions is level 2: the schema at step k is at level 3+2k.
		checkLoadError(t, "deep.json", doc, "#/definitions/Deep"+strings.Repeat("/properties/p", 31), limit)
	})
	t.Run("encoding/json's limit", func(t *testing.T) {
		// The document is level 1: the 10,000th [ is level 10,001.
		doc := `{"openapi":"3.0.1","x-deep":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`
		checkLoadError(t, "deep.json", doc, "1:10028", limit)
	})
	t.Run("YAML's limit", func(t *testing.T) {
		doc := "openapi: 3.0.1\nx-deep: " + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + "\n"
		checkLoadError(t, "deep.yaml", doc, "", limit)
	})
}

// TestLoadYAMLMappingSize checks that a mapping of a YAML document may hold
// up to maxYAMLMembers members, and that a larger one fails where it is.
func TestLoadYAMLMappingSize(t *testing.T) {
	schemas := func(n int) string {
		var b strings.Builder
		b.WriteString("openapi: 3.0.1\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://api.example.com/things/v2'}]\n" +
			"paths: {/things: {get: {responses: {'200': {description: ok}}}}}\ncomponents:\n  schemas:\n")
		for i := range n {
			fmt.Fprintf(&b, "    S%d: {type: string}\n", i)
		}
		return b.String()
	}
	if _, err := loadData(t, "ok.yaml", schemas(maxYAMLMembers)); err != nil {
		t.Errorf("Load of a YAML mapping of %d members = %v; want no error", maxYAMLMembers, err)
	}
	checkLoadError(t, "large.yaml", schemas(maxYAMLMembers+1), "#/components/schemas", "a mapping of 2001 members, more than the 2000", "write the document as JSON")
	// JSON has no such limit.
	var members []string
	for i := range maxYAMLMembers + 1 {
		members = append(members, fmt.Sprintf(`"S%d":{"type":"string"}`, i))
	}
	if _, err := loadData(t, "large.json", openAPIDoc(`{"type":"object"}`, `{"schemas":{`+strings.Join(members, ",")+`}}`)); err != nil {
		t.Errorf("Load of a JSON object of %d members = %v; want no error", maxYAMLMembers+1, err)
	}
}

func TestHeight(t *testing.T) {
	tests := []struct {
		node  any
		limit int
		want  int
	}{
		{"scalar", 5, 0},
		{map[string]any{}, 5, 1},
		{[]any{map[string]any{"a": []any{1}}}, 5, 3},
		{[]any{map[string]any{"a": []any{1}}}, 2, 2},
		{map[string]any{"a": 1, "b": map[string]any{"c": []any{}}}, 5, 3},
	}
	for _, tt := range tests {
		if got := height(tt.node, tt.limit); got != tt.want {
			t.Errorf("height(%v, %d) = %d; want %d", tt.node, tt.limit, got, tt.want)
		}
	}
}
