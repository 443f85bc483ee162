package normalize

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stgen-dev/stgen/internal/names"
)

// operation is one operation of the document being named.
type operation struct {
	method, path string // the HTTP method in capitals; the document's path
	op           *openapi3.Operation
	item         *openapi3.PathItem
	// pager is the envelope the operation's result is (PagerPage,
	// PagerExport), or "".
	pager string
	// list reports that the result is a collection: an envelope or an array.
	list     bool
	resource string
	action   string
	// all, feed and since are the names of its iterators, if it has them.
	all, feed, since string
	// pinned is set when the names file names the operation: its names stay.
	pinned bool
	rec    names.Operation
}

// nameOperations names every operation of doc, by these rules, in order:
//
//  1. ServiceTitan writes operation ids as Resource_Action
//     ("Customers_GetList"): the resource is the part before the first
//     underscore. An id of another shape takes its resource from the
//     operation's first tag ("Default" without one) and keeps the id as
//     the action; without an id the action is the HTTP method and the
//     path's literal segments.
//  2. Export operations (a path with an "export" segment followed by what is
//     exported) form the resource Export, each method named by what it
//     exports: GET .../export/customers/contacts is Export.CustomersContacts.
//  3. A method does not repeat its resource: the resource's words, plural or
//     singular, are removed from the action (Tasks_GetTasks gives Get,
//     Invoices_UpdateInvoice Update). An action left empty is named by its
//     HTTP method (Create, Update, Delete, Get or GetList). A list operation
//     (one whose result is a page envelope or an array) whose action is
//     only "Get" is GetList.
//  4. Digits the document appended to an action to tell it from another of
//     the same name (Bookings_GetList2 beside Bookings_GetList) are dropped;
//     rule 5 tells the two apart by their paths instead.
//  5. Methods of one resource whose names meet, or that are both lists, or
//     both not, and differ only in a word's plural (GetContactList and
//     GetContactsList), take the first's
//     spelling (in path order) and are told apart by the literal path
//     segments that differ between them: a version segment as it is
//     (GetListV2, GetListV3), segments beyond the shared part appended (Get
//     and GetAttachments), other segments after "For"
//     (GetListForBookingProvider); an operation whose path has no segment of
//     its own keeps the name. What is still shared is told apart by the path
//     parameters one has and another has not (GetContactsListByID), then by
//     the HTTP method; never by a number, so a name is never handed to
//     another operation by the order of the paths. Two operations that
//     cannot be told apart are an error.
//
// Iterator names ("GetListAll", "CustomersFeed", "CustomersFeedSince") are given after every
// operation has its name and give way to operation names. Names recorded
// by an earlier generation (rec) are kept as they are. Two operations with
// one operationId are an error: whichever got the name, callers of the
// other would silently call it. The operations are returned in path, then
// method order.
func nameOperations(doc *openapi3.T, basePath string, rec *recordedNames) ([]*operation, error) {
	var ops []*operation
	ids := map[string]*operation{}
	for _, path := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
		item := doc.Paths.Value(path)
		for _, method := range slices.Sorted(maps.Keys(item.Operations())) {
			o := &operation{method: method, path: path, op: item.GetOperation(method), item: item}
			if id := o.op.OperationID; id != "" {
				if prev, dup := ids[id]; dup {
					return nil, fmt.Errorf("operationId %q is used by both %s %s and %s %s: operation ids must be unique, or a generated method would call either one; rename one of them",
						id, prev.method, prev.path, method, path)
				}
				ids[id] = o
			}
			o.pager = recognizePager(item, o.op)
			o.list = o.pager != "" || isArrayResult(o.op)
			if res, m, r, ok := rec.operation(names.OperationKey(method, basePath+path)); ok {
				o.resource, o.action, o.rec, o.pinned = res, m, r, true
			} else {
				o.resource, o.action = o.baseName()
			}
			ops = append(ops, o)
		}
	}
	dropCollisionDigits(ops)
	spellAlike(ops)
	if err := tellApart(ops, rec.methods); err != nil {
		return nil, err
	}

	taken := map[string]map[string]bool{}
	for res, recorded := range rec.methods {
		taken[res] = maps.Clone(recorded)
	}
	for _, o := range ops {
		if taken[o.resource] == nil {
			taken[o.resource] = map[string]bool{}
		}
		taken[o.resource][o.action] = true
	}
	// Iterators are named once every operation has its name, so that an
	// operation never gives way to an iterator.
	for _, o := range ops {
		if o.pager == "" {
			continue
		}
		o.all = o.iterator(o.rec.All, "All", taken[o.resource])
		if o.pager == PagerExport {
			o.feed = o.iterator(o.rec.Feed, "Feed", taken[o.resource])
			o.since = o.iterator(o.rec.Since, "FeedSince", taken[o.resource])
		}
	}
	return ops, nil
}

