package examples_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/mod/modfile"

	"github.com/stgen-dev/stgen/internal/testenv"
	"github.com/stgen-dev/stgen/sttest"
)

// etlTenant is the tenant the example syncs from the fake.
const etlTenant = "1234567"

// Routes of the two exports the example syncs, as sttest records them.
const (
	customersRoute = "/crm/v2/tenant/{tenant}/export/customers"
	invoicesRoute  = "/accounting/v2/tenant/{tenant}/export/invoices"
)

// TestETL generates the clients examples/etl needs from the newest release
// into a scratch copy of it, by the command of its go:generate line, builds
// it (with the race detector when this test has it), and runs it against
// sttest's fake of the release, whose exports hold records modified an
// hour apart from 2024-01-01 and answer ten records a batch.
func TestETL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds generated code: skipped with -short")
	}
	specs := testenv.Newest(t)
	bin := buildETL(t, specs)
	t0 := time.Now()
	api, err := sttest.Load(specs)
	t.Logf("load %v", time.Since(t0))
	if err != nil {
		t.Fatal(err)
	}

	// A first run from a date, then a run against a fake holding twelve
	// more records (those modified since), which resumes from the saved
	// tokens and adds only those, then a run with nothing new.
	t.Run("resume", func(t *testing.T) {
		out := t.TempDir()
		first := api.NewServer(t, sttest.WithRecords(25))
		r := runETL(t, bin, first, "-out", out, "-since", "2024-01-01T06:00:00+01:00")
		r.wantCode(t, 0)
		for _, route := range []string{customersRoute, invoicesRoute} {
			reqs := exportRequests(first, route)
			if len(reqs) == 0 || reqs[0].Query.Get("from") != "2024-01-01T05:00:00Z" {
				t.Fatalf("%s: first request's from = %q; want the date in UTC with a Z, 2024-01-01T05:00:00Z", route, firstFrom(reqs))
			}
		}
		wantIDs(t, out, "customers", span(6, 25))
		wantIDs(t, out, "invoices", span(6, 25))
		wantModifiedSince(t, out, "customers", time.Date(2024, 1, 1, 5, 0, 0, 0, time.UTC))
		state := readState(t, out)
		wantStateMatchesFiles(t, out, state)

		before := readFile(t, filepath.Join(out, "customers.jsonl"))
		later := api.NewServer(t, sttest.WithRecords(37))
		runETL(t, bin, later, "-out", out).wantCode(t, 0)
		for _, route := range []string{customersRoute, invoicesRoute} {
			name := exportName(route)
			reqs := exportRequests(later, route)
			if got, want := firstFrom(reqs), state[name].Token; got != want || want == "" {
				t.Errorf("%s: the second run started from %q; want the token the first saved, %q", route, got, want)
			}
		}
		wantIDs(t, out, "customers", span(6, 37))
		wantIDs(t, out, "invoices", span(6, 37))
		if after := readFile(t, filepath.Join(out, "customers.jsonl")); !strings.HasPrefix(after, before) {
			t.Errorf("the second run changed what the first wrote: it should only append")
		}
		state = readState(t, out)
		wantStateMatchesFiles(t, out, state)

		again := runETL(t, bin, later, "-out", out)
		again.wantCode(t, 0)
		wantIDs(t, out, "customers", span(6, 37))
		wantIDs(t, out, "invoices", span(6, 37))
		if got := readState(t, out); got["customers"] != state["customers"] || got["invoices"] != state["invoices"] {
			t.Errorf("a run with nothing new changed the state from %v to %v", state, got)
		}
		if !strings.Contains(again.stderr, "records=0") {
			t.Errorf("a run with nothing new should log that it caught up with 0 records:\n%s", again.stderr)
		}
	})

	// A run that fails after two batches saves them; one killed mid-batch
	// leaves more in its file than its state counts, which the next run
	// cuts, so that every record is written once.
	t.Run("crash", func(t *testing.T) {
		out := t.TempDir()
		srv := api.NewServer(t, sttest.WithRecords(35))
		srv.AddFault(sttest.Fault{Path: customersRoute, Status: 400, Skip: 2})
		failed := runETL(t, bin, srv, "-out", out)
		failed.wantCode(t, 1)
		if !strings.Contains(failed.stderr, "customers: ") || !strings.Contains(failed.stderr, "400") {
			t.Errorf("the run's error should name the export and the status:\n%s", failed.stderr)
		}
		wantIDs(t, out, "customers", span(1, 20))
		state := readState(t, out)
		wantStateMatchesFiles(t, out, state)

		appendFile(t, filepath.Join(out, "customers.jsonl"), `{"id":21,"name":"half a rec`)
		srv.ClearFaults()
		resumed := runETL(t, bin, srv, "-out", out)
		resumed.wantCode(t, 0)
		if !strings.Contains(resumed.stderr, "cut back") {
			t.Errorf("the run should say it cut back the file:\n%s", resumed.stderr)
		}
		wantIDs(t, out, "customers", span(1, 35))
		wantIDs(t, out, "invoices", span(1, 35))
		wantStateMatchesFiles(t, out, readState(t, out))

		if err := os.Truncate(filepath.Join(out, "invoices.jsonl"), 10); err != nil {
			t.Fatal(err)
		}
		shorter := runETL(t, bin, srv, "-out", out)
		shorter.wantCode(t, 1)
		if !strings.Contains(shorter.stderr, "invoices.jsonl holds 10 bytes where the state counts") {
			t.Errorf("a file shorter than the state should stop the run, naming it:\n%s", shorter.stderr)
		}
	})

	// With includeRecentChanges the fake begins each batch resumed from a
	// token with the last record of the batch before; -recent drops them.
	t.Run("recent", func(t *testing.T) {
		out := t.TempDir()
		srv := api.NewServer(t, sttest.WithRecords(25))
		runETL(t, bin, srv, "-out", out, "-recent").wantCode(t, 0)
		for _, route := range []string{customersRoute, invoicesRoute} {
			reqs := exportRequests(srv, route)
			if len(reqs) != 3 {
				t.Fatalf("%s: %d requests; want 3 batches of 25 records", route, len(reqs))
			}
			for _, r := range reqs {
				if r.Query.Get("includeRecentChanges") != "true" {
					t.Errorf("%s: request without includeRecentChanges=true: %v", route, r.Query)
				}
			}
		}
		wantIDs(t, out, "customers", span(1, 25))
		wantIDs(t, out, "invoices", span(1, 25))
	})

	// -every polls from the tokens until interrupted, holding the folder:
	// a second process for it stops at once.
	t.Run("poll", func(t *testing.T) {
		out := t.TempDir()
		srv := api.NewServer(t, sttest.WithRecords(25))
		p := startETL(t, bin, srv, "-out", out, "-every", "50ms")
		p.waitFor(t, func(log string) bool { return strings.Count(log, `msg="caught up"`) >= 4 })

		second := runETL(t, bin, srv, "-out", out)
		second.wantCode(t, 1)
		if !strings.Contains(second.stderr, "another etl is syncing into "+out) {
			t.Errorf("a second process for the folder should say another holds it:\n%s", second.stderr)
		}

		if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		p.wantCode(t, 0)
		if !strings.Contains(p.log.String(), "stopped") {
			t.Errorf("an interrupted run should say it stopped:\n%s", p.log.String())
		}
		for _, route := range []string{customersRoute, invoicesRoute} {
			reqs := exportRequests(srv, route)
			end := readState(t, out)[exportName(route)].Token
			if len(reqs) < 4 || firstFrom(reqs[3:]) != end {
				t.Errorf("%s: %d requests, the fourth from %q; want polls from the token at the end, %q", route, len(reqs), firstFrom(reqs[3:]), end)
			}
		}
		wantIDs(t, out, "customers", span(1, 25))
		wantIDs(t, out, "invoices", span(1, 25))
	})

	t.Run("usage", func(t *testing.T) {
		srv := api.NewServer(t)
		noEnv := exec.Command(bin, "-out", t.TempDir())
		noEnv.Env = withoutST(os.Environ())
		b, err := noEnv.CombinedOutput()
		if code := exitCode(t, err); code != 2 || !strings.Contains(string(b), "ST_CLIENT_ID is not set") {
			t.Errorf("without credentials: status %d, %s; want 2 and a line naming ST_CLIENT_ID", code, b)
		}
		r := runETL(t, bin, srv, "-out", t.TempDir(), "-since", "yesterday")
		r.wantCode(t, 2)
		if !strings.Contains(r.stderr, `-since "yesterday"`) {
			t.Errorf("a bad -since should be named:\n%s", r.stderr)
		}
		for state, want := range map[string]string{
			`{"feeds": {"customers": {"token": "x", "bytes": -1}}}`: "gives customers a negative size",
			`not JSON`:                        "is not what etl writes",
			strings.Repeat(" ", 1<<20) + "{}": "is larger than 1048576 bytes",
		} {
			out := t.TempDir()
			if err := os.WriteFile(filepath.Join(out, "state.json"), []byte(state), 0o644); err != nil {
				t.Fatal(err)
			}
			r := runETL(t, bin, srv, "-out", out)
			r.wantCode(t, 1)
			if !strings.Contains(r.stderr, want) {
				t.Errorf("a state of %.40q: the error should say it %s:\n%s", state, want, r.stderr)
			}
		}
	})
}

