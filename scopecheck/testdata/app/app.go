// Package app calls clients generated from the fixture release 2026-01-01
// of internal/scopes/testdata; each want comment is a diagnostic of the
// analyzer run with -have=tn.shop.widgets:r.
package app

import (
	"context"
	"reflect"
	"time"

	"example.com/st/depot"
	"example.com/st/servicetitan"
	"example.com/st/shop"
	"github.com/stgen-dev/stgen/stapi"
)

type getter interface {
	Get(ctx context.Context, id int64, opts ...stapi.Option) (*shop.WidgetResponse, error)
}

// Run calls every kind of generated method, through the facade and a
// domain client.
func Run(ctx context.Context, st *servicetitan.Client, c *shop.Client, g getter) {
	st.Shop.Widgets.Get(ctx, 1)
	c.Widgets.GetListAll(ctx, nil)
	st.Shop.Export.WidgetsFeedSince(time.Time{}, nil)
	for range st.Shop.Export.WidgetsAll(ctx, nil) {
	}
	st.Shop.Widgets.Delete(ctx, 1) // want `^shop.WidgetsResource.Delete calls DELETE /shop/v2/tenant/\{tenant\}/widgets/\{id\}, which needs OAuth scope tn.shop.widgets:w, missing from -have$`
	create := c.Widgets.Create     // want `^shop.WidgetsResource.Create \(taken as a value\) calls POST /shop/v2/tenant/\{tenant\}/widgets, which needs OAuth scope tn.shop.widgets:w, missing from -have$`
	_ = create
	var d *depot.Client = st.Depot
	d.Bins.Get(ctx, 2)      // want `^depot.BinsResource.Get calls GET /depot/v2/tenant/\{tenant\}/bins/\{id\}: release 2026-01-01 declares no OAuth scopes for depot, so what it needs cannot be told`
	g.Get(ctx, 3)           // want `^calls Get of interface app.getter, which a generated method may implement`
	_ = reflect.ValueOf(st) // want `^passes a \*servicetitan.Client to reflect.ValueOf`
	_ = reflect.ValueOf(shop.WidgetResponse{})
}
