package diff

import (
	"cmp"
	"slices"

	"github.com/stgen-dev/stgen/internal/goapi"
)

// Report is the result of comparing two releases.
type Report struct {
	// Old and New name the releases compared (their folder names).
	Old string `json:"old"`
	New string `json:"new"`
	// Summary counts the changes.
	Summary Summary `json:"summary"`
	// Changes lists every change, sorted (see [Report.Sort]).
	Changes []Change `json:"changes"`
	// WithoutGoEffect lists, by domain, what changed in the documents
	// without changing the Go API: no change of Changes is about it.
	WithoutGoEffect []DocumentChange `json:"withoutGoEffect,omitempty"`
	// GoAPI is the comparison of the generated packages' Go APIs, when
	// asked for (stgen diff --go; see package goapi).
	GoAPI *goapi.Report `json:"goapi,omitempty"`
}

// Summary counts the changes of a report by classification.
type Summary struct {
	// Breaking and NonBreaking count the breaking changes and the others.
	Breaking    int `json:"breaking"`
	NonBreaking int `json:"nonBreaking"`
}

// Change is one difference between the releases: one entry per Go
// identifier, several differences of one field or parameter (optional and
// nullable) made one change.
type Change struct {
	// Domain is the domain's Go package name ("crm").
	Domain string `json:"domain"`
	// Kind is the id of the rule that reports the change
	// ("operation-removed"); of several differences made one change, the
	// first breaking one's, else the first one's.
	Kind Kind `json:"kind"`
	// Also lists the kinds of the other differences made part of the change.
	Also []Kind `json:"also,omitempty"`
	// Breaking says whether code written against the old release's client
	// may stop compiling or stop working against the new one.
	Breaking bool `json:"breaking"`
	// Operation is the HTTP method and full path of the operation the change
	// is in ("PUT /jpm/v2/tenant/{tenant}/jobs/{id}/complete"); empty for a
	// change of a domain, a resource or a type.
	Operation string `json:"operation,omitempty"`
	// Resource is the Go name of the operation's resource ("Jobs"), or of the
	// type a type-level change is in; empty for a domain-level change.
	Resource string `json:"resource,omitempty"`
	// Location is the place within the operation or type: "query parameter
	// active", "request body", "CustomerResponse.address.street".
	Location string `json:"location,omitempty"`
	// Message says what changed.
	Message string `json:"message"`
	// Reason says in one line why the change is breaking or not.
	Reason string `json:"reason"`
	// Go lists the generated Go identifiers the change touches
	// ("jpm.JobsResource.Complete", "crm.CustomerResponse.Balance").
	Go []string `json:"go,omitempty"`
	// ReturnedBy and TakenBy name the methods that return, or take, the
	// type a type-level change is in, directly or inside another type
	// ("crm.CustomersResource.Get"); for a type removed, those of the old
	// release.
	ReturnedBy []string `json:"returnedBy,omitempty"`
	TakenBy    []string `json:"takenBy,omitempty"`

	// facts are what the change's rule classifies it by.
	facts facts
}

// facts describe a change for its rule: where it is and how the Go shape of
// the thing it touches changes.
type facts struct {
	dir direction
	// required tells whether the parameter or field is required, in the
	// release the thing is in (new for an addition, old for a removal).
	required bool
	// wrap is how the Go field or parameter wraps its type, before and
	// after: "" (the type itself), "*" (a pointer) or "stapi.Nullable".
	wrap [2]string
	// goType is the Go type before and after (unwrapped), for a type change.
	goType [2]string
	// in is the parameter location before and after, for a location change.
	in [2]string
	// became is true when a property became set (required, nullable,
	// deprecated, null only), false when it became unset.
	became bool
	// newArgument is true when an added query or header parameter is the
	// operation's first: the Go method gains a Params argument.
	newArgument bool
}

// direction tells whether a type is sent, received, or both.
type direction uint8

const (
	dirRequest direction = 1 << iota
	dirResponse
	dirBoth = dirRequest | dirResponse
)