// iterator returns the name of one of o's iterators: the recorded one, else
// the method's name with suffix, unless taken.
func (o *operation) iterator(recorded, suffix string, taken map[string]bool) string {
	if o.pinned && recorded != "" {
		return recorded
	}
	return unique(o.action+suffix, taken)
}

// baseName returns the resource and the action of o by rules 1 to 3.
func (o *operation) baseName() (resource, action string) {
	if what := exported(o.path); what != "" {
		return "Export", what
	}
	resource, action = splitOperationID(o.op, o.method, o.path)
	if stripped, ok := withoutResource(action, resource); ok {
		action = stripped
	}
	switch {
	case action == "":
		action = verb(o.method, o.list)
	case action == "Get" && o.list:
		action = "GetList"
	}
	return resource, action
}

// splitOperationID returns the Go names of an operation's resource and action.
func splitOperationID(op *openapi3.Operation, method, path string) (resource, action string) {
	if r, a, ok := strings.Cut(op.OperationID, "_"); ok && r != "" && a != "" {
		return GoName(r), GoName(a)
	}
	resource = "Default"
	if len(op.Tags) > 0 {
		resource = GoName(op.Tags[0])
	}
	action = GoName(op.OperationID)
	if op.OperationID == "" || action == resource {
		action = GoName(strings.ToLower(method) + " " + pathWords(path))
	}
	return resource, action
}

// exported returns the Go name of what an export path exports (the literal
// segments after its "export" segment), or "" if path is not an export.
func exported(path string) string {
	segs := strings.Split(path, "/")
	i := slices.Index(segs, "export")
	if i < 0 {
		return ""
	}
	var words []string
	for _, seg := range segs[i+1:] {
		if seg != "" && !strings.HasPrefix(seg, "{") {
			words = append(words, seg)
		}
	}
	if len(words) == 0 {
		return ""
	}
	return GoName(strings.Join(words, " "))
}

// withoutResource removes the first run of the resource's words from
// action, its last word plural or singular; ok is false when action does
// not hold them.
func withoutResource(action, resource string) (string, bool) {
	rw, aw := Words(resource), Words(action)
	last := rw[len(rw)-1]
	forms := []string{last, last + "s", last + "es"}
	if stem, ok := strings.CutSuffix(last, "ies"); ok {
		forms = append(forms, stem+"y")
	}
	if stem, ok := strings.CutSuffix(last, "y"); ok {
		forms = append(forms, stem+"ies")
	}
	for _, suffix := range []string{"es", "s"} {
		if stem, ok := strings.CutSuffix(last, suffix); ok && stem != "" {
			forms = append(forms, stem)
		}
	}
	head := rw[:len(rw)-1]
	for i := 0; i+len(rw) <= len(aw); i++ {
		match := true
		for j, w := range head {
			if !strings.EqualFold(aw[i+j], w) {
				match = false
				break
			}
		}
		if match && slices.ContainsFunc(forms, func(f string) bool { return strings.EqualFold(aw[i+len(head)], f) }) {
			return strings.Join(slices.Concat(aw[:i], aw[i+len(rw):]), ""), true
		}
	}
	return action, false
}

