package spec

import (
	"fmt"
	"go/token"
	"go/types"
	"maps"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

// Document is one loaded per-domain OpenAPI document.
type Document struct {
	// File is the path the document was read from.
	File string
	// Domain is the domain's Go package name, derived from the base path ("crm", "equipmentsystems").
	Domain string
	// BasePath is the path of the document's servers ("/crm/v2", "/telecom").
	BasePath string
	// OpenAPI is the loaded document, every local $ref resolved.
	OpenAPI *openapi3.T
	// Swagger is the version of a Swagger document ("2.0"), which OpenAPI
	// holds converted to OpenAPI 3.0; it is "" for an OpenAPI 3.0 or 3.1 document.
	Swagger string
}

// Title returns the document's title ("CRM"), or its domain when it has none.
func (d *Document) Title() string {
	if info := d.OpenAPI.Info; info != nil && info.Title != "" {
		return info.Title
	}
	return d.Domain
}

// Operations returns the number of operations the document declares.
func (d *Document) Operations() int {
	n := 0
	for _, item := range d.OpenAPI.Paths.Map() {
		n += len(item.Operations())
	}
	return n
}

// basePath returns the path shared by every server of doc. Servers may differ
// in host (production, integration) but must agree on the path, since the
// generated client joins it to whichever host the user configures.
func basePath(doc *openapi3.T) (string, error) {
	if len(doc.Servers) == 0 {
		return "", fmt.Errorf("no servers: the base path (and so the domain) cannot be told; add a servers entry such as https://api.servicetitan.io/crm/v2")
	}
	var base string
	for i, s := range doc.Servers {
		if s == nil {
			return "", fmt.Errorf("servers[%d] is empty: give it a url such as https://api.servicetitan.io/crm/v2", i)
		}
		raw := s.URL
		for _, name := range slices.Sorted(maps.Keys(s.Variables)) {
			v := s.Variables[name]
			if v == nil || v.Default == "" {
				return "", fmt.Errorf("servers[%d]: variable %q has no default: the base path cannot be told", i, name)
			}
			raw = strings.ReplaceAll(raw, "{"+name+"}", v.Default)
		}
		u, err := url.Parse(raw)
		if err != nil {
			return "", fmt.Errorf("servers[%d]: url %q: %v", i, s.URL, err)
		}
		p := "/" + strings.Trim(u.Path, "/")
		if i == 0 {
			base = p
		} else if p != base {
			return "", fmt.Errorf("servers[%d]: base path %q differs from %q of servers[0]", i, p, base)
		}
	}
	if base == "/" {
		return "", fmt.Errorf("servers[0]: url %q has no path: the domain cannot be told", doc.Servers[0].URL)
	}
	return base, nil
}

// reservedPackages are package names a domain cannot have: main and init,
// which no program can import as a package of that name, and the packages
// stgen writes beside the domains (the facade, and the runtime copied by
// --runtime copy).
var reservedPackages = []string{"main", "init", "servicetitan", "stapi", "authmw"}

// IsDomainName reports whether name is a domain package name DomainName
// gives: what --domains and the records of an output folder may name.
func IsDomainName(name string) bool {
	return name != "" && DomainName("/"+name) == name
}

// DomainName turns the first segment of a base path into a Go package name:
// lower case, letters and digits only ("/service-agreements/v2" gives
// "serviceagreements"), "api" added to a name a Go program cannot import,
// shadows a predeclared one, or is one stgen writes beside the domains: a
// keyword ("/type/v2" gives "typeapi"), string or len, main, init, and the
// facade and runtime packages. It returns
// "" when nothing usable remains.
func DomainName(basePath string) string {
	first, _, _ := strings.Cut(strings.TrimPrefix(basePath, "/"), "/")
	var b strings.Builder
	for _, r := range strings.ToLower(first) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	name := b.String()
	if name == "" || unicode.IsDigit(rune(name[0])) {
		return ""
	}
	if token.IsKeyword(name) || types.Universe.Lookup(name) != nil || slices.Contains(reservedPackages, name) {
		name += "api"
	}
	return name
}
