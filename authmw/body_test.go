package authmw

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestRewindable(t *testing.T) {
	withGetBody, _ := http.NewRequest("POST", "http://x/", strings.NewReader("a"))
	noBody, _ := http.NewRequest("GET", "http://x/", nil)
	opaque, _ := http.NewRequest("POST", "http://x/", io.NopCloser(strings.NewReader("a")))
	for _, tt := range []struct {
		name string
		req  *http.Request
		want bool
	}{
		{"GetBody", withGetBody, true},
		{"no body", noBody, true},
		{"NoBody", &http.Request{Body: http.NoBody}, true},
		{"opaque body", opaque, false},
	} {
		if got := rewindable(tt.req); got != tt.want {
			t.Errorf("%s: rewindable = %v; want %v", tt.name, got, tt.want)
		}
	}
	b, err := rewindBody(withGetBody)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(b); string(got) != "a" {
		t.Errorf("rewound body = %q; want %q", got, "a")
	}
}

func TestDrainAndClose(t *testing.T) {
	body := &trackedBody{Reader: strings.NewReader(strings.Repeat("x", 100))}
	drainAndClose(&http.Response{Body: body})
	if !body.closed.Load() {
		t.Errorf("body not closed")
	}
	drainAndClose(nil) // must not panic
}
