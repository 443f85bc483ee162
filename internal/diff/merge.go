package diff

import (
	"slices"
	"strings"
)

// merge makes the changes of one domain one entry per Go identifier: the
// differences of one field or parameter (it became optional and nullable)
// are one change, whose kind is that of the first breaking difference, or
// of the first one when none breaks, the other kinds listed in Also. The
// order of first occurrences is kept.
func merge(changes []Change) []Change {
	at := map[string]int{}
	var out []Change
	var parts [][]Change
	for _, c := range changes {
		if c.Location == "" {
			out = append(out, c)
			parts = append(parts, nil)
			continue
		}
		key := c.Operation + "\x00" + c.Location + "\x00" + strings.Join(c.Go, "\x00")
		if i, ok := at[key]; ok {
			parts[i] = append(parts[i], c)
			continue
		}
		at[key] = len(out)
		out = append(out, c)
		parts = append(parts, []Change{c})
	}
	for i, p := range parts {
		if len(p) > 1 {
			out[i] = mergeOne(p)
		}
	}
	return out
}

// mergeOne makes one change of several differences at one place.
func mergeOne(p []Change) Change {
	lead := slices.IndexFunc(p, func(c Change) bool { return c.Breaking })
	if lead < 0 {
		lead = 0
	}
	m := p[lead]
	var rests []string
	for _, c := range p {
		if c.Kind != m.Kind && !slices.Contains(m.Also, c.Kind) {
			m.Also = append(m.Also, c.Kind)
		}
		rest := strings.TrimLeft(strings.TrimPrefix(c.Message, m.Location), ": ")
		if last := len(rests) - 1; last >= 0 && strings.HasPrefix(rest, "became ") && strings.HasPrefix(rests[last], "became ") {
			rests[last] += " and " + strings.TrimPrefix(rest, "became ")
			continue
		}
		rests = append(rests, rest)
	}
	sep := ": "
	if strings.HasPrefix(rests[0], "became ") {
		sep = " "
	}
	m.Message = m.Location + sep + strings.Join(rests, "; ")
	return m
}
