package stapi_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stgen-dev/stgen/stapi"
)

// same decodes input with encoding/json and with decode, each into a fresh
// value from init, and fails unless both reject it or both accept it with
// equal results; where encoding/json rejects it, it compares with
// encoding/json with the leniencies stapi documents (lenientUnmarshal).
func same[T any](t *testing.T, input string, init func() T, decode func(*stapi.Decoder, *T)) {
	t.Helper()
	want := init()
	errWant := json.Unmarshal([]byte(input), &want)
	got := init()
	d := stapi.NewDecoder([]byte(input))
	decode(d, &got)
	errGot := d.Finish()
	if errWant != nil && errGot == nil {
		want = init()
		errWant = lenientUnmarshal([]byte(input), &want)
	}
	switch {
	case errWant == nil && errGot != nil:
		t.Errorf("%q: encoding/json decodes it to %#v; stapi fails: %v", input, want, errGot)
	case errWant != nil && errGot == nil:
		t.Errorf("%q: encoding/json fails (%v), leniently too; stapi decodes it to %#v", input, errWant, got)
	case errWant == nil && !reflect.DeepEqual(got, want):
		t.Errorf("%q:\nstapi:         %#v\nencoding/json: %#v", input, got, want)
	case errGot != nil:
		var de *stapi.DecodeError
		if !errors.As(errGot, &de) {
			t.Errorf("%q: error %v is not a *stapi.DecodeError", input, errGot)
		}
	}
}

// sameAll runs same on each input, as a subtest named by the input.
func sameAll[T any](t *testing.T, inputs []string, init func() T, decode func(*stapi.Decoder, *T)) {
	t.Helper()
	for _, in := range inputs {
		t.Run(fmt.Sprintf("%q", in), func(t *testing.T) { same(t, in, init, decode) })
	}
}

func zero[T any]() T { var v T; return v }

func TestDecodeStrings(t *testing.T) {
	inputs := []string{
		`"plain"`, `""`, `"a long string without any escape in it at all"`, ` "spaced" `,
		`"esc \" \\ \/ \b \f \n \r \t end"`, `"\u00e9\u4e2d\u0041\u0000"`, `"\uD83D\uDE00 pair"`,
		`"lone high \ud83d"`, `"lone high then text \ud83dx"`, `"two highs \ud83d\ud83d\ude00"`,
		`"lone low \ude00"`, `"high then BMP \ud83d\u0041"`, `"high then short \ud83d\u12"`,
		`"high at end \ud83d\"`, `"high then escape \ud83d\n"`,
		"\"invalid \xff byte\"", "\"truncated \xe2\x82\"", "\"utf-8 surrogate \xed\xa0\x80\"",
		"\"replacement \xef\xbf\xbd kept\"", "\"overlong \xc0\xaf\"", "\"\xf4\x90\x80\x80 beyond U+10FFFF\"",
		"\"mixed é \xff and \\n escape\"", "\"del \x7f ok\"", "\"é\"", "\"12345678é12345678\xff\"",
		"\"control \x01 char\"", "\"raw\ttab\"", "\"raw\nnewline\"", `"bad escape \x"`, `"bad \'"`,
		`"short \u12"`, `"bad hex \u12g4"`, `"unterminated`, `"unterminated \`, `"`, `"\u`,
		`"a"b`, `null`, `nul`, `nulll`, `1`, `true`, `{}`, `[]`, ``, ` `,
	}
	for i := range 10 {
		// Escapes and specials at every offset within the 8-byte blocks.
		inputs = append(inputs, `"`+strings.Repeat("x", i)+`\n`+strings.Repeat("y", 9)+`"`,
			`"`+strings.Repeat("x", i)+"\x02\"", "\""+strings.Repeat("x", i)+"\xff"+strings.Repeat("y", 9)+"\"")
	}
	sameAll(t, inputs, func() string { return "init" }, (*stapi.Decoder).String)
	sameAll(t, inputs, func() CustomerType { return "init" }, stapi.Enum[CustomerType])
	// A number in a string enum is its text, as written.
	numbers := []string{`0`, `-2`, `1.5`, `1e3`, `-0.0E+1`, `12345678901234567890123`, ` 7 `, `01`, `1.`, `-`, `1e`, `0x1`, `1 2`}
	sameAll(t, numbers, func() CustomerType { return "init" }, stapi.Enum[CustomerType])
}

