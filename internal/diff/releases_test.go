package diff

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stgen-dev/stgen/internal/spec"
	"github.com/stgen-dev/stgen/internal/testenv"
)

// loaded holds what the tests have loaded of the real releases: each
// release's documents are loaded once for the test binary and modelled
// once with the names given anew; a release modelled with another's names
// is modelled once too (modelling reads a document and never changes it).
var loaded = struct {
	sync.Mutex
	docs  map[string][]*spec.Document
	anew  map[string]*Release
	pairs map[[2]string]*Release
}{docs: map[string][]*spec.Document{}, anew: map[string]*Release{}, pairs: map[[2]string]*Release{}}

// realDocs returns the documents of the real release called name.
func realDocs(t *testing.T, name string) []*spec.Document {
	t.Helper()
	dir := testenv.Release(t, name)
	loaded.Lock()
	defer loaded.Unlock()
	if docs, ok := loaded.docs[name]; ok {
		return docs
	}
	docs, err := spec.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	loaded.docs[name] = docs
	return docs
}

// realRelease returns the real release called name, modelled with the Go
// names given anew.
func realRelease(t *testing.T, name string) *Release {
	t.Helper()
	docs := realDocs(t, name)
	loaded.Lock()
	defer loaded.Unlock()
	if r, ok := loaded.anew[name]; ok {
		return r
	}
	r, err := modelAnew(name, docs)
	if err != nil {
		t.Fatal(err)
	}
	loaded.anew[name] = r
	return r
}

// realPair returns two real releases modelled as stgen diff models them
// (see LoadPair): the new one keeping the Go names the old one gave.
func realPair(t *testing.T, old, new string) (*Release, *Release) {
	t.Helper()
	o, docs := realRelease(t, old), realDocs(t, new)
	loaded.Lock()
	defer loaded.Unlock()
	k := [2]string{old, new}
	if n, ok := loaded.pairs[k]; ok {
		return o, n
	}
	n, err := modelWith(new, docs, o)
	if err != nil {
		t.Fatal(err)
	}
	loaded.pairs[k] = n
	return o, n
}

// compareReal compares two real releases.
func compareReal(t *testing.T, old, new string) *Report {
	t.Helper()
	o, n := realPair(t, old, new)
	return Compare(o, n)
}

// kindCounts counts a report's changes by kind, "kind" for the non-breaking
// ones and "kind!" for the breaking ones.
func kindCounts(r *Report) map[string]int {
	counts := map[string]int{}
	for _, c := range r.Changes {
		k := string(c.Kind)
		if c.Breaking {
			k += "!"
		}
		counts[k]++
	}
	return counts
}

func logCounts(t *testing.T, r *Report) {
	t.Helper()
	counts := kindCounts(r)
	var lines []string
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		lines = append(lines, fmt.Sprintf("%-36s %5d", k, counts[k]))
	}
	t.Logf("%s -> %s: %d breaking, %d other\n%s", r.Old, r.New, r.Summary.Breaking, r.Summary.NonBreaking, strings.Join(lines, "\n"))
}

// find returns the changes of a kind at an operation.
func find(r *Report, kind Kind, operation string) []Change {
	var out []Change
	for _, c := range r.Changes {
		if c.Kind == kind && c.Operation == operation {
			out = append(out, c)
		}
	}
	return out
}

