package gen

import (
	"fmt"
	"maps"
	"strings"
	"testing"
)

// recorder is a testing.TB that records the failures a check reports,
// for the tests of the checks themselves: Fatal stops the check with a
// panic that failures recovers.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func (r *recorder) Error(args ...any) { r.failures = append(r.failures, fmt.Sprint(args...)) }

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	panic(r)
}

func (r *recorder) Fatal(args ...any) {
	r.Error(args...)
	panic(r)
}

// failures runs check and returns the failures it reports.
func failures(t *testing.T, check func(testing.TB)) []string {
	r := &recorder{TB: t}
	func() {
		defer func() {
			if p := recover(); p != nil && p != any(r) {
				panic(p)
			}
		}()
		check(r)
	}()
	return r.failures
}

// tampered returns a copy of files with src added to the end of file name,
// or the first occurrence of old replaced by src when old is not "".
func tampered(files map[string][]byte, name, old, src string) map[string][]byte {
	out := maps.Clone(files)
	if old == "" {
		out[name] = append([]byte(string(files[name])+"\n"), src...)
	} else {
		out[name] = []byte(strings.Replace(string(files[name]), old, src, 1))
	}
	return out
}

// TestCheckSafeCatches checks the checks the hostile tests rely on: each
// of what a hostile input could slip into a package or the facade beside
// what the model describes is reported, and the package as generated is
// not.
func TestCheckSafeCatches(t *testing.T) {
	g, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	dom, p, err := generateBytes(t, g, []byte(namesDoc), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := failures(t, func(tb testing.TB) { checkSafe(tb, dom, p) }); len(got) > 0 {
		t.Fatalf("the package as generated fails the checks: %q", got)
	}
	for _, c := range []struct{ what, file, old, src string }{
		{"a function named like a decoder", "decode.gen.go", "", "func decodeInjected(d *stapi.Decoder, v *Thing) {}"},
		{"a method of a resource", "client.gen.go", "", "func (r *ThingsResource) Injected() {}"},
		{"a method of a type", "decode.gen.go", "", "func (v Thing) Injected() {}"},
		{"a method of a union", "decode.gen.go", "", "func (t Either) AsInjected() {}"},
		{"a constant's value", "hostile.gen.go", `"plain"`, `"plane"`},
		{"a directive", "client.gen.go", "", "//go:generate touch PWNED"},
		{"an init function", "client.gen.go", "", "func init() {}"},
	} {
		q := *p
		q.Files = tampered(p.Files, c.file, c.old, c.src)
		if got := failures(t, func(tb testing.TB) { checkSafe(tb, dom, &q) }); len(got) == 0 {
			t.Errorf("%s passes the checks", c.what)
		}
	}

	pkg := runtimeTypes.check(t, hostileModule+"/"+p.Name, p.Files)
	d := DomainOf(dom)
	facade, err := Facade(FacadeOptions{Module: hostileModule}, []Domain{d})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := facade.Files[ExampleFile]; !ok {
		t.Fatal("the facade over namesDoc has no examples to check")
	}
	if got := failures(t, func(tb testing.TB) { checkFacadeFiles(tb, d, facade.Files, facade.Files, pkg) }); len(got) > 0 {
		t.Fatalf("the facade as generated fails the checks: %q", got)
	}
	main := FacadePackage + ".gen.go"
	for _, c := range []struct{ what, file, old, src string }{
		{"a function", main, "", "func Injected() {}"},
		{"a method", main, "", "func (c *Client) Injected() {}"},
		{"a field of Client", main, "type Client struct {", "type Client struct {\n\tInjected int"},
		{"a directive", main, "", "//go:generate touch PWNED"},
		{"a directive in the examples", ExampleFile, "", "//line evil.go:1"},
		{"an init function in the examples", ExampleFile, "", "func init() {}"},
	} {
		files := tampered(facade.Files, c.file, c.old, c.src)
		if got := failures(t, func(tb testing.TB) { checkFacadeFiles(tb, d, files, facade.Files, pkg) }); len(got) == 0 {
			t.Errorf("the facade with %s passes the checks", c.what)
		}
	}
}
