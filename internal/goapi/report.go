package goapi

// Bump is the part of a semantic version a change of API calls to increment.
type Bump string

// The bumps, from the smallest.
const (
	// Patch: no change of the exported API.
	Patch Bump = "patch"
	// Minor: only compatible changes (additions).
	Minor Bump = "minor"
	// Major: at least one incompatible change.
	Major Bump = "major"
)

// rank orders the bumps.
func (b Bump) rank() int {
	switch b {
	case Major:
		return 2
	case Minor:
		return 1
	}
	return 0
}

// max returns the larger of two bumps.
func (b Bump) max(o Bump) Bump {
	if o.rank() > b.rank() {
		return o
	}
	return b
}

// Report is how the Go API of the generated domain packages changes from
// one release to the next.
type Report struct {
	// Bump is the bump the whole change implies: the largest of its
	// packages', major when a package was removed, at least minor when one
	// was added.
	Bump Bump `json:"bump"`
	// Packages are the domain packages both releases have, sorted, each
	// with its changes (an unchanged one has none and bump patch).
	Packages []Package `json:"packages"`
	// Removed and Added name the domain packages only the old, or only the
	// new, release has.
	Removed []string `json:"removed,omitempty"`
	Added   []string `json:"added,omitempty"`
	// Unexplained lists every incompatible change no change in the
	// documents explains, in package order: a Go name stgen's naming
	// changed (a rename by the generator, not by ServiceTitan).
	Unexplained []Change `json:"unexplained"`
}

// Package is the change of one domain package's exported API.
type Package struct {
	// Package is the package's name ("crm").
	Package string `json:"package"`
	// Bump is the bump its changes imply.
	Bump Bump `json:"bump"`
	// Incompatible lists the changes that can break code using the package,
	// Compatible the others (additions), each sorted by identifier.
	Incompatible []Change `json:"incompatible"`
	Compatible   []Change `json:"compatible"`
}

// Change is one change of an exported identifier, as apidiff reports it.
type Change struct {
	// Ident is the identifier changed, package-qualified, without pointer
	// receivers: "jpm.JobsResource.Complete", "crm.CustomerResponse.Balance".
	Ident string `json:"ident"`
	// Message is apidiff's message: "(*JobsResource).Complete: removed".
	Message string `json:"message"`
	// ExplainedBy names what in the documents explains an incompatible
	// change: the kind of the spec-level change that names the identifier
	// ("operation-removed"), or what the names of the two generations tell
	// ("schema-removed", "schema-unused", "resource-removed",
	// "enum-value-removed", "operation-removed"), or "base-path-changed".
	// Empty when nothing does.
	ExplainedBy string `json:"explainedBy,omitempty"`
}

// Changed reports whether the exported API changed at all.
func (r *Report) Changed() bool {
	return r.Bump != Patch
}
