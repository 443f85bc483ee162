package diff

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// typeUsage tells, for each type by its new name, whether the operations of
// either release send it (parameters, request bodies), receive it (success
// responses; errors become the client's one error type), or both.
func (c *comparer) typeUsage() map[string]direction {
	usage := map[string]direction{}
	for _, side := range []struct {
		doc *openapi3.T
		old bool
	}{{c.oldDoc, true}, {c.newDoc, false}} {
		var walk func(sr *openapi3.SchemaRef, dir direction)
		walk = func(sr *openapi3.SchemaRef, dir direction) {
			if sr == nil {
				return
			}
			if sr.Ref != "" {
				name := refName(sr)
				if side.old {
					name = c.newName(name)
				}
				if usage[name]&dir == dir {
					return
				}
				usage[name] |= dir
			}
			s := sr.Value
			if s == nil {
				return
			}
			for _, p := range s.Properties {
				walk(p, dir)
			}
			for _, group := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf, s.AllOf} {
				for _, m := range group {
					walk(m, dir)
				}
			}
			walk(s.Items, dir)
			walk(s.AdditionalProperties.Schema, dir)
		}
		for _, o := range operations(side.doc) {
			for _, p := range parameters(o) {
				walk(p.Schema, dirRequest)
			}
			if rb := o.op.RequestBody; rb != nil && rb.Value != nil {
				for _, mt := range rb.Value.Content {
					walk(mt.Schema, dirRequest)
				}
			}
			if o.op.Responses == nil {
				continue
			}
			for code, r := range o.op.Responses.Map() {
				if !strings.HasPrefix(code, "2") || r.Value == nil {
					continue
				}
				for _, mt := range r.Value.Content {
					walk(mt.Schema, dirResponse)
				}
			}
		}
	}
	return usage
}
