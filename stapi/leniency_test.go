package stapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stgen-dev/stgen/stapi"
)

// Kind and Level are a string and an integer enum, as generated.
type (
	Kind  string
	Level int32
)

// record has a field of every kind generated types have, and the
// UnmarshalJSON method a generated type has, which decodes with its
// generated decoder.
type record struct {
	S   string            `json:"s"`
	N   int32             `json:"n"`
	ID  int64             `json:"id"`
	F   float64           `json:"f"`
	B   bool              `json:"b"`
	E   Kind              `json:"e"`
	L   Level             `json:"l"`
	Sub sub               `json:"sub"`
	P   *sub              `json:"p"`
	Sl  []int64           `json:"sl"`
	M   map[string]string `json:"m"`
	A   any               `json:"a"`
	T   time.Time         `json:"t"`
	D   stapi.Date        `json:"d"`
}

type sub struct {
	N int32 `json:"n"`
}

func (v *record) UnmarshalJSON(b []byte) error { return stapi.Decode(b, v, decodeRecord) }

func decodeRecord(d *stapi.Decoder, v *record) {
	for key := d.Object(); key != nil; key = d.Field() {
		switch string(key) {
		case "S":
			d.String(&v.S)
		case "N":
			d.Int32(&v.N)
		case "ID":
			d.Int64(&v.ID)
		case "F":
			d.Float64(&v.F)
		case "B":
			d.Bool(&v.B)
		case "E":
			stapi.Enum(d, &v.E)
		case "L":
			stapi.IntEnum(d, &v.L)
		case "SUB":
			decodeSub(d, &v.Sub)
		case "P":
			stapi.Ptr(d, &v.P, decodeSub)
		case "SL":
			stapi.Slice(d, &v.Sl, (*stapi.Decoder).Int64)
		case "M":
			stapi.Map(d, &v.M, (*stapi.Decoder).String)
		case "A":
			d.Any(&v.A)
		case "T":
			d.Time(&v.T)
		case "D":
			d.Date(&v.D)
		}
	}
}

func decodeSub(d *stapi.Decoder, v *sub) {
	for key := d.Object(); key != nil; key = d.Field() {
		if string(key) == "N" {
			d.Int32(&v.N)
		}
	}
}

