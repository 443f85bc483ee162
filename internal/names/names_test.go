package names

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// writeFile writes content as the names file of a new folder and returns the folder.
func writeFile(t testing.TB, content string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestReadRoundTrip(t *testing.T) {
	want := New()
	want.Domains["crm"] = &Domain{
		Schemas:    map[string]Schema{"Crm.V2.Customers.CustomerResponse": {Name: "CustomerResponse", Shape: "s1"}},
		Constants:  map[string]map[string]string{"Crm.V2.Customers.Kind": {"a b": "KindAB"}},
		Operations: map[string]Operation{"GET /crm/v2/tenant/{}/customers": {Method: "Customers.List", All: "All", Feed: "Export", Since: "ExportSince"}},
	}
	b := want.Marshal()
	if !bytes.HasSuffix(b, []byte("}\n")) {
		t.Errorf("Marshal does not end in a newline: %q", b[len(b)-5:])
	}
	got, err := Read(writeFile(t, string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Read(Marshal(f)) = %+v, want %+v", got, want)
	}
	if again := got.Marshal(); !bytes.Equal(again, b) {
		t.Errorf("Marshal is not stable:\n%s\nthen\n%s", b, again)
	}
}

func TestReadAbsent(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, dir := range map[string]string{
		"empty folder":   t.TempDir(),
		"no folder":      filepath.Join(t.TempDir(), "missing"),
		"a file, no dir": file,
	} {
		f, err := Read(dir)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if f.Version != formatVersion || f.Domains == nil || len(f.Domains) != 0 {
			t.Errorf("%s: Read = %+v, want an empty file", name, f)
		}
	}
}

// TestReadRejects reads names files a person could have broken, or written
// to put code into the output, and wants an error that names the file and
// the entry, and says what to do.
func TestReadRejects(t *testing.T) {
	for _, tc := range []struct {
		name, content string
		want          []string
	}{
		{"not JSON", `{"version": 1,`, []string{"not a names file", "--renew-names"}},
		{"unknown field", `{"version": 1, "domains": {}, "extra": 1}`, []string{"unknown field", "delete it"}},
		{"other version", `{"version": 2, "domains": {}}`, []string{"format version 2", "reads version 1"}},
		{"null domain", `{"version": 1, "domains": {"crm": null}}`, []string{"domains.crm is null"}},
		{"schema name is code", `{"version": 1, "domains": {"crm": {"schemas": {"A": {"name": "A struct{}; func init() {}; type B"}}}}}`,
			[]string{`domains.crm.schemas["A"].name`, "not an exported Go identifier", "fix the entry"}},
		{"schema name unexported", `{"version": 1, "domains": {"crm": {"schemas": {"A": {"name": "string"}}}}}`,
			[]string{`domains.crm.schemas["A"].name is "string"`}},
		{"constant is code", `{"version": 1, "domains": {"crm": {"constants": {"E": {"v": "X = 1; func init() {}; const Y"}}}}}`,
			[]string{`domains.crm.constants["E"]["v"]`}},
		{"method is code", `{"version": 1, "domains": {"crm": {"operations": {"GET /x": {"method": "Things.GetList(){}; func init(){panic(\"x\")}; func (r *ThingsResource) X"}}}}}`,
			[]string{`domains.crm.operations["GET /x"].method`, "Resource.Method"}},
		{"method without resource", `{"version": 1, "domains": {"crm": {"operations": {"GET /x": {"method": "List"}}}}}`,
			[]string{"Resource.Method"}},
		{"iterator is code", `{"version": 1, "domains": {"crm": {"operations": {"GET /x": {"method": "A.B", "all": "All()"}}}}}`,
			[]string{`domains.crm.operations["GET /x"].all is "All()"`}},
		{"feed unexported", `{"version": 1, "domains": {"crm": {"operations": {"GET /x": {"method": "A.B", "since": "since"}}}}}`,
			[]string{`.since is "since"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFile(t, tc.content)
			f, err := Read(dir)
			if err == nil {
				t.Fatalf("Read accepted it: %+v", f)
			}
			for _, want := range append(tc.want, filepath.Join(dir, FileName)) {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
		})
	}
}

func TestOperationKey(t *testing.T) {
	for _, tc := range []struct{ method, path, want string }{
		{"get", "/crm/v2/tenant/{tenant}/customers/{id}", "GET /crm/v2/tenant/{}/customers/{}"},
		{"POST", "/a/{x}/b", "POST /a/{}/b"},
		{"GET", "/no/params", "GET /no/params"},
		{"GET", "/open/{brace", "GET /open/{brace"},
		{"GET", "/{}/{", "GET /{}/{"},
	} {
		if got := OperationKey(tc.method, tc.path); got != tc.want {
			t.Errorf("OperationKey(%q, %q) = %q, want %q", tc.method, tc.path, got, tc.want)
		}
	}
}

// FuzzRead reads arbitrary bytes as a names file: Read never panics, and a
// file it accepts holds only exported Go identifiers and reads back the
// same once written (an empty map and none are written alike).
func FuzzRead(f *testing.F) {
	good := New()
	good.Domains["crm"] = &Domain{
		Schemas:    map[string]Schema{"A": {Name: "A"}},
		Constants:  map[string]map[string]string{"E": {"v": "EV"}},
		Operations: map[string]Operation{"GET /x": {Method: "Things.List", All: "All"}},
	}
	f.Add(good.Marshal())
	f.Add([]byte(`{"version": 1, "domains": {"crm": null}}`))
	f.Add([]byte(`{"version": 1, "domains": {"crm": {"operations": {"GET /x": {"method": "A.B(){}; func init(){}"}}}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := writeFile(t, string(b))
		got, err := Read(dir)
		if err != nil {
			return
		}
		for domain, d := range got.Domains {
			for pub, s := range d.Schemas {
				if !isExported(s.Name) {
					t.Fatalf("accepted schema %s.%s named %q", domain, pub, s.Name)
				}
			}
			for pub, values := range d.Constants {
				for v, name := range values {
					if !isExported(name) {
						t.Fatalf("accepted constant %s.%s[%q] named %q", domain, pub, v, name)
					}
				}
			}
			for key, op := range d.Operations {
				resource, method, ok := strings.Cut(op.Method, ".")
				if !ok || !isExported(resource) || !isExported(method) {
					t.Fatalf("accepted operation %s %q with method %q", domain, key, op.Method)
				}
				for _, name := range []string{op.All, op.Feed, op.Since} {
					if name != "" && !isExported(name) {
						t.Fatalf("accepted operation %s %q with iterator %q", domain, key, name)
					}
				}
			}
		}
		b = got.Marshal()
		again, err := Read(writeFile(t, string(b)))
		if err != nil {
			t.Fatalf("Read rejects what Marshal wrote of an accepted file: %v\n%s", err, b)
		}
		if b2 := again.Marshal(); !bytes.Equal(b2, b) {
			t.Fatalf("Marshal(Read(Marshal(f))) differs from Marshal(f):\n%s\nthen\n%s", b, b2)
		}
	})
}
