package app

import (
	"testing"

	"example.com/st/shop"
)

func TestGadget(t *testing.T) {
	var g shop.Gadget // use: shop.Gadget type-removed
	if g.ID != 0 {
		t.Fatal(g)
	}
}
