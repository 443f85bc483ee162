package stapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/textproto"
	"reflect"
	"strings"
)

// File is a file to upload: the Go type of a body field the document
// declares as binary (`type: string, format: binary`).
type File struct {
	// Name is the file name sent with it ("photo.jpg").
	Name string
	// ContentType is its media type; empty means application/octet-stream.
	ContentType string
	// Body is read in full when the request is built.
	Body io.Reader
}

// Multipart encodes body, a struct (or a pointer to one) whose fields have
// JSON names, as multipart/form-data: each *File or File field as a file
// part, each other set field as a form field (text as it is, numbers and
// booleans formatted, anything else as JSON). It returns the encoded body
// and its Content-Type.
//
// ServiceTitan's documents declare their uploads (job attachments, images,
// installed-equipment attachments) as a JSON object with a binary `file`
// property, but the API takes files the way browsers send them: as a
// multipart form. Generated code sends such bodies with Multipart.
func Multipart(body any) ([]byte, string, error) {
	v := reflect.ValueOf(body)
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil, "", fmt.Errorf("no body")
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil, "", fmt.Errorf("a multipart body must be a struct, not a %s", v.Type())
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if err := writePart(w, name, v.Field(i)); err != nil {
			return nil, "", fmt.Errorf("field %s: %w", name, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

// writePart writes one field of a multipart body; nil values are left out.
func writePart(w *multipart.Writer, name string, v reflect.Value) error {
	if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Slice || v.Kind() == reflect.Map || v.Kind() == reflect.Interface) && v.IsNil() {
		return nil
	}
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if f, ok := v.Interface().(File); ok {
		if f.Body == nil {
			return fmt.Errorf("File.Body is nil")
		}
		ct := f.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, name, f.Name))
		h.Set("Content-Type", ct)
		part, err := w.CreatePart(h)
		if err != nil {
			return err
		}
		_, err = io.Copy(part, f.Body)
		return err
	}
	s, err := formatScalar(v)
	if err != nil {
		b, jerr := json.Marshal(v.Interface())
		if jerr != nil {
			return jerr
		}
		s = string(b)
	}
	return w.WriteField(name, s)
}
