package normalize

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/spec"
)

// factsDoc has what the API diff reads beside the Go API: a parameter's
// format, a property that may only be null, an enum that lists a value twice.
const factsDoc = `openapi: 3.1.0
info: {title: Shop, version: v2}
servers: [{url: 'https://api.example.com/shop/v2'}]
paths:
  /tenant/{tenant}/widgets:
    get:
      operationId: Widgets_GetList
      parameters:
      - {name: tenant, in: path, required: true, schema: {type: integer, format: int64}}
      - {name: minPrice, in: query, schema: {type: number, format: decimal}}
      - {name: kind, in: query, schema: {$ref: '#/components/schemas/Kind'}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Widget'}
components:
  schemas:
    Kind:
      type: string
      enum: [Phone, Email, Phone, Phone]
      x-enumNames: [Phone, Email, LandlinePhone, null]
    Widget:
      type: object
      properties:
        value: {type: 'null'}
        other: {}
        kind: {$ref: '#/components/schemas/Kind'}
`

// TestDiffFacts checks the facts the model keeps for the API diff: they
// have no effect on the Go API, so nothing else shows them.
func TestDiffFacts(t *testing.T) {
	file := filepath.Join(t.TempDir(), "shop.yaml")
	if err := os.WriteFile(file, []byte(factsDoc), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := spec.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	dom, err := Domain(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	op := dom.Operations[0]
	if p := op.Params.Field("minPrice"); p == nil || p.Format != "decimal" || p.Type.String() != "*float64" {
		t.Errorf("minPrice: %+v; want format decimal, type *float64", p)
	}
	if p := op.Params.Field("kind"); p == nil || p.Format != "" {
		t.Errorf("kind: %+v; want no format", p)
	}
	w := dom.Type("Widget")
	if f := w.Field("value"); !f.NullOnly || !f.Nullable || f.Type.Kind != model.KindAny {
		t.Errorf("value: %+v; want null only, nullable, any", f)
	}
	if f := w.Field("other"); f.NullOnly || f.Type.Kind != model.KindAny {
		t.Errorf("other: %+v; want any, not null only", f)
	}
	kind := dom.Type("Kind")
	if len(kind.Values) != 2 || !slices.Equal(kind.Values[0].Repeats, []string{"LandlinePhone", ""}) || kind.Values[1].Repeats != nil {
		t.Errorf("Kind values %+v, %+v; want Phone repeated as LandlinePhone and without a label, Email once", kind.Values[0], kind.Values[1])
	}
}