func TestDecodeIntegers(t *testing.T) {
	common := []string{
		`0`, `-0`, `7`, `123`, `-123`, ` 42 `, `null`, `1.0`, `1e2`, `1E2`, `0e0`, `-0.0`, `01`, `00`, `-`, `-a`,
		`1.`, `.5`, `+1`, `1e`, `1e+`, `--1`, `4 2`, `"1"`, `true`, `{}`, `[1]`, `1x`, ``,
		`2147483647`, `2147483648`, `-2147483648`, `-2147483649`,
		`9223372036854775807`, `9223372036854775808`, `-9223372036854775808`, `-9223372036854775809`,
		`18446744073709551615`, `18446744073709551616`, `99999999999999999999`, `12345678901234567890123`,
		`10000000000000000000`, `-10000000000000000000`,
	}
	sameAll(t, common, func() int64 { return 9 }, (*stapi.Decoder).Int64)
	sameAll(t, common, func() int32 { return 9 }, (*stapi.Decoder).Int32)
	sameAll(t, common, func() int { return 9 }, (*stapi.Decoder).Int)
	sameAll(t, common, func() Priority { return 9 }, stapi.IntEnum[Priority])
	sameAll(t, common, func() level { return 9 }, stapi.IntEnum[level])
}

func TestDecodeFloats(t *testing.T) {
	inputs := []string{
		`0`, `-0`, `-0.0`, `1.5`, `-1.5`, `0.1`, `0.3`, `1e10`, `1E-10`, `1e+2`, `1.25e-3`, `100`, `5e-324`, `4.9e-324`,
		`2e-324`, `1e-400`, `-1e-400`, `1e308`, `1.7976931348623157e308`, `1.7976931348623159e308`, `1e309`, `-1e309`,
		`2.2250738585072011e-308`, `0.30000000000000004`, `9007199254740993`, `9007199254740992.5`,
		`123456789012345678901234567890`, `100000000000000000000000e-10`, `1e22`, `1e23`, `123456789e20`,
		`12345e30`, `1234567e25`, `4503599627370497`, `4503599627370496.5`, `0.000000000000000000000000000001234567890123456789`,
		`123456789012345678.9`, `1.00000000000000000000000000001`, `99999999999999999999e-20`, `1e99999999999`,
		`1e-99999999999`, `0e99999999999`, `1302.88`, `5388.91`, `-87.5966`, `12.3456789`,
		`null`, `1.`, `.1`, `-`, `1e`, `01.5`, `"1.5"`, `true`, `[]`, `NaN`, `Infinity`,
	}
	sameAll(t, inputs, func() float64 { return 9 }, (*stapi.Decoder).Float64)
	sameAll(t, inputs, func() any { return "init" }, (*stapi.Decoder).Any)
}

func TestDecodeBools(t *testing.T) {
	inputs := []string{`true`, `false`, ` true `, `null`, `tru`, `truex`, `fals`, `falsey`, `True`, `1`, `"true"`, `[]`, `{}`, ``}
	sameAll(t, inputs, func() bool { return true }, (*stapi.Decoder).Bool)
	sameAll(t, inputs, func() bool { return false }, (*stapi.Decoder).Bool)
}

func TestDecodeAny(t *testing.T) {
	inputs := []string{
		`{}`, `[]`, `null`, `{"a":1,"b":[true,false,null,"s",{"c":{}}],"a":2}`, `[1,[2,[3,[]]]]`,
		`{"k\u00e9y":"v","Key":"w","key":"x"}`, "{\"\xff\":1}", `{"a":1e400}`, `[1,]`, `{"a":1,}`, `{"a"}`,
		`{"a":1 "b":2}`, `{1:2}`, `[1 2]`, `{"a":[}`, `"s"`, `1.5`, `true`, `{"a":nul}`, `[`, `{`,
	}
	sameAll(t, inputs, func() any { return nil }, (*stapi.Decoder).Any)
	sameAll(t, inputs, func() any { return map[string]any{"old": 1.0} }, (*stapi.Decoder).Any)
	sameAll(t, inputs, func() any { return []any{1.0} }, (*stapi.Decoder).Any)
	// A non-nil pointer in the interface is decoded into, as encoding/json does.
	sameAll(t, []string{`5`, `null`, `"x"`}, func() any { n := int64(1); return &n }, (*stapi.Decoder).Any)
	sameAll(t, []string{`{"id":5}`, `null`}, func() any { return &ExternalDataModel{Key: "k"} }, (*stapi.Decoder).Any)
}

