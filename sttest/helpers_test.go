package sttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/stgen-dev/stgen/internal/testenv"
)

// releaseNames lists the releases beside the repository (see testenv.Releases).
func releaseNames(t testing.TB) []string {
	t.Helper()
	var names []string
	for _, dir := range testenv.Releases(t) {
		names = append(names, filepath.Base(dir))
	}
	return names
}

// loaded caches one API per release folder for the whole test binary:
// loading a release costs a fraction of a second.
var loaded sync.Map // release name -> func() (*API, error)

// release returns the loaded API of a release.
func release(t testing.TB, name string) *API {
	t.Helper()
	releaseNames(t)
	f, _ := loaded.LoadOrStore(name, sync.OnceValues(func() (*API, error) {
		return Load(filepath.Join(testenv.ReleasesDir(), name))
	}))
	a, err := f.(func() (*API, error))()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// latest returns the newest release.
func latest(t testing.TB) *API {
	t.Helper()
	names := releaseNames(t)
	return release(t, names[len(names)-1])
}

// do sends a request through h without a network and returns the recorder.
func do(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// token gets an access token from h.
func token(t testing.TB, h http.Handler, c Credentials) string {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}, "client_secret": {c.ClientSecret}}
	r := httptest.NewRequest(http.MethodPost, TokenPath, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := do(h, r)
	if w.Code != http.StatusOK {
		t.Fatalf("token: %d %s", w.Code, w.Body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("token: %v %s", err, w.Body)
	}
	return tok.AccessToken
}

// findRoute returns the route of a method and path template.
func findRoute(t testing.TB, a *API, method, template string) *route {
	t.Helper()
	for _, rt := range a.routes {
		if rt.method == method && rt.template == template {
			return rt
		}
	}
	t.Fatalf("no route %s %s", method, template)
	return nil
}

// findOp returns the route of an operationId.
func findOp(t testing.TB, a *API, opID string) *route {
	t.Helper()
	for _, rt := range a.routes {
		if rt.op.OperationID == opID {
			return rt
		}
	}
	t.Fatalf("no operation %s", opID)
	return nil
}

// skippedQuery are query parameters validRequest leaves to the test.
var skippedQuery = []string{"page", "pageSize", "includeTotal", "from", "includeRecentChanges"}

// validRequest builds a request for rt that its document accepts: path
// parameters (record ids the default handler holds), every scalar query parameter but the paging ones, required
// headers and a synthesized body, with the credentials of c and tok.
func validRequest(t testing.TB, rt *route, c Credentials, tok string) *http.Request {
	t.Helper()
	g := synth{is31: rt.doc.OpenAPI.IsOpenAPI31OrLater(), request: true}
	params := allParams(rt)
	segs := splitPath(rt.template)
	for i, seg := range segs {
		name, ok := paramName(seg)
		if !ok {
			continue
		}
		v := "1"
		if name != "tenant" {
			if p := params[openapi3.ParameterInPath+":"+name]; p != nil {
				v = fmt.Sprint(g.value(p.Schema, name, hashString(name)))
				if slices.Contains(rt.idParams, name) {
					v = fmt.Sprint(1 + hashString(name)%20) // an id the default 25 records hold
				}
			}
		}
		segs[i] = url.PathEscape(v)
	}
	q := url.Values{}
	hdr := http.Header{}
	for _, key := range slices.Sorted(maps.Keys(params)) {
		p := params[key]
		if p.Schema == nil {
			continue
		}
		if slices.Contains(skippedQuery, p.Name) {
			if p.Required {
				switch p.Name {
				case "page":
					q.Set("page", "1")
				case "pageSize":
					q.Set("pageSize", "5")
				case "includeTotal":
					q.Set("includeTotal", "true")
				default:
					q.Set(p.Name, fmt.Sprint(g.value(p.Schema, p.Name, hashString(p.Name))))
				}
			}
			continue
		}
		switch p.In {
		case openapi3.ParameterInQuery:
			if isObjectParam(p) {
				if p.Required {
					q.Set(p.Name+".key1", "value1")
				}
				continue
			}
			switch v := g.value(p.Schema, p.Name, hashString(p.Name)).(type) {
			case []any:
				for _, x := range v {
					q.Add(p.Name, fmt.Sprint(x))
				}
			default:
				q.Set(p.Name, fmt.Sprint(v))
			}
		case openapi3.ParameterInHeader:
			if p.Required {
				hdr.Set(p.Name, fmt.Sprint(g.value(p.Schema, p.Name, hashString(p.Name))))
			}
		}
	}
	var body io.Reader
	if rb := rt.op.RequestBody; rb != nil && rb.Value != nil {
		if mt := rb.Value.Content.Get("application/json"); mt != nil {
			b, err := json.Marshal(g.value(mt.Schema, "", hashString(rt.key)))
			if err != nil {
				t.Fatal(err)
			}
			body = bytes.NewReader(b)
			hdr.Set("Content-Type", "application/json")
		}
	}
	target := "/" + strings.Join(segs, "/")
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	r := httptest.NewRequest(rt.method, target, body)
	for k, vs := range hdr {
		r.Header[k] = vs
	}
	if tok != "" {
		r.Header.Set("Authorization", "Bearer "+tok)
	}
	if c.AppKey != "" {
		r.Header.Set("ST-App-Key", c.AppKey)
	}
	return r
}

// allParams returns the parameters of rt's operation and path item, keyed "in:name".
func allParams(rt *route) map[string]*openapi3.Parameter {
	out := map[string]*openapi3.Parameter{}
	item := rt.doc.OpenAPI.Paths.Value(strings.TrimPrefix(rt.template, strings.TrimSuffix(rt.doc.BasePath, "/")))
	if item != nil {
		for _, p := range item.Parameters {
			if p.Value != nil {
				out[p.Value.In+":"+p.Value.Name] = p.Value
			}
		}
	}
	for _, p := range rt.op.Parameters {
		if p.Value != nil {
			out[p.Value.In+":"+p.Value.Name] = p.Value
		}
	}
	return out
}

// validateResponse checks a recorded response against rt's document,
// including that its status is declared (unless the operation declares no
// success response at all).
func validateResponse(rt *route, r *http.Request, w *httptest.ResponseRecorder) error {
	full := &routers.Route{
		Spec:      rt.doc.OpenAPI,
		Path:      rt.filter.Path,
		PathItem:  rt.doc.OpenAPI.Paths.Value(rt.filter.Path),
		Method:    rt.method,
		Operation: rt.op,
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, Route: full},
		Status:                 w.Code,
		Header:                 w.Header(),
		Body:                   io.NopCloser(bytes.NewReader(w.Body.Bytes())),
		Options:                &openapi3filter.Options{IncludeResponseStatus: !rt.reply.undeclared, MultiError: true},
	}
	return openapi3filter.ValidateResponse(r.Context(), in)
}

// decode unmarshals a JSON body.
func decode(t testing.TB, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	return m
}
