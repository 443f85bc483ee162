package stapi_test

import (
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stgen-dev/stgen/stapi"
)

// FuzzDecode decodes any input into the customer page with the Decoder and
// with encoding/json. What encoding/json decodes, the Decoder must decode to
// the same value; what it refuses, the Decoder must refuse too, but for the
// documented differences: the date-time forms without an offset (or with no
// time) that ServiceTitan sends, and numbers in string enums. Those are
// checked against encoding/json decoding into the same types with time.Time
// replaced by refTime and enums by refEnum, oracles that share no code with
// stapi.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		string(customerPage(2)), `{}`, `null`, `[]`, `{"data":null}`, `{"data":[]}`, `{"data":[null,{}]}`,
		`{"data":[{"id":1,"ID":2,"Id":3,"name":"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\ud83d","ſcore":4,"address":{"\u212aip":1}}]}`,
		`{"data":[{"createdOn":"2025-08-01","modifiedOn":"2025-08-01T00:00:00.12","lastVisit":"2026-01-02T03:04:05.1234567",
			"contacts":[{"createdOn":"2026-01-02T03:04:05+05:30","modifiedOn":"2026-01-02T03:04:05-00:00"}],"memberSince":"2025-08-01T23:00:00-05:00"}]}`,
		`{"data":[{"address":{"city":"a"},"address":{"zip":"b"},"billingAddress":{"city":"a"},"billingAddress":null,"labels":{"a":"b"},"labels":{"c":"d"}}]}`,
		`{"data":[{"customFields":[{"typeId":1},{"name":"x"},{}],"customFields":[{}],"customFields":[{},{},{}]}]}`,
		`{"data":[{"metadata":{"a":[1,-2.5e3,true,null,"s",{}]},"extra":{"x":[1]},"priority":3,"score":-1,"balance":1e400}]}`,
		`{"page":2147483648,"totalCount":null,"hasMore":true,"unknown":{"a":[1,{"b":[]}]}}`,
		"{\"data\":[{\"name\":\"\xff\xfe\",\"type\":\"\xed\xa0\x80\"}]}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var got PaginatedResponseOfCustomerResponse
		d := stapi.NewDecoder(in)
		decodePaginatedResponseOfCustomerResponse(d, &got)
		errGot := d.Finish()

		var want PaginatedResponseOfCustomerResponse
		if errWant := json.Unmarshal(in, &want); errWant == nil {
			if errGot != nil {
				t.Fatalf("encoding/json decodes %q; stapi fails: %v", in, errGot)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%q:\nstapi:         %#v\nencoding/json: %#v", in, got, want)
			}
		} else {
			want = PaginatedResponseOfCustomerResponse{}
			errRef := lenientUnmarshal(in, &want)
			switch {
			case errRef == nil && errGot != nil:
				t.Fatalf("encoding/json with lenient date-times and enums decodes %q; stapi fails: %v", in, errGot)
			case errRef != nil && errGot == nil:
				t.Fatalf("encoding/json fails on %q (%v); stapi decodes it to %#v", in, errRef, got)
			case errRef == nil && !reflect.DeepEqual(got, want):
				t.Fatalf("%q:\nstapi:                                         %#v\nencoding/json, lenient date-times and enums: %#v", in, got, want)
			}
		}

		var gotAny, wantAny any
		d = stapi.NewDecoder(in)
		d.Any(&gotAny)
		errGot = d.Finish()
		errWant := json.Unmarshal(in, &wantAny)
		if (errGot == nil) != (errWant == nil) || errGot == nil && !reflect.DeepEqual(gotAny, wantAny) {
			t.Fatalf("%q as any: stapi %#v, %v; encoding/json %#v, %v", in, gotAny, errGot, wantAny, errWant)
		}
	})
}

// refTime is a time.Time that also takes ServiceTitan's date-time forms:
// without an offset, or a bare date, both UTC.
type refTime time.Time

// lenientForm matches the forms refTime adds, quotes included.
var lenientForm = regexp.MustCompile(`^"[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?)?"$`)

func (r *refTime) UnmarshalJSON(b []byte) error {
	var t time.Time
	err := t.UnmarshalJSON(b)
	switch {
	case string(b) == "null":
		return nil
	case err == nil:
	case !lenientForm.Match(b):
		return err
	case len(b) == len(`"2006-01-02"`):
		t, err = time.Parse(`"2006-01-02"`, string(b))
	default:
		// Parse takes a fraction of a second after the seconds even though
		// the layout has none, and gives UTC when there is no offset.
		t, err = time.Parse(`"2006-01-02T15:04:05"`, string(b))
	}
	*r = refTime(t)
	return err
}

