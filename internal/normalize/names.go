package normalize

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// initialisms are the words written in capitals in Go names: the ones
// oapi-codegen's ToCamelCaseWithInitialisms knows, so that a name made here
// comes out of that normalizer unchanged, and ServiceTitan's own (GPS, SKU,
// the domain names CRM, JPM and JBCE, ...). A word that is one of them
// followed by "s" is their plural ("Ids" gives "IDs").
var initialisms = byLower(slices.Concat(engineWords, []string{
	"CRM", "CSV", "GPS", "JBCE", "JPM", "PDF", "SKU", "SMS", "UPC", "VIN",
}))

// engineWords are the initialisms oapi-codegen's name normalizer
// (ToCamelCaseWithInitialisms, v2.8.2) writes in capitals.
var engineWords = []string{
	"ACL", "API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID", "IP", "JSON",
	"QPS", "RAM", "RPC", "SLA", "SMTP", "SQL", "SSH", "TCP", "TLS", "TTL", "UDP", "UI", "GID", "UID", "UUID",
	"URI", "URL", "UTF8", "VM", "XML", "XMPP", "XSRF", "XSS", "SIP", "RTP", "AMQP", "DB", "TS",
}

// byLower maps each of words, in lower case, to the word.
func byLower(words []string) map[string]string {
	m := make(map[string]string, len(words))
	for _, w := range words {
		m[strings.ToLower(w)] = w
	}
	return m
}

// camelParts splits a camel-cased name into words the way oapi-codegen does.
var camelParts = regexp.MustCompile(`[\p{Lu}\d]+([\p{Ll}\d]+|$)`)

// versionSegment matches namespace segments that only carry an API version.
var versionSegment = regexp.MustCompile(`^[Vv]\d+$`)

// GoName turns any string into an exported Go identifier: words split at
// anything but letters and digits (letters of any script are kept), each
// capitalized (also after a digit), initialisms in capitals
// ("customer_id" gives "CustomerID", "technicianIds" "TechnicianIDs"). A
// name that would not start with an upper-case letter gets the prefix "N"
// before a digit and "X" before a letter without case; an empty one becomes
// "X".
func GoName(s string) string {
	var b strings.Builder
	upNext := true
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if upNext {
				r = unicode.ToUpper(r)
			}
			b.WriteRune(r)
			upNext = unicode.IsDigit(r)
		default:
			upNext = true
		}
	}
	name := b.String()
	if name == "" {
		return "X"
	}
	if parts := camelParts.FindAllString(name, -1); strings.Join(parts, "") == name {
		for i, p := range parts {
			parts[i] = initialism(p)
		}
		name = strings.Join(parts, "")
	}
	first, _ := utf8.DecodeRuneInString(name)
	switch {
	case unicode.IsDigit(first):
		name = "N" + name
	case !unicode.IsUpper(first):
		name = "X" + name
	}
	return name
}

// initialism returns a word in capitals if it is an initialism or the
// plural of one, else the word as it is.
func initialism(word string) string {
	lower := strings.ToLower(word)
	if w, ok := initialisms[lower]; ok {
		return w
	}
	if stem, ok := strings.CutSuffix(lower, "s"); ok {
		if w, ok := initialisms[stem]; ok {
			return w + "s"
		}
	}
	return word
}

// Words splits an exported Go name into its words ("GetCustomerIDs" gives
// Get, Customer, IDs); a name the split does not cover is one word.
func Words(name string) []string {
	parts := camelParts.FindAllString(name, -1)
	if strings.Join(parts, "") != name {
		return []string{name}
	}
	return parts
}

// schemaName is a schema name split into its parts: generic wrappers
// ("PaginatedResponse_Of_Crm.V2.X") have several, each a dotted path.
type schemaName struct {
	original string
	parts    [][]string // each part's dotted segments; the last is the type's own name
}

func parseSchemaName(name string) schemaName {
	sn := schemaName{original: name}
	for _, part := range strings.Split(name, "_Of_") {
		sn.parts = append(sn.parts, strings.Split(part, "."))
	}
	return sn
}

// name joins the parts, each part's own name prefixed with those of its
// namespace segments that qualify says to keep, with "Of".
func (sn schemaName) name(qualify func(seg string) bool) string {
	words := make([]string, len(sn.parts))
	for i, p := range sn.parts {
		var w strings.Builder
		for _, seg := range p[:len(p)-1] {
			if qualify(seg) {
				w.WriteString(GoName(seg))
			}
		}
		w.WriteString(GoName(p[len(p)-1]))
		words[i] = w.String()
	}
	return strings.Join(words, "Of")
}

// short is the name without namespaces.
func (sn schemaName) short() string {
	return sn.name(func(string) bool { return false })
}

// namespaces lists the meaningful namespace segments of the name: version
// segments ("V2") are left out, since a Go name must not keep them.
func (sn schemaName) namespaces() []string {
	var ns []string
	for _, p := range sn.parts {
		for _, seg := range p[:len(p)-1] {
			if !versionSegment.MatchString(seg) && !slices.Contains(ns, seg) {
				ns = append(ns, seg)
			}
		}
	}
	return ns
}

// TypeNames gives every schema name a Go type name without namespaces. Names
// whose short forms collide are prefixed with the namespace segments that
// differ within the colliding group, part by part
// ("Crm.V2.Locations.AddressPatchModel" becomes "LocationsAddressPatchModel"
// beside "AddressPatchModel"); those still
// equal get a number in the order of their original names ("CallDirection",
// "CallDirection2"). A name in pinned keeps the Go name it maps to (a name
// an earlier release recorded) and counts in its group, so that a newcomer
// beside it is told apart by its namespace. A name in reserved is never
// given: a schema whose name would be one is numbered too. The result
// depends only on the sets of names.
func TypeNames(names []string, pinned map[string]string, reserved []string) map[string]string {
	sorted := slices.Clone(names)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)

	groups := map[string][]schemaName{}
	var shorts []string
	for _, n := range sorted {
		sn := parseSchemaName(n)
		s := sn.short()
		if _, ok := groups[s]; !ok {
			shorts = append(shorts, s)
		}
		groups[s] = append(groups[s], sn)
	}

	out := make(map[string]string, len(sorted))
	taken := map[string]bool{}
	for _, r := range reserved {
		taken[r] = true
	}
	for n, goName := range pinned {
		if slices.Contains(sorted, n) {
			out[n] = goName
			taken[goName] = true
		}
	}
	// Singletons first, so a qualified name never takes a plain one's place.
	for _, s := range shorts {
		if g := groups[s]; len(g) == 1 {
			if _, ok := out[g[0].original]; !ok {
				out[g[0].original] = unique(s, taken)
			}
		}
	}
	for _, s := range shorts {
		g := groups[s]
		if len(g) == 1 {
			continue
		}
		common := g[0].namespaces()
		for _, sn := range g[1:] {
			ns := sn.namespaces()
			common = slices.DeleteFunc(common, func(seg string) bool { return !slices.Contains(ns, seg) })
		}
		differs := func(seg string) bool { return !versionSegment.MatchString(seg) && !slices.Contains(common, seg) }
		for _, sn := range g {
			if _, ok := out[sn.original]; !ok {
				out[sn.original] = unique(sn.name(differs), taken)
			}
		}
	}
	return out
}

// unique returns name, or name with the smallest number from 2 up that is not taken, and takes it.
func unique(name string, taken map[string]bool) string {
	candidate := name
	for i := 2; taken[candidate]; i++ {
		candidate = name + strconv.Itoa(i)
	}
	taken[candidate] = true
	return candidate
}
