package spec

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestLoadValid(t *testing.T) {
	tests := []struct {
		file       string
		domain     string
		basePath   string
		version    string
		operations int
		paths      []string
	}{
		{
			file:       "testdata/release/crm-v2.yaml",
			domain:     "crm",
			basePath:   "/crm/v2",
			version:    "3.0.1",
			operations: 2,
			paths:      []string{"/tenant/{tenant}/customers/{id}"},
		},
		{
			file:       "testdata/release/service-agreements-v2.json",
			domain:     "serviceagreements",
			basePath:   "/service-agreements/v2",
			version:    "3.1.0",
			operations: 1,
			paths:      []string{"/tenant/{tenant}/service-agreements"},
		},
		{
			// Telecom's servers carry no version; its paths do.
			file:       "testdata/release/telecom.json",
			domain:     "telecom",
			basePath:   "/telecom",
			version:    "3.0.1",
			operations: 3,
			paths:      []string{"/v2/tenant/{tenant}/calls", "/v3/tenant/{tenant}/calls"},
		},
		{
			// Swagger 2.0, converted to OpenAPI 3.0 (see swagger2_test.go).
			file:       "testdata/swagger2/old-v1.json",
			domain:     "old",
			basePath:   "/old/v1",
			version:    "3.0.3",
			operations: 1,
			paths:      []string{"/things"},
		},
		{
			file:       "testdata/swagger2/old-v1.yaml",
			domain:     "old",
			basePath:   "/old/v1",
			version:    "3.0.3",
			operations: 1,
			paths:      []string{"/things"},
		},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			d, err := Load(tt.file)
			if err != nil {
				t.Fatalf("Load(%q) = %v; want no error", tt.file, err)
			}
			if d.File != tt.file {
				t.Errorf("File = %q; want %q", d.File, tt.file)
			}
			if d.Domain != tt.domain {
				t.Errorf("Domain = %q; want %q", d.Domain, tt.domain)
			}
			if d.BasePath != tt.basePath {
				t.Errorf("BasePath = %q; want %q", d.BasePath, tt.basePath)
			}
			if d.OpenAPI.OpenAPI != tt.version {
				t.Errorf("openapi = %q; want %q", d.OpenAPI.OpenAPI, tt.version)
			}
			if got := d.Operations(); got != tt.operations {
				t.Errorf("Operations() = %d; want %d", got, tt.operations)
			}
			for _, p := range tt.paths {
				if d.OpenAPI.Paths.Value(p) == nil {
					t.Errorf("path %q missing; have %q", p, d.OpenAPI.Paths.InMatchingOrder())
				}
			}
		})
	}
}

// TestLoadResolvesRefs checks that local $refs are resolved: the schema a
// response points at is reachable without a second lookup.
func TestLoadResolvesRefs(t *testing.T) {
	tests := []struct {
		file, path, want string
	}{
		{"testdata/release/crm-v2.yaml", "/tenant/{tenant}/customers/{id}", "#/components/schemas/Crm.V2.Customer"},
		{"testdata/release/service-agreements-v2.json", "/tenant/{tenant}/service-agreements", "#/components/schemas/Page"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			d, err := Load(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			resp := d.OpenAPI.Paths.Value(tt.path).Get.Responses.Value("200").Value
			ref := resp.Content.Get("application/json").Schema
			if ref.Ref != tt.want {
				t.Errorf("$ref = %q; want %q", ref.Ref, tt.want)
			}
			if ref.Value == nil || len(ref.Value.Properties) == 0 {
				t.Fatalf("$ref %q not resolved: Value = %v", ref.Ref, ref.Value)
			}
		})
	}
}

