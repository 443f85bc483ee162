package spec

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestSwagger2Fixture loads the hand-written Swagger 2.0 fixture.
func TestSwagger2Fixture(t *testing.T) {
	d, err := Load("testdata/swagger2/crm-swagger2.json")
	if err != nil {
		t.Fatalf("Load = %v; want no error", err)
	}
	if d.Domain != "crm" || d.BasePath != "/crm/v2" || d.Swagger != "2.0" || d.OpenAPI.OpenAPI != "3.0.3" {
		t.Errorf("Domain %q, BasePath %q, Swagger %q, openapi %q; want crm, /crm/v2, 2.0, 3.0.3", d.Domain, d.BasePath, d.Swagger, d.OpenAPI.OpenAPI)
	}
	if got := d.Operations(); got != 6 {
		t.Errorf("Operations() = %d; want 6", got)
	}
	if got := serverURLs(d.OpenAPI); !slices.Equal(got, []string{"https://api-integration.servicetitan.io/crm/v2"}) {
		t.Errorf("servers = %q; want the host and base path over https", got)
	}
	key := d.OpenAPI.Components.SecuritySchemes["ST-App-Key"]
	if key == nil || key.Value.Type != "apiKey" || key.Value.In != "header" || key.Value.Name != "ST-App-Key" {
		t.Errorf("security scheme ST-App-Key = %+v; want an apiKey in the ST-App-Key header", key)
	}
	contact := d.OpenAPI.Components.Schemas["Crm.V2.ContactType"].Value
	if names, _ := contact.Extensions["x-enumNames"].([]any); len(contact.Enum) != 5 || len(names) != 5 || names[4] != "LandlinePhone" {
		t.Errorf("ContactType enum %v, x-enumNames %v; want the repeated value and all five names kept", contact.Enum, contact.Extensions["x-enumNames"])
	}
	// The $ref to the response resolves.
	resp := d.OpenAPI.Paths.Value("/tenant/{tenant}/customers").Get.Responses.Value("200").Value.Content.Get("application/json").Schema
	if resp.Ref != "#/components/schemas/PaginatedResponse_Of_Crm.V2.Customers.CustomerResponse" || resp.Value == nil || resp.Value.Properties["data"] == nil {
		t.Errorf("list response = %q (resolved: %t); want the page envelope, resolved", resp.Ref, resp.Value != nil)
	}
}

// swagger2Head starts a Swagger 2.0 document: add paths and the rest, and close it.
const swagger2Head = `{"swagger":"2.0","info":{"title":"T","version":"1"},"host":"api.example.com","basePath":"/crm/v2",`

// getThings is a path with one operation whose parameters, responses and
// operation fields are given.
func getThings(method, params, responses, extra string) string {
	if responses == "" {
		responses = `{"200":{"description":"OK"}}`
	}
	return `"paths":{"/tenant/{tenant}/things":{"` + method + `":{"operationId":"Things_Do","parameters":[{"name":"tenant","in":"path","required":true,"type":"integer","format":"int64"}` +
		params + `],"responses":` + responses + extra + `}}}`
}

// loadData writes data to a file named name in a temporary folder and loads it.
func loadData(t *testing.T, name, data string) (*Document, error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return Load(file)
}

func serverURLs(doc *openapi3.T) []string {
	var urls []string
	for _, s := range doc.Servers {
		urls = append(urls, s.URL)
	}
	return urls
}

// thing returns the operation of getThings.
func thing(d *Document) *openapi3.Operation {
	item := d.OpenAPI.Paths.Value("/tenant/{tenant}/things")
	for _, op := range item.Operations() {
		return op
	}
	return nil
}

// param returns a parameter of getThings's operation.
func param(d *Document, name string) *openapi3.Parameter {
	for _, p := range thing(d).Parameters {
		if p.Value.Name == name {
			return p.Value
		}
	}
	return nil
}

// mediaTypes returns the sorted media types of a content.
func mediaTypes(c openapi3.Content) []string {
	var out []string
	for mt := range c {
		out = append(out, mt)
	}
	slices.Sort(out)
	return out
}

