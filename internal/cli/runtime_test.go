package cli

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/testenv"
	"github.com/stgen-dev/stgen/sttest"
)

// TestRuntimeCopy generates crm of the newest release with --runtime copy
// into a module of its own that does not require stgen, builds a program
// there and runs it against sttest: the vendored tree needs only the
// standard library, x/oauth2 and x/time.
func TestRuntimeCopy(t *testing.T) {
	if testing.Short() {
		t.Skip("builds generated code: skipped with -short")
	}
	specs := testenv.Newest(t)
	app := t.TempDir()
	goMod := "module example.com/app\n\ngo 1.26\n\nrequire (\n" + requireLine(t, "golang.org/x/oauth2") + requireLine(t, "golang.org/x/time") + ")\n"
	write := func(name, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(app, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(app, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", goMod)
	sum, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", string(sum))
	write("cmd/count/main.go", `package main

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"example.com/app/internal/st/crm"
	"example.com/app/internal/st/servicetitan"
)

func main() {
	st, err := servicetitan.New(servicetitan.Config{
		ClientID: os.Getenv("ST_CLIENT_ID"), ClientSecret: os.Getenv("ST_CLIENT_SECRET"), AppKey: os.Getenv("ST_APP_KEY"),
		Tenant: 7, BaseURL: os.Getenv("ST_BASE_URL"), TokenURL: os.Getenv("ST_TOKEN_URL"),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	size := int32(4)
	n := 0
	for _, err := range st.CRM.Customers.GetListAll(context.Background(), &crm.CustomersGetListParams{PageSize: &size}) {
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		n++
	}
	fmt.Println("customers " + strconv.Itoa(n))
}
`)

	out := filepath.Join(app, "internal", "st")
	if code, _, stderr := run(t, "generate", "--specs", specs, "--out", out, "--domains", "crm", "--runtime", "copy"); code != 0 {
		t.Fatalf("generate --runtime copy: exit %d\n%s", code, stderr)
	}
	for _, p := range []string{"stapi", "authmw", "crm", "servicetitan"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("%s missing: %v", p, err)
		}
	}
	for _, p := range []string{"stapi", "authmw"} {
		if b, err := os.ReadFile(filepath.Join(out, p, "license.gen.go")); err != nil || !strings.Contains(string(b), "// Permission is hereby granted") {
			t.Errorf("the copy of %s does not carry stgen's licence: %v", p, err)
		}
	}

	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local")
	goCmd := func(args ...string) string {
		t.Helper()
		var stderr strings.Builder
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env, cmd.Stderr = app, env, &stderr
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("go %s: %v\n%s%s", strings.Join(args, " "), err, b, stderr.String())
		}
		return string(b)
	}
	goCmd("build", "-o", "count", "./cmd/count")
	goCmd("vet", "./...")
	// The modules of the packages the build compiles, not `go list -m
	// all`: that loads the go.mod of every module in the graph, x/oauth2's
	// requirement cloud.google.com/go/compute/metadata among them, which
	// nothing here builds and `go mod download` does not fetch.
	for mod := range strings.Lines(goCmd("list", "-deps", "-f", "{{with .Module}}{{.Path}}{{end}}", "./...")) {
		switch mod = strings.TrimSpace(mod); mod {
		case "", "example.com/app", "golang.org/x/oauth2", "golang.org/x/time":
		default:
			t.Errorf("the vendored tree needs the module %s; want only the standard library, golang.org/x/oauth2 and golang.org/x/time", mod)
		}
	}

	srv := sttest.NewServer(t, specs, sttest.WithRecords(10))
	cmd := exec.Command(filepath.Join(app, "count"))
	cmd.Env = append(os.Environ(), "ST_CLIENT_ID="+srv.ClientID, "ST_CLIENT_SECRET="+srv.ClientSecret, "ST_APP_KEY="+srv.AppKey,
		"ST_BASE_URL="+srv.URL, "ST_TOKEN_URL="+srv.TokenURL)
	b, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(b)) != "customers 10" {
		t.Errorf("the program printed %q, %v; want customers 10", b, err)
	}
}

// requireLine returns the require line of module path from stgen's go.mod.
func requireLine(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(filepath.Join(testenv.RepoRoot(), "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if fields := strings.Fields(s.Text()); len(fields) >= 2 && fields[0] == path {
			return "\t" + fields[0] + " " + fields[1] + "\n"
		}
	}
	t.Fatalf("%s is not in stgen's go.mod", path)
	return ""
}
