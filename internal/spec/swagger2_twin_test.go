package spec_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/normalize"
	"github.com/stgen-dev/stgen/internal/spec"
)

const (
	swagger2Fixture = "testdata/swagger2/crm-swagger2.json"
	openapi30Twin   = "testdata/swagger2/crm-openapi30.json"
)

// TestSwagger2TwinIsTheSameAPI loads the Swagger 2.0 fixture and its
// hand-written OpenAPI 3.0 twin and checks that they describe the same API:
// operations with their full paths, parameters, request and response
// schemas, component schemas and security; and that the model of the
// Swagger 2.0 one has its pagers and deepObject parameter.
func TestSwagger2TwinIsTheSameAPI(t *testing.T) {
	swagger := loadDoc(t, swagger2Fixture)
	twin := loadDoc(t, openapi30Twin)
	if swagger.Swagger != "2.0" || twin.Swagger != "" {
		t.Errorf("Swagger = %q and %q; want \"2.0\" and \"\"", swagger.Swagger, twin.Swagger)
	}
	got, want := apiShape(swagger), apiShape(twin)
	if diff := firstDiff(got, want, "#"); diff != "" {
		t.Fatalf("the Swagger 2.0 fixture and its OpenAPI 3.0 twin differ (Swagger 2.0 first): %s", diff)
	}
	ops := got["operations"].(map[string]any)
	if len(ops) != 6 {
		t.Errorf("%d operations; want 6", len(ops))
	}
	// What the comparison would miss if both sides lost it alike.
	list := ops["GET /crm/v2/tenant/{tenant}/customers"].(map[string]any)
	params := list["parameters"].(map[string]any)
	if p := params["query sort"].(map[string]any); p["explode"] != false {
		t.Errorf("sort explode = %v; want false (csv)", p["explode"])
	}
	dom, err := normalize.Domain(swagger, nil)
	if err != nil {
		t.Fatal(err)
	}
	if op := dom.Operation("GET /crm/v2/tenant/{}/customers"); op == nil || op.Pager == nil || op.Pager.Kind != model.PagerPages {
		t.Errorf("Customers_GetList: %+v; want a pager of pages", op)
	} else if p := op.Params.Field("customField.Fields"); p == nil || p.Encoding != "deepObject" {
		t.Errorf("customField.Fields: %+v; want deepObject", p)
	}
	if op := dom.Operation("GET /crm/v2/tenant/{}/export/customers"); op == nil || op.Pager == nil || op.Pager.Kind != model.PagerExport {
		t.Errorf("Export_Customers: %+v; want an export pager", op)
	}
}

// TestSwagger2YAMLLoadsAsJSON checks that the fixture written as YAML loads
// to the same API as its JSON.
func TestSwagger2YAMLLoadsAsJSON(t *testing.T) {
	data, err := os.ReadFile(swagger2Fixture)
	if err != nil {
		t.Fatal(err)
	}
	var generic any
	if err := json.Unmarshal(data, &generic); err != nil {
		t.Fatal(err)
	}
	y, err := yaml.Marshal(generic)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "crm-swagger2.yaml")
	if err := os.WriteFile(file, y, 0o644); err != nil {
		t.Fatal(err)
	}
	if diff := firstDiff(apiShape(loadDoc(t, file)), apiShape(loadDoc(t, swagger2Fixture)), "#"); diff != "" {
		t.Fatalf("YAML and JSON differ (YAML first): %s", diff)
	}
}

// loadDoc loads one document.
func loadDoc(t *testing.T, file string) *spec.Document {
	t.Helper()
	d, err := spec.Load(file)
	if err != nil {
		t.Fatalf("Load(%q) = %v", file, err)
	}
	return d
}

// apiShape describes what of a normalized document matters to the generated
// client and the diff, as plain maps and lists that compare with firstDiff.
// Schema references are kept as names, not followed.
func apiShape(d *spec.Document) map[string]any {
	doc := d.OpenAPI
	out := map[string]any{
		"domain":     d.Domain,
		"basePath":   d.BasePath,
		"servers":    serverURLs(doc),
		"security":   securityShape(doc.Security),
		"operations": map[string]any{},
		"schemas":    map[string]any{},
		"schemes":    map[string]any{},
	}
	if c := doc.Components; c != nil {
		for name, sr := range c.Schemas {
			out["schemas"].(map[string]any)[name] = schemaShape(sr, 0)
		}
		for name, s := range c.SecuritySchemes {
			if s != nil && s.Value != nil {
				out["schemes"].(map[string]any)[name] = map[string]any{"type": s.Value.Type, "in": s.Value.In, "name": s.Value.Name, "scheme": s.Value.Scheme}
			}
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			o := map[string]any{"operationId": op.OperationID}
			for k, v := range op.Extensions {
				if strings.HasPrefix(k, "x-stgen-") {
					o[k] = v
				}
			}
			params := map[string]any{}
			for _, list := range []openapi3.Parameters{item.Parameters, op.Parameters} {
				for _, p := range list {
					params[p.Value.In+" "+p.Value.Name] = paramShape(p.Value)
				}
			}
			o["parameters"] = params
			if op.RequestBody != nil {
				rb := op.RequestBody.Value
				o["requestBody"] = map[string]any{"required": rb.Required, "content": contentShape(rb.Content)}
			}
			responses := map[string]any{}
			for code, r := range op.Responses.Map() {
				responses[code] = contentShape(r.Value.Content)
			}
			o["responses"] = responses
			if op.Security != nil {
				o["security"] = securityShape(*op.Security)
			}
			out["operations"].(map[string]any)[method+" "+d.BasePath+path] = o
		}
	}
	return out
}

