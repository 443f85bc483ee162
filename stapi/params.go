package stapi

import (
	"encoding"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Parameters structs tell how each field is sent with struct tags, which
// generated code writes from the document:
//
//	Page     *int32            `query:"page"`
//	IDs      []int64           `query:"ids"`                            // ids=1&ids=2
//	Fields   map[string]string `query:"customField.Fields,deepObject"` // customField.Fields[Color]=red
//	Sort     []SortField       `query:"sort,deepObject"`               // sort[0][field]=name
//	RequestID *string          `header:"X-Request-ID"`
//
// A nil pointer, slice or map is not sent; anything else is, zero values
// included (a required parameter is a plain value). Times go out in UTC with
// a Z ("2026-01-02T03:04:05Z": some endpoints reject "+00:00"), dates as
// "2006-01-02".

// encodeParams adds the fields of params, a pointer to a parameters struct
// (or nil), to q and h.
func encodeParams(params any, q url.Values, h http.Header) error {
	v := reflect.ValueOf(params)
	if !v.IsValid() || v.Kind() == reflect.Pointer && v.IsNil() {
		return nil
	}
	v = reflect.Indirect(v)
	if v.Kind() != reflect.Struct {
		return fmt.Errorf("parameters are a %s, not a struct", v.Type())
	}
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		fv := v.Field(i)
		if tag, ok := f.Tag.Lookup("query"); ok {
			name, opts, _ := strings.Cut(tag, ",")
			var err error
			switch opts {
			case "deepObject":
				err = addDeep(q, name, fv)
			case "csv", "ssv", "pipes":
				err = addJoined(q, name, fv, map[string]string{"csv": ",", "ssv": " ", "pipes": "|"}[opts])
			default:
				err = addForm(q, name, fv)
			}
			if err != nil {
				return fmt.Errorf("query parameter %s: %w", name, err)
			}
		}
		if name, ok := f.Tag.Lookup("header"); ok {
			s, set, err := formatOptional(fv)
			if err != nil {
				return fmt.Errorf("header %s: %w", name, err)
			}
			if set {
				h.Set(name, s)
			}
		}
	}
	return nil
}

// addForm adds a scalar, or each element of a slice, under name (form style, exploded).
func addForm(q url.Values, name string, v reflect.Value) error {
	if v.Kind() == reflect.Slice {
		for i := range v.Len() {
			s, err := formatScalar(v.Index(i))
			if err != nil {
				return err
			}
			q.Add(name, s)
		}
		return nil
	}
	s, set, err := formatOptional(v)
	if set {
		q.Add(name, s)
	}
	return err
}

// addJoined adds the elements of a slice as one value, joined by sep
// (nothing for an empty slice); a scalar as it is.
func addJoined(q url.Values, name string, v reflect.Value, sep string) error {
	if v.Kind() != reflect.Slice {
		return addForm(q, name, v)
	}
	if v.Len() == 0 {
		return nil
	}
	parts := make([]string, v.Len())
	for i := range parts {
		s, err := formatScalar(v.Index(i))
		if err != nil {
			return err
		}
		parts[i] = s
	}
	q.Add(name, strings.Join(parts, sep))
	return nil
}

// addDeep adds a map, a struct, or a slice of them, as deepObject:
// name[key]=value, name[i][field]=value.
func addDeep(q url.Values, name string, v reflect.Value) error {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		for _, k := range keys {
			if err := addDeep(q, name+"["+fmt.Sprint(k)+"]", v.MapIndex(k)); err != nil {
				return err
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			if err := addDeep(q, name+"["+strconv.Itoa(i)+"]", v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Struct:
		if _, ok := v.Interface().(time.Time); ok {
			return addForm(q, name, v)
		}
		if _, ok := v.Interface().(Date); ok {
			return addForm(q, name, v)
		}
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if key == "-" || !f.IsExported() {
				continue
			}
			if key == "" {
				key = f.Name
			}
			if err := addDeep(q, name+"["+key+"]", v.Field(i)); err != nil {
				return err
			}
		}
	default:
		return addForm(q, name, v)
	}
	return nil
}

// formatOptional formats v, reporting set false for a nil pointer.
func formatOptional(v reflect.Value) (s string, set bool, err error) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "", false, nil
		}
		v = v.Elem()
	}
	s, err = formatScalar(v)
	return s, err == nil, err
}

// formatScalar formats one value as a parameter sends it.
func formatScalar(v reflect.Value) (string, error) {
	if !v.IsValid() {
		return "", fmt.Errorf("no value")
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "", nil
		}
		v = v.Elem()
	}
	switch x := v.Interface().(type) {
	case time.Time:
		return FromTime(x), nil
	case encoding.TextMarshaler:
		b, err := x.MarshalText()
		return string(b), err
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), nil
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'f', -1, v.Type().Bits()), nil
	}
	return "", fmt.Errorf("a %s cannot be sent as text", v.Type())
}

// expandPath replaces the {name} placeholders of a path template: {tenant}
// with tenant, the others with args in order, each escaped as one segment.
func expandPath(template string, tenant int64, args []any) (string, error) {
	var b strings.Builder
	b.Grow(len(template) + 16)
	next := 0
	for rest := template; ; {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			b.WriteString(rest)
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return "", fmt.Errorf("path %q: unclosed {", template)
		}
		b.WriteString(rest[:open])
		name := rest[open+1 : open+end]
		rest = rest[open+end+1:]
		if name == "tenant" {
			b.WriteString(strconv.FormatInt(tenant, 10))
			continue
		}
		if next >= len(args) {
			return "", fmt.Errorf("path %q: no value for {%s}", template, name)
		}
		s, err := formatScalar(reflect.ValueOf(args[next]))
		if err != nil {
			return "", fmt.Errorf("path parameter %s: %w", name, err)
		}
		next++
		b.WriteString(url.PathEscape(s))
	}
	if next != len(args) {
		return "", fmt.Errorf("path %q: %d values for %d parameters", template, len(args), next)
	}
	return b.String(), nil
}