// TestLoadPlaceholderExamples checks that ServiceTitan's placeholder examples
// ("string" on a date-time or a decimal) load without complaint.
func TestLoadPlaceholderExamples(t *testing.T) {
	d, err := Load("testdata/release/crm-v2.yaml")
	if err != nil {
		t.Fatalf("Load = %v; want no error", err)
	}
	props := d.OpenAPI.Components.Schemas["Crm.V2.Customer"].Value.Properties
	for _, name := range []string{"createdOn", "balance"} {
		if got := props[name].Value.Example; got != "string" {
			t.Errorf("%s example = %v; want %q", name, got, "string")
		}
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		location string   // want Error.Location
		contains []string // want in Error()
	}{
		{
			name:     "malformed JSON, missing comma",
			file:     "testdata/bad/malformed.json",
			location: "4:3",
			contains: []string{"malformed JSON", `invalid character '"' after object key:value pair`},
		},
		{
			name:     "malformed JSON, trailing comma",
			file:     "testdata/bad/malformed-trailing-comma.json",
			location: "8:51",
			contains: []string{"malformed JSON", "invalid character '}'"},
		},
		{
			name:     "truncated JSON",
			file:     "testdata/bad/truncated.json",
			location: "5:1",
			contains: []string{"malformed JSON", "unexpected end of JSON input"},
		},
		{
			name:     "malformed YAML",
			file:     "testdata/bad/malformed.yaml",
			contains: []string{"malformed document", "line 11", "did not find expected ',' or '}'"},
		},
		{
			name:     "unresolved $ref in JSON",
			file:     "testdata/bad/unresolved-ref.json",
			location: "#/paths/~1tenant~1{tenant}~1things/get/responses/200/content/application~1json/schema",
			contains: []string{`unresolved $ref "#/components/schemas/Missing"`},
		},
		{
			name:     "unresolved $ref in YAML",
			file:     "testdata/bad/unresolved-ref.yaml",
			location: "#/components/schemas/Thing/properties/owner",
			contains: []string{`unresolved $ref "#/components/schemas/Owner"`},
		},
		{
			name:     "external $ref",
			file:     "testdata/bad/external-ref.json",
			location: "#/paths/~1things/get/responses/200/content/application~1json/schema",
			contains: []string{`$ref "common.json#/components/schemas/Thing" points outside the document`},
		},
		{
			name:     "$ref cycle in JSON",
			file:     "testdata/bad/ref-cycle.json",
			location: "#/components/schemas/A",
			contains: []string{"$ref cycle #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A: "},
		},
		{
			name:     "$ref cycle in YAML",
			file:     "testdata/bad/ref-cycle.yaml",
			location: "#/components/schemas/A",
			contains: []string{"$ref cycle #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A: "},
		},
		{
			name:     "schema that is a $ref to itself",
			file:     "testdata/bad/ref-self.json",
			location: "#/components/schemas/A",
			contains: []string{"$ref cycle #/components/schemas/A -> #/components/schemas/A: "},
		},
		{
			name:     "no openapi field",
			file:     "testdata/bad/no-openapi.yaml",
			location: "#/openapi",
			contains: []string{`no "openapi" field`},
		},
		{
			name:     "no servers",
			file:     "testdata/bad/no-servers.json",
			location: "#/servers",
			contains: []string{"no servers"},
		},
		{
			name:     "server URL without a path",
			file:     "testdata/bad/server-no-path.json",
			location: "#/servers",
			contains: []string{`url "https://api.example.com" has no path`},
		},
		{
			name:     "servers disagree on the path",
			file:     "testdata/bad/servers-disagree.json",
			location: "#/servers",
			contains: []string{`servers[1]: base path "/things/v3" differs from "/things/v2"`},
		},
		{
			name:     "base path starting with a digit",
			file:     "testdata/bad/server-digit-path.yaml",
			location: "#/servers",
			contains: []string{`base path "/2/things" does not start with a domain name`},
		},
		{
			name:     "no paths",
			file:     "testdata/bad/no-paths.json",
			location: "#/paths",
			contains: []string{"no paths"},
		},
		{
			name:     "missing file",
			file:     "testdata/bad/no-such-file.json",
			contains: []string{"no such file or directory"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Load(tt.file)
			if err == nil {
				t.Fatalf("Load(%q) = %s document, no error; want an error", tt.file, d.Domain)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Load(%q) error %T %q; want *spec.Error", tt.file, err, err)
			}
			if e.File != tt.file {
				t.Errorf("File = %q; want %q", e.File, tt.file)
			}
			if e.Location != tt.location {
				t.Errorf("Location = %q; want %q", e.Location, tt.location)
			}
			msg := err.Error()
			prefix := tt.file + ":"
			if tt.location != "" {
				prefix += tt.location + ": "
			}
			if !strings.HasPrefix(msg, prefix) {
				t.Errorf("Error() = %q; want it to start with %q", msg, prefix)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("Error() = %q; want one line", msg)
			}
			for _, s := range tt.contains {
				if !strings.Contains(msg, s) {
					t.Errorf("Error() = %q; want it to contain %q", msg, s)
				}
			}
		})
	}
}

