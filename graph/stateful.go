package graph

import G "gorgonia.org/gorgonia"

// Stateful is an op that carries state from one run to the next: a random stream, a
// minibatch index, an op holding a compiled Function. Compile never lets two Functions share
// such an op, because the state would be shared (and raced on) too: every compiled copy of a
// graph holds op.Fork(stream) instead, where stream is the Function's stream number (see the
// Stream option and Function.Copy). Fork must return an independent op whose state is a
// deterministic function of the original's seed and stream.
type Stateful interface {
	G.Op
	Fork(stream uint64) G.Op
}

// DeriveSeed mixes seed and stream into a new seed with the SplitMix64 finaliser, so that
// streams derived from one seed are independent in practice and reproducible.
//
// References:
//   - Steele, Lea, Flood: Fast splittable pseudorandom number generators. OOPSLA 2014.
func DeriveSeed(seed, stream uint64) uint64 {
	z := seed + 0x9e3779b97f4a7c15*(stream+1)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