// TestSwagger2Rules checks each rule of swagger2.go on a small document.
func TestSwagger2Rules(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		check func(t *testing.T, d *Document)
	}{
		{
			name: "server from host and basePath, https by default",
			data: swagger2Head + getThings("get", "", "", "") + `}`,
			check: func(t *testing.T, d *Document) {
				if got := serverURLs(d.OpenAPI); !slices.Equal(got, []string{"https://api.example.com/crm/v2"}) {
					t.Errorf("servers = %q", got)
				}
			},
		},
		{
			name: "server per scheme",
			data: swagger2Head + `"schemes":["http","https"],` + getThings("get", "", "", "") + `}`,
			check: func(t *testing.T, d *Document) {
				if got := serverURLs(d.OpenAPI); !slices.Equal(got, []string{"http://api.example.com/crm/v2", "https://api.example.com/crm/v2"}) {
					t.Errorf("servers = %q", got)
				}
			},
		},
		{
			name: "no host: a relative server",
			data: `{"swagger":"2.0","info":{"title":"T","version":"1"},"basePath":"/jpm/v2",` + getThings("get", "", "", "") + `}`,
			check: func(t *testing.T, d *Document) {
				if got := serverURLs(d.OpenAPI); !slices.Equal(got, []string{"/jpm/v2"}) || d.Domain != "jpm" {
					t.Errorf("servers = %q, domain %q", got, d.Domain)
				}
			},
		},
		{
			name: "rule 1: responses in the document's produces",
			data: swagger2Head + `"produces":["application/json","text/json"],` + getThings("get", "", `{"200":{"description":"OK","schema":{"type":"string"}}}`, "") + `}`,
			check: func(t *testing.T, d *Document) {
				if got := mediaTypes(thing(d).Responses.Value("200").Value.Content); !slices.Equal(got, []string{"application/json", "text/json"}) {
					t.Errorf("media types %q; want the document's produces", got)
				}
			},
		},
		{
			name: "rule 1: the operation's produces wins",
			data: swagger2Head + `"produces":["application/json"],` + getThings("get", "", `{"200":{"description":"OK","schema":{"type":"file"}}}`, `,"produces":["application/octet-stream"]`) + `}`,
			check: func(t *testing.T, d *Document) {
				c := thing(d).Responses.Value("200").Value.Content
				if got := mediaTypes(c); !slices.Equal(got, []string{"application/octet-stream"}) {
					t.Fatalf("media types %q", got)
				}
				if s := c["application/octet-stream"].Schema.Value; !s.Type.Is("string") || s.Format != "binary" {
					t.Errorf("file response = %v %q; want string binary", s.Type, s.Format)
				}
			},
		},
		{
			name: "rule 1: application/json when nothing says",
			data: swagger2Head + getThings("post", `,{"name":"body","in":"body","required":true,"schema":{"type":"object"}}`, `{"200":{"description":"OK","schema":{"type":"string"}}}`, "") + `}`,
			check: func(t *testing.T, d *Document) {
				op := thing(d)
				if got := mediaTypes(op.Responses.Value("200").Value.Content); !slices.Equal(got, []string{"application/json"}) {
					t.Errorf("response media types %q", got)
				}
				rb := op.RequestBody.Value
				if got := mediaTypes(rb.Content); !slices.Equal(got, []string{"application/json"}) || !rb.Required {
					t.Errorf("body media types %q, required %t; want application/json, required", got, rb.Required)
				}
				if len(rb.Extensions) != 0 {
					t.Errorf("body extensions %v; want none of the converter's", rb.Extensions)
				}
			},
		},
		{
			name: "rule 1: the document's consumes, and a shared body parameter",
			data: swagger2Head + `"parameters":{"thing":{"name":"thing","in":"body","schema":{"type":"object"}}},` +
				getThings("put", `,{"$ref":"#/parameters/thing"}`, "", "") + `}`,
			check: func(t *testing.T, d *Document) {
				rb := thing(d).RequestBody
				if rb == nil || rb.Ref != "#/components/requestBodies/thing" {
					t.Fatalf("request body = %+v; want the shared one", rb)
				}
				if got := mediaTypes(rb.Value.Content); !slices.Equal(got, []string{"application/json"}) {
					t.Errorf("shared body media types %q; want application/json, not */*", got)
				}
			},
		},
		{
			name: "rule 1: a form without a file is urlencoded",
			data: swagger2Head + `"consumes":["application/json"],` + getThings("post", `,{"name":"note","in":"formData","type":"string"}`, "", "") + `}`,
			check: func(t *testing.T, d *Document) {
				rb := thing(d).RequestBody.Value
				if got := mediaTypes(rb.Content); !slices.Equal(got, []string{"application/x-www-form-urlencoded"}) {
					t.Errorf("media types %q", got)
				}
				if rb.Required {
					t.Error("a form with no required field is a required body")
				}
			},
		},
		{
			name: "rules 1 and 2: a form with a file is multipart, required when a field is",
			data: swagger2Head + getThings("post", `,{"name":"file","in":"formData","required":true,"type":"file"},{"name":"note","in":"formData","type":"string","x-nullable":true}`, "", "") + `}`,
			check: func(t *testing.T, d *Document) {
				rb := thing(d).RequestBody.Value
				if got := mediaTypes(rb.Content); !slices.Equal(got, []string{"multipart/form-data"}) || !rb.Required {
					t.Fatalf("media types %q, required %t", got, rb.Required)
				}
				form := rb.Content["multipart/form-data"].Schema.Value
				file, note := form.Properties["file"].Value, form.Properties["note"].Value
				if !file.Type.Is("string") || file.Format != "binary" || !slices.Equal(form.Required, []string{"file"}) {
					t.Errorf("file field %v %q, required %q", file.Type, file.Format, form.Required)
				}
				if !note.Nullable || len(file.Extensions)+len(note.Extensions) != 0 {
					t.Errorf("note nullable %t; extensions %v %v; want nullable and no bookkeeping", note.Nullable, file.Extensions, note.Extensions)
				}
			},
		},
		{
			name: "rule 1: a form keeps only the form media types it is given",
			data: swagger2Head + getThings("post", `,{"name":"note","in":"formData","type":"string"}`, "", `,"consumes":["application/json","multipart/form-data"]`) + `}`,
			check: func(t *testing.T, d *Document) {
				if got := mediaTypes(thing(d).RequestBody.Value.Content); !slices.Equal(got, []string{"multipart/form-data"}) {
					t.Errorf("media types %q", got)
				}
			},
		},
		{
			name: "rule 2: a shared formData parameter is a field, not a schema",
			data: swagger2Head + `"parameters":{"upload":{"name":"upload","in":"formData","required":true,"type":"file"}},` +
				getThings("post", `,{"$ref":"#/parameters/upload"}`, "", "") + `}`,
			check: func(t *testing.T, d *Document) {
				rb := thing(d).RequestBody.Value
				form := rb.Content["multipart/form-data"].Schema.Value
				f := form.Properties["upload"]
				if f == nil || f.Ref != "" || f.Value.Format != "binary" || len(f.Value.Extensions) != 0 || len(f.Value.Required) != 0 {
					t.Fatalf("upload field = %+v; want an inline binary string", f)
				}
				if !rb.Required || !slices.Equal(form.Required, []string{"upload"}) {
					t.Errorf("required %t %q", rb.Required, form.Required)
				}
				if _, ok := d.OpenAPI.Components.Schemas["upload"]; ok {
					t.Error("the formData parameter stayed a components schema")
				}
			},
		},
		{
			name: "rule 2: a shared formData parameter no operation uses leaves nothing",
			data: swagger2Head + `"parameters":{"upload":{"name":"upload","in":"formData","type":"file"}},` + getThings("get", "", "", "") + `}`,
			check: func(t *testing.T, d *Document) {
				if s, ok := d.OpenAPI.Components.Schemas["upload"]; ok {
					t.Errorf("the unused formData parameter is a components schema: %+v", s.Value)
				}
			},
		},
		{
			name: "rule 3: x-nullable, x-enumNames and allowEmptyValue of a parameter",
			data: swagger2Head + getThings("get", `,{"name":"page","in":"query","type":"integer","format":"int32","x-nullable":true,"allowEmptyValue":true},`+
				`{"name":"active","in":"query","type":"string","enum":["True","Any"],"x-enumNames":["Yes","Either"]},`+
				`{"name":"kinds","in":"query","type":"array","items":{"type":"string","enum":["A","B"]},"x-enumNames":["Alpha","Beta"],"x-other":1},`+
				`{"name":"kind","in":"query","schema":{"$ref":"#/definitions/Kind"},"x-nullable":true}`, "", "") +
				`,"definitions":{"Kind":{"type":"string","enum":["A","B"]}}}`,
			check: func(t *testing.T, d *Document) {
				page := param(d, "page")
				if !page.Schema.Value.Nullable || !page.AllowEmptyValue || page.Schema.Value.AllowEmptyValue || len(page.Extensions) != 0 {
					t.Errorf("page: nullable %t, allowEmptyValue %t (schema %t), extensions %v", page.Schema.Value.Nullable, page.AllowEmptyValue, page.Schema.Value.AllowEmptyValue, page.Extensions)
				}
				active := param(d, "active")
				if names, _ := active.Schema.Value.Extensions["x-enumNames"].([]any); len(names) != 2 || names[0] != "Yes" || len(active.Extensions) != 0 {
					t.Errorf("active: schema extensions %v, parameter extensions %v", active.Schema.Value.Extensions, active.Extensions)
				}
				kinds := param(d, "kinds")
				if names, _ := kinds.Schema.Value.Items.Value.Extensions["x-enumNames"].([]any); len(names) != 2 || kinds.Extensions["x-other"] == nil {
					t.Errorf("kinds: items extensions %v, parameter extensions %v; want the names on the items, x-other kept", kinds.Schema.Value.Items.Value.Extensions, kinds.Extensions)
				}
				// A parameter's x-nullable makes its reference nullable, not the schema referred to.
				kind := param(d, "kind").Schema.Value
				if !kind.Nullable || len(kind.OneOf) != 1 || kind.OneOf[0].Ref != "#/components/schemas/Kind" || d.OpenAPI.Components.Schemas["Kind"].Value.Nullable {
					t.Errorf("kind = nullable %t, oneOf %d; Kind nullable %t; want {nullable, oneOf: [Kind]} and Kind as it was",
						kind.Nullable, len(kind.OneOf), d.OpenAPI.Components.Schemas["Kind"].Value.Nullable)
				}
			},
		},
		{
			name: "rule 3: an object query parameter keeps its additionalProperties and properties",
			data: swagger2Head + `"parameters":{"filter":{"name":"filter","in":"query","type":"object","properties":{"owner":{"$ref":"#/definitions/Owner"}}}},` +
				getThings("get", `,{"name":"customField.Fields","in":"query","type":"object","additionalProperties":{"type":"string"}},{"$ref":"#/parameters/filter"}`, "", "") +
				`,"definitions":{"Owner":{"type":"object","properties":{"id":{"type":"integer"}}}}}`,
			check: func(t *testing.T, d *Document) {
				cf := param(d, "customField.Fields").Schema.Value
				if !cf.Type.Is("object") || cf.AdditionalProperties.Schema == nil || !cf.AdditionalProperties.Schema.Value.Type.Is("string") {
					t.Errorf("customField.Fields schema = %+v; want a string map", cf)
				}
				owner := param(d, "filter").Schema.Value.Properties["owner"]
				if owner == nil || owner.Ref != "#/components/schemas/Owner" || owner.Value == nil {
					t.Errorf("filter.owner = %+v; want the resolved Owner", owner)
				}
				if ext := param(d, "customField.Fields").Extensions; len(ext) != 0 {
					t.Errorf("extensions %v; want none", ext)
				}
			},
		},
		{
			name: "rule 4: query arrays by collectionFormat",
			data: swagger2Head + getThings("get", `,{"name":"none","in":"query","type":"array","items":{"type":"string"}},`+
				`{"name":"csv","in":"query","type":"array","items":{"type":"string"},"collectionFormat":"csv"},`+
				`{"name":"multi","in":"query","type":"array","items":{"type":"string"},"collectionFormat":"multi"},`+
				`{"name":"ssv","in":"query","type":"array","items":{"type":"string"},"collectionFormat":"ssv"},`+
				`{"name":"pipes","in":"query","type":"array","items":{"type":"string"},"collectionFormat":"pipes"}`, "", "") + `}`,
			check: func(t *testing.T, d *Document) {
				want := map[string]string{"none": "form false", "csv": "form false", "multi": "form true", "ssv": "spaceDelimited false", "pipes": "pipeDelimited false"}
				for name, w := range want {
					p := param(d, name)
					got := p.Style + " <nil>"
					if p.Explode != nil {
						got = p.Style + " " + map[bool]string{true: "true", false: "false"}[*p.Explode]
					}
					if got != w {
						t.Errorf("%s: style and explode %q; want %q", name, got, w)
					}
				}
			},
		},
		{
			name: "rule 5: nullable references",
			data: swagger2Head + getThings("get", "", `{"200":{"description":"OK","schema":{"$ref":"#/definitions/Thing","x-nullable":true}}}`, "") +
				`,"definitions":{"Thing":{"type":"object","properties":{` +
				`"sibling":{"$ref":"#/definitions/Part","x-nullable":true},` +
				`"wrapped":{"x-nullable":true,"description":"d","allOf":[{"$ref":"#/definitions/Part"}]},` +
				`"described":{"description":"d","allOf":[{"$ref":"#/definitions/Part"}]},` +
				`"plain":{"$ref":"#/definitions/Part"},` +
				`"composed":{"allOf":[{"$ref":"#/definitions/Part"},{"type":"object","properties":{"x":{"type":"string"}}}]},` +
				`"nested":{"type":"array","items":{"$ref":"#/definitions/Part","x-nullable":true}}}},` +
				`"Part":{"type":"object","properties":{"id":{"type":"integer"}}}}}`,
			check: func(t *testing.T, d *Document) {
				props := d.OpenAPI.Components.Schemas["Thing"].Value.Properties
				for _, name := range []string{"sibling", "wrapped"} {
					s := props[name].Value
					if !s.Nullable || len(s.OneOf) != 1 || s.OneOf[0].Ref != "#/components/schemas/Part" || s.OneOf[0].Value == nil || len(s.AllOf) != 0 {
						t.Errorf("%s = nullable %t, oneOf %d, allOf %d; want {nullable, oneOf: [Part]}", name, s.Nullable, len(s.OneOf), len(s.AllOf))
					}
				}
				if s := props["described"].Value; s.Nullable || len(s.OneOf) != 1 || s.Description != "d" {
					t.Errorf("described = nullable %t, oneOf %d; want {description, oneOf: [Part]}", s.Nullable, len(s.OneOf))
				}
				if p := props["plain"]; p.Ref != "#/components/schemas/Part" {
					t.Errorf("plain = %q; want the $ref", p.Ref)
				}
				if s := props["composed"].Value; len(s.AllOf) != 2 || len(s.OneOf) != 0 {
					t.Errorf("composed = allOf %d, oneOf %d; want the allOf of two kept", len(s.AllOf), len(s.OneOf))
				}
				if s := props["nested"].Value.Items.Value; !s.Nullable || len(s.OneOf) != 1 {
					t.Errorf("nested items = nullable %t, oneOf %d", s.Nullable, len(s.OneOf))
				}
				resp := thing(d).Responses.Value("200").Value.Content["application/json"].Schema.Value
				if !resp.Nullable || len(resp.OneOf) != 1 {
					t.Errorf("response = nullable %t, oneOf %d", resp.Nullable, len(resp.OneOf))
				}
			},
		},
		{
			name: "rule 6: references and x-nullable under additionalProperties",
			data: swagger2Head + getThings("get", "", `{"200":{"description":"OK","schema":{"$ref":"#/definitions/Thing"}}}`, "") +
				`,"definitions":{"Thing":{"type":"object","properties":{"byName":{"type":"object","additionalProperties":` +
				`{"type":"object","x-nullable":true,"properties":{"part":{"$ref":"#/definitions/Part"},"tags":{"type":"array","items":{"$ref":"#/definitions/Part"}}}}}}},` +
				`"Part":{"type":"object","x-enumNames":["ignored"],"properties":{"id":{"type":"integer","x-nullable":true}}}}}`,
			check: func(t *testing.T, d *Document) {
				v := d.OpenAPI.Components.Schemas["Thing"].Value.Properties["byName"].Value.AdditionalProperties.Schema.Value
				if !v.Nullable || v.Extensions["x-nullable"] != nil {
					t.Errorf("additionalProperties nullable %t, extensions %v", v.Nullable, v.Extensions)
				}
				for _, sr := range []*openapi3.SchemaRef{v.Properties["part"], v.Properties["tags"].Value.Items} {
					if sr.Ref != "#/components/schemas/Part" || sr.Value == nil {
						t.Errorf("nested $ref %q (resolved %t); want Part, resolved", sr.Ref, sr.Value != nil)
					}
				}
				part := d.OpenAPI.Components.Schemas["Part"].Value
				if !part.Properties["id"].Value.Nullable || part.Extensions["x-enumNames"] == nil {
					t.Errorf("Part: id nullable %t, extensions %v", part.Properties["id"].Value.Nullable, part.Extensions)
				}
			},
		},
		{
			name: "rule 7: no empty allOf or properties",
			data: swagger2Head + getThings("get", `,{"name":"q","in":"query","type":"string"}`, `{"200":{"description":"OK","schema":{"$ref":"#/definitions/Thing"}}}`, "") +
				`,"definitions":{"Thing":{"type":"object","properties":{"id":{"type":"integer"}}}}}`,
			check: func(t *testing.T, d *Document) {
				for _, s := range []*openapi3.Schema{param(d, "q").Schema.Value, d.OpenAPI.Components.Schemas["Thing"].Value, d.OpenAPI.Components.Schemas["Thing"].Value.Properties["id"].Value} {
					if s.AllOf != nil || (s.Properties != nil && len(s.Properties) == 0) {
						t.Errorf("schema %v: allOf %#v, properties %#v; want nil for none", s.Type, s.AllOf, s.Properties)
					}
				}
			},
		},
		{
			name: "components: parameters, responses, security",
			data: swagger2Head + `"parameters":{"page":{"name":"page","in":"query","type":"integer","x-nullable":true}},` +
				`"responses":{"NotFound":{"description":"Not found","schema":{"$ref":"#/definitions/Error"}}},` +
				`"securityDefinitions":{"oauth":{"type":"oauth2","flow":"application","tokenUrl":"https://auth.example.com/connect/token","scopes":{"crm":"CRM"}},"basic":{"type":"basic"}},` +
				getThings("get", `,{"$ref":"#/parameters/page"}`, `{"200":{"description":"OK"},"404":{"$ref":"#/responses/NotFound"}}`, "") +
				`,"definitions":{"Error":{"type":"object","properties":{"title":{"type":"string"}}}}}`,
			check: func(t *testing.T, d *Document) {
				c := d.OpenAPI.Components
				if p := c.Parameters["page"]; p == nil || !p.Value.Schema.Value.Nullable || param(d, "page") != p.Value {
					t.Errorf("components parameter page = %+v; want it nullable and referenced", p)
				}
				r := thing(d).Responses.Value("404")
				if r.Ref != "#/components/responses/NotFound" || r.Value.Content["application/json"].Schema.Value.Properties["title"] == nil {
					t.Errorf("404 = %q; want the shared response, resolved", r.Ref)
				}
				oauth := c.SecuritySchemes["oauth"].Value
				if oauth.Flows == nil || oauth.Flows.ClientCredentials == nil || oauth.Flows.ClientCredentials.TokenURL != "https://auth.example.com/connect/token" {
					t.Errorf("oauth = %+v; want a client credentials flow", oauth)
				}
				if b := c.SecuritySchemes["basic"].Value; b.Type != "http" || b.Scheme != "basic" {
					t.Errorf("basic = %+v", b)
				}
			},
		},
		{
			name: "YAML",
			data: "swagger: '2.0'\ninfo: {title: T, version: '1'}\nbasePath: /crm/v2\nproduces: [application/json]\n" +
				"paths:\n  /tenant/{tenant}/things:\n    get:\n      parameters:\n        - {name: tenant, in: path, required: true, type: integer, format: int64}\n" +
				"        - {name: ids, in: query, type: array, items: {type: integer}}\n" +
				"      responses:\n        200: {description: OK, schema: {$ref: '#/definitions/Thing', x-nullable: true}}\n" +
				"definitions:\n  Thing: {type: object, properties: {when: {type: string, format: date-time, example: 2026-01-02}}}\n",
			check: func(t *testing.T, d *Document) {
				if p := param(d, "ids"); p.Explode == nil || *p.Explode {
					t.Errorf("ids explode = %v; want false", p.Explode)
				}
				if s := thing(d).Responses.Value("200").Value.Content["application/json"].Schema.Value; !s.Nullable {
					t.Error("200 not nullable")
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "doc.json"
			if !strings.HasPrefix(tt.data, "{") {
				name = "doc.yaml"
			}
			d, err := loadData(t, name, tt.data)
			if err != nil {
				t.Fatalf("Load = %v; want no error", err)
			}
			if d.Swagger != "2.0" {
				t.Errorf("Swagger = %q; want 2.0", d.Swagger)
			}
			tt.check(t, d)
		})
	}
}

