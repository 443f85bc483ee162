package plural

import "testing"

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 changes", 1: "1 change", 2: "2 changes", -1: "-1 changes"} {
		if got := Count(n, "change", "changes"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
