package stapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// thing is a result type with its decoder, as generated code has them.
type thing struct {
	ID   int64
	Name string
}

func decodeThing(d *Decoder, v *thing) {
	for key := d.Object(); key != nil; key = d.Field() {
		switch string(key) {
		case "ID":
			d.Int64(&v.ID)
		case "NAME":
			d.String(&v.Name)
		}
	}
}

type color string

type sortField struct {
	Field     string `json:"field"`
	Ascending bool   `json:"ascending"`
}

// listParams is a parameters struct as generated code writes them.
type listParams struct {
	Page      *int32            `query:"page"`
	PageSize  *int32            `query:"pageSize"`
	IDs       []int64           `query:"ids"`
	Sort2     []string          `query:"order,csv"`
	Tags      []string          `query:"tags,pipes"`
	Color     *color            `query:"color"`
	Since     *time.Time        `query:"modifiedOnOrAfter"`
	On        *Date             `query:"on"`
	Active    bool              `query:"active"`
	Fields    map[string]string `query:"customField.Fields,deepObject"`
	Sort      []sortField       `query:"sort,deepObject"`
	RequestID *string           `header:"X-Request-ID"`
}

// recorder serves handler and keeps the last request it got.
func recorder(t *testing.T, handler http.HandlerFunc) (*Client, *http.Request) {
	t.Helper()
	last := new(http.Request)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*last = *r.Clone(context.Background())
		handler(w, r)
	}))
	t.Cleanup(srv.Close)
	return &Client{BaseURL: srv.URL + "/", Tenant: 7}, last
}