// refEnum is a string enum that also takes a JSON number, as its text
// exactly as written.
type refEnum string

func (r *refEnum) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && (b[0] == '-' || '0' <= b[0] && b[0] <= '9') {
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*r = refEnum(b)
		return nil
	}
	return json.Unmarshal(b, (*string)(r))
}

var (
	timeType    = reflect.TypeFor[time.Time]()
	refTimeType = reflect.TypeFor[refTime]()
	refEnumType = reflect.TypeFor[refEnum]()
)

// refType returns t with time.Time replaced by refTime and every named
// string type (an enum) by refEnum, wherever they occur.
func refType(t reflect.Type) reflect.Type {
	switch t.Kind() {
	case reflect.Pointer:
		return reflect.PointerTo(refType(t.Elem()))
	case reflect.Slice:
		return reflect.SliceOf(refType(t.Elem()))
	case reflect.Map:
		return reflect.MapOf(t.Key(), refType(t.Elem()))
	case reflect.String:
		if t.Name() != "" && t.PkgPath() != "" && t != reflect.TypeFor[json.Number]() {
			return refEnumType
		}
	case reflect.Struct:
		if t == timeType {
			return refTimeType
		}
		fields := make([]reflect.StructField, t.NumField())
		changed := false
		for i := range fields {
			fields[i] = t.Field(i)
			fields[i].Type = refType(fields[i].Type)
			changed = changed || fields[i].Type != t.Field(i).Type
		}
		if changed {
			return reflect.StructOf(fields)
		}
	}
	return t
}

// convertRef sets dst from src, one of type T and the other of type
// refType(T).
func convertRef(dst, src reflect.Value) {
	switch leaf := func(t reflect.Type) bool { return t == refTimeType || t == refEnumType }; {
	case src.Type() == dst.Type():
		dst.Set(src)
	case leaf(src.Type()) || leaf(dst.Type()):
		dst.Set(src.Convert(dst.Type()))
	case src.Kind() == reflect.Pointer:
		dst.SetZero()
		if !src.IsNil() {
			dst.Set(reflect.New(dst.Type().Elem()))
			convertRef(dst.Elem(), src.Elem())
		}
	case src.Kind() == reflect.Slice:
		dst.SetZero()
		if !src.IsNil() {
			// The elements up to the capacity count: encoding/json decodes into them.
			dst.Set(reflect.MakeSlice(dst.Type(), src.Cap(), src.Cap()))
			for i := range src.Cap() {
				convertRef(dst.Index(i), src.Slice(0, src.Cap()).Index(i))
			}
			dst.SetLen(src.Len())
		}
	case src.Kind() == reflect.Map:
		dst.SetZero()
		if !src.IsNil() {
			dst.Set(reflect.MakeMap(dst.Type()))
			for it := src.MapRange(); it.Next(); {
				v := reflect.New(dst.Type().Elem()).Elem()
				convertRef(v, it.Value())
				dst.SetMapIndex(it.Key(), v)
			}
		}
	case src.Kind() == reflect.Struct:
		for i := range src.NumField() {
			convertRef(dst.Field(i), src.Field(i))
		}
	default:
		panic("convertRef: " + src.Type().String())
	}
}

// lenientUnmarshal decodes data into *v, as encoding/json would with the
// leniencies stapi documents (refTime, refEnum), each written here apart
// from stapi's code: it decodes into a copy of *v of type refType(T) and
// copies the result back.
func lenientUnmarshal[T any](data []byte, v *T) error {
	pv := reflect.ValueOf(v)
	ref := reflect.New(refType(pv.Type().Elem()))
	convertRef(ref.Elem(), pv.Elem())
	if err := json.Unmarshal(data, ref.Interface()); err != nil {
		return err
	}
	convertRef(pv.Elem(), ref.Elem())
	return nil
}