// verb names an operation by its HTTP method alone.
func verb(method string, list bool) string {
	switch method {
	case "POST":
		return "Create"
	case "PUT", "PATCH":
		return "Update"
	case "DELETE":
		return "Delete"
	case "GET":
		if list {
			return "GetList"
		}
		return "Get"
	}
	return GoName(strings.ToLower(method))
}

// isArrayResult reports whether op's success result is an array.
func isArrayResult(op *openapi3.Operation) bool {
	_, _, sr := SuccessJSON(op)
	return sr != nil && sr.Value != nil && sr.Value.Type.Includes(openapi3.TypeArray)
}

// dropCollisionDigits removes the digits ending an action when, without
// them, it is the action of another operation of the same resource.
func dropCollisionDigits(ops []*operation) {
	have := map[[2]string]bool{}
	for _, o := range ops {
		have[[2]string{o.resource, o.action}] = true
	}
	for _, o := range ops {
		if o.pinned {
			continue
		}
		stem := strings.TrimRight(o.action, "0123456789")
		if stem != o.action && stem != "" && have[[2]string{o.resource, stem}] {
			o.action = stem
		}
	}
}

// spellAlike gives the list operations of a resource whose actions differ
// only in a word's plural, and likewise its other operations, the spelling
// of the first of them (rule 5), so that
// tellApart tells them apart by their paths: GetContactList beside
// GetContactsList would read as one method named twice. Pinned names stay.
func spellAlike(ops []*operation) {
	first := map[[3]string]string{}
	for _, o := range ops {
		k := [3]string{o.resource, singularKey(o.action), fmt.Sprint(o.list)}
		if spelling, ok := first[k]; !ok {
			first[k] = o.action
		} else if !o.pinned {
			o.action = spelling
		}
	}
}

// singularKey returns an action's words in lower case, each without a
// plural ending: actions with one key differ only in plurals.
func singularKey(action string) string {
	var b strings.Builder
	for _, w := range Words(action) {
		w = strings.ToLower(w)
		if len(w) > 1 {
			w = strings.TrimSuffix(w, "s")
		}
		b.WriteString(w)
		b.WriteByte(' ')
	}
	return b.String()
}

