package stapi_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/stgen-dev/stgen/stapi"
)

// Kind and Level as generated: enums with the UnmarshalJSON of every
// generated type, which runs the type's decoder.
func (v *Kind) UnmarshalJSON(b []byte) error  { return stapi.Decode(b, v, stapi.Enum[Kind]) }
func (v *Level) UnmarshalJSON(b []byte) error { return stapi.Decode(b, v, stapi.IntEnum[Level]) }

// nullableCase decodes every input into a Nullable[T] both ways: with
// json.Unmarshal, which runs Nullable's UnmarshalJSON, and with the decoder
// generated code writes for a Nullable[T] field, NullableOf(decode).
func nullableCase[T any](decode func(*stapi.Decoder, *T), inputs ...string) func(*testing.T) {
	return func(t *testing.T) {
		for _, in := range inputs {
			var viaJSON, viaDecoder stapi.Nullable[T]
			errJSON := json.Unmarshal([]byte(in), &viaJSON)
			errDecoder := stapi.Decode([]byte(in), &viaDecoder, stapi.NullableOf(decode))
			if (errJSON == nil) != (errDecoder == nil) {
				t.Errorf("%s: json.Unmarshal: %v; the generated decoder: %v", in, errJSON, errDecoder)
				continue
			}
			if errJSON != nil {
				continue
			}
			if !reflect.DeepEqual(viaJSON, viaDecoder) {
				t.Errorf("%s: json.Unmarshal gives %#v; the generated decoder %#v", in, viaJSON, viaDecoder)
			}
		}
	}
}

// TestNullableDifferential checks that json.Unmarshal into a Nullable[T]
// gives what the generated decoder of a Nullable[T] field gives, for every
// T the generator makes Nullable: the same bytes, the same value or an
// error both ways.
func TestNullableDifferential(t *testing.T) {
	common := []string{`null`, ` null `, `nul`, `true`, `0`, `-1`, `1.5`, `1e3`, `"x"`, `""`, `[]`, `{}`, `[1,"a"]`, `{"a":1}`}
	stamps := []string{`"2026-01-02T03:04:05Z"`, `"2026-01-02T03:04:05.12"`, `"2026-01-02T03:04:05.123456789+02:00"`, `"2025-08-01"`, `"2025-08-01T00:00:00"`, `"yesterday"`, `"2026-13-02T03:04:05"`}
	ints := []string{`42`, `"42"`, `9007199254740993`, `-9223372036854775808`, `9223372036854775808`, `2147483648`, `1.0`}
	with := func(extra ...string) []string { return append(append([]string{}, common...), extra...) }
	t.Run("string", nullableCase((*stapi.Decoder).String, with(`"caf\u00e9"`, `"\ud800"`)...))
	t.Run("bool", nullableCase((*stapi.Decoder).Bool, with(`false`)...))
	t.Run("int", nullableCase((*stapi.Decoder).Int, with(ints...)...))
	t.Run("int32", nullableCase((*stapi.Decoder).Int32, with(ints...)...))
	t.Run("int64", nullableCase((*stapi.Decoder).Int64, with(ints...)...))
	t.Run("float64", nullableCase((*stapi.Decoder).Float64, with(ints...)...))
	t.Run("time.Time", nullableCase((*stapi.Decoder).Time, with(stamps...)...))
	t.Run("Date", nullableCase((*stapi.Decoder).Date, with(stamps...)...))
	t.Run("[]byte", nullableCase((*stapi.Decoder).Bytes, with(`"aGk="`, `"aGk"`, `[104,105]`, `[256]`)...))
	t.Run("any", nullableCase((*stapi.Decoder).Any, with(ints...)...))
	t.Run("string enum", nullableCase(stapi.Enum[Kind], with(`"Unlisted"`, `0`, `-1.5e3`)...))
	t.Run("integer enum", nullableCase(stapi.IntEnum[Level], with(ints...)...))
	records := []string{`{"id":"7"}`, `{"ID":9007199254740993,"e":0,"t":"2026-01-02T03:04:05.12","d":"2025-08-01T00:00:00","sl":[1,2],"m":{"a":"b"},"p":{"n":1},"s":null}`, `{"t":"nope"}`}
	t.Run("struct", nullableCase(decodeRecord, with(records...)...))
	t.Run("*struct", nullableCase(stapi.PtrOf(decodeRecord), with(records...)...))
	t.Run("[]time.Time", nullableCase(stapi.SliceOf((*stapi.Decoder).Time), with(`["2026-01-02T03:04:05.12",null,"2025-08-01"]`, `[1]`)...))
	t.Run("[]int64", nullableCase(stapi.SliceOf((*stapi.Decoder).Int64), with(`[9007199254740993,null]`, `["1"]`, `[1.5]`)...))
	t.Run("[]string enum", nullableCase(stapi.SliceOf(stapi.Enum[Kind]), with(`[0,"a",null]`)...))
	t.Run("[]*struct", nullableCase(stapi.SliceOf(stapi.PtrOf(decodeRecord)), with(`[null,{"n":3}]`)...))
	t.Run("[][]string", nullableCase(stapi.SliceOf(stapi.SliceOf((*stapi.Decoder).String)), with(`[["a"],[],null]`)...))
	t.Run("map[string]time.Time", nullableCase(stapi.MapOf((*stapi.Decoder).Time), with(`{"a":"2026-01-02T03:04:05.12","b":null}`, `{"a":1}`)...))
	t.Run("map[string]any", nullableCase(stapi.MapOf((*stapi.Decoder).Any), with(`{"a":[1,{"b":null}],"a":2}`)...))
}

// TestNullableLenientTime is the case that json.Unmarshal into a
// Nullable[time.Time] refused: a date-time without an offset, which the
// client takes as UTC.
func TestNullableLenientTime(t *testing.T) {
	var n stapi.Nullable[time.Time]
	if err := json.Unmarshal([]byte(`"2026-01-02T03:04:05.12"`), &n); err != nil {
		t.Fatal(err)
	}
	if v, ok := n.Get(); !ok || !v.Equal(time.Date(2026, 1, 2, 3, 4, 5, 120e6, time.UTC)) {
		t.Errorf("got %v, %v; want 2026-01-02 03:04:05.12 UTC", v, ok)
	}
}
