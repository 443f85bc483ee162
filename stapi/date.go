package stapi

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar date without a time of day or a location: an OpenAPI
// "format: date". Its JSON and text form is "2006-01-02". Decoding also takes
// a date with a time and an optional offset, as ServiceTitan sends some dates
// ("2025-08-01T00:00:00"), and keeps the date as written. The zero Date is
// not a valid date; Dates compare with ==.
type Date struct {
	// Year, Month and Day are the date's parts, as written.
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses "2006-01-02", or a date and time such as
// "2025-08-01T00:00:00" or "2025-08-01T19:00:00-05:00", whose date it
// returns as written.
func ParseDate(s string) (Date, error) {
	st, ok := parseStamp([]byte(s))
	if !ok {
		return Date{}, errNotDate()
	}
	return Date{st.year, time.Month(st.month), st.day}, nil
}

// errNotDate returns the error of parsing a date that is not one. It does
// not quote the text, which can come from a response body.
func errNotDate() error {
	return errors.New("stapi: a date is not 2006-01-02 (or a date and time, RFC 3339 with or without an offset)")
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// In returns the time at midnight that begins d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// String returns d as "2006-01-02".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsValid reports whether d is a day of the calendar that the form
// 2006-01-02 can write: a year from 0 to 9999, a month and a day of it.
func (d Date) IsValid() bool {
	return 0 <= d.Year && d.Year <= 9999 && time.January <= d.Month && d.Month <= time.December &&
		1 <= d.Day && d.Day <= daysIn(int(d.Month), d.Year)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool {
	return d == Date{}
}

// Compare returns -1 if d is before e, 1 if after, and 0 if they are the same day.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmp.Compare(d.Year, e.Year)
	case d.Month != e.Month:
		return cmp.Compare(int(d.Month), int(e.Month))
	}
	return cmp.Compare(d.Day, e.Day)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool {
	return d.Compare(e) < 0
}

// After reports whether d is after e.
func (d Date) After(e Date) bool {
	return d.Compare(e) > 0
}

// MarshalText returns d as "2006-01-02", or an error if d is not valid (the
// zero Date included): a server would refuse it anyway.
func (d Date) MarshalText() ([]byte, error) {
	if !d.IsValid() {
		return nil, fmt.Errorf("stapi: Date{%d, %d, %d} is not a valid date: set a year from 0 to 9999, a month and a day of it", d.Year, int(d.Month), d.Day)
	}
	return []byte(d.String()), nil
}

// UnmarshalText parses a date as [ParseDate] does.
func (d *Date) UnmarshalText(b []byte) error {
	st, ok := parseStamp(b)
	if !ok {
		return errNotDate()
	}
	*d = Date{st.year, time.Month(st.month), st.day}
	return nil
}

// MarshalJSON returns d as a JSON string "2006-01-02", or an error if d is
// not valid.
func (d Date) MarshalJSON() ([]byte, error) {
	b, err := d.MarshalText()
	if err != nil {
		return nil, err
	}
	return strconv.AppendQuote(nil, string(b)), nil
}

// UnmarshalJSON parses a JSON string as [ParseDate] does; null leaves d as
// it is.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New("stapi: a date must be a JSON string or null")
	}
	return d.UnmarshalText([]byte(s))
}

// Date decodes a JSON string into *v as [Date.UnmarshalJSON] does.
func (d *Decoder) Date(v *Date) {
	switch d.peek() {
	case '"':
		start := d.pos
		s, ok := d.readString(&d.strBuf)
		if !ok {
			return
		}
		st, ok := parseStamp(s)
		if !ok {
			d.fail(start, "expected a date (2006-01-02, or a date and time), got a string that is not one")
			return
		}
		*v = Date{st.year, time.Month(st.month), st.day}
	case 'n':
		d.null()
	default:
		d.wrongType("a date string")
	}
}
