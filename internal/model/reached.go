package model

// Reached returns the named types of roots and those they hold (fields,
// union alternatives, the types defined types are defined over), each once,
// in the order met.
func Reached(roots []*GoType) []*Type {
	seen := map[*Type]bool{}
	var out []*Type
	var visit func(*GoType)
	visit = func(g *GoType) {
		g.Walk(func(g *GoType) {
			if g.Kind != KindNamed || seen[g.Named] {
				return
			}
			t := g.Named
			seen[t] = true
			out = append(out, t)
			for _, f := range t.Fields {
				visit(f.Type)
			}
			for _, a := range t.Alternatives {
				visit(a)
			}
			if t.Underlying != nil {
				visit(t.Underlying)
			}
		})
	}
	for _, g := range roots {
		visit(g)
	}
	return out
}
