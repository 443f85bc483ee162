package diff

import (
	"slices"
	"testing"

	"github.com/stgen-dev/stgen/internal/names"
)

// TestLoadPairNamed: with the names file of clients generated earlier,
// both releases keep the names it records, so that the identifiers a
// change names are those of the user's clients and of their regeneration;
// a domain it does not record is named anew, then kept.
func TestLoadPairNamed(t *testing.T) {
	const releases = "../scopes/testdata/releases/"
	recorded := names.New()
	recorded.Domains["shop"] = &names.Domain{Schemas: map[string]names.Schema{
		"Shop.V2.Gadget":         {Name: "Thing"},
		"Shop.V2.WidgetResponse": {Name: "Widget"},
	}}
	old, new, err := LoadPairNamed(releases+"2026-01-01", releases+"2026-02-01", nil, recorded)
	if err != nil {
		t.Fatal(err)
	}
	if old.Domain("shop").Type("Thing") == nil || new.Domain("shop").Type("Widget") == nil || new.Domain("shop").Type("WidgetResponse") != nil {
		t.Fatal("the releases do not keep the names recorded")
	}
	var idents []string
	for _, c := range Compare(old, new).Changes {
		idents = append(idents, c.Go...)
	}
	for _, want := range []string{"shop.Thing", "shop.Widget.Price", "shop.Widget.Tags"} {
		if !slices.Contains(idents, want) {
			t.Errorf("no change names %s: %q", want, idents)
		}
	}
	if old.Domain("depot").Type("Bin") == nil || new.Domain("depot").Type("Bin") == nil {
		t.Error("depot, which the file does not record, is not named")
	}
	plain, _, err := LoadPair(releases+"2026-01-01", releases+"2026-02-01", nil)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Domain("shop").Type("Gadget") == nil {
		t.Error("LoadPair does not name anew")
	}
}
