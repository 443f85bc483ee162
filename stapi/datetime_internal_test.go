package stapi

import (
	"testing"
	"time"
)

func TestStampUTC(t *testing.T) {
	for _, s := range []stamp{
		{year: 0, month: 1, day: 1}, {year: 0, month: 2, day: 29}, {year: 0, month: 3, day: 1}, {year: 1, month: 1, day: 1},
		{year: 1969, month: 12, day: 31, hour: 23, min: 59, sec: 59, nsec: 999999999}, {year: 1970, month: 1, day: 1},
		{year: 2000, month: 2, day: 29}, {year: 2024, month: 2, day: 29, hour: 12}, {year: 2100, month: 3, day: 1},
		{year: 2026, month: 1, day: 2, hour: 3, min: 4, sec: 5, nsec: 123456700}, {year: 9999, month: 12, day: 31, hour: 23, min: 59, sec: 59},
	} {
		want := time.Date(s.year, time.Month(s.month), s.day, s.hour, s.min, s.sec, s.nsec, time.UTC)
		if got := s.utc(); got != want {
			t.Errorf("%+v: utc() = %v; want %v", s, got, want)
		}
	}
	// Every day of the years 0 to 2500.
	for day := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() <= 2500; day = day.AddDate(0, 0, 1) {
		s := stamp{year: day.Year(), month: int(day.Month()), day: day.Day()}
		if got := s.utc(); got != day {
			t.Fatalf("%+v: utc() = %v; want %v", s, got, day)
		}
	}
}
