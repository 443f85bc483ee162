package spec

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// ManifestFile is the name of the manifest stgen fetch writes beside a
// release's documents; it is no document.
const ManifestFile = "manifest.json"

// IsDocumentFile reports whether a file name has an extension of a document
// (.json, .yaml or .yml) and is neither hidden nor the [ManifestFile].
func IsDocumentFile(name string) bool {
	if name == ManifestFile {
		return false
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json", ".yaml", ".yml":
		return !strings.HasPrefix(name, ".")
	}
	return false
}

// LoadDir loads every document in dir, in parallel, and returns them sorted by
// domain. It fails when dir is missing or holds no document, when any
// document fails to load (all such errors are joined, one per line, in file
// order), or when two documents describe the same domain.
func LoadDir(dir string) ([]*Document, error) {
	docs, failed, err := LoadDirPartial(dir)
	if err != nil {
		return nil, err
	}
	if len(failed) > 0 {
		return nil, errors.Join(failed...)
	}
	return docs, nil
}

// LoadDirPartial loads every document in dir as LoadDir does, except that a
// document that cannot be used does not take the others with it. It
// returns the documents that loaded, sorted by domain, and in failed one
// error per document that did not (a *Error, in file order), then one per
// domain that several documents describe, naming them all (none of those
// is in docs: which one is meant cannot be told). err is set only when the
// folder itself cannot be used: missing, unreadable or holding no document.
// A caller that goes on with docs must not take a domain missing from them
// for one the release dropped: a failed document's domain is unknown.
func LoadDirPartial(dir string) (docs []*Document, failed []error, err error) {
	files, err := DocumentFiles(dir)
	if err != nil {
		return nil, nil, err
	}
	docs, failed = LoadFiles(files, nil)
	return docs, failed, nil
}

// DocumentFiles lists the documents in dir, in name order. It fails when dir
// is missing, unreadable or holds no document.
func DocumentFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such folder: pass the folder of a release (one OpenAPI document per domain)", dir)
		}
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	var files []string
	for _, e := range entries {
		if !IsDocumentFile(e.Name()) {
			continue
		}
		file := filepath.Join(dir, e.Name())
		if e.Type()&fs.ModeSymlink != 0 {
			// A linked document counts; a dangling link fails in Load.
			if info, err := os.Stat(file); err == nil && !info.Mode().IsRegular() {
				continue
			}
		} else if !e.Type().IsRegular() {
			continue
		}
		files = append(files, file)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no OpenAPI documents (*.json, *.yaml, *.yml) in the folder", dir)
	}
	return files, nil
}

// LoadFiles loads files (from DocumentFiles) and returns what LoadDirPartial
// does of them. Unless loaded is nil it calls loaded(i, d, err) with what
// Load returned for files[i] as soon as Load returns, on the goroutine that
// loaded it: several at once, largest file first, so that a caller doing
// more with each document keeps the cores busy to the end. A document
// loaded was called with may yet be left out of docs, as one of several
// describing the same domain.
func LoadFiles(files []string, loaded func(i int, d *Document, err error)) (docs []*Document, failed []error) {
	order := make([]int, len(files))
	sizes := make([]int64, len(files))
	for i, file := range files {
		order[i] = i
		if info, err := os.Stat(file); err == nil {
			sizes[i] = info.Size()
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(sizes[b], sizes[a]) })
	next := make(chan int, len(files))
	for _, i := range order {
		next <- i
	}
	close(next)
	docsAt := make([]*Document, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for i := range next {
				docsAt[i], errs[i] = Load(files[i])
				if loaded != nil {
					loaded(i, docsAt[i], errs[i])
				}
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			failed = append(failed, err)
		} else {
			docs = append(docs, docsAt[i])
		}
	}

	// Stable: documents of one domain stay in file order.
	slices.SortStableFunc(docs, func(a, b *Document) int { return strings.Compare(a.Domain, b.Domain) })
	kept := docs[:0]
	for i := 0; i < len(docs); {
		j := i + 1
		for j < len(docs) && docs[j].Domain == docs[i].Domain {
			j++
		}
		if j-i == 1 {
			kept = append(kept, docs[i])
		} else {
			failed = append(failed, sameDomain(docs[i:j]))
		}
		i = j
	}
	return kept, failed
}