func serverURLs(doc *openapi3.T) []any {
	var urls []any
	for _, s := range doc.Servers {
		urls = append(urls, s.URL)
	}
	return urls
}

func securityShape(reqs openapi3.SecurityRequirements) []any {
	var out []any
	for _, r := range reqs {
		m := map[string]any{}
		for k, v := range r {
			m[k] = fmt.Sprint(v)
		}
		out = append(out, m)
	}
	return out
}

// paramShape describes a parameter with its effective style and explode.
func paramShape(p *openapi3.Parameter) map[string]any {
	style := p.Style
	if style == "" {
		style = map[string]string{"query": "form", "cookie": "form", "path": "simple", "header": "simple"}[p.In]
	}
	explode := style == "form"
	if p.Explode != nil {
		explode = *p.Explode
	}
	ext := map[string]any{}
	maps.Copy(ext, p.Extensions)
	return map[string]any{
		"required":        p.Required,
		"style":           style,
		"explode":         explode,
		"allowEmptyValue": p.AllowEmptyValue,
		"extensions":      ext,
		"schema":          schemaShape(p.Schema, 0),
	}
}

func contentShape(c openapi3.Content) map[string]any {
	out := map[string]any{}
	for mt, m := range c {
		out[mt] = schemaShape(m.Schema, 0)
	}
	return out
}

// schemaShape describes a schema: a reference by its name and nullability,
// any other by what the generator and the diff read from it.
func schemaShape(sr *openapi3.SchemaRef, depth int) any {
	if sr == nil {
		return nil
	}
	if sr.Ref != "" {
		return map[string]any{"$ref": sr.Ref}
	}
	s := sr.Value
	if s == nil || depth > 20 {
		return "?"
	}
	list := func(rs openapi3.SchemaRefs) []any {
		var out []any
		for _, r := range rs {
			out = append(out, schemaShape(r, depth+1))
		}
		return out
	}
	props := map[string]any{}
	for name, p := range s.Properties {
		props[name] = schemaShape(p, depth+1)
	}
	ext := map[string]any{}
	maps.Copy(ext, s.Extensions)
	// A list or map that is there but empty is not one that is missing:
	// oapi-codegen reads a non-nil allOf as a composition.
	var empty []any
	for name, v := range map[string]any{"allOf": s.AllOf, "oneOf": s.OneOf, "anyOf": s.AnyOf, "properties": s.Properties, "enum": s.Enum, "required": s.Required} {
		if rv := reflect.ValueOf(v); !rv.IsNil() && rv.Len() == 0 {
			empty = append(empty, name)
		}
	}
	slices.SortFunc(empty, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
	var addl any
	if s.AdditionalProperties.Has != nil {
		addl = *s.AdditionalProperties.Has
	}
	if s.AdditionalProperties.Schema != nil {
		addl = schemaShape(s.AdditionalProperties.Schema, depth+1)
	}
	return map[string]any{
		"type":                 s.Type.Slice(),
		"format":               s.Format,
		"nullable":             s.Nullable,
		"enum":                 s.Enum,
		"required":             slices.Sorted(slices.Values(s.Required)),
		"properties":           props,
		"items":                schemaShape(s.Items, depth+1),
		"additionalProperties": addl,
		"allOf":                list(s.AllOf),
		"oneOf":                list(s.OneOf),
		"anyOf":                list(s.AnyOf),
		"description":          s.Description,
		"example":              s.Example,
		"default":              s.Default,
		"readOnly":             s.ReadOnly,
		"minLength":            s.MinLength,
		"maxLength":            s.MaxLength,
		"min":                  s.Min,
		"max":                  s.Max,
		"pattern":              s.Pattern,
		"extensions":           ext,
		"emptyNotMissing":      empty,
	}
}

// firstDiff returns where a and b first differ (keys in sorted order) and
// how, or "" when they are equal.
func firstDiff(a, b any, at string) string {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: %s, want %s", at, brief(a), brief(b))
		}
		keys := slices.Sorted(maps.Keys(av))
		for k := range bv {
			if _, ok := av[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range slices.Compact(keys) {
			x, inA := av[k]
			y, inB := bv[k]
			switch {
			case !inA:
				return fmt.Sprintf("%s/%s: missing, want %s", at, k, brief(y))
			case !inB:
				return fmt.Sprintf("%s/%s: %s, want nothing", at, k, brief(x))
			}
			if d := firstDiff(x, y, at+"/"+k); d != "" {
				return d
			}
		}
		return ""
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) {
			return fmt.Sprintf("%s: %s, want %s", at, brief(a), brief(b))
		}
		for i := range av {
			if d := firstDiff(av[i], bv[i], fmt.Sprintf("%s/%d", at, i)); d != "" {
				return d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(a, b) {
		return fmt.Sprintf("%s: %s, want %s", at, brief(a), brief(b))
	}
	return ""
}

// brief renders a value for a difference message.
func brief(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}
