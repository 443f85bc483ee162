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
	// GoAPI is the comparison of the generated packages' Go APIs, when
	// asked for (stgen diff --go; see package goapi).
	GoAPI *goapi.Report `json:"goapi,omitempty"`
}

// Summary counts the changes of a report by classification.
type Summary struct {
	Breaking    int `json:"breaking"`
	NonBreaking int `json:"nonBreaking"`
}

// Change is one difference between the releases.
type Change struct {
	// Domain is the domain's Go package name ("crm").
	Domain string `json:"domain"`
	// Kind is the id of the rule that reports the change ("operation-removed").
	Kind Kind `json:"kind"`
	// Breaking says whether code written against the old release's client
	// may stop compiling or stop working against the new one.
	Breaking bool `json:"breaking"`
	// Operation is the HTTP method and full path of the operation the change
	// is in ("PUT /jpm/v2/tenant/{tenant}/jobs/{id}/complete"); empty for a
	// change of a domain or of a type.
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
	// pointer is whether the Go field or parameter is a pointer, before and after.
	pointer [2]bool
	// goType is the Go type before and after, for a type change.
	goType [2]string
	// in is the parameter location before and after, for a location change.
	in [2]string
	// became is true when a property became set (required, nullable,
	// deprecated), false when it became unset.
	became bool
	// newArgument is true when an added query or header parameter is the
	// operation's first: the Go method gains a Params argument.
	newArgument bool
}

// direction tells whether a schema is sent, received, or both.
type direction uint8

const (
	dirRequest direction = 1 << iota
	dirResponse
	dirBoth = dirRequest | dirResponse
)

// Sort puts the changes in their reading order: by domain; breaking changes
// first; domain-level changes, then by resource (types after the resources
// of operations); then by path, operation, location, kind and message.
func (r *Report) Sort() {
	slices.SortStableFunc(r.Changes, func(a, b Change) int {
		return cmp.Or(
			cmp.Compare(a.Domain, b.Domain),
			compareBool(b.Breaking, a.Breaking),
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

// group orders domain-level changes, then operations, then types.
func (c *Change) group() int {
	switch {
	case c.Resource == "":
		return 0
	case c.Operation == "":
		return 2
	}
	return 1
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
	r.Summary = Summary{}
	for _, c := range r.Changes {
		if c.Breaking {
			r.Summary.Breaking++
		} else {
			r.Summary.NonBreaking++
		}
	}
}

// Domains returns the domains that have changes, in order, with their counts.
func (r *Report) Domains() []DomainSummary {
	var out []DomainSummary
	for _, c := range r.Changes {
		if len(out) == 0 || out[len(out)-1].Domain != c.Domain {
			out = append(out, DomainSummary{Domain: c.Domain})
		}
		s := &out[len(out)-1]
		if c.Breaking {
			s.Breaking++
		} else {
			s.NonBreaking++
		}
	}
	return out
}

// DomainSummary counts the changes of one domain.
type DomainSummary struct {
	Domain string
	Summary
}
