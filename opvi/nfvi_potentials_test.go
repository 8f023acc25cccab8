package opvi_test

import (
	"math"

	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// The four 2-D potentials of PyMC3's "Normalizing flows overview" (Rezende and Mohamed
// 2015, table 1, with PyMC3's 0.1·|z₀| added to U₂–U₄ so that they are proper), in plain Go
// for the exact densities and as Gorgonia expressions for the models.

func w1(z0 float64) float64 { return math.Sin(2 * math.Pi * z0 / 4) }
func w2(z0 float64) float64 { return 3 * math.Exp(-0.5*sq((z0-1)/0.6)) }
func w3(z0 float64) float64 { return 3 / (1 + math.Exp(-(z0-1)/0.3)) }
func sq(x float64) float64  { return x * x }

// potentials are U₁–U₄ at (z0, z1); the target density is exp(-U).
var potentials = [4]func(z0, z1 float64) float64{
	func(z0, z1 float64) float64 {
		r := math.Hypot(z0, z1)
		return 0.5*sq((r-2)/0.4) - math.Log(math.Exp(-0.5*sq((z0-2)/0.6))+math.Exp(-0.5*sq((z0+2)/0.6)))
	},
	func(z0, z1 float64) float64 { return 0.5*sq((z1-w1(z0))/0.4) + 0.1*math.Abs(z0) },
	func(z0, z1 float64) float64 {
		return -math.Log(math.Exp(-0.5*sq((z1-w1(z0))/0.35))+math.Exp(-0.5*sq((z1-w1(z0)+w2(z0))/0.35))) + 0.1*math.Abs(z0)
	},
	func(z0, z1 float64) float64 {
		return -math.Log(math.Exp(-0.5*sq((z1-w1(z0))/0.4))+math.Exp(-0.5*sq((z1-w1(z0)+w3(z0))/0.35))) + 0.1*math.Abs(z0)
	},
}

// lowerBranch is the probability that a point of U₄ belongs to its lower branch (the
// second Gaussian in z1, centred at w1 - w3): its responsibility. Under the exact density
// its mean is 0.35/(0.4 + 0.35) = 0.4667 exactly, since for every z0 the branches integrate
// over z1 to 0.4·√(2π) and 0.35·√(2π).
func lowerBranch(z0, z1 float64) float64 {
	up := math.Exp(-0.5 * sq((z1-w1(z0))/0.4))
	lo := math.Exp(-0.5 * sq((z1-w1(z0)+w3(z0))/0.35))
	if up+lo == 0 {
		return 0.5
	}
	return lo / (up + lo)
}

// lowerBranchMass is U₄'s exact lower-branch mass.
const lowerBranchMass = 0.35 / 0.75

// potentialModel is PyMC3's model for potential k (1-4) as users write it: z ~ Flat(shape 2)
// and the potential -U_k(z), with z[0] and z[1] taken by G.Slice.
func potentialModel(k int) *pm.Model {
	m := pm.NewModel()
	z := pm.Flat(m, "z", pm.Shape(2))
	z0 := G.Must(G.Slice(z, G.S(0)))
	z1 := G.Must(G.Slice(z, G.S(1)))
	c := func(v float64) *G.Node { return G.NewConstant(v) }
	add := func(a, b *G.Node) *G.Node { return G.Must(G.Add(a, b)) }
	sub := func(a, b *G.Node) *G.Node { return G.Must(G.Sub(a, b)) }
	mul := func(a, b *G.Node) *G.Node { return G.Must(G.Mul(a, b)) }
	div := func(a, b *G.Node) *G.Node { return G.Must(G.Div(a, b)) }
	exp := func(a *G.Node) *G.Node { return G.Must(G.Exp(a)) }
	// gauss is exp(-0.5·(x/s)²).
	gauss := func(x *G.Node, s float64) *G.Node { return exp(mul(c(-0.5), G.Must(G.Square(div(x, c(s)))))) }
	logOf := func(a *G.Node) *G.Node { return G.Must(G.Log(a)) }
	absZ0 := mul(c(0.1), G.Must(G.Abs(z0)))
	w1n := G.Must(G.Sin(mul(c(2*math.Pi/4), z0)))
	var u *G.Node
	switch k {
	case 1:
		r := G.Must(G.Sqrt(add(G.Must(G.Square(z0)), G.Must(G.Square(z1)))))
		ring := mul(c(0.5), G.Must(G.Square(div(sub(r, c(2)), c(0.4)))))
		u = sub(ring, logOf(add(gauss(sub(z0, c(2)), 0.6), gauss(add(z0, c(2)), 0.6))))
	case 2:
		u = add(mul(c(0.5), G.Must(G.Square(div(sub(z1, w1n), c(0.4))))), absZ0)
	case 3:
		w2n := mul(c(3), gauss(sub(z0, c(1)), 0.6))
		d := sub(z1, w1n)
		u = add(G.Must(G.Neg(logOf(add(gauss(d, 0.35), gauss(add(d, w2n), 0.35))))), absZ0)
	case 4:
		w3n := div(c(3), add(c(1), exp(div(sub(c(1), z0), c(0.3)))))
		d := sub(z1, w1n)
		u = add(G.Must(G.Neg(logOf(add(gauss(d, 0.4), gauss(add(d, w3n), 0.35))))), absZ0)
	}
	pm.Potential(m, "pot", G.Must(G.Neg(u)))
	return m
}