// FuzzDecodeErrors decodes any input into the customer page, and into an
// interface, and checks that an error quotes nothing of the input but the
// type's own field names: every field name in its path is one of the type's
// JSON names (matched without regard to case, as decoding matches them) or
// ?, and every word of its message is a word of the package's own string
// literals. A value, a field name the type does not have, or a number
// copied into an error fails the check (unless the input's words are all
// words stapi's messages use, which are no secret).
func FuzzDecodeErrors(f *testing.F) {
	for _, seed := range []string{
		string(customerPage(1)), `{"data":[{"sk_live_Zq8x9Vw2":[1,}]}`, `{"data":[{"sk_live_Zq8x9Vw2" 1}]}`,
		`{"data":[{"labels":{"sk_live_Zq8x9Vw2":1}}]}`, `{"data":[{"metadata":{"sk_live":[1,]}}]}`,
		`{"data":[{"id":"sk_live_Zq8x9Vw2"}]}`, `{"data":[{"active":tsk_live}]}`, `{"data":[{"createdOn":"2026-01-02T03:04:05+sk_live"}]}`,
		`{"data":[{"memberSince":"sk_live_Zq8x9Vw2"}]}`, `{"data":[{"id":98765432109876543210}]}`, `{"data":[{"priority":1.5e3}]}`,
		`{"data":[{"name":"sk_live\q"}]}`, `{"data":[]} sk_live`, `{"data":[{"extra":{"sk_live":}}]}`,
	} {
		f.Add([]byte(seed))
	}
	vocabulary := sourceWords(f)
	keys := map[string]bool{}
	jsonNames(reflect.TypeFor[PaginatedResponseOfCustomerResponse](), keys, vocabulary)
	f.Fuzz(func(t *testing.T, in []byte) {
		var page PaginatedResponseOfCustomerResponse
		d := stapi.NewDecoder(in)
		decodePaginatedResponseOfCustomerResponse(d, &page)
		checkQuotesNothing(t, in, d.Finish(), keys, vocabulary)
		var v any
		d = stapi.NewDecoder(in)
		d.Any(&v)
		checkQuotesNothing(t, in, d.Finish(), nil, vocabulary)
	})
}

// checkQuotesNothing fails unless err, if any, is a *DecodeError whose path
// names only fields of keys (folded JSON names) and whose message's words are
// all in vocabulary.
func checkQuotesNothing(t *testing.T, in []byte, err error, keys, vocabulary map[string]bool) {
	t.Helper()
	if err == nil {
		return
	}
	var de *stapi.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("%q: error %v is not a *DecodeError", in, err)
	}
	if de.Err != nil {
		t.Fatalf("%q: error %v wraps %v", in, err, de.Err)
	}
	for _, w := range wordRE.FindAllString(de.Msg, -1) {
		if !vocabulary[w] {
			t.Fatalf("%q: the message of %v has the word %q, which is none of stapi's", in, err, w)
		}
	}
	path, cut := strings.CutPrefix(de.Path, "...")
	for i, m := range pathNameRE.FindAllStringSubmatch(path, -1) {
		name := m[1]
		if name == "?" || i == 0 && cut {
			continue
		}
		if !keys[stapi.FoldName(name)] {
			t.Fatalf("%q: the path of %v names %q, which is no field of the type", in, err, name)
		}
	}
}

var (
	wordRE = regexp.MustCompile(`[A-Za-z0-9]+`)
	// pathNameRE matches the field names of a path, not its indexes.
	pathNameRE = regexp.MustCompile(`(?:^|\.)([^.\[]+)`)
)

// sourceWords returns the words of the string literals of the package's
// own (non-test) files: every word its messages can hold.
func sourceWords(tb testing.TB) map[string]bool {
	tb.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		tb.Fatal(err)
	}
	words := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			tb.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && (lit.Kind == token.STRING || lit.Kind == token.CHAR) {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					for _, w := range wordRE.FindAllString(s, -1) {
						words[w] = true
					}
				}
			}
			return true
		})
	}
	if !words["expected"] {
		tb.Fatal("no words found in the package's string literals")
	}
	return words
}

// jsonNames adds to keys the folded JSON names of the fields of the structs
// t holds, and to vocabulary the words of their Go type names (a message can
// name the Go type).
func jsonNames(t reflect.Type, keys, vocabulary map[string]bool) {
	for _, w := range wordRE.FindAllString(t.String(), -1) {
		vocabulary[w] = true
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map:
		jsonNames(t.Elem(), keys, vocabulary)
	case reflect.Struct:
		if t == timeType || t.NumField() == 0 || keys[t.String()] {
			return
		}
		keys[t.String()] = true // visited; no folded name has a dot
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			keys[stapi.FoldName(name)] = true
			jsonNames(t.Field(i).Type, keys, vocabulary)
		}
	}
}
