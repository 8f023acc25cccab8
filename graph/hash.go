package graph

import (
	"hash/fnv"
	"math"

	G "gorgonia.org/gorgonia"
)

// hashOf computes an op's Hashcode from its WriteHash, as Gorgonia's own ops do.
func hashOf(op G.Op) uint32 {
	h := fnv.New32a()
	op.WriteHash(h)
	return h.Sum32()
}

func isInf(x float64) bool { return math.IsInf(x, 0) || math.IsNaN(x) }
