// Package lib is a package of the module that the checked package
// imports: it is checked too.
package lib

import (
	"context"

	"example.com/st/shop"
)

// Clean deletes a widget.
func Clean(ctx context.Context, c *shop.Client) error {
	return c.Widgets.Delete(ctx, 9) // use: shop.WidgetsResource.Delete operation-removed
}
