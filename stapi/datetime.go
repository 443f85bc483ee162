package stapi

import (
	"time"
)

// Time decodes a JSON string into *v. It takes what time.Time's
// UnmarshalJSON takes (RFC 3339 with an offset), giving exactly its value,
// location included, and also the forms ServiceTitan sends for date-times:
// without an offset ("2026-01-02T03:04:05.1234567", taken as UTC) and a bare
// date ("2025-08-01", midnight UTC). null leaves *v as it is.
func (d *Decoder) Time(v *time.Time) {
	switch d.peek() {
	case '"':
		start := d.pos
		if !d.skipString() {
			return
		}
		quoted := d.data[start:d.pos]
		if s, ok := parseStamp(quoted[1 : len(quoted)-1]); ok && s.zone != '+' && s.zone != '-' {
			*v = s.utc()
			return
		}
		// An offset, or no form of ServiceTitan's own: time.Time decides, as
		// it would under encoding/json, and puts the offset in a location.
		var t time.Time
		if t.UnmarshalJSON(quoted) != nil {
			// Not time's error, which quotes the text.
			d.fail(start, "expected a date-time (RFC 3339, or without an offset, or a date), got a string that is not one")
			return
		}
		*v = t
	case 'n':
		d.null()
	default:
		d.wrongType("a date-time string")
	}
}

// stamp is a date, or a date and a time, as written.
type stamp struct {
	year, month, day     int
	hour, min, sec, nsec int
	zone                 byte // 0 (none), 'Z', '+' or '-' (an offset, checked but not kept)
}

// utc returns the time s writes, in UTC: the value time.Date gives, without
// its normalizing, as s is in range.
func (s *stamp) utc() time.Time {
	// Days since 1970-01-01 of the proleptic Gregorian calendar, by eras of
	// 400 years that begin on March 1 (Howard Hinnant's days_from_civil).
	y, m := s.year, s.month
	if m <= 2 {
		y--
	}
	era := (y + 400) / 400 // y >= -1: era counts from year -400 on
	yoe := y - (era-1)*400
	doy := (153*((m+9)%12)+2)/5 + s.day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	days := int64((era-1)*146097+doe) - 719468
	return time.Unix(days*86400+int64(s.hour*3600+s.min*60+s.sec), int64(s.nsec)).UTC()
}

// parseStamp parses "2006-01-02", or "2006-01-02T15:04:05" followed by an
// optional fraction of a second (any number of digits, nanoseconds kept) and
// an optional "Z" or "+07:00", with the ranges of RFC 3339 that time.Time's
// parser checks.
func parseStamp(b []byte) (s stamp, ok bool) {
	if len(b) < len("2006-01-02") || b[4] != '-' || b[7] != '-' {
		return s, false
	}
	century, ok1 := num2(b[0:])
	year, ok2 := num2(b[2:])
	month, ok3 := num2(b[5:])
	day, ok4 := num2(b[8:])
	s.year, s.month, s.day = century*100+year, month, day
	if !ok1 || !ok2 || !ok3 || !ok4 || month < 1 || month > 12 || day < 1 || day > daysIn(month, s.year) {
		return s, false
	}
	b = b[len("2006-01-02"):]
	if len(b) == 0 {
		return s, true
	}
	if len(b) < len("T15:04:05") || b[0] != 'T' || b[3] != ':' || b[6] != ':' {
		return s, false
	}
	hour, ok1 := num2(b[1:])
	mins, ok2 := num2(b[4:])
	sec, ok3 := num2(b[7:])
	s.hour, s.min, s.sec = hour, mins, sec
	if !ok1 || !ok2 || !ok3 || hour > 23 || mins > 59 || sec > 59 {
		return s, false
	}
	b = b[len("T15:04:05"):]
	if len(b) >= 2 && b[0] == '.' && isDigit(b[1]) {
		n, digits := 1, 0
		for ; n < len(b) && isDigit(b[n]); n++ {
			if digits < 9 {
				s.nsec = s.nsec*10 + int(b[n]-'0')
				digits++
			}
		}
		for ; digits < 9; digits++ {
			s.nsec *= 10
		}
		b = b[n:]
	}
	switch {
	case len(b) == 0:
		return s, true
	case len(b) == 1 && b[0] == 'Z':
		s.zone = 'Z'
		return s, true
	case len(b) == len("+07:00") && (b[0] == '+' || b[0] == '-') && b[3] == ':':
		hour, ok1 := num2(b[1:])
		mins, ok2 := num2(b[4:])
		s.zone = b[0]
		return s, ok1 && ok2 && hour <= 23 && mins <= 59
	}
	return s, false
}

// num2 returns the number the two decimal digits that begin b write, and
// whether they are digits.
func num2(b []byte) (int, bool) {
	hi, lo := b[0]-'0', b[1]-'0'
	return int(hi)*10 + int(lo), hi < 10 && lo < 10
}

// daysIn returns the number of days in a month of a year.
func daysIn(month, year int) int {
	if month == 2 {
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 30 + (month+month/8)&1
}
