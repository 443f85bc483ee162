package stapi_test

import (
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stgen-dev/stgen/stapi"
)

func TestDate(t *testing.T) {
	d := stapi.Date{Year: 2026, Month: time.January, Day: 2}
	if got := d.String(); got != "2026-01-02" {
		t.Errorf("String() = %q", got)
	}
	if got := (stapi.Date{Year: 7, Month: 3, Day: 4}).String(); got != "0007-03-04" {
		t.Errorf("String() = %q; want 0007-03-04", got)
	}
	loc := time.FixedZone("X", -5*3600)
	if got, want := d.In(loc), time.Date(2026, 1, 2, 0, 0, 0, 0, loc); !got.Equal(want) || got.Location() != loc {
		t.Errorf("In = %v; want %v", got, want)
	}
	if got := stapi.DateOf(time.Date(2026, 1, 2, 23, 30, 0, 0, loc)); got != d {
		t.Errorf("DateOf = %v; want %v (the date in the time's own location)", got, d)
	}
	next := stapi.Date{Year: 2026, Month: time.January, Day: 3}
	if !d.Before(next) || d.After(next) || !next.After(d) || d.Compare(next) != -1 || next.Compare(d) != 1 || d.Compare(d) != 0 {
		t.Error("Before, After or Compare is wrong for 2026-01-02 and 2026-01-03")
	}
	if (stapi.Date{Year: 2025, Month: 12, Day: 31}).Compare(d) != -1 || (stapi.Date{Year: 2026, Month: 2, Day: 1}).Compare(d) != 1 {
		t.Error("Compare does not order by year, then month")
	}
	if !(stapi.Date{}).IsZero() || d.IsZero() || (stapi.Date{}).IsValid() || !d.IsValid() {
		t.Error("IsZero or IsValid is wrong")
	}
	for _, bad := range []stapi.Date{{}, {2026, 2, 29}, {2026, 13, 1}, {2026, 0, 1}, {2026, 4, 31}, {10000, 1, 1}, {-1, 1, 1}} {
		if bad.IsValid() {
			t.Errorf("%v.IsValid() = true", bad)
		}
		if _, err := json.Marshal(bad); err == nil || !strings.Contains(err.Error(), "not a valid date") {
			t.Errorf("Marshal(%#v) error = %v; want one saying it is not a valid date", bad, err)
		}
	}
	if !(stapi.Date{Year: 2024, Month: 2, Day: 29}).IsValid() || !(stapi.Date{Year: 2000, Month: 2, Day: 29}).IsValid() || (stapi.Date{Year: 1900, Month: 2, Day: 29}).IsValid() {
		t.Error("IsValid is wrong about leap years")
	}

	// JSON: encoded in the documented form, decoded leniently; null leaves it as it is.
	type body struct {
		On  stapi.Date  `json:"on"`
		Due *stapi.Date `json:"due,omitempty"`
	}
	b, err := json.Marshal(body{On: d, Due: &next})
	if err != nil || string(b) != `{"on":"2026-01-02","due":"2026-01-03"}` {
		t.Errorf("Marshal = %s, %v", b, err)
	}
	for in, want := range map[string]body{
		`{"on":"2026-01-02"}`:                             {On: d},
		`{"on":"2026-01-02T00:00:00","due":"2026-01-03"}`: {On: d, Due: &next},
		`{"on":"2026-01-02T23:30:00.1234567-05:00"}`:      {On: d},
		`{"on":"2026-01-02T00:00:00Z","due":null}`:        {On: d},
		`{"on":null}`:              {On: stapi.Date{Year: 1999, Month: 1, Day: 1}},
		`{"on":"2026\u002d01-02"}`: {On: d},
	} {
		got := body{On: stapi.Date{Year: 1999, Month: 1, Day: 1}}
		if err := json.Unmarshal([]byte(in), &got); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Unmarshal(%s) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{`{"on":"2026-02-30"}`, `{"on":"26-01-02"}`, `{"on":20260102}`, `{"on":"2026-01-02T"}`, `{"on":"2026-01-02 00:00:00"}`} {
		var got body
		if err := json.Unmarshal([]byte(in), &got); err == nil {
			t.Errorf("Unmarshal(%s) = %+v; want an error", in, got)
		}
	}

	// Text, as in query parameters and map keys.
	if b, err := d.MarshalText(); err != nil || string(b) != "2026-01-02" {
		t.Errorf("MarshalText = %s, %v", b, err)
	}
	var u stapi.Date
	if err := u.UnmarshalText([]byte("2026-01-02T05:00:00")); err != nil || u != d {
		t.Errorf("UnmarshalText = %v, %v", u, err)
	}
	if err := u.UnmarshalText([]byte("tomorrow")); err == nil || strings.Contains(err.Error(), "tomorrow") {
		t.Errorf("UnmarshalText(tomorrow) error = %v; want one that does not quote the input, which can be a body's", err)
	}
	if got, err := stapi.ParseDate("2025-08-01T00:00:00"); err != nil || got != (stapi.Date{Year: 2025, Month: 8, Day: 1}) {
		t.Errorf("ParseDate = %v, %v", got, err)
	}
}

// dateForm is the oracle's pattern for the forms ParseDate takes: a date,
// then optionally a time, a fraction of a second and an offset.
var dateForm = regexp.MustCompile(`^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:T([0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$`)

// oracleDate parses s as ParseDate should, with time.Parse checking each part.
func oracleDate(s string) (stapi.Date, bool) {
	m := dateForm.FindStringSubmatch(s)
	if m == nil {
		return stapi.Date{}, false
	}
	t, err := time.Parse("2006-01-02", m[1])
	if err != nil {
		return stapi.Date{}, false
	}
	if m[2] != "" {
		if _, err := time.Parse("15:04:05", m[2]); err != nil {
			return stapi.Date{}, false
		}
	}
	if len(m[3]) > 1 {
		if _, err := time.Parse("15:04", m[3][1:]); err != nil {
			return stapi.Date{}, false
		}
	}
	return stapi.DateOf(t), true
}

func FuzzDate(f *testing.F) {
	for _, s := range []string{
		"2025-08-01", "2025-08-01T00:00:00", "2025-08-01T23:59:59.1234567Z", "2025-08-01T01:02:03-05:00", "2024-02-29",
		"2023-02-29", "0000-01-01", "9999-12-31", "2025-08-01T24:00:00", "2025-08-01T00:00:00+24:00", "2025-08-01T", "2025-08-01 00:00:00", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := stapi.ParseDate(s)
		want, ok := oracleDate(s)
		if (err == nil) != ok || got != want {
			t.Fatalf("ParseDate(%q) = %v, %v; the oracle says %v, %v", s, got, err, want, ok)
		}
		quoted, _ := json.Marshal(s)
		var viaJSON stapi.Date
		errJSON := json.Unmarshal(quoted, &viaJSON)
		var viaDecoder stapi.Date
		d := stapi.NewDecoder(quoted)
		d.Date(&viaDecoder)
		errDecoder := d.Finish()
		if (errJSON == nil) != ok || (errDecoder == nil) != ok || viaJSON != want || viaDecoder != want {
			t.Fatalf("%s: UnmarshalJSON %v, %v; Decoder %v, %v; want %v, %v", quoted, viaJSON, errJSON, viaDecoder, errDecoder, want, ok)
		}
		if !ok {
			return
		}
		if !got.IsValid() || stapi.DateOf(got.In(time.UTC)) != got {
			t.Fatalf("ParseDate(%q) = %v, not a valid date", s, got)
		}
		if b, err := got.MarshalText(); err != nil || string(b) != s[:10] {
			t.Fatalf("MarshalText(ParseDate(%q)) = %s, %v; want the date as written", s, b, err)
		}
	})
}

func FuzzTime(f *testing.F) {
	for _, s := range []string{
		"2026-01-02T03:04:05Z", "2026-01-02T03:04:05.1234567Z", "2026-01-02T03:04:05+05:30", "2026-01-02T03:04:05-00:00",
		"2026-01-02T03:04:05", "2026-01-02T03:04:05.12", "2025-08-01", "2023-02-29", "2026-01-02T3:04:05Z", "2026-01-02T03:04:05,5Z",
		"2026-01-02T03:04:05+24:00", "2026-01-02t03:04:05z", "2026-01-02T03:04:05\\u005a", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in := []byte(`"` + s + `"`)
		var want refTime
		errWant := json.Unmarshal(in, &want)
		var got time.Time
		d := stapi.NewDecoder(in)
		d.Time(&got)
		errGot := d.Finish()
		if (errGot == nil) != (errWant == nil) || errGot == nil && !reflect.DeepEqual(got, time.Time(want)) {
			t.Fatalf("Time(%s) = %v, %v; encoding/json with lenient date-times: %v, %v", in, got, errGot, time.Time(want), errWant)
		}
	})
}
