package spec

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// The functions here read a document as decoded into plain values (see
// raw.go), before kin-openapi decodes and resolves it.

// maxRefHops is how many references in a row a $ref may lead through before
// it reaches what it refers to: its own, and one for each target that is
// only another $ref. In ServiceTitan's documents every $ref leads to a
// schema at once (one hop). kin-openapi follows a chain again for every
// reference into it, so that a chain of n references costs n² steps (3,000
// took 20 s): longer chains are refused, so loading stays linear.
const maxRefHops = 8

// findUnresolvedRef looks for the first $ref (in document order of sorted
// keys) that does not resolve, and reports it with the JSON pointer of the
// place that holds it. It runs only after kin-openapi failed, and returns
// nil when every $ref resolves.
func findUnresolvedRef(file string, root any) error {
	var found error
	walkRefs(root, "#", func(at, ref string) bool {
		if !strings.HasPrefix(ref, "#") {
			found = &Error{File: file, Location: at, Err: fmt.Errorf("$ref %q points outside the document: documents must be self-contained", ref)}
			return false
		}
		if _, _, ok := resolvePointer(root, ref); !ok {
			found = &Error{File: file, Location: at, Err: fmt.Errorf("unresolved $ref %q: no such place in the document", ref)}
			return false
		}
		return true
	})
	return found
}

// walkRefs calls visit with the pointer and target of each $ref under node,
// in document order of sorted keys, until visit returns false.
func walkRefs(node any, at string, visit func(at, ref string) bool) bool {
	switch n := node.(type) {
	case map[string]any:
		if ref, ok := n["$ref"].(string); ok && !visit(at, ref) {
			return false
		}
		for _, k := range slices.Sorted(maps.Keys(n)) {
			if !walkRefs(n[k], at+"/"+EscapePointer(k), visit) {
				return false
			}
		}
	case []any:
		for i, v := range n {
			if !walkRefs(v, at+"/"+strconv.Itoa(i), visit) {
				return false
			}
		}
	}
	return true
}

// refOf returns the $ref of node, when node is an object holding one.
func refOf(node any) (string, bool) {
	m, ok := node.(map[string]any)
	if !ok {
		return "", false
	}
	ref, ok := m["$ref"].(string)
	return ref, ok
}

// resolvePointer follows a local $ref ("#/components/schemas/X", its
// fragment percent-encoded or not, as kin-openapi reads it) from root; at is
// the place it names, as a JSON pointer written the one way EscapePointer
// writes it.
func resolvePointer(root any, ref string) (node any, at string, ok bool) {
	frag, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, "", false
	}
	if strings.Contains(frag, "%") {
		if frag, ok = unescapeFragment(frag); !ok {
			return nil, "", false
		}
	}
	if frag == "" {
		return root, "#", true
	}
	rest, ok := strings.CutPrefix(frag, "/")
	if !ok {
		// An anchor ("#Name"), which kin-openapi does not resolve.
		return nil, "", false
	}
	var b strings.Builder
	b.WriteByte('#')
	node = root
	for tok := range strings.SplitSeq(rest, "/") {
		if strings.Contains(tok, "~") {
			tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		}
		switch n := node.(type) {
		case map[string]any:
			if node, ok = n[tok]; !ok {
				return nil, "", false
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n) {
				return nil, "", false
			}
			node = n[i]
		default:
			return nil, "", false
		}
		b.WriteByte('/')
		b.WriteString(EscapePointer(tok))
	}
	return node, b.String(), true
}

// unescapeFragment decodes a percent-encoded URL fragment.
func unescapeFragment(frag string) (string, bool) {
	s, err := url.PathUnescape(frag)
	return s, err == nil
}

