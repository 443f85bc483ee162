package diff

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// noGoCases maps each folder of testdata/nogo (a pair of releases, old and
// new, whose documents differ in what has no effect on the Go API) to the
// note the pair must produce.
var noGoCases = map[string]DocumentChange{
	"descriptions":  {Domain: "shop", Descriptions: 4},
	"tags":          {Domain: "shop", Tags: 2},
	"enum-names":    {Domain: "shop", EnumNames: []string{"Color"}},
	"enum-repeats":  {Domain: "shop", EnumRepeats: []string{"Color"}},
	"operation-id":  {Domain: "shop", OperationIDs: 1},
	"unused-schema": {Domain: "shop", UnusedSchemas: []string{"Shop.V2.Webhook.WidgetCreated"}},
}

// TestWithoutGoEffect compares the pairs of testdata/nogo: no change, and
// one note saying what changed.
func TestWithoutGoEffect(t *testing.T) {
	dirs, err := os.ReadDir("testdata/nogo")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if _, ok := noGoCases[d.Name()]; !ok {
			t.Errorf("testdata/nogo/%s has no case in noGoCases", d.Name())
		}
	}
	for name, want := range noGoCases {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata/nogo", name)
			r := compareDirs(t, filepath.Join(dir, "old"), filepath.Join(dir, "new"))
			for _, c := range r.Changes {
				t.Errorf("change %s %s: %s; want none", c.Kind, c.Location, c.Message)
			}
			if got := fmt.Sprintf("%+v", r.WithoutGoEffect); got != fmt.Sprintf("%+v", []DocumentChange{want}) {
				t.Errorf("without Go effect: %s; want %+v", got, want)
			}
		})
	}
}