// TestLoadEdgeCases covers documents written on the fly: odd but valid
// encodings, and shapes that once crashed the loader.
func TestLoadEdgeCases(t *testing.T) {
	telecom, err := os.ReadFile("testdata/release/telecom.json")
	if err != nil {
		t.Fatal(err)
	}
	crm, err := os.ReadFile("testdata/release/crm-v2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const head = `{"openapi":"3.0.1","info":{"title":"x","version":"1"},`
	tests := []struct {
		name     string
		data     string
		domain   string // want on success
		location string // want on failure
		contains string // want in Error() on failure
	}{
		{name: "JSON with byte order mark", data: "\ufeff" + string(telecom), domain: "telecom"},
		{name: "YAML with byte order mark", data: "\ufeff" + string(crm), domain: "crm"},
		{name: "JSON with leading blank lines", data: "\n\n  " + string(telecom), domain: "telecom"},
		{name: "relative server URL", data: head + `"servers":[{"url":"/jpm/v2"}],"paths":{"/jobs":{"get":{"responses":{"200":{"description":"ok"}}}}}}`, domain: "jpm"},
		{
			name:     "malformed JSON after a byte order mark",
			data:     "\ufeff{\n  \"openapi\" \"3.0.1\"\n}",
			location: "2:13",
			contains: "malformed JSON",
		},
		{
			name:     "null server",
			data:     head + `"servers":[null],"paths":{"/a":{"get":{"responses":{"200":{"description":"ok"}}}}}}`,
			location: "#/servers",
			contains: "servers[0] is empty",
		},
		{
			name:     "null server in YAML",
			data:     "openapi: 3.0.1\ninfo: {title: x, version: '1'}\nservers: [~]\npaths: {/a: {get: {responses: {'200': {description: ok}}}}}\n",
			location: "#/servers",
			contains: "servers[0] is empty",
		},
		// kin-openapi reads a null path item as an empty one.
		{name: "null path item", data: "openapi: 3.0.1\ninfo: {title: x, version: '1'}\nservers: [{url: 'https://a/b'}]\npaths:\n  /a/{id}: ~\n  /b: {get: {responses: {'200': {description: ok}}}}\n", domain: "b"},
		{name: "null path item in JSON", data: head + `"servers":[{"url":"https://a/b"}],"paths":{"/a/{id}":null,"/b":{"get":{"responses":{"200":{"description":"ok"}}}}}}`, domain: "b"},
		{name: "only a null path item", data: head + `"servers":[{"url":"https://a/b"}],"paths":{"/a":null}}`, location: "#/paths", contains: "no paths"},
		{
			name:     "paths without operations",
			data:     head + `"servers":[{"url":"https://a/b"}],"paths":{"/a":{}}}`,
			location: "#/paths",
			contains: "no paths",
		},
		{
			name:     "OpenAPI 3.2",
			data:     "openapi: 3.2.0\ninfo: {title: x, version: '1'}\nservers: [{url: 'https://a/b'}]\npaths: {/a: {get: {responses: {'200': {description: ok}}}}}\n",
			location: "#/openapi",
			contains: `openapi version "3.2.0"`,
		},
		{name: "empty file", data: "", location: "#/openapi", contains: `no "openapi" field`},
		{name: "JSON null", data: "null", location: "#/openapi", contains: `no "openapi" field`},
		{name: "YAML scalar", data: "42\n", contains: "malformed document"},
		{name: "wrong type", data: head + `"servers":"x","paths":{}}`, contains: "servers"},
	}
	dir := t.TempDir()
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(dir, strings.Repeat("x", i+1)+".doc")
			if err := os.WriteFile(file, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			d, err := Load(file)
			if tt.domain != "" {
				if err != nil {
					t.Fatalf("Load = %v; want no error", err)
				}
				if d.Domain != tt.domain {
					t.Errorf("Domain = %q; want %q", d.Domain, tt.domain)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Load error = %v (%T); want *spec.Error", err, err)
			}
			if e.File != file {
				t.Errorf("File = %q; want %q", e.File, file)
			}
			if e.Location != tt.location {
				t.Errorf("Location = %q; want %q", e.Location, tt.location)
			}
			if msg := err.Error(); !strings.Contains(msg, tt.contains) || strings.Contains(msg, "\n") {
				t.Errorf("Error() = %q; want one line containing %q", msg, tt.contains)
			}
		})
	}
}