func TestDecodeContainers(t *testing.T) {
	slices := []string{`null`, `[]`, `[1]`, `[1,2,3]`, `[null,2]`, ` [ 1 , 2 ] `, `[1,]`, `[,1]`, `[1 2]`, `[`, `{}`, `"a"`, `[1.5]`}
	sameAll(t, slices, zero[[]int64], func(d *stapi.Decoder, v *[]int64) { stapi.Slice(d, v, (*stapi.Decoder).Int64) })
	sameAll(t, slices, func() []int64 { return []int64{7, 8, 9, 10} }, func(d *stapi.Decoder, v *[]int64) { stapi.Slice(d, v, (*stapi.Decoder).Int64) })
	sameAll(t, slices, func() []int64 { return make([]int64, 1, 5) }, func(d *stapi.Decoder, v *[]int64) { stapi.Slice(d, v, (*stapi.Decoder).Int64) })
	// Elements between the length and the capacity are decoded into, not zeroed.
	structs := []string{`[{"typeId":1},{}]`, `[{},{"name":"x"}]`, `[null,null,null,null]`, `[]`, `null`}
	stale := func() []CustomFieldModel {
		name := "stale"
		s := []CustomFieldModel{{TypeID: 1}, {TypeID: 2, Name: &name}, {TypeID: 3}}
		return s[:1]
	}
	sameAll(t, structs, stale, func(d *stapi.Decoder, v *[]CustomFieldModel) { stapi.Slice(d, v, decodeCustomFieldModel) })

	maps := []string{`null`, `{}`, `{"a":"x"}`, `{"a":"x","a":"y"}`, `{"a":null}`, `{"\u00e9":"x","A":"y"}`, `{"a":1}`, `{"a":"x",}`, `[]`, `"s"`}
	sameAll(t, maps, zero[map[string]string], func(d *stapi.Decoder, v *map[string]string) { stapi.Map(d, v, (*stapi.Decoder).String) })
	sameAll(t, maps, func() map[string]string { return map[string]string{"a": "old", "b": "kept"} },
		func(d *stapi.Decoder, v *map[string]string) { stapi.Map(d, v, (*stapi.Decoder).String) })
	// A map's values are decoded into a zero value, not into the value the key had.
	sameAll(t, []string{`{"a":{"key":"k"}}`, `{"a":null}`}, func() map[ContactType]ExternalDataModel {
		return map[ContactType]ExternalDataModel{"a": {Key: "old", Value: "old"}}
	}, func(d *stapi.Decoder, v *map[ContactType]ExternalDataModel) { stapi.Map(d, v, decodeExternalDataModel) })

	ptrs := []string{`null`, `5`, `"x"`, `1.5`, `nul`}
	sameAll(t, ptrs, zero[*int64], func(d *stapi.Decoder, v **int64) { stapi.Ptr(d, v, (*stapi.Decoder).Int64) })
	sameAll(t, ptrs, func() *int64 { n := int64(3); return &n }, func(d *stapi.Decoder, v **int64) { stapi.Ptr(d, v, (*stapi.Decoder).Int64) })
	sameAll(t, []string{`null`, `{}`, `{"city":"x"}`}, func() *CustomerAddress { return &CustomerAddress{Street: "old"} },
		func(d *stapi.Decoder, v **CustomerAddress) { stapi.Ptr(d, v, decodeCustomerAddress) })
}