func TestJSONRequest(t *testing.T) {
	c, last := recorder(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"id": 42, "name": "Ada", "extra": [1, {"x": null}]}`)
	})
	minus6 := time.FixedZone("-06:00", -6*3600)
	since := time.Date(2026, 1, 2, 3, 4, 5, 0, minus6)
	red, on, page, reqID := color("red"), Date{2026, time.March, 4}, int32(2), "r-1"
	params := &listParams{
		Page: &page, IDs: []int64{3, 4}, Color: &red, Since: &since, On: &on,
		Fields: map[string]string{"Size": "L", "Color": "blue"},
		Sort:   []sortField{{"name", true}}, RequestID: &reqID,
		Sort2: []string{"name", "-id"}, Tags: []string{"a", "b"},
	}
	got, err := JSON(context.Background(), c, &Call{
		Method: http.MethodGet, Path: "/crm/v2/tenant/{tenant}/things/{id}/parts/{name}",
		Args: []any{int64(42), "a b/c"}, Params: params,
	}, new(thing), decodeThing, []Option{WithQuery("modifiedBefore", "2026-02-01"), WithHeader("X-Extra", "1"), WithIdempotencyKey("k-1")})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != 42 || got.Name != "Ada" {
		t.Errorf("decoded %+v; want ID 42, Name Ada", got)
	}
	if want := "/crm/v2/tenant/7/things/42/parts/a%20b%2Fc"; last.URL.EscapedPath() != want {
		t.Errorf("path %s; want %s", last.URL.EscapedPath(), want)
	}
	want := url.Values{
		"page": {"2"}, "ids": {"3", "4"}, "color": {"red"}, "on": {"2026-03-04"}, "active": {"false"},
		"modifiedOnOrAfter":         {"2026-01-02T09:04:05Z"},
		"customField.Fields[Color]": {"blue"}, "customField.Fields[Size]": {"L"},
		"sort[0][field]": {"name"}, "sort[0][ascending]": {"true"},
		"modifiedBefore": {"2026-02-01"},
		"order":          {"name,-id"}, "tags": {"a|b"},
	}
	if q := last.URL.Query(); q.Encode() != want.Encode() {
		t.Errorf("query\n%s\nwant\n%s", q.Encode(), want.Encode())
	}
	for h, v := range map[string]string{"X-Request-Id": "r-1", "X-Extra": "1", "Idempotency-Key": "k-1"} {
		if got := last.Header.Get(h); got != v {
			t.Errorf("header %s = %q; want %q", h, got, v)
		}
	}
	if last.URL.Query().Has("pageSize") {
		t.Error("a nil parameter was sent")
	}
}

func TestJSONBodyAndErrors(t *testing.T) {
	c, last := recorder(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/x/tenant/7/empty":
			w.WriteHeader(http.StatusNoContent)
		case "/x/tenant/7/missing":
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"title":"Thing not found","status":404,"traceId":"abc","errors":{"id":["unknown"]}}`)
		case "/x/tenant/7/big":
			io.WriteString(w, `{"name": "`+strings.Repeat("x", 100)+`"}`)
		case "/x/tenant/7/bad":
			io.WriteString(w, `{"id": "forty-two"}`)
		default:
			body, _ := io.ReadAll(r.Body)
			w.Write(body)
		}
	})
	ctx := context.Background()
	got, err := JSON(ctx, c, &Call{Method: http.MethodPost, Path: "/x/tenant/{tenant}/things", Body: thing{ID: 1, Name: "echo"}}, new(thing), decodeThing, nil)
	if err != nil || got.Name != "echo" || last.Header.Get("Content-Type") != "application/json" {
		t.Errorf("echoed body: %+v, %v, Content-Type %q", got, err, last.Header.Get("Content-Type"))
	}
	if got, err := JSON(ctx, c, &Call{Method: http.MethodGet, Path: "/x/tenant/{tenant}/empty"}, new(thing), decodeThing, nil); err != nil || *got != (thing{}) {
		t.Errorf("an empty 2xx body: %+v, %v; want the zero value", got, err)
	}
	var resp *http.Response
	_, err = JSON(ctx, c, &Call{Method: http.MethodGet, Path: "/x/tenant/{tenant}/missing"}, new(thing), decodeThing, []Option{WithResponse(&resp)})
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.Status != 404 || apiErr.Title != "Thing not found" || apiErr.TraceID != "abc" {
		t.Errorf("404: %v; want an *Error with the body's fields", err)
	}
	if resp == nil || resp.StatusCode != 404 {
		t.Errorf("WithResponse on an error: %v", resp)
	} else if b, _ := io.ReadAll(resp.Body); !strings.Contains(string(b), "Thing not found") {
		t.Errorf("WithResponse body %q; want the error body", b)
	}
	small := *c
	small.MaxResponseBytes = 50
	if _, err := JSON(ctx, &small, &Call{Method: http.MethodGet, Path: "/x/tenant/{tenant}/big"}, new(thing), decodeThing, nil); err == nil || !strings.Contains(err.Error(), "larger than 50 bytes") || !strings.Contains(err.Error(), "MaxResponseBytes") {
		t.Errorf("a body over the bound: %v; want an error naming the bound", err)
	}
	if _, err := JSON(ctx, c, &Call{Method: http.MethodGet, Path: "/x/tenant/{tenant}/bad"}, new(thing), decodeThing, nil); err == nil || !strings.Contains(err.Error(), "expected an integer, got a string") {
		t.Errorf("a wrong type: %v; want a decoding error", err)
	}
	if _, err := JSON(ctx, &Client{BaseURL: c.BaseURL}, &Call{Method: http.MethodGet, Path: "/x/tenant/{tenant}/empty"}, new(thing), decodeThing, nil); err == nil || !strings.Contains(err.Error(), "Tenant is not set") {
		t.Errorf("no tenant: %v", err)
	}
}

func TestTimeoutOption(t *testing.T) {
	c, _ := recorder(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	start := time.Now()
	_, err := Bytes(context.Background(), c, &Call{Method: http.MethodGet, Path: "/x/tenant/{tenant}/slow"}, []Option{WithTimeout(50 * time.Millisecond)})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("WithTimeout: %v; want a deadline error", err)
	}
	if time.Since(start) > 4*time.Second {
		t.Error("WithTimeout did not end the call")
	}
}