// TestRelease2026 diffs the last 3.0 release with the first 3.1 one: the
// removed and added operations are there, with the types and resources
// the Go packages lose; the dialect change adds nothing but one scopes
// note per domain.
func TestRelease2026(t *testing.T) {
	r := compareReal(t, "2026-03-17", "2026-05-11")
	logCounts(t, r)
	for _, op := range []string{
		"PUT /jpm/v2/tenant/{tenant}/jobs/{id}/complete",
		"PUT /jpm/v2/tenant/{tenant}/jobs/{id}/hold",
		"POST /jpm/v2/tenant/{tenant}/jobs/{id}/messages",
		"GET /crm/v2/tenant/{tenant}/customers/descriptions",
		"GET /crm/v2/tenant/{tenant}/customers/{id}/description",
		"PUT /crm/v2/tenant/{tenant}/customers/{id}/description",
		"GET /crm/v2/tenant/{tenant}/locations/descriptions",
		"GET /crm/v2/tenant/{tenant}/locations/{id}/description",
		"PUT /crm/v2/tenant/{tenant}/locations/{id}/description",
	} {
		if got := find(r, OperationRemoved, op); len(got) != 1 || !got[0].Breaking {
			t.Errorf("%s: operation-removed %+v; want one, breaking", op, got)
		}
	}
	for _, op := range []string{
		"GET /jpm/v2/tenant/{tenant}/jobs/{id}/equipment",
		"POST /jpm/v2/tenant/{tenant}/jobs/{id}/equipment",
		"DELETE /jpm/v2/tenant/{tenant}/jobs/{id}/equipment",
		"DELETE /jpm/v2/tenant/{tenant}/jobs/{id}/equipment/{equipmentId}",
		"POST /jpm/v2/tenant/{tenant}/appointments/{id}/summaries",
	} {
		if got := find(r, OperationAdded, op); len(got) != 1 || got[0].Breaking {
			t.Errorf("%s: operation-added %+v; want one, not breaking", op, got)
		}
	}
	if got := find(r, OperationRemoved, "PUT /jpm/v2/tenant/{tenant}/jobs/{id}/complete"); len(got) == 1 && !slices.Equal(got[0].Go, []string{"jpm.JobsResource.Complete"}) {
		t.Errorf("jobs/{id}/complete names %q; want jpm.JobsResource.Complete", got[0].Go)
	}

	counts := kindCounts(r)
	// What breaks: the operations removed, and what the Go packages lose
	// with them (the types only they used, five resources, which are
	// Client fields); six structs gain a slice field and can no longer be
	// compared with ==; and ReportDataParameter.value, sent in a request,
	// may now only be null (the 3.1 document writes {type: null} where the
	// 3.0 one wrote a bare nullable: true, of any type). apidiff's 109
	// incompatible changes on these releases are all among the identifiers
	// these changes name (see package goapi's TestCompareRealReleases).
	wantBreaking := map[string]int{"operation-removed!": 28, "type-removed!": 34, "resource-removed!": 5, "comparability-lost!": 6, "field-values-changed!": 1}
	for k, n := range counts {
		if strings.HasSuffix(k, "!") && n != wantBreaking[k] {
			t.Errorf("%d %s changes; want %d", n, k, wantBreaking[k])
		}
	}
	if r.Summary.Breaking != 74 {
		t.Errorf("%d breaking changes; want 74", r.Summary.Breaking)
	}
	// The 3.0 release secures every operation by app key, the 3.1 one by
	// OAuth scopes: one note per domain, no scope change per operation.
	if counts["scopes-unknown"] != len(r.Domains()) || counts["scope-added!"] != 0 {
		t.Errorf("%d scopes notes in %d domains, %d scopes added; want one note per domain and no scope-added", counts["scopes-unknown"], len(r.Domains()), counts["scope-added!"])
	}
	for _, noise := range []string{"request-field-nullable-changed", "response-field-nullable-changed", "request-field-required-changed", "response-field-required-changed", "parameter-type-changed", "request-field-type-changed", "response-field-type-changed"} {
		if counts[noise]+counts[noise+"!"] != 0 {
			t.Errorf("%d %s changes; want none between these releases", counts[noise]+counts[noise+"!"], noise)
		}
	}
}