func TestDecodeStructs(t *testing.T) {
	inputs := []string{
		`{}`, `null`, `[]`, `"x"`, `1`, `{"id":1,"name":"n"}`, ` { "id" : 1 , "name" : "n" } `,
		// Names match case-insensitively, as encoding/json folds them.
		`{"ID":1,"NAME":"n","TaxExempt":true,"taxexempt":false,"CreatedByID":3}`, `{"\u0069d":2,"n\u0061me":"e"}`,
		`{"ſcore":5,"ſCORE":6}`, `{"ıd":1}`, `{"İD":1}`, "{\"i\xffd\":1}", `{"externalData":[{"\u212aey":"kelvin"}]}`,
		`{"externalData":[{"KEY":"a","key":"b","Key":"c"}]}`,
		// null leaves values as they are and sets pointers, slices, maps and interfaces to nil.
		`{"id":null,"name":null,"active":null,"balance":null,"type":null,"createdOn":null,"memberSince":null,"priority":null,"score":null,"address":null}`,
		`{"mergedToId":null,"creditLimit":null,"billingAddress":null,"renewalDate":null,"lastVisit":null,"tagTypeIds":null,"labels":null,"metadata":null,"contacts":null,"extra":null}`,
		// Duplicate names: the later value wins, merged into structs, pointers and maps.
		`{"id":1,"id":2}`, `{"address":{"city":"a","zip":"1"},"address":{"city":"b"}}`,
		`{"billingAddress":{"city":"a","zip":"1"},"billingAddress":{"city":"b"}}`,
		`{"billingAddress":{"city":"a"},"billingAddress":null,"billingAddress":{"zip":"2"}}`,
		`{"labels":{"a":"1","b":"2"},"labels":{"b":"3"}}`, `{"labels":{"a":"1"},"labels":null,"labels":{"b":"3"}}`,
		`{"metadata":{"a":1},"metadata":{"b":2}}`, `{"metadata":{"a":1},"metadata":[1]}`,
		`{"customFields":[{"typeId":1,"name":"a"},{"typeId":2,"value":"b"},{"typeId":3}],"customFields":[{"value":"c"}],"customFields":[{},{"typeId":9},{}]}`,
		`{"tagTypeIds":[1,2,3],"tagTypeIds":[4],"tagTypeIds":[null,null,null]}`, `{"tagTypeIds":[1,2],"tagTypeIds":[]}`,
		`{"contacts":[{"id":1,"phoneSettings":{"phoneNumber":"1"}}],"contacts":[{"phoneSettings":{"doNotText":true}}]}`,
		`{"extra":{"a":1},"extra":null}`, `{"extra":[1, 2 ]}`, `{"extra":"x"}`, `{"extra":nul}`,
		// Unknown names are skipped, whatever their value, but it must be well-formed.
		`{"unknown":{"a":[1,{"b":null}],"c":"\u00e9"},"id":1}`, `{"unknown":[1,2,}`, `{"unknown":"\x"}`, `{"unknown":tru}`,
		`{"unknown":01}`, `{"unknown":{"a" 1}}`, `{"unknown":{1:2}}`, `{"unknown":[1 2]}`, `{"unknown":}`, `{"unknown"}`,
		// Values of the wrong type, and malformed objects.
		`{"id":"1"}`, `{"id":1.5}`, `{"name":1}`, `{"active":"true"}`, `{"address":[]}`, `{"tagTypeIds":{}}`, `{"labels":[]}`,
		`{"createdOn":1}`, `{"createdOn":{}}`, `{"memberSince":1}`, `{"priority":"x"}`, `{"type":2}`,
		`{"id":1,}`, `{,}`, `{"id":1 "name":"x"}`, `{"id"}`, `{"id":}`, `{id:1}`, `{"id":1}}`, `{"id":1}x`, `{"id":1} {}`,
		`{"id":1`, `{`, ``, `   `, "{\"name\":\"a\"}\x00",
	}
	sameAll(t, inputs, zero[CustomerResponse], decodeCustomerResponse)
	record := customerPage(1)
	filled := func() CustomerResponse {
		var p PaginatedResponseOfCustomerResponse
		if err := json.Unmarshal(record, &p); err != nil {
			panic(err)
		}
		return p.Data[0]
	}
	sameAll(t, inputs, filled, decodeCustomerResponse)
}

func TestDecodePage(t *testing.T) {
	for _, n := range []int{0, 1, 7, 300} {
		same(t, string(customerPage(n)), zero[PaginatedResponseOfCustomerResponse], decodePaginatedResponseOfCustomerResponse)
	}
}

func TestDecodeDepth(t *testing.T) {
	for _, n := range []int{9999, 10000, 10001} {
		arrays := strings.Repeat("[", n) + strings.Repeat("]", n)
		objects := strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n)
		for _, s := range []string{arrays, objects} {
			t.Run(fmt.Sprintf("%d/%.1s", n, s), func(t *testing.T) {
				same(t, s, zero[any], (*stapi.Decoder).Any)
				// One level more, inside the struct.
				same(t, `{"unknown":`+s+`}`, zero[CustomerResponse], decodeCustomerResponse)
				same(t, `{"metadata":`+s+`}`, zero[CustomerResponse], decodeCustomerResponse)
			})
		}
	}
}

