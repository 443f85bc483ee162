// Package suggest finds the name a user meant: the did-you-mean of a usage
// mistake ("--domains jmp": did you mean "jpm"?).
package suggest

// Name returns the name of have closest to name, if it is close enough to
// be what was meant: a typo (at most a third of its letters differ, and
// never more than two), or the start of only one of them ("equipment" for
// "equipmentsystems"); else "".
func Name(name string, have []string) string {
	best, bestDist := "", 0
	for _, h := range have {
		d := distance(name, h)
		if best == "" || d < bestDist {
			best, bestDist = h, d
		}
	}
	if best != "" && bestDist <= min(2, max(1, len([]rune(name))/3)) {
		return best
	}
	prefixed := ""
	for _, h := range have {
		if len(name) >= 3 && len(h) > len(name) && h[:len(name)] == name {
			if prefixed != "" {
				return ""
			}
			prefixed = h
		}
	}
	return prefixed
}

// distance returns the optimal string alignment distance of a and b: the
// fewest insertions, deletions, substitutions and swaps of two adjacent
// letters that turn one into the other ("jmp" is 1 from "jpm").
func distance(a, b string) int {
	s, t := []rune(a), []rune(b)
	d := make([][]int, len(s)+1)
	for i := range d {
		d[i] = make([]int, len(t)+1)
		d[i][0] = i
	}
	for j := range t {
		d[0][j+1] = j + 1
	}
	for i := 1; i <= len(s); i++ {
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(s)][len(t)]
}
