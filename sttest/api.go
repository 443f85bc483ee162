package sttest

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/stgen-dev/stgen/internal/spec"
)

// API is a loaded release: every operation of every document in a folder,
// routed and ready to serve. It holds no per-test state, so one API may back
// any number of handlers and servers, concurrently.
type API struct {
	dir    string
	docs   []*spec.Document
	routes []*route
	tree   *node
	// records caches the JSON of synthesized records.
	records recordCache
	// filterOptions are the options of request validation, and
	// firstProblemOptions those of bodies over listProblemsUpTo (never modified).
	filterOptions, firstProblemOptions *openapi3filter.Options
}

// Operation describes one operation the fake serves.
type Operation struct {
	// Method is the HTTP method ("GET").
	Method string
	// Path is the full path template ("/crm/v2/tenant/{tenant}/customers/{id}").
	Path string
	// OperationID is the document's operationId ("Customers_Get"); it may be empty.
	OperationID string
	// Domain is the document's domain ("crm").
	Domain string
	// File is the document the operation comes from.
	File string
}

// methods lists the HTTP methods an OpenAPI path item may declare, in a fixed order.
var methods = []string{
	http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete,
	http.MethodOptions, http.MethodHead, http.MethodPatch, http.MethodTrace,
}

// Load reads every OpenAPI document in specsDir (one per domain, JSON or
// YAML, OpenAPI 3.0 or 3.1 or Swagger 2.0, base path taken from the servers
// or the basePath) and prepares its operations for serving. Errors name the
// folder or the file and the place in it.
func Load(specsDir string) (*API, error) {
	docs, err := spec.LoadDir(specsDir)
	if err != nil {
		return nil, fmt.Errorf("sttest: loading %s: %w", specsDir, err)
	}
	a := &API{
		dir: specsDir, docs: docs, tree: &node{},
		filterOptions: newFilterOptions(true), firstProblemOptions: newFilterOptions(false),
	}
	seen := make(map[string]string) // method and path shape -> file, to catch ambiguous routes
	for _, doc := range docs {
		var legacy *openapi3.T
		if doc.OpenAPI.IsOpenAPI31OrLater() {
			legacy = legacySpec(doc.OpenAPI)
		}
		paths := doc.OpenAPI.Paths.Map()
		for _, key := range slices.Sorted(maps.Keys(paths)) {
			item := paths[key]
			for _, method := range methods {
				op := item.GetOperation(method)
				if op == nil {
					continue
				}
				rt := newRoute(doc, key, item, method, op, legacy)
				shape := method + " " + shapeOf(rt.template)
				if other, dup := seen[shape]; dup {
					return nil, fmt.Errorf("sttest: %s: %s %s: the same method and path shape is declared in %s too; requests could not be routed",
						doc.File, method, rt.template, other)
				}
				seen[shape] = doc.File
				rt.index = len(a.routes)
				a.routes = append(a.routes, rt)
				a.tree.add(rt)
			}
		}
	}
	return a, nil
}

// shapeOf replaces every parameter segment of a template with "{}".
func shapeOf(template string) string {
	segs := splitPath(template)
	for i, s := range segs {
		if _, ok := paramName(s); ok {
			segs[i] = "{}"
		}
	}
	return "/" + strings.Join(segs, "/")
}

// Dir returns the folder the API was loaded from.
func (a *API) Dir() string { return a.dir }

// Operations returns every operation the API serves, ordered by domain,
// then path, then method.
func (a *API) Operations() []Operation {
	ops := make([]Operation, len(a.routes))
	for i, rt := range a.routes {
		ops[i] = Operation{
			Method:      rt.method,
			Path:        rt.template,
			OperationID: rt.op.OperationID,
			Domain:      rt.doc.Domain,
			File:        rt.doc.File,
		}
	}
	return ops
}

// recordCache keeps the JSON of synthesized records, which depend only on
// the route, the record index and the dataset, so that paging through large collections
// does not synthesize the same records again. It stops growing at
// maxCachedRecords entries.
type recordCache struct {
	// m maps recordKey to []byte.
	m sync.Map
	// n counts the entries stored in m.
	n atomic.Int64
}

// maxCachedRecords bounds the record cache of one API.
const maxCachedRecords = 200_000

// recordKey identifies one record of one route in one dataset.
type recordKey struct {
	route int
	index int64
	data  dataset
}

// get returns the cached JSON of a record, or builds and caches it.
func (c *recordCache) get(k recordKey, build func() []byte) []byte {
	if v, ok := c.m.Load(k); ok {
		return v.([]byte)
	}
	b := build()
	if c.n.Load() < maxCachedRecords {
		if _, loaded := c.m.LoadOrStore(k, b); !loaded {
			c.n.Add(1)
		}
	}
	return b
}