func TestDecodeTimes(t *testing.T) {
	// Forms time.Time takes: stapi gives its values, location included.
	inputs := []string{
		`"2026-01-02T03:04:05Z"`, `"2026-01-02T03:04:05.1Z"`, `"2026-01-02T03:04:05.1234567Z"`, `"2026-01-02T03:04:05.123456789Z"`,
		`"2026-01-02T03:04:05.123456789123Z"`, `"2026-01-02T03:04:05+00:00"`, `"2026-01-02T03:04:05-00:00"`, `"2026-01-02T03:04:05.5+05:30"`,
		`"2026-01-02T03:04:05-08:00"`, `"2024-02-29T00:00:00Z"`, `"2023-02-29T00:00:00Z"`, `"2026-04-31T00:00:00Z"`, `"0000-01-01T00:00:00Z"`,
		`"9999-12-31T23:59:59.999999999Z"`, `"2026-13-01T00:00:00Z"`, `"2026-00-01T00:00:00Z"`, `"2026-01-00T00:00:00Z"`, `"2026-01-02T24:00:00Z"`,
		`"2026-01-02T23:60:00Z"`, `"2026-01-02T23:59:60Z"`, `"2026-01-02t03:04:05Z"`, `"2026-01-02T03:04:05z"`, `"2026-01-02 03:04:05Z"`,
		`"2026-01-02T03:04:05.Z"`, `"2026-01-02T03:04:05,5Z"`, `"2026-01-02T3:04:05Z"`, `"2026-01-02T03:04:05+24:00"`, `"2026-01-02T03:04:05+01:60"`,
		`"2026-01-02T03:04:05+0100"`, `"2026-01-02T03:04:05+01"`, `"+2026-01-02T03:04:05Z"`, `"20260-01-02T03:04:05Z"`, `"2026-1-02T03:04:05Z"`,
		`"2026-01-02T03:04:05Z "`, `"2026\u002d01-02T03:04:05Z"`, `"2026-01-02T03:04:05\u005a"`, `"-001-01-01T00:00:00Z"`,
		`null`, `1`, `true`, `{}`, `[]`, `""`, `"x"`, `"2026-01-02T03:04:05Z`, "\"2026-01-02T03:04:05Z\x01\"",
	}
	sameAll(t, inputs, func() time.Time { return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) }, (*stapi.Decoder).Time)
	sameAll(t, inputs, zero[*time.Time], func(d *stapi.Decoder, v **time.Time) { stapi.Ptr(d, v, (*stapi.Decoder).Time) })

	// ServiceTitan's own forms, which time.Time refuses: UTC.
	for in, want := range map[string]time.Time{
		`"2025-08-01"`:                  time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC),
		`"2025-08-01T00:00:00"`:         time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC),
		`"2026-01-02T03:04:05.12"`:      time.Date(2026, 1, 2, 3, 4, 5, 120000000, time.UTC),
		`"2026-01-02T03:04:05.1234567"`: time.Date(2026, 1, 2, 3, 4, 5, 123456700, time.UTC),
		`"2024-02-29"`:                  time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
	} {
		var got time.Time
		d := stapi.NewDecoder([]byte(in))
		d.Time(&got)
		if err := d.Finish(); err != nil || got != want {
			t.Errorf("Time(%s) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{`"2023-02-29"`, `"2025-08-01T"`, `"2025-08-01T00:00"`, `"2025-08-01T24:00:00"`, `"2025-08-01T00:00:00.Z"`, `"2025-8-01"`} {
		var got time.Time
		d := stapi.NewDecoder([]byte(in))
		d.Time(&got)
		if err := d.Finish(); err == nil {
			t.Errorf("Time(%s) = %v; want an error", in, got)
		}
	}
}

func TestDecodeDates(t *testing.T) {
	// stapi.Date decodes the same way under encoding/json (its UnmarshalJSON)
	// and under the Decoder.
	inputs := []string{
		`"2025-08-01"`, `"2025-08-01T00:00:00"`, `"2025-08-01T23:30:00-05:00"`, `"2025-08-01T00:00:00Z"`, `"2025-08-01T00:00:00.1234567"`,
		`"2024-02-29"`, `"2023-02-29"`, `"2025-13-01"`, `"2025-08-1"`, `"2025-08-01T"`, `"2025-08-01T25:00:00"`, `"2025-08-01T00:00:00+24:00"`,
		`"2025\u002d08-01"`, `"0000-01-01"`, `"9999-12-31"`, `""`, `"x"`, `null`, `1`, `{}`, `[]`, `"2025-08-01`,
	}
	sameAll(t, inputs, func() stapi.Date { return stapi.Date{Year: 2000, Month: 1, Day: 1} }, (*stapi.Decoder).Date)
	sameAll(t, inputs, zero[*stapi.Date], func(d *stapi.Decoder, v **stapi.Date) { stapi.Ptr(d, v, (*stapi.Decoder).Date) })
}

// collide has field names that are equal once folded; encoding/json takes
// an exact match first, else the first field.
type collide struct {
	A string `json:"Id"`
	B string `json:"ID"`
	C string `json:"id"`
}

func decodeCollide(d *stapi.Decoder, v *collide) {
	for key := d.Object(); key != nil; key = d.Field() {
		switch string(key) {
		case "ID":
			switch string(d.Key()) {
			case "ID":
				d.String(&v.B)
			case "id":
				d.String(&v.C)
			default:
				d.String(&v.A)
			}
		default:
			d.Skip()
		}
	}
}

func TestDecodeKey(t *testing.T) {
	sameAll(t, []string{`{"Id":"a"}`, `{"ID":"b"}`, `{"id":"c"}`, `{"iD":"d"}`, `{"\u0069d":"e"}`, `{"id":"c","Id":"a","iD":"d"}`},
		zero[collide], decodeCollide)
}

// failing has an UnmarshalJSON method that fails.
type failing struct{}

func (*failing) UnmarshalJSON([]byte) error { return errors.New("failing: refused") }

func TestDecodeUnmarshal(t *testing.T) {
	inputs := []string{`null`, `{"a":[1,2]}`, ` [ 1 ] `, `"s"`, `{"a":}`}
	sameAll(t, inputs, zero[json.RawMessage], func(d *stapi.Decoder, v *json.RawMessage) { d.Unmarshal(v) })
	sameAll(t, inputs, zero[*json.RawMessage], func(d *stapi.Decoder, v **json.RawMessage) { d.Unmarshal(v) })
	sameAll(t, inputs, zero[failing], func(d *stapi.Decoder, v *failing) { d.Unmarshal(v) })
	sameAll(t, inputs, zero[*failing], func(d *stapi.Decoder, v **failing) { d.Unmarshal(v) })
}

func TestFoldName(t *testing.T) {
	for in, want := range map[string]string{
		"id": "ID", "createdOn": "CREATEDON", "\u212aey": "KEY", "ſcore": "SCORE", "é": "É", "ß": "ß", "": "",
	} {
		if got := stapi.FoldName(in); got != want {
			t.Errorf("FoldName(%q) = %q; want %q", in, got, want)
		}
	}
}

// level is an integer enum narrower than int64.
type level int32

func TestDecodeErrors(t *testing.T) {
	page := `{"page":1,"data":[{"id":1},{"id":2,"address":{"zip":12345}}]}`
	for _, c := range []struct {
		input, want string
		decode      func(*stapi.Decoder)
	}{
		{page, `stapi: JSON data[1].address.zip at offset 52: expected a string, got a number`, nil},
		{`{"data":[{"id":"secret-looking value"}]}`, `stapi: JSON data[0].id at offset 15: expected an integer, got a string`, nil},
		{`{"data":[{"id":1.5}]}`, `stapi: JSON data[0].id at offset 15: expected an int64, got a number with a fraction or an exponent`, nil},
		{`{"page":3000000000}`, `stapi: JSON page at offset 8: expected an int32, got a number out of its range`, nil},
		{`{"data":[{"createdOn":"2026-13-01T00:00:00Z"}]}`, `stapi: JSON data[0].createdOn at offset 22: expected a date-time (RFC 3339, or without an offset, or a date), got a string that is not one`, nil},
		{`{"data":[{"memberSince":"2026-02-30"}]}`, `stapi: JSON data[0].memberSince at offset 24: expected a date (2006-01-02, or a date and time), got a string that is not one`, nil},
		{`{"data":[{"n\u0061me":1}]}`, `stapi: JSON data[0].name at offset 22: expected a string, got a number`, nil},
		{`{"data":[{},{"unknown":[1,2,}]}`, `stapi: JSON data[1].?[2] at offset 28: invalid character '}'; expected a value`, nil},
		{`{"data":[{"id":1}]`, `stapi: JSON data at offset 18: unexpected end of the input; expected ',' or '}' after an object field`, nil},
		{`{"data":[{"id":1}]} x`, `stapi: JSON at offset 20: invalid letter; expected the end of the input after the value`, nil},
		{`{"data":[{"name":"a` + "\x01" + `"}]}`, `stapi: JSON data[0].name at offset 19: invalid control character; expected a string character (control characters must be escaped)`, nil},
		{`[]`, `stapi: JSON at offset 0: expected an object, got an array`, nil},
		{`{"data":[{"active":tru}]}`, `stapi: JSON data[0].active at offset 19: invalid literal; expected true, false or null`, nil},
		{`{"data":[{"extra":{"a":}}]}`, `stapi: JSON data[0].extra.? at offset 23: invalid character '}'; expected a value`, nil},
		{`3000000000`, `stapi: JSON at offset 0: expected a stapi_test.level, got a number out of its range`,
			func(d *stapi.Decoder) { stapi.IntEnum(d, new(level)) }},
	} {
		d := stapi.NewDecoder([]byte(c.input))
		if c.decode != nil {
			c.decode(d)
		} else {
			var out PaginatedResponseOfCustomerResponse
			decodePaginatedResponseOfCustomerResponse(d, &out)
		}
		err := d.Finish()
		if err == nil || err.Error() != c.want {
			t.Errorf("%s:\n got %v\nwant %s", c.input, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "secret-looking") {
			t.Errorf("%s: the error quotes a string value: %v", c.input, err)
		}
	}
	// A long path is cut, never the whole input.
	deep := strings.Repeat(`{"abcdefghij":`, 500) + `x` + strings.Repeat(`}`, 500)
	var v any
	d := stapi.NewDecoder([]byte(deep))
	d.Any(&v)
	var de *stapi.DecodeError
	if err := d.Finish(); !errors.As(err, &de) || len(err.Error()) > 400 || de.Offset != 500*14 || !strings.HasPrefix(de.Path, "...") {
		t.Errorf("deep error = %v (%d bytes)", err, len(fmt.Sprint(err)))
	}
	// The error of a date-time does not wrap time's, which quotes the text.
	d = stapi.NewDecoder([]byte(`"2026-13-01T00:00:00+01:00"`))
	d.Time(new(time.Time))
	var pe *time.ParseError
	if err := d.Finish(); err == nil || errors.As(err, &pe) {
		t.Errorf("Time error %v wraps a *time.ParseError", err)
	}
}

func TestDecodeFloat32(t *testing.T) {
	inputs := []string{`0`, `-1.5`, `3.4028234663852886e38`, `3.5e38`, `1e-46`, `16777217`, `0.1`, `1e400`, `null`, `"1"`, `true`, `1.`}
	sameAll(t, inputs, func() float32 { return 9 }, (*stapi.Decoder).Float32)
}

func TestDecodeBytes(t *testing.T) {
	inputs := []string{
		`"aGVsbG8="`, `"aGVsbG8"`, `""`, `"aGVs\nbG8="`, `"aGVs\r\nbG8="`, `"aGVsbG8=="`, `"a"`, `"!!!!"`, `"aGVs bG8="`,
		`"YQ=="`, `"\u0059Q=="`, `null`, `[104,105]`, `[]`, `[256]`, `[-1]`, `[1.5]`, `["a"]`, `1`, `{}`, `true`,
	}
	sameAll(t, inputs, zero[[]byte], (*stapi.Decoder).Bytes)
	sameAll(t, inputs, func() []byte { return []byte("old") }, (*stapi.Decoder).Bytes)
}

func TestDecodeRawMessage(t *testing.T) {
	inputs := []string{`null`, `{"a":[1,2]}`, ` [ 1 ] `, `"s"`, `1.5e3`, `true`, `{"a":}`, `[1,]`, ``}
	sameAll(t, inputs, zero[json.RawMessage], (*stapi.Decoder).RawMessage)
	sameAll(t, inputs, func() json.RawMessage { return json.RawMessage(`"old"`) }, (*stapi.Decoder).RawMessage)
}