// tellApart applies rule 5 to every group of operations sharing a name, and
// to an operation the rules give a name recorded for another operation.
// Recorded names never change.
func tellApart(ops []*operation, recorded map[string]map[string]bool) error {
	groups := map[[2]string][]*operation{}
	for _, o := range ops {
		k := [2]string{o.resource, o.action}
		groups[k] = append(groups[k], o)
	}
	for _, o := range ops {
		if !o.pinned && recorded[o.resource][o.action] && !slices.ContainsFunc(groups[[2]string{o.resource, o.action}], func(p *operation) bool { return p.pinned }) {
			// The name was another operation's, which is gone: never
			// hand it to this one.
			o.action += GoName(strings.ToLower(o.method))
			if recorded[o.resource][o.action] {
				o.action += GoName(pathWords(o.path))
			}
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(groups), compareKeys) {
		for _, qualify := range []func([]*operation){qualifyByPath, qualifyByParams, qualifyByMethod} {
			for _, tie := range ties(groups[k]) {
				qualify(tie)
			}
		}
	}
	names := map[[2]string]*operation{}
	for _, o := range ops {
		k := [2]string{o.resource, o.action}
		if prev, dup := names[k]; dup {
			return fmt.Errorf("%s %s and %s %s would both be %s.%s: give them operation ids that differ in more than punctuation",
				prev.method, prev.path, o.method, o.path, o.resource, o.action)
		}
		names[k] = o
	}
	return nil
}

// ties returns the subsets of g, two or more operations each, that share a name.
func ties(g []*operation) [][]*operation {
	by := map[string][]*operation{}
	for _, o := range g {
		by[o.action] = append(by[o.action], o)
	}
	var out [][]*operation
	for _, name := range slices.Sorted(maps.Keys(by)) {
		if len(by[name]) > 1 {
			out = append(out, by[name])
		}
	}
	return out
}

func compareKeys(a, b [2]string) int {
	if c := strings.Compare(a[0], b[0]); c != 0 {
		return c
	}
	return strings.Compare(a[1], b[1])
}

// qualifyByPath appends to each operation of a group sharing a name the
// words of the literal path segments that not every operation of the group
// has, leaving out words the name or the resource already has.
func qualifyByPath(g []*operation) {
	segs := make([][]string, len(g))
	for i, o := range g {
		segs[i] = literalSegments(o.path)
	}
	common := map[string]bool{}
	for _, s := range segs[0] {
		if !slices.ContainsFunc(segs[1:], func(other []string) bool { return !slices.Contains(other, s) }) {
			common[s] = true
		}
	}
	for i, o := range g {
		if o.pinned {
			continue
		}
		known := slices.Concat(Words(o.action), Words(o.resource))
		fresh := func(seg string) string {
			var words []string
			for _, w := range Words(GoName(seg)) {
				if !slices.ContainsFunc(known, func(k string) bool { return sameWord(k, w) }) {
					words = append(words, w)
				}
			}
			return strings.Join(words, "")
		}
		var versions, before, after string
		lastCommon := -1
		for j, s := range segs[i] {
			if common[s] {
				lastCommon = j
			}
		}
		for j, s := range segs[i] {
			switch {
			case common[s]:
			case versionSegment.MatchString(s):
				versions += GoName(s)
			case j > lastCommon:
				after += fresh(s)
			default:
				before += fresh(s)
			}
		}
		if before != "" {
			before = "For" + before
		}
		o.action += after + before + versions
	}
}

// sameWord reports whether two words are one, ignoring case and a plural s.
func sameWord(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	return a == b || a+"s" == b || a == b+"s"
}

// qualifyByParams appends "By" and the path parameters that not every
// operation of a group sharing a name has (GetContactsList for
// /locations/contacts, GetContactsListByID for /locations/{id}/contacts).
func qualifyByParams(g []*operation) {
	params := make([][]string, len(g))
	for i, o := range g {
		for _, seg := range strings.Split(o.path, "/") {
			if name, ok := strings.CutPrefix(seg, "{"); ok && name != TenantParam+"}" {
				params[i] = append(params[i], strings.TrimSuffix(name, "}"))
			}
		}
	}
	for i, o := range g {
		if o.pinned {
			continue
		}
		var own []string
		for _, p := range params[i] {
			if slices.ContainsFunc(params, func(other []string) bool { return !slices.Contains(other, p) }) {
				own = append(own, GoName(p))
			}
		}
		if len(own) > 0 {
			o.action += "By" + strings.Join(own, "And")
		}
	}
}

// qualifyByMethod appends the HTTP method to each operation of a group
// sharing a name.
func qualifyByMethod(g []*operation) {
	for _, o := range g {
		if !o.pinned {
			o.action += GoName(strings.ToLower(o.method))
		}
	}
}

// literalSegments returns the literal segments of a path, without
// parameters and without the tenant segment the client supplies.
func literalSegments(path string) []string {
	var segs []string
	for _, seg := range strings.Split(path, "/") {
		if seg == "" || strings.HasPrefix(seg, "{") || seg == TenantParam {
			continue
		}
		segs = append(segs, seg)
	}
	return segs
}

// pathWords returns the literal segments of a path as words ("/tenant/{tenant}/reviews" gives "reviews").
func pathWords(path string) string {
	return strings.Join(literalSegments(path), " ")
}