// sameDomain reports documents that describe one domain.
func sameDomain(docs []*Document) error {
	var files, bases []string
	for _, d := range docs {
		files = append(files, d.File)
		bases = append(bases, d.BasePath)
	}
	both := "both"
	if len(docs) > 2 {
		both = "all"
	}
	return fmt.Errorf("%s %s describe domain %q (base paths %s): keep one document per domain in the folder",
		andList(files), both, docs[0].Domain, andList(bases))
}

// andList joins items as "a and b" or "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// Load reads and resolves one document, JSON or YAML, OpenAPI 3.0 or 3.1 or
// Swagger 2.0 (converted to OpenAPI 3.0; see swagger2.go).
func Load(file string) (*Document, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, &Error{File: file, Err: err}
	}
	doc, swagger, err := parse(file, data)
	if err != nil {
		return nil, err
	}
	// A Swagger document's servers come from its host and basePath.
	serversAt := "#/servers"
	if swagger != "" {
		serversAt = "#/basePath"
	}
	base, err := basePath(doc)
	if err != nil {
		return nil, &Error{File: file, Location: serversAt, Err: err}
	}
	domain := DomainName(base)
	if domain == "" {
		return nil, &Error{File: file, Location: serversAt, Err: fmt.Errorf("base path %q does not start with a domain name", base)}
	}
	d := &Document{File: file, Domain: domain, BasePath: base, OpenAPI: doc, Swagger: swagger}
	if doc.Paths == nil || d.Operations() == 0 {
		return nil, &Error{File: file, Location: "#/paths", Err: errors.New("no paths: the document declares no operation")}
	}
	return d, nil
}

// parse decodes data and resolves its references; swagger is the version
// of a Swagger document, converted to OpenAPI 3.0 (see swagger2.go).
// kin-openapi does the decoding and resolving; before it does, the document
// decoded into plain values (see raw.go) is checked for nesting and chains
// of references that would make that work grow faster than the document,
// and tells the dialect. JSON goes through encoding/json, several times
// faster than the loader's YAML path on the megabyte-sized documents of a
// release; YAML goes through the loader. What the document says to
// oapi-codegen is dropped from it (see extensions.go).
func parse(file string, data []byte) (doc *openapi3.T, swagger string, err error) {
	// A byte order mark is not JSON; editors do not count it as a column.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	isJSON := bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n\ufeff"), []byte("{"))
	text := data
	if isJSON {
		// kin-openapi decodes every nested object again (and once more for
		// its extensions): without the white space there is a third as
		// much to scan. An error is located in the document as written.
		var compact bytes.Buffer
		if err := json.Compact(&compact, data); err != nil {
			// json.Compact's errors carry no offset: json.Unmarshal's do.
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				return nil, "", jsonError(file, data, err)
			}
			return nil, "", &Error{File: file, Err: fmt.Errorf("malformed JSON: %v", err)}
		}
		text = compact.Bytes()
	}
	root, err := decodeRaw(file, text, isJSON)
	if err != nil {
		return nil, "", err
	}
	if err := checkDepth(file, root); err != nil {
		return nil, "", err
	}
	if err := checkRefChains(file, root); err != nil {
		return nil, "", err
	}
	if version, ok := swaggerVersion(root); ok {
		if doc, err = parseSwagger2(file, text, root, isJSON, version); err != nil {
			return nil, "", err
		}
		return doc, swagger20, nil
	}
	if doc, err = parseOpenAPI3(file, data, text, root, isJSON); err != nil {
		return nil, "", err
	}
	return doc, "", nil
}