// EscapePointer escapes one JSON pointer token (RFC 6901).
func EscapePointer(tok string) string {
	if !strings.ContainsAny(tok, "~/") {
		return tok
	}
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

// refChains measures how many references each $ref of a document leads
// through (see maxRefHops), each target once.
type refChains struct {
	root any
	// hops holds, per $ref as written, the references it leads through;
	// cycle marks a $ref that leads into a cycle.
	hops map[string]int
	// cycles holds the cycles met, each as the places of the references in it.
	cycles [][]string
}

// cycle marks, in refChains.hops, a $ref that leads into a cycle.
const cycle = -1

// checkRefChains fails when a $ref of the document leads through more than
// maxRefHops references, or into a cycle of references (A -> B -> A): such
// references describe no value. Any object with a string $ref counts, as
// kin-openapi may resolve it; the error names the $ref whose chain is
// longest (a place in a cycle, for a cycle) by its JSON pointer.
func checkRefChains(file string, root any) error {
	c := &refChains{root: root, hops: make(map[string]int)}
	type refAt struct {
		path []string // tokens of the place holding the $ref
		ref  string
	}
	var worst *refAt
	worstHops := 0
	var path []string
	var walk func(node any)
	walk = func(node any) {
		switch n := node.(type) {
		case map[string]any:
			if ref, ok := n["$ref"].(string); ok {
				if h := c.follow(ref); h == cycle || h > maxRefHops {
					if h == cycle {
						h = maxRefHops + 1
					}
					at := &refAt{slices.Clone(path), ref}
					if h > worstHops || h == worstHops && pointerTo(at.path...) < pointerTo(worst.path...) {
						worst, worstHops = at, h
					}
				}
			}
			for k, v := range n {
				path = append(path, k)
				walk(v)
				path = path[:len(path)-1]
			}
		case []any:
			for i, v := range n {
				path = append(path, strconv.Itoa(i))
				walk(v)
				path = path[:len(path)-1]
			}
		}
	}
	walk(root)
	switch {
	case len(c.cycles) > 0:
		// Each cycle is told from the least of its places, whichever
		// reference led into it, and the least of them reported.
		var loop []string
		for _, places := range c.cycles {
			first := slices.Index(places, slices.Min(places))
			l := append(slices.Concat(places[first:], places[:first]), places[first])
			if loop == nil || l[0] < loop[0] {
				loop = l
			}
		}
		return &Error{File: file, Location: loop[0], Err: fmt.Errorf("$ref cycle %s: references that lead only to one another describe nothing; replace one of them with what it should describe",
			shortChain(loop))}
	case worst != nil:
		chain := c.chain(worst.ref)
		return &Error{File: file, Location: pointerTo(worst.path...), Err: fmt.Errorf("$ref leads through %d references before it reaches a value (%s), more than the %d allowed; refer to the value's own place",
			len(chain), shortChain(chain), maxRefHops)}
	}
	return nil
}

// follow returns the number of references ref leads through, or cycle. A
// target that does not resolve ends the chain (kin-openapi reports it).
func (c *refChains) follow(ref string) int {
	var chain []string  // refs followed, each to a $ref
	var places []string // the places of their targets
	var onChain map[string]int
	h := 0
	for {
		if known, ok := c.hops[ref]; ok {
			h = known
			break
		}
		if i, ok := onChain[ref]; ok {
			c.cycles = append(c.cycles, places[i:])
			h = cycle
			break
		}
		target, at, ok := resolvePointer(c.root, ref)
		next, isRef := refOf(target)
		if !ok || !isRef {
			h = 1
			c.hops[ref] = h
			break
		}
		if onChain == nil {
			onChain = make(map[string]int)
		}
		onChain[ref] = len(chain)
		chain = append(chain, ref)
		places = append(places, at)
		ref = next
	}
	for i := len(chain) - 1; i >= 0; i-- {
		if h != cycle {
			h++
		}
		c.hops[chain[i]] = h
	}
	return h
}

// chain returns the places ref leads through, in order; it must not lead
// into a cycle.
func (c *refChains) chain(ref string) []string {
	var places []string
	for {
		target, at, ok := resolvePointer(c.root, ref)
		if !ok {
			return append(places, ref)
		}
		places = append(places, at)
		next, isRef := refOf(target)
		if !isRef {
			return places
		}
		ref = next
	}
}

// shortChain writes the places of a chain joined by arrows, the middle of
// a long one left out.
func shortChain(places []string) string {
	if len(places) > 6 {
		places = slices.Concat(places[:3], []string{fmt.Sprintf("... (%d more)", len(places)-5)}, places[len(places)-2:])
	}
	return strings.Join(places, " -> ")
}