func TestStreamAndBytes(t *testing.T) {
	c, last := recorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			if r.URL.Path == "/x/tenant/7/quiet" {
				return
			}
			io.WriteString(w, `{"deleted": true}`)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `attachment; filename="job 1.pdf"`)
		io.WriteString(w, "%PDF-1.7")
	})
	ctx := context.Background()
	dl, err := Stream(ctx, c, &Call{Method: http.MethodGet, Path: "/x/tenant/{tenant}/file", Accept: "application/pdf"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(dl.Body)
	dl.Body.Close()
	if string(b) != "%PDF-1.7" || dl.ContentType != "application/pdf" || dl.Filename != "job 1.pdf" || dl.ContentLength != 8 {
		t.Errorf("download %q %+v", b, dl)
	}
	if last.Header.Get("Accept") != "application/pdf" {
		t.Errorf("Accept %q", last.Header.Get("Accept"))
	}
	if b, err := Bytes(ctx, c, &Call{Method: http.MethodDelete, Path: "/x/tenant/{tenant}/thing"}, nil); err != nil || string(b) != `{"deleted": true}` {
		t.Errorf("Bytes = %q, %v; want the body the document did not declare", b, err)
	}
	if b, err := Bytes(ctx, c, &Call{Method: http.MethodDelete, Path: "/x/tenant/{tenant}/quiet"}, nil); err != nil || b != nil {
		t.Errorf("Bytes of an empty body = %q, %v; want nil", b, err)
	}
}

func TestMultipart(t *testing.T) {
	c, _ := recorder(t, func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		f, h, err := r.FormFile("file")
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		b, _ := io.ReadAll(f)
		io.WriteString(w, h.Filename+"|"+h.Header.Get("Content-Type")+"|"+string(b)+"|"+r.FormValue("note"))
	})
	body := struct {
		File *File  `json:"file,omitempty"`
		Note string `json:"note"`
		Skip *int   `json:"skip,omitempty"`
	}{File: &File{Name: "a.png", ContentType: "image/png", Body: strings.NewReader("PNG")}, Note: "front"}
	b, err := Bytes(context.Background(), c, &Call{Method: http.MethodPost, Path: "/x/tenant/{tenant}/attachments", Body: body, Multipart: true}, nil)
	if err != nil || string(b) != "a.png|image/png|PNG|front" {
		t.Errorf("multipart upload: %q, %v", b, err)
	}
}

func TestExpandPath(t *testing.T) {
	for _, c := range []struct {
		path string
		args []any
		want string
		err  string
	}{
		{"/a/tenant/{tenant}/b/{id}", []any{int64(5)}, "/a/tenant/9/b/5", ""},
		{"/a/{d}", []any{Date{2026, 1, 2}}, "/a/2026-01-02", ""},
		{"/a/{x}/{y}", []any{"1"}, "", "no value for {y}"},
		{"/a/{x}", []any{"1", "2"}, "", "2 values for 1 parameters"},
		{"/a/{x", nil, "", "unclosed"},
	} {
		got, err := expandPath(c.path, 9, c.args)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("expandPath(%q) = %q, %v; want an error with %q", c.path, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("expandPath(%q) = %q, %v; want %q", c.path, got, err, c.want)
		}
	}
}

func TestRows(t *testing.T) {
	rows := Rows(NewColumns([]string{"Name", "Total", "Name"}), [][]any{{"Ada", 12.5, "dup"}, {"Bob"}})
	if rows[0].String("Name") != "Ada" || rows[0].Float("Total") != 12.5 {
		t.Errorf("row 0 by name: %v %v", rows[0].String("Name"), rows[0].Float("Total"))
	}
	if _, ok := rows[1].Get("Total"); ok {
		t.Error("a short row has a value for its missing column")
	}
	if m := rows[0].Map(); m["Total"] != 12.5 {
		t.Errorf("Map = %v", m)
	}
}
