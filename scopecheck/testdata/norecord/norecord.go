// Package norecord imports packages generated without an operations file.
package norecord

import (
	"context"

	"example.com/old/shop" // want `the OAuth scopes of calls into example.com/old/shop cannot be told: .*stgen-operations.json: no stgen-operations.json: generate the packages again`
)

// Run calls a method whose scopes cannot be told.
func Run(ctx context.Context, c *shop.Client) {
	c.Widgets.Get(ctx, 1)
}