func TestLoadDir(t *testing.T) {
	docs, err := LoadDir("testdata/release")
	if err != nil {
		t.Fatalf("LoadDir = %v; want no error", err)
	}
	var got []string
	for _, d := range docs {
		got = append(got, d.Domain+" "+d.BasePath+" "+filepath.Base(d.File))
	}
	// Sorted by domain; README.md and the hidden .hidden.json are skipped.
	want := []string{
		"crm /crm/v2 crm-v2.yaml",
		"serviceagreements /service-agreements/v2 service-agreements-v2.json",
		"telecom /telecom telecom.json",
	}
	if !slices.Equal(got, want) {
		t.Errorf("LoadDir = %q; want %q", got, want)
	}
}

// TestLoadDirSymlink checks that a linked document is loaded, not skipped:
// skipping it would make a pruning run delete its package.
func TestLoadDirSymlink(t *testing.T) {
	dir := t.TempDir()
	target, err := filepath.Abs("testdata/release/telecom.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, "telecom.json")); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "folder.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	docs, err := LoadDir(dir)
	if err != nil {
		t.Fatalf("LoadDir = %v; want no error", err)
	}
	if len(docs) != 1 || docs[0].Domain != "telecom" {
		t.Errorf("LoadDir = %d documents; want the linked telecom one", len(docs))
	}
}

func TestLoadDirErrors(t *testing.T) {
	empty := t.TempDir()
	notDir := filepath.Join(t.TempDir(), "file.json")
	if err := os.WriteFile(notDir, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	twoBad := t.TempDir()
	for _, name := range []string{"no-servers.json", "malformed.json"} {
		b, err := os.ReadFile(filepath.Join("testdata/bad", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(twoBad, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name     string
		dir      string
		contains []string // want in the error, in this order
		lines    int
	}{
		{
			name:     "missing folder",
			dir:      "testdata/no-such-folder",
			contains: []string{"testdata/no-such-folder: no such folder"},
			lines:    1,
		},
		{
			name:     "empty folder",
			dir:      empty,
			contains: []string{empty + ": no OpenAPI documents"},
			lines:    1,
		},
		{
			name:     "folder with only a README",
			dir:      "testdata/readme-only",
			contains: []string{"testdata/readme-only: no OpenAPI documents"},
			lines:    1,
		},
		{
			name:     "a file, not a folder",
			dir:      notDir,
			contains: []string{notDir + ": "},
			lines:    1,
		},
		{
			name:     "two documents for one domain",
			dir:      "testdata/duplicate",
			contains: []string{"testdata/duplicate/crm-v2.json and testdata/duplicate/crm-v3.yaml", `domain "crm"`},
			lines:    1,
		},
		{
			name:     "one error per broken document, in file order",
			dir:      twoBad,
			contains: []string{filepath.Join(twoBad, "malformed.json") + ":4:3: ", filepath.Join(twoBad, "no-servers.json") + ":#/servers: "},
			lines:    2,
		},
		{
			name:     "every document broken",
			dir:      "testdata/bad",
			contains: []string{"testdata/bad/external-ref.json:#/paths/"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := LoadDir(tt.dir)
			if err == nil {
				t.Fatalf("LoadDir(%q) = %d documents, no error; want an error", tt.dir, len(docs))
			}
			msg := err.Error()
			rest := msg
			for _, s := range tt.contains {
				i := strings.Index(rest, s)
				if i < 0 {
					t.Fatalf("error = %q; want it to contain %q (in order)", msg, s)
				}
				rest = rest[i+len(s):]
			}
			if got := strings.Count(msg, "\n") + 1; tt.lines > 0 && got != tt.lines {
				t.Errorf("error has %d lines; want %d: %q", got, tt.lines, msg)
			}
		})
	}
}

func TestDomainName(t *testing.T) {
	tests := []struct{ basePath, want string }{
		{"/crm/v2", "crm"},
		{"/service-agreements/v2", "serviceagreements"},
		{"/telecom", "telecom"},
		{"/equipment-systems/v2", "equipmentsystems"},
		{"/Scheduling-Pro/v2", "schedulingpro"},
		{"/marketing_ads/v2", "marketingads"},
		{"/crm2/v2", "crm2"},
		{"crm/v2", "crm"},
		{"/2/crm", ""},
		{"/", ""},
		{"", ""},
		{"/---/v2", ""},
		{"/cafés/v2", "cafs"},
		{"/type/v2", "typeapi"},
		{"/main/v2", "mainapi"},
		{"/init/v2", "initapi"},
		{"/string/v2", "stringapi"},
		{"/servicetitan/v2", "servicetitanapi"},
		{"/stapi", "stapiapi"},
		{"/authmw", "authmwapi"},
	}
	for _, tt := range tests {
		if got := DomainName(tt.basePath); got != tt.want {
			t.Errorf("DomainName(%q) = %q; want %q", tt.basePath, got, tt.want)
		}
	}
}

func TestIsDocumentFile(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"crm-v2.json", true},
		{"crm-v2.yaml", true},
		{"crm-v2.yml", true},
		{"CRM-V2.JSON", true},
		{"README.md", false},
		{"crm-v2.json.bak", false},
		{".crm-v2.json", false},
		{"json", false},
		{"manifest.json", false},
		{"manifest-v2.json", true},
	}
	for _, tt := range tests {
		if got := IsDocumentFile(tt.name); got != tt.want {
			t.Errorf("IsDocumentFile(%q) = %t; want %t", tt.name, got, tt.want)
		}
	}
}

func TestLineCol(t *testing.T) {
	data := []byte("ab\ncd\n\nef")
	tests := []struct {
		offset int64
		want   string
	}{
		{0, "1:1"},
		{1, "1:2"},
		{2, "1:3"}, // the newline ending line 1
		{3, "2:1"},
		{6, "3:1"},
		{7, "4:1"},
		{9, "4:3"}, // end of input
		{-5, "1:1"},
		{100, "4:3"},
	}
	for _, tt := range tests {
		if got := lineCol(data, tt.offset); got != tt.want {
			t.Errorf("lineCol(%d) = %q; want %q", tt.offset, got, tt.want)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	cause := errors.New("boom")
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{File: "a.json", Location: "3:7", Err: cause}, "a.json:3:7: boom"},
		{&Error{File: "a.json", Location: "#/paths", Err: cause}, "a.json:#/paths: boom"},
		{&Error{File: "a.json", Err: cause}, "a.json: boom"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q; want %q", got, tt.want)
		}
		if !errors.Is(tt.err, cause) {
			t.Errorf("errors.Is(%q, cause) = false; want true", tt.err)
		}
	}
}

func TestEscapePointer(t *testing.T) {
	tests := []struct{ tok, want string }{
		{"/tenant/{tenant}/jobs", "~1tenant~1{tenant}~1jobs"},
		{"a~b", "a~0b"},
		{"~/", "~0~1"},
		{"plain", "plain"},
	}
	for _, tt := range tests {
		if got := EscapePointer(tt.tok); got != tt.want {
			t.Errorf("EscapePointer(%q) = %q; want %q", tt.tok, got, tt.want)
		}
		if _, at, ok := resolvePointer(map[string]any{tt.tok: 1}, "#/"+EscapePointer(tt.tok)); !ok || at != "#/"+tt.want {
			t.Errorf("resolvePointer does not undo EscapePointer(%q): %q, %v", tt.tok, at, ok)
		}
	}
}

func TestServerVariables(t *testing.T) {
	dir := t.TempDir()
	write := func(name, servers string) string {
		file := filepath.Join(dir, name)
		doc := `{"openapi": "3.0.1", "info": {"title": "T", "version": "1"}, "servers": ` + servers + `,
		  "paths": {"/tenant/{tenant}/x": {"get": {"responses": {"204": {"description": "none"}}}}}}`
		if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return file
	}
	d, err := Load(write("vars.json", `[{"url": "https://{env}.example.com/{domain}/v2", "variables": {"env": {"default": "api"}, "domain": {"default": "crm"}}}]`))
	if err != nil {
		t.Fatal(err)
	}
	if d.Domain != "crm" || d.BasePath != "/crm/v2" {
		t.Errorf("domain %q, base path %q; want crm, /crm/v2", d.Domain, d.BasePath)
	}
	if _, err := Load(write("nodefault.json", `[{"url": "https://x/{domain}/v2", "variables": {"domain": {"enum": ["a"]}}}]`)); err == nil || !strings.Contains(err.Error(), `variable "domain" has no default`) {
		t.Errorf("a variable without a default: %v; want an error naming it", err)
	}
}

// TestLoadDirPartial checks that documents that cannot be used are reported
// one by one without taking the others with them.
func TestLoadDirPartial(t *testing.T) {
	dir := t.TempDir()
	copyFile := func(from, to string) {
		t.Helper()
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyFile("testdata/release/telecom.json", "telecom.json")
	copyFile("testdata/swagger2/crm-swagger2.json", "tenant-crm-v2 (1).json")
	copyFile("testdata/bad/malformed.json", "a-malformed.json")
	copyFile("testdata/bad/swagger2-no-basepath.json", "b-no-basepath.json")
	for _, name := range []string{"old-1.json", "old-2.yaml", "old-3.json"} {
		copyFile("testdata/swagger2/old-v1."+strings.TrimPrefix(filepath.Ext(name), "."), name)
	}

	docs, failed, err := LoadDirPartial(dir)
	if err != nil {
		t.Fatalf("LoadDirPartial = %v; want no error", err)
	}
	var got []string
	for _, d := range docs {
		got = append(got, d.Domain+" "+filepath.Base(d.File))
	}
	if want := []string{"crm tenant-crm-v2 (1).json", "telecom telecom.json"}; !slices.Equal(got, want) {
		t.Errorf("documents %q; want %q", got, want)
	}
	wantFailed := []string{
		filepath.Join(dir, "a-malformed.json") + ":4:3: malformed JSON",
		filepath.Join(dir, "b-no-basepath.json") + ":#/basePath: no basePath",
		filepath.Join(dir, "old-1.json") + ", " + filepath.Join(dir, "old-2.yaml") + " and " + filepath.Join(dir, "old-3.json") +
			` all describe domain "old" (base paths /old/v1, /old/v1 and /old/v1)`,
	}
	if len(failed) != len(wantFailed) {
		t.Fatalf("failed = %q; want %d errors", failed, len(wantFailed))
	}
	for i, w := range wantFailed {
		if !strings.HasPrefix(failed[i].Error(), w) {
			t.Errorf("failed[%d] = %q; want it to start with %q", i, failed[i], w)
		}
	}
	var e *Error
	if !errors.As(failed[0], &e) || !errors.As(failed[1], &e) {
		t.Errorf("failed documents %T, %T; want *spec.Error", failed[0], failed[1])
	}

	// LoadDir fails on the same folder with every one of those lines.
	if _, err := LoadDir(dir); err == nil || strings.Count(err.Error(), "\n") != 2 {
		t.Errorf("LoadDir = %v; want the three errors, one per line", err)
	}
	// Only the folder itself is an error.
	if _, _, err := LoadDirPartial(filepath.Join(dir, "missing")); err == nil {
		t.Error("LoadDirPartial of a missing folder: no error")
	}
	docs, failed, err = LoadDirPartial("testdata/bad")
	if err != nil || len(docs) != 0 || len(failed) == 0 {
		t.Errorf("LoadDirPartial(testdata/bad) = %d documents, %d failures, %v; want none, some, no error", len(docs), len(failed), err)
	}

	// LoadFiles hands over every file once, as Load returns it, the
	// documents of a domain several describe included, largest first
	// (in order with one worker).
	files, err := DocumentFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var mu sync.Mutex
	calls := make([]int, len(files))
	var loaded, order []string
	docs, failed = LoadFiles(files, func(i int, d *Document, err error) {
		mu.Lock()
		defer mu.Unlock()
		calls[i]++
		order = append(order, filepath.Base(files[i]))
		if (d == nil) == (err == nil) {
			t.Errorf("loaded(%d, %v, %v): want a document or an error", i, d, err)
		}
		if d != nil {
			loaded = append(loaded, filepath.Base(d.File))
		}
	})
	if want := slices.Repeat([]int{1}, len(files)); !slices.Equal(calls, want) {
		t.Errorf("loaded calls per file = %v; want %v", calls, want)
	}
	slices.Sort(loaded)
	if want := []string{"old-1.json", "old-2.yaml", "old-3.json", "telecom.json", "tenant-crm-v2 (1).json"}; !slices.Equal(loaded, want) {
		t.Errorf("loaded documents %q; want %q", loaded, want)
	}
	if len(docs) != 2 || len(failed) != len(wantFailed) {
		t.Errorf("LoadFiles = %d documents, %d failures; want what LoadDirPartial returns: 2, %d", len(docs), len(failed), len(wantFailed))
	}
	if want := "tenant-crm-v2 (1).json"; order[0] != want || order[1] != "telecom.json" {
		t.Errorf("files loaded in the order %q; want the largest first: %s, telecom.json", order, want)
	}
}
