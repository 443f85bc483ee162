// Package app calls the fixture releases' clients every way a program can:
// it compiles against clients generated from release 2026-01-01, and
// release 2026-02-01 breaks it, or changes what it does, at each place a
// comment names.
package app

import (
	"context"
	"fmt"
	"reflect"

	"example.com/st/servicetitan"
	"example.com/st/shop"
	"github.com/stgen-dev/stgen/stapi"
)

type getter interface {
	Get(ctx context.Context, id int64, opts ...stapi.Option) (*shop.WidgetResponse, error)
}

// Run calls a method, an iterator and a feed, through the facade.
func Run(ctx context.Context, st *servicetitan.Client, g getter) error {
	w, err := st.Shop.Widgets.Get(ctx, 1) // 2026-02-01: needs tn.shop.widgets:x too
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
	// 2026-02-01: note and sku are required, and this sets neither.
	if _, err := st.Shop.Widgets.Create(ctx, shop.WidgetCreateRequest{Name: "x"}); err != nil {
		return err
	}
	if err := st.Shop.Widgets.Delete(ctx, 1); err != nil { // 2026-02-01: the operation is gone
		return err
	}
	if _, err := st.Shop.Gadgets.Get(ctx, 1); err != nil { // 2026-02-01: the resource is gone
		return err
	}
	depot := st.Depot
	if _, err := depot.Bins.Get(ctx, 2); err != nil { // 2026-01-01 declares no scopes for depot
		return err
	}
	update := st.Shop.Widgets.Update
	fmt.Println(update != nil)
	if _, err := g.Get(ctx, 3); err != nil { // not seen: through an interface
		return err
	}
	fmt.Println(reflect.ValueOf(st.Shop).IsValid()) // not seen: reflection
	return nil
}

// Same compares two widgets: 2026-02-01's are no longer comparable.
func Same(a, b shop.WidgetResponse) bool { return a == b }

// Price reads a field 2026-02-01 removes.
func Price(w *shop.WidgetResponse) float64 {
	if w.Price == nil {
		return 0
	}
	return *w.Price
}

// Paint switches over colours: 2026-02-01 drops Blue and adds Purple.
func Paint(c shop.Color) string {
	switch c {
	case shop.ColorRed:
		return "red"
	case shop.ColorBlue:
		return "blue"
	}
	return "other"
}

// Legacy names the value Blue as a string: it still compiles.
func Legacy(c shop.Color) bool {
	switch c {
	case "Blue":
		return true
	case shop.ColorGreen:
	}
	return false
}
