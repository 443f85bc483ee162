// Package app calls clients generated from the fixture release 2026-01-01
// of internal/scopes/testdata. Each "use:" comment names what checking it
// against 2026-02-01 reports on its line: the identifier, the kind of the
// change explaining it, and "compiles" for a place that still compiles;
// "-" for none.
package app

import (
	"context"
	"fmt"
	"reflect"

	"example.com/lib"
	"example.com/st/servicetitan"
	"example.com/st/shop"
	"example.com/st/yard" // use: yard domain-removed
	"github.com/stgen-dev/stgen/stapi"
)

type getter interface {
	Get(ctx context.Context, id int64, opts ...stapi.Option) (*shop.WidgetResponse, error)
}

// Run calls a method, an iterator and a feed, through the facade.
func Run(ctx context.Context, st *servicetitan.Client, g getter) error {
	w, err := st.Shop.Widgets.Get(ctx, 1) // use: shop.WidgetsResource.Get scope-added compiles
	if err != nil {
		return err
	}
	fmt.Println(w.ID)
	for x, err := range st.Shop.Widgets.GetListAll(ctx, nil) {
		fmt.Println(x.ID, err)
	}
	feed := st.Shop.Export.WidgetsFeed(nil)
	for x, err := range feed.All(ctx) {
		fmt.Println(x.ID, err)
	}
	req := shop.WidgetCreateRequest{Name: "x"} // use: shop.WidgetCreateRequest.Note request-field-required-changed compiles; shop.WidgetCreateRequest.SKU request-field-added compiles
	if _, err := st.Shop.Widgets.Create(ctx, req); err != nil {
		return err
	}
	if err := st.Shop.Widgets.Delete(ctx, 1); err != nil { // use: shop.WidgetsResource.Delete operation-removed
		return err
	}
	if _, err := st.Shop.Gadgets.Get(ctx, 1); err != nil { // use: shop.Client.Gadgets resource-removed
		return err
	}
	if _, err := st.Depot.Bins.Get(ctx, 2); err != nil { // use: depot.BinsResource.Get scopes-unknown compiles
		return err
	}
	var s *yard.Client = st.Yard // use: servicetitan.Client.Yard domain-removed
	fmt.Println(s != nil)
	if _, err := g.Get(ctx, 3); err != nil { // use: - - compiles
		return err
	}
	fmt.Println(reflect.ValueOf(st.Shop).IsValid()) // use: - - compiles
	return lib.Clean(ctx, st.Shop)
}

// Same compares two widgets: 2026-02-01's are no longer comparable.
func Same(a, b shop.WidgetResponse) bool { return a == b } // use: shop.WidgetResponse comparability-lost

// Note sets the note, a pointer 2026-02-01 makes a string.
func Note(n string) shop.WidgetCreateRequest {
	return shop.WidgetCreateRequest{Name: "x", Note: &n} // use: shop.WidgetCreateRequest.SKU request-field-added compiles; shop.WidgetCreateRequest.Note request-field-required-changed
}

// Price reads a field 2026-02-01 removes.
func Price(w *shop.WidgetResponse) float64 {
	if w.Price == nil { // use: shop.WidgetResponse.Price response-field-removed
		return 0
	}
	return *w.Price // use: shop.WidgetResponse.Price response-field-removed
}

// Paint switches over colours: 2026-02-01 drops Blue and adds Purple.
func Paint(c shop.Color) string {
	switch c { // use: shop.ColorPurple enum-value-added compiles
	case shop.ColorRed:
		return "red"
	case shop.ColorBlue: // use: shop.ColorBlue enum-value-removed
		return "blue"
	}
	return "other"
}

// Legacy names the value Blue as a string: it still compiles.
func Legacy(c shop.Color) bool {
	switch c {
	case "Blue": // use: shop.ColorBlue enum-value-removed compiles
		return true
	default:
	}
	return false
}