// buildETL copies examples/etl into a scratch folder, its replace pointing
// at this repository, generates the clients there by its go:generate line
// (with STGEN_SPECS set to specs), and builds and vets it; it returns the
// command's path.
func buildETL(t *testing.T, specs string) string {
	t.Helper()
	src := filepath.Join(testenv.RepoRoot(), "examples", "etl")
	dir := t.TempDir()
	copySources(t, src, dir)

	goMod := filepath.Join(dir, "go.mod")
	f, err := modfile.Parse(goMod, []byte(readFile(t, goMod)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Replace) != 1 || f.Replace[0].Old.Path != "github.com/stgen-dev/stgen" || f.Replace[0].New.Path != "../.." {
		t.Fatalf("examples/etl/go.mod should replace github.com/stgen-dev/stgen by ../.., the repository: %v", f.Replace)
	}
	if err := f.AddReplace("github.com/stgen-dev/stgen", "", testenv.RepoRoot(), ""); err != nil {
		t.Fatal(err)
	}
	b, err := f.Format()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(goMod, b, 0o644); err != nil {
		t.Fatal(err)
	}

	t0 := time.Now()
	goIn(t, dir, []string{"STGEN_SPECS=" + specs}, "generate", ".")
	t.Logf("generate %v", time.Since(t0))
	if _, err := os.Stat(filepath.Join(dir, "internal", "st", "servicetitan")); err != nil {
		t.Fatalf("go generate wrote no clients: %v", err)
	}

	bin := filepath.Join(dir, "etl")
	// With this test's flags, the packages outside the scratch copy come
	// from the build cache (-trimpath would compile them all again, the
	// standard library included): only the copy's compile.
	var flags []string
	if raceEnabled() {
		flags = append(flags, "-race")
	}
	t0 = time.Now()
	goIn(t, dir, nil, slices.Concat([]string{"build", "-o", bin}, flags, []string{"."})...)
	t.Logf("build %v", time.Since(t0))
	// Vetting compiles its examples too, which the README quotes.
	t0 = time.Now()
	goIn(t, dir, nil, slices.Concat([]string{"vet"}, flags, []string{"."})...)
	t.Logf("vet %v", time.Since(t0))
	return bin
}

// copySources copies the files of the example from src into dst, leaving
// out what go generate and go build write there.
func copySources(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		switch {
		case rel == filepath.Join("internal", "st") || rel == "etl-data":
			return filepath.SkipDir
		case d.IsDir():
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		case !d.Type().IsRegular() || rel == "etl":
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// goIn runs the go command in dir; a failure that says go.mod or go.sum
// lack something says how to bring them up to date.
func goIn(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	// -mod=readonly: a go.mod that lacks a requirement fails, as it would
	// for a user, rather than being fixed here.
	cmd.Env = append(append(os.Environ(), "GOWORK=off", "GOFLAGS="+os.Getenv("GOFLAGS")+" -mod=readonly"), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		hint := ""
		if bytes.Contains(out, []byte("go.sum")) || bytes.Contains(out, []byte("go.mod")) || bytes.Contains(out, []byte("go mod tidy")) {
			hint = "\nexamples/etl/go.mod no longer matches the repository's requirements: in examples/etl, run STGEN_SPECS=DIR go generate, then go mod tidy"
		}
		t.Fatalf("go %s in the copy of examples/etl: %v\n%s%s", strings.Join(args, " "), err, out, hint)
	}
}

// raceEnabled reports whether this test was built with the race detector.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// etlResult is how one run of the command ended.
type etlResult struct {
	code   int
	stderr string
}

// wantCode fails t unless the run exited with code.
func (r etlResult) wantCode(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("etl exited with status %d; want %d\n%s", r.code, code, r.stderr)
	}
}

// runETL runs the command against srv until it exits.
func runETL(t *testing.T, bin string, srv *sttest.Server, args ...string) etlResult {
	t.Helper()
	p := startETL(t, bin, srv, args...)
	return p.wait(t)
}

// etlProcess is a run of the command, its log gathered as it comes.
type etlProcess struct {
	cmd   *exec.Cmd
	log   *testenv.SyncBuffer
	lines chan struct{} // receives after every line of the log
	done  chan error    // receives the command's end
}

// startETL starts the command against srv, with the fake's credentials in
// its environment and none of the caller's.
func startETL(t *testing.T, bin string, srv *sttest.Server, args ...string) *etlProcess {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), bin, args...)
	cmd.Env = append(withoutST(os.Environ()),
		"ST_CLIENT_ID="+srv.ClientID,
		"ST_CLIENT_SECRET="+srv.ClientSecret,
		"ST_APP_KEY="+srv.AppKey,
		"ST_TENANT="+etlTenant,
		"ST_BASE_URL="+srv.URL,
		"ST_TOKEN_URL="+srv.TokenURL,
	)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &etlProcess{cmd: cmd, log: &testenv.SyncBuffer{}, lines: make(chan struct{}, 1), done: make(chan error, 1)}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			fmt.Fprintln(p.log, sc.Text())
			select {
			case p.lines <- struct{}{}:
			default:
			}
		}
		p.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		for _, secret := range []string{srv.ClientSecret, srv.AppKey} {
			if strings.Contains(p.log.String(), secret) {
				t.Errorf("the log shows a secret:\n%s", p.log.String())
			}
		}
	})
	return p
}