// swaggerVersion returns the "swagger" field of a document without an
// "openapi" one; ok is false for any other document.
func swaggerVersion(root any) (version any, ok bool) {
	top, _ := root.(map[string]any)
	if v, has := top["openapi"]; has && v != nil && v != "" {
		return nil, false
	}
	version, ok = top["swagger"]
	return version, ok
}

// parseOpenAPI3 decodes an OpenAPI 3.0 or 3.1 document with kin-openapi
// and resolves its references: text is data as parse decodes it, root its
// raw tree.
func parseOpenAPI3(file string, data, text []byte, root any, isJSON bool) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	if !isJSON {
		doc, err := loader.LoadFromData(text)
		if err != nil {
			if refErr := findUnresolvedRef(file, root); refErr != nil {
				return nil, refErr
			}
			return nil, &Error{File: file, Err: fmt.Errorf("malformed document: %v", err)}
		}
		if err := checkVersion(doc); err != nil {
			return nil, &Error{File: file, Location: "#/openapi", Err: err}
		}
		// The loader has resolved the references already: an extension
		// beside an OpenAPI 3.1 $ref has made it copy the target.
		dropCodeExtensions(doc)
		return doc, nil
	}
	doc := new(openapi3.T)
	if err := json.Unmarshal(text, doc); err != nil {
		// Located in the document as written.
		if err := json.Unmarshal(data, new(openapi3.T)); err != nil {
			return nil, jsonError(file, data, err)
		}
		return nil, &Error{File: file, Err: fmt.Errorf("malformed document: %v", err)}
	}
	if err := checkVersion(doc); err != nil {
		return nil, &Error{File: file, Location: "#/openapi", Err: err}
	}
	// Before resolving: beside an OpenAPI 3.1 $ref, an extension makes
	// kin-openapi copy the target.
	dropCodeExtensions(doc)
	if err := loader.ResolveRefsIn(doc, nil); err != nil {
		if refErr := findUnresolvedRef(file, root); refErr != nil {
			return nil, refErr
		}
		return nil, &Error{File: file, Err: fmt.Errorf("resolving references: %v", err)}
	}
	return doc, nil
}

// checkVersion accepts OpenAPI 3.0 and 3.1 documents only.
func checkVersion(doc *openapi3.T) error {
	v := doc.OpenAPI
	switch {
	case v == "3.0" || v == "3.1" || strings.HasPrefix(v, "3.0.") || strings.HasPrefix(v, "3.1."):
		return nil
	case v == "":
		return errors.New(`no "openapi" field: not an OpenAPI 3.0 or 3.1 (or Swagger 2.0) document`)
	}
	return fmt.Errorf("openapi version %q: only OpenAPI 3.0 and 3.1 (and Swagger 2.0) documents are supported", v)
}

// jsonError locates a decoding error by line and column.
func jsonError(file string, data []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		// Offset counts the bytes read, the offending one included; at the
		// end of the input there is no offending byte.
		off := syntax.Offset
		if off > 0 && !strings.HasPrefix(syntax.Error(), "unexpected end of JSON input") {
			off--
		}
		if strings.Contains(syntax.Error(), "exceeded max depth") {
			// encoding/json's own limit, far beyond stgen's.
			return &Error{File: file, Location: lineCol(data, off), Err: errTooDeep()}
		}
		return &Error{File: file, Location: lineCol(data, off), Err: fmt.Errorf("malformed JSON: %v", err)}
	case errors.As(err, &typ):
		return &Error{File: file, Location: lineCol(data, typ.Offset), Err: fmt.Errorf("malformed document: %v", err)}
	}
	return &Error{File: file, Err: fmt.Errorf("malformed document: %v", err)}
}

// lineCol turns a byte offset into "line:column", both counted from 1.
func lineCol(data []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("%d:%d", line, col)
}
