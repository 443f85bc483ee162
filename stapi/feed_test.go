package stapi

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestFeedErrorsBoundTokens: the errors of a feed that would loop quote
// the server's continuation tokens cut to 64 bytes, with their length, and
// as valid UTF-8, however long the tokens are.
func TestFeedErrorsBoundTokens(t *testing.T) {
	long := func(c string) string { return strings.Repeat(c, 10000) + "\xff" }
	a, b := long("A"), long("B")
	tests := []struct {
		name  string
		from  string
		fetch func(from string) ([]string, string, bool)
		want  string
	}{
		{
			name: "token followed again",
			fetch: func(from string) ([]string, string, bool) {
				if from == a {
					return []string{"b"}, b, true
				}
				return []string{"a"}, a, true
			},
			want: `token "` + strings.Repeat("A", 64) + `"… (10001 bytes) after "` + strings.Repeat("B", 64) + `"… (10001 bytes), a token`,
		},
		{
			name:  "no token",
			from:  a,
			fetch: func(string) ([]string, string, bool) { return []string{"a"}, "", true },
			want:  `no continuation token after "` + strings.Repeat("A", 64) + `"… (10001 bytes)`,
		},
		{
			name:  "no token, cut within a character",
			from:  strings.Repeat("€", 100),
			fetch: func(string) ([]string, string, bool) { return []string{"a"}, "", true },
			want:  `no continuation token after "` + strings.Repeat("€", 21) + `"… (300 bytes)`,
		},
		{
			name: "empty batches",
			fetch: func(from string) ([]string, string, bool) {
				n, _ := strconv.Atoi(strings.TrimLeft(from, "A"))
				return nil, strings.Repeat("A", 100) + strconv.Itoa(n+1), true
			},
			want: `(last token "` + strings.Repeat("A", 64) + `"… (103 bytes))`,
		},
	}
	for _, tt := range tests {
		fetches := 0
		var last error
		for _, err := range NewFeed(tt.from, func(_ context.Context, from string) ([]string, string, bool, error) {
			if fetches++; fetches > 2*MaxEmptyBatches {
				t.Fatalf("%s: the feed kept fetching", tt.name)
			}
			items, next, more := tt.fetch(from)
			return items, next, more, nil
		}).All(context.Background()) {
			last = err
		}
		if last == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		if msg := last.Error(); !strings.Contains(msg, tt.want) || len(msg) > 400 || !utf8.ValidString(msg) {
			t.Errorf("%s: error of %d bytes:\n%.600s\nwant at most 400 bytes of valid UTF-8, containing %q", tt.name, len(msg), msg, tt.want)
		}
	}
}

// TestFeedLoopLongerThanRemembered follows a server whose tokens cycle
// through more tokens than MaxFollowedTokens: the run still stops with an
// error, within a few laps, remembering at most MaxFollowedTokens tokens.
func TestFeedLoopLongerThanRemembered(t *testing.T) {
	const cycle = MaxFollowedTokens + 5
	fetches := 0
	f := NewFeed("", func(_ context.Context, from string) ([]int, string, bool, error) {
		fetches++
		n, _ := strconv.Atoi(strings.TrimPrefix(from, "t"))
		return []int{n}, "t" + strconv.Itoa(n%cycle+1), true, nil
	})
	var last error
	for _, err := range f.All(context.Background()) {
		last = err
		if len(f.state.followed) > MaxFollowedTokens {
			t.Fatalf("%d tokens remembered", len(f.state.followed))
		}
		if fetches > 5*cycle {
			t.Fatalf("the feed kept fetching: %d batches over a loop of %d tokens", fetches, cycle)
		}
	}
	if last == nil || !strings.Contains(last.Error(), "a token this run already followed") || fetches > 4*cycle {
		t.Errorf("a loop of %d tokens: %d batches, last error %v; want an error within 4 laps", cycle, fetches, last)
	}
}