// waitFor waits until the log so far satisfies cond, failing t if the
// command ends first.
func (p *etlProcess) waitFor(t *testing.T, cond func(log string) bool) {
	t.Helper()
	for !cond(p.log.String()) {
		select {
		case <-p.lines:
		case err := <-p.done:
			p.done <- err
			if !cond(p.log.String()) {
				t.Fatalf("etl ended (%v) before the log showed what the test waits for:\n%s", err, p.log.String())
			}
		}
	}
}

// wait waits for the command to end.
func (p *etlProcess) wait(t *testing.T) etlResult {
	t.Helper()
	err := <-p.done
	p.done <- err
	return etlResult{code: exitCode(t, err), stderr: p.log.String()}
}

// wantCode fails t unless the command exits with code.
func (p *etlProcess) wantCode(t *testing.T, code int) {
	t.Helper()
	p.wait(t).wantCode(t, code)
}

// exitCode returns the exit status err reports, failing t if the command
// did not run to an exit.
func exitCode(t *testing.T, err error) int {
	t.Helper()
	if err == nil {
		return 0
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.Exited() {
		return exit.ExitCode()
	}
	t.Fatalf("etl did not exit: %v", err)
	return -1
}

// withoutST returns env without the variables the command reads.
func withoutST(env []string) []string {
	return slices.DeleteFunc(slices.Clone(env), func(kv string) bool { return strings.HasPrefix(kv, "ST_") })
}

// exportRequests returns the requests srv got for the export at route.
func exportRequests(srv *sttest.Server, route string) []sttest.Request {
	return slices.DeleteFunc(srv.Requests(), func(r sttest.Request) bool { return r.Route != route })
}

// firstFrom returns the from parameter of the first of reqs, "" if none.
func firstFrom(reqs []sttest.Request) string {
	if len(reqs) == 0 {
		return ""
	}
	return reqs[0].Query.Get("from")
}

// exportName returns the name of the export at route in the state and
// its file.
func exportName(route string) string {
	if route == customersRoute {
		return "customers"
	}
	return "invoices"
}

// record is what the test reads of a line of the output.
type record struct {
	ID         int64     `json:"id"`
	ModifiedOn time.Time `json:"modifiedOn"`
}

// readRecords reads the JSON Lines file of the export name in out, failing
// t on a line that is not a record.
func readRecords(t *testing.T, out, name string) []record {
	t.Helper()
	var recs []record
	path := filepath.Join(out, name+".jsonl")
	for line := range strings.Lines(readFile(t, path)) {
		var r record
		if !strings.HasSuffix(line, "\n") || json.Unmarshal([]byte(line), &r) != nil || r.ID == 0 {
			t.Fatalf("%s: %q is not a whole line of a record", path, line)
		}
		recs = append(recs, r)
	}
	return recs
}

// wantIDs fails t unless the file of the export name in out holds the
// records of ids, in that order, each once.
func wantIDs(t *testing.T, out, name string, ids []int64) {
	t.Helper()
	var got []int64
	for _, r := range readRecords(t, out, name) {
		got = append(got, r.ID)
	}
	if !slices.Equal(got, ids) {
		t.Errorf("%s.jsonl holds the records of ids %v; want %v", name, got, ids)
	}
}

// wantModifiedSince fails t unless every record of the export name in out
// was modified at or after since.
func wantModifiedSince(t *testing.T, out, name string, since time.Time) {
	t.Helper()
	for _, r := range readRecords(t, out, name) {
		if r.ModifiedOn.Before(since) {
			t.Errorf("%s.jsonl: record %d was modified at %v, before %v", name, r.ID, r.ModifiedOn, since)
		}
	}
}

// span returns the ids from first to last.
func span(first, last int64) []int64 {
	var ids []int64
	for id := first; id <= last; id++ {
		ids = append(ids, id)
	}
	return ids
}

// etlPosition is an export's entry in the state file.
type etlPosition struct {
	Token string `json:"token"`
	Bytes int64  `json:"bytes"`
}

// readState reads the state file in out.
func readState(t *testing.T, out string) map[string]etlPosition {
	t.Helper()
	var st struct {
		Feeds map[string]etlPosition `json:"feeds"`
	}
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(out, "state.json"))), &st); err != nil {
		t.Fatal(err)
	}
	return st.Feeds
}

// wantStateMatchesFiles fails t unless the state saves a token for each
// export and counts the bytes its file holds.
func wantStateMatchesFiles(t *testing.T, out string, state map[string]etlPosition) {
	t.Helper()
	for _, name := range []string{"customers", "invoices"} {
		fi, err := os.Stat(filepath.Join(out, name+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		if p := state[name]; p.Token == "" || p.Bytes != fi.Size() {
			t.Errorf("state of %s = %+v; want a token and the file's %d bytes", name, p, fi.Size())
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func appendFile(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