// TestLeniency is the rule set of decoding, one row a rule: each body
// decodes into a record to the value given (the zero record with the
// row's changes), or fails with the path given, the same way through the
// client, through stapi.Decode, and through json.Unmarshal into the type.
func TestLeniency(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	}
	for _, c := range []struct {
		rule, body string
		want       func(*record) // nil: an error
		path       string        // the error's
	}{
		{"null in a non-nullable string gives the zero value", `{"s":null}`, func(*record) {}, ""},
		{"null in a non-nullable integer", `{"n":null,"id":null,"l":null}`, func(*record) {}, ""},
		{"null in a non-nullable number and bool", `{"f":null,"b":null}`, func(*record) {}, ""},
		{"null in a non-nullable enum", `{"e":null}`, func(*record) {}, ""},
		{"null in a non-nullable struct", `{"sub":null}`, func(*record) {}, ""},
		{"null in a non-nullable slice and map", `{"sl":null,"m":null}`, func(*record) {}, ""},
		{"null in a non-nullable date-time and date", `{"t":null,"d":null}`, func(*record) {}, ""},
		{"null in a pointer is nil", `{"p":null}`, func(*record) {}, ""},
		{"a number in a string enum is its text", `{"e":0}`, func(r *record) { r.E = "0" }, ""},
		{"a fraction in a string enum, as written", `{"e":1.5}`, func(r *record) { r.E = "1.5" }, ""},
		{"an exponent in a string enum, as written", `{"e":-1E3}`, func(r *record) { r.E = "-1E3" }, ""},
		{"a long number in a string enum, as written", `{"e":123456789012345678901234567890}`, func(r *record) { r.E = "123456789012345678901234567890" }, ""},
		{"an enum value the document does not list is kept", `{"e":"Unlisted"}`, func(r *record) { r.E = "Unlisted" }, ""},
		{"an integer enum value the document does not list is kept", `{"l":42}`, func(r *record) { r.L = 42 }, ""},
		{"unknown fields are ignored", `{"unknown":{"x":[1,{"y":null}]},"s":"a"}`, func(r *record) { r.S = "a" }, ""},
		{"field names match without regard to case", `{"S":"a","Id":1}`, func(r *record) { r.S, r.ID = "a", 1 }, ""},
		{"an int64 past 2^53 stays exact", `{"id":9007199254740993}`, func(r *record) { r.ID = 9007199254740993 }, ""},
		{"a number in any is a float64, as in encoding/json", `{"a":9007199254740993}`, func(r *record) { r.A = float64(9007199254740992) }, ""},
		{"a date-time with 1 fractional digit and Z", `{"t":"2026-01-02T03:04:05.1Z"}`, func(r *record) { r.T = utc(2026, 1, 2, 3, 4, 5, 100_000_000) }, ""},
		{"a date-time with 7 fractional digits, no offset: UTC", `{"t":"2026-01-02T03:04:05.1234567"}`, func(r *record) { r.T = utc(2026, 1, 2, 3, 4, 5, 123_456_700) }, ""},
		{"a date-time with 9 fractional digits, no offset", `{"t":"2026-01-02T03:04:05.123456789"}`, func(r *record) { r.T = utc(2026, 1, 2, 3, 4, 5, 123_456_789) }, ""},
		{"a date-time with an offset keeps it", `{"t":"2026-01-02T03:04:05.5+05:30"}`, func(r *record) {
			r.T = time.Date(2026, 1, 2, 3, 4, 5, 500_000_000, time.FixedZone("", 5*3600+1800))
		}, ""},
		{"a date as a date-time is midnight UTC", `{"t":"2025-08-01"}`, func(r *record) { r.T = utc(2025, 8, 1, 0, 0, 0, 0) }, ""},
		{"a date sent as a date-time is its date", `{"d":"2025-08-01T00:00:00"}`, func(r *record) { r.D = stapi.Date{Year: 2025, Month: 8, Day: 1} }, ""},
		{"a date sent as a date-time with an offset is its date as written", `{"d":"2025-08-01T19:00:00-05:00"}`, func(r *record) { r.D = stapi.Date{Year: 2025, Month: 8, Day: 1} }, ""},
		{"a string for an integer fails at its path", `{"n":"1"}`, nil, "n"},
		{"a fraction for an integer fails", `{"id":1.5}`, nil, "id"},
		{"an integer out of range fails", `{"n":2147483648}`, nil, "n"},
		{"a bool for a string enum fails", `{"e":true}`, nil, "e"},
		{"an object for a string enum fails", `{"e":{}}`, nil, "e"},
		{"a wrong type deep down fails at its path", `{"sub":{"n":"x"}}`, nil, "sub.n"},
		{"in a slice, at its index", `{"sl":[1,2,"3"]}`, nil, "sl[2]"},
		{"in a map, at ? for its key", `{"m":{"key":1}}`, nil, "m.?"},
		{"a time that is not one fails", `{"t":"2026-13-01T00:00:00"}`, nil, "t"},
		{"a date that is not one fails", `{"d":"2026-02-30"}`, nil, "d"},
		{"malformed JSON fails", `{"s":"a",}`, nil, ""},
	} {
		t.Run(c.rule, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, c.body) }))
			defer srv.Close()
			client := &stapi.Client{BaseURL: srv.URL, Tenant: 1}
			viaClient, errClient := stapi.JSON(context.Background(), client, &stapi.Call{Method: "GET", Path: "/x/tenant/{tenant}/r"}, new(record), decodeRecord, nil)
			var viaDecode, viaUnmarshal record
			errDecode := stapi.Decode([]byte(c.body), &viaDecode, decodeRecord)
			errUnmarshal := json.Unmarshal([]byte(c.body), &viaUnmarshal)

			if c.want == nil {
				var se *json.SyntaxError
				if !json.Valid([]byte(c.body)) && errors.As(errUnmarshal, &se) {
					errUnmarshal = errDecode // encoding/json checks the syntax before UnmarshalJSON sees the body
				}
				for name, err := range map[string]error{"the client": errClient, "stapi.Decode": errDecode, "json.Unmarshal": errUnmarshal} {
					var de *stapi.DecodeError
					if !errors.As(err, &de) || de.Path != c.path {
						t.Errorf("%s: %s gave %v; want an error at path %q", c.body, name, err, c.path)
					}
				}
				return
			}
			var want record
			c.want(&want)
			for name, got := range map[string]struct {
				r   *record
				err error
			}{"the client": {viaClient, errClient}, "stapi.Decode": {&viaDecode, errDecode}, "json.Unmarshal": {&viaUnmarshal, errUnmarshal}} {
				if got.err != nil || got.r == nil || !sameRecord(*got.r, want) {
					t.Errorf("%s: %s gave %+v, %v; want %+v", c.body, name, got.r, got.err, want)
				}
			}
		})
	}
}

// sameRecord reports whether a and b are equal, their times the same instant
// with the same offset.
func sameRecord(a, b record) bool {
	_, offA := a.T.Zone()
	_, offB := b.T.Zone()
	if !a.T.Equal(b.T) || offA != offB || a.T.Location() == time.UTC != (b.T.Location() == time.UTC) {
		return false
	}
	a.T, b.T = time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}

// TestUnmarshalJSONNull decodes null into a record through its
// UnmarshalJSON method, as encoding/json calls it for a null field: it
// leaves the record as it is.
func TestUnmarshalJSONNull(t *testing.T) {
	var v struct{ R record }
	v.R.S = "kept"
	if err := json.Unmarshal([]byte(`{"R":null}`), &v); err != nil || v.R.S != "kept" {
		t.Errorf("null: %+v, %v", v.R, err)
	}
	if err := json.Unmarshal([]byte(`{"R":{"e":1}}`), &v); err != nil || v.R.E != "1" || !strings.Contains(fmt.Sprint(v.R.S), "kept") {
		t.Errorf("a number enum inside a struct json.Unmarshal decodes: %+v, %v", v.R, err)
	}
}