// TestRelease2022To2025 diffs the oldest release with 2025-10-10: six domains
// are new, and payment-terms/{customerId} became payment-terms/{paymentTermId}.
func TestRelease2022To2025(t *testing.T) {
	r := compareReal(t, "2022-04-18", "2025-10-10")
	logCounts(t, r)
	var added []string
	for _, c := range r.Changes {
		if c.Kind == DomainAdded {
			added = append(added, c.Domain)
		}
	}
	want := []string{"customerinteractions", "marketingreputation", "reporting", "schedulingpro", "serviceagreements", "timesheets"}
	if !slices.Equal(added, want) {
		t.Errorf("domains added %q; want %q", added, want)
	}
	renamed := "GET /accounting/v2/tenant/{tenant}/payment-terms/{paymentTermId}"
	if got := find(r, OperationRenamed, renamed); len(got) != 1 || got[0].Breaking {
		t.Errorf("%s: operation-renamed %+v; want one, not breaking", renamed, got)
	}
	for _, c := range r.Changes {
		if strings.Contains(c.Operation, "/payment-terms/{") && (c.Kind == OperationAdded || c.Kind == OperationRemoved) {
			t.Errorf("the renamed operation is also reported as %s %s", c.Kind, c.Operation)
		}
	}
}

// TestReleaseSelf diffs every release with itself as stgen diff does,
// the second time modelled with the names the first gave (which also
// shows that modelling is deterministic): no changes.
func TestReleaseSelf(t *testing.T) {
	for _, dir := range testenv.Releases(t) {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			r := compareReal(t, name, name)
			if len(r.Changes) != 0 || len(r.WithoutGoEffect) != 0 {
				t.Errorf("%d changes, %d notes; want none: %+v", len(r.Changes), len(r.WithoutGoEffect), r)
			}
		})
	}
}

// TestRelease31Rewrite rewrites the last 3.0 release in 3.1 notation (type
// arrays, oneOf with a null member, openapi 3.1.0) and diffs it with the
// original: no changes.
func TestRelease31Rewrite(t *testing.T) {
	src := testenv.Release(t, "2026-03-17")
	dst := t.TempDir()
	files, err := filepath.Glob(filepath.Join(src, "*"))
	if err != nil {
		t.Fatal(err)
	}
	rewritten := 0
	for _, f := range files {
		if !spec.IsDocumentFile(filepath.Base(f)) {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		doc["openapi"] = "3.1.0"
		rewritten += rewrite31(doc)
		out, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if rewritten < 1000 {
		t.Fatalf("rewrote %d nullable schemas; want the thousands of the release", rewritten)
	}
	rewrittenRelease, err := Load(dst)
	if err != nil {
		t.Fatal(err)
	}
	r := Compare(realRelease(t, "2026-03-17"), rewrittenRelease)
	if len(r.Changes) != 0 || len(r.WithoutGoEffect) != 0 {
		var lines []string
		for _, c := range r.Changes[:min(len(r.Changes), 20)] {
			lines = append(lines, fmt.Sprintf("%s %s %s: %s", c.Domain, c.Kind, c.Operation, c.Message))
		}
		t.Errorf("%d changes, %d notes between a release and its 3.1 rewrite; want none:\n%s", len(r.Changes), len(r.WithoutGoEffect), strings.Join(lines, "\n"))
	}
}

// rewrite31 rewrites the 3.0 nullability of a decoded document in 3.1
// notation and returns how many schemas it rewrote: `nullable` beside a type
// becomes a type array with "null", beside a oneOf a `{type: null}` member
// too, and on a schema of no type it goes (such a schema allows null).
func rewrite31(node any) int {
	n := 0
	switch v := node.(type) {
	case map[string]any:
		if v["nullable"] == true {
			delete(v, "nullable")
			n++
			if oneOf, ok := v["oneOf"].([]any); ok {
				v["oneOf"] = append(oneOf, map[string]any{"type": "null"})
			}
			if t, ok := v["type"].(string); ok {
				v["type"] = []any{t, "null"}
			}
		}
		for _, child := range v {
			n += rewrite31(child)
		}
	case []any:
		for _, child := range v {
			n += rewrite31(child)
		}
	}
	return n
}
