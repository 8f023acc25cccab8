package graph

import (
	_ "unsafe" // for go:linkname

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Gorgonia keeps package-level constant nodes (one, two, three, log 2, zero, ...) that Grad
// and the derivatives of many ops add to every graph they differentiate. A node computes its
// hash lazily, on first use, and stores it: two graphs compiled at once on two goroutines
// both store it the first time, a data race the race detector reports (it writes the same
// value, but Compile must be safe for concurrent use). Computing every such hash once here,
// before any goroutine can compile, leaves only reads afterwards.

//go:linkname gorgoniaConstants gorgonia.org/gorgonia.constmap
var gorgoniaConstants map[string]map[tensor.Dtype]*G.Node

//go:linkname oneMore64 gorgonia.org/gorgonia.oneMoref64
var oneMore64 *G.Node

//go:linkname oneMore32 gorgonia.org/gorgonia.oneMoref32
var oneMore32 *G.Node

func init() {
	for _, byType := range gorgoniaConstants {
		for _, n := range byType {
			n.Hashcode()
		}
	}
	oneMore64.Hashcode()
	oneMore32.Hashcode()
}