// TestSwagger2Errors checks that a Swagger 2.0 document that cannot be used
// gets one line naming the file and the place in the Swagger document.
func TestSwagger2Errors(t *testing.T) {
	ok := getThings("get", "", "", "")
	tests := []struct {
		name     string
		file     string // a fixture, or
		data     string // a document written on the fly
		location string
		contains string
	}{
		{name: "no basePath", file: "testdata/bad/swagger2-no-basepath.json", location: "#/basePath", contains: "no basePath"},
		{name: "basePath /", data: `{"swagger":"2.0","info":{"title":"T","version":"1"},"basePath":"/",` + ok + `}`, location: "#/basePath", contains: "no basePath"},
		{name: "basePath not a domain", data: `{"swagger":"2.0","info":{"title":"T","version":"1"},"basePath":"/2/things",` + ok + `}`, location: "#/basePath", contains: `base path "/2/things" does not start with a domain name`},
		{name: "host with a scheme", data: `{"swagger":"2.0","info":{"title":"T","version":"1"},"host":"https://api.example.com","basePath":"/crm/v2",` + ok + `}`, location: "#/host", contains: "host name (and port) only"},
		{name: "unresolved $ref", file: "testdata/bad/swagger2-unresolved-ref.json", location: "#/paths/~1tenant~1{tenant}~1things/get/responses/200/schema", contains: `unresolved $ref "#/definitions/Missing"`},
		{name: "external $ref", data: swagger2Head + getThings("get", "", `{"200":{"description":"OK","schema":{"$ref":"common.json#/definitions/Thing"}}}`, "") + `}`, location: "#/paths/~1tenant~1{tenant}~1things/get/responses/200/schema", contains: "points outside the document"},
		{name: "unresolved parameter $ref", data: swagger2Head + getThings("get", `,{"$ref":"#/parameters/nope"}`, "", "") + `}`, location: "#/paths/~1tenant~1{tenant}~1things/get/parameters/1", contains: `unresolved $ref "#/parameters/nope"`},
		{name: "$ref cycle", file: "testdata/bad/swagger2-ref-cycle.yaml", location: "#/definitions/A", contains: "$ref cycle #/definitions/A -> #/definitions/B -> #/definitions/A: "},
		{name: "two bodies", file: "testdata/bad/swagger2-two-bodies.json", location: "#/paths/~1tenant~1{tenant}~1things/post/parameters/1", contains: "a second body parameter"},
		{name: "body and form", data: swagger2Head + getThings("post", `,{"name":"b","in":"body","schema":{"type":"object"}},{"name":"f","in":"formData","type":"string"}`, "", "") + `}`, location: "#/paths/~1tenant~1{tenant}~1things/post/parameters/2", contains: "body and formData parameters together"},
		{name: "tsv", data: swagger2Head + getThings("get", `,{"name":"a","in":"query","type":"array","items":{"type":"string"},"collectionFormat":"tsv"}`, "", "") + `}`, location: "#/paths/~1tenant~1{tenant}~1things/get/parameters/1/collectionFormat", contains: "tsv has no OpenAPI 3 equivalent"},
		{name: "unknown collectionFormat", data: swagger2Head + `"parameters":{"a":{"name":"a","in":"query","type":"array","items":{"type":"string"},"collectionFormat":"comma"}},` + ok + `}`, location: "#/parameters/a/collectionFormat", contains: `collectionFormat "comma"`},
		{name: "null parameter", data: swagger2Head + getThings("get", `,null`, "", "") + `}`, location: "#/paths/~1tenant~1{tenant}~1things/get/parameters/1", contains: "empty parameter"},
		{name: "null response", data: swagger2Head + getThings("get", "", `{"200":null}`, "") + `}`, location: "#/paths/~1tenant~1{tenant}~1things/get/responses/200", contains: "empty response"},
		{name: "path item $ref", data: swagger2Head + `"paths":{"/a":{"$ref":"#/x"}}}`, location: "#/paths/~1a/$ref", contains: "$ref on a path item"},
		{name: "security type", data: swagger2Head + `"securityDefinitions":{"key":{"type":"apikey","name":"ST-App-Key","in":"header"}},` + ok + `}`, location: "#/securityDefinitions/key/type", contains: `security type "apikey"`},
		{name: "oauth2 flow", data: swagger2Head + `"securityDefinitions":{"o":{"type":"oauth2","flow":"clientCredentials"}},` + ok + `}`, location: "#/securityDefinitions/o/flow", contains: `oauth2 flow "clientCredentials"`},
		{name: "null security definition", data: swagger2Head + `"securityDefinitions":{"o":null},` + ok + `}`, location: "#/securityDefinitions/o", contains: "empty security definition"},
		{name: "no paths", data: swagger2Head + `"paths":{}}`, location: "#/paths", contains: "no paths"},
		{name: "no operations", data: swagger2Head + `"paths":{"/a":{},"/b":null}}`, location: "#/paths", contains: "no paths"},
		{name: "swagger 1.2", data: `{"swagger":"1.2","info":{"title":"T","version":"1"},"basePath":"/crm/v2",` + ok + `}`, location: "#/swagger", contains: `swagger version "1.2": only Swagger "2.0"`},
		{name: "swagger as a number", data: "swagger: 2.0\ninfo: {title: T, version: '1'}\nbasePath: /crm/v2\npaths: {}\n", location: "#/swagger", contains: "swagger version 2 (a number: quote it)"},
		{name: "swagger null", data: `{"swagger":null,"info":{"title":"T","version":"1"},"basePath":"/crm/v2",` + ok + `}`, location: "#/swagger", contains: "swagger version null"},
		{name: "truncated", file: "testdata/bad/swagger2-truncated.json", location: "6:1", contains: "malformed JSON"},
		{name: "malformed YAML", data: "swagger: '2.0'\ninfo: {title: T\nbasePath: /crm/v2\n", contains: "malformed document"},
		{name: "wrong type", data: swagger2Head + `"paths":{"/a":{"get":{"parameters":{"a":1},"responses":{}}}}}`, contains: "malformed Swagger 2.0 document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" {
				file = filepath.Join(t.TempDir(), "doc.json")
				if err := os.WriteFile(file, []byte(tt.data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			d, err := Load(file)
			if err == nil {
				t.Fatalf("Load = %s document, no error; want an error", d.Domain)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Load error %T %q; want *spec.Error", err, err)
			}
			if e.File != file || e.Location != tt.location {
				t.Errorf("File %q, Location %q; want %q, %q (%v)", e.File, e.Location, file, tt.location, err)
			}
			if msg := err.Error(); !strings.Contains(msg, tt.contains) || strings.Contains(msg, "\n") {
				t.Errorf("Error() = %q; want one line containing %q", msg, tt.contains)
			}
		})
	}
}