// DocumentChange says what changed in one domain's document without any
// effect on the Go API (the generated doc comments aside).
type DocumentChange struct {
	// Domain is the domain's Go package name.
	Domain string `json:"domain"`
	// Descriptions counts the texts changed: the title, summaries and
	// descriptions of operations, descriptions of types, fields and
	// parameters.
	Descriptions int `json:"descriptions,omitempty"`
	// Tags counts the operations whose tags changed.
	Tags int `json:"tags,omitempty"`
	// OperationIDs counts the operations whose operationId changed, their
	// Go names kept (the names file keeps them).
	OperationIDs int `json:"operationIds,omitempty"`
	// EnumNames names the enum types whose values' names (x-enumNames)
	// changed, their Go constants kept.
	EnumNames []string `json:"enumNames,omitempty"`
	// EnumRepeats names the enum types that list a value more, or fewer,
	// times (duplicate entries added or dropped): the Go constants are one
	// per value.
	EnumRepeats []string `json:"enumRepeats,omitempty"`
	// UnusedSchemas names the component schemas (as published) that no
	// operation uses, in either release, and that were added, removed or
	// changed: stgen generates no type for them.
	UnusedSchemas []string `json:"unusedSchemas,omitempty"`
}

// empty reports whether nothing changed.
func (d *DocumentChange) empty() bool {
	return d.Descriptions+d.Tags+d.OperationIDs+len(d.EnumNames)+len(d.EnumRepeats)+len(d.UnusedSchemas) == 0
}

// Sort puts the changes in their reading order: every breaking change
// first, then the others; each part by domain; in a domain, domain-level
// changes, then by resource (types after the resources of operations);
// then by path, operation, location, kind and message.
func (r *Report) Sort() {
	slices.SortStableFunc(r.Changes, func(a, b Change) int {
		return cmp.Or(
			compareBool(b.Breaking, a.Breaking),
			cmp.Compare(a.Domain, b.Domain),
			cmp.Compare(a.group(), b.group()),
			cmp.Compare(a.Resource, b.Resource),
			cmp.Compare(a.pathOf(), b.pathOf()),
			cmp.Compare(a.Operation, b.Operation),
			cmp.Compare(a.Location, b.Location),
			cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// group orders domain-level changes, then those of resources and their
// operations, then those of types.
func (c *Change) group() int {
	switch {
	case c.Resource == "":
		return 0
	case c.Operation != "" || c.Kind == ResourceRemoved:
		return 1
	}
	return 2
}

// pathOf returns the path of the change's operation, so that the methods of
// one path come together.
func (c *Change) pathOf() string {
	for i := range len(c.Operation) {
		if c.Operation[i] == ' ' {
			return c.Operation[i+1:]
		}
	}
	return c.Operation
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// Explained maps every Go identifier the changes name to the kind of the
// first change (in reading order) that names it: what tells
// [goapi.Compare] which Go changes the documents explain.
func (r *Report) Explained() map[string]string {
	out := map[string]string{}
	for _, c := range r.Changes {
		for _, id := range c.Go {
			if _, ok := out[id]; !ok {
				out[id] = string(c.Kind)
			}
		}
	}
	return out
}

// summarize counts the changes into r.Summary.
func (r *Report) summarize() {
	r.Summary = countOf(r.Changes)
}

// countOf counts changes by classification.
func countOf(changes []Change) Summary {
	var s Summary
	for _, c := range changes {
		if c.Breaking {
			s.Breaking++
		} else {
			s.NonBreaking++
		}
	}
	return s
}

// Domains returns the domains that have changes, sorted, with their counts.
func (r *Report) Domains() []DomainSummary {
	by := map[string]*DomainSummary{}
	var out []DomainSummary
	for _, c := range r.Changes {
		if by[c.Domain] == nil {
			by[c.Domain] = &DomainSummary{Domain: c.Domain}
		}
		s := by[c.Domain]
		if c.Breaking {
			s.Breaking++
		} else {
			s.NonBreaking++
		}
	}
	for _, s := range by {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b DomainSummary) int { return cmp.Compare(a.Domain, b.Domain) })
	return out
}

// DomainSummary counts the changes of one domain.
type DomainSummary struct {
	// Domain is the domain's Go package name.
	Domain string
	// Summary counts its changes.
	Summary
}
