package main

import (
	"fmt"
	"math"

	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// The four potentials of Rezende and Mohamed (2015, table 1) as the tutorial writes them,
// with its 0.1·|z₀| added to U₂–U₄ so that they are proper densities. Each takes the two
// coordinates as nodes of any shape (scalars in a model, columns of a grid of points) and
// returns U elementwise; the target density is exp(-U).

// c is a float64 constant.
func c(v float64) *G.Node { return G.NewConstant(v) }

func add(a, b *G.Node) *G.Node { return G.Must(G.Add(a, b)) }
func sub(a, b *G.Node) *G.Node { return G.Must(G.Sub(a, b)) }
func mul(a, b *G.Node) *G.Node { return G.Must(G.Mul(a, b)) }
func div(a, b *G.Node) *G.Node { return G.Must(G.Div(a, b)) }
func sq(a *G.Node) *G.Node     { return G.Must(G.Square(a)) }
func exp(a *G.Node) *G.Node    { return G.Must(G.Exp(a)) }
func log(a *G.Node) *G.Node    { return G.Must(G.Log(a)) }

// halfSq is -0.5·((x - m)/s)², the log of a Gaussian bump.
func halfSq(x *G.Node, m, s float64) *G.Node {
	return mul(c(-0.5), sq(div(sub(x, c(m)), c(s))))
}

// gauss is exp(-0.5·((x - m)/s)²).
func gauss(x *G.Node, m, s float64) *G.Node { return exp(halfSq(x, m, s)) }

// logAddExp is log(exp(a) + exp(b)) computed as m + log(exp(a - m) + exp(b - m)) with
// m = max(a, b) = (a + b + |a - b|)/2, so that it stays finite where both exponentials
// underflow. The tutorial's tt.log(tt.exp(a) + tt.exp(b)) is -Inf there (|z1 - w1| above
// about 15 on U₃ and U₄), and a flow's draw that lands there stops a fit with NaN.
func logAddExp(a, b *G.Node) *G.Node {
	m := mul(c(0.5), add(add(a, b), G.Must(G.Abs(sub(a, b)))))
	return add(m, log(add(exp(sub(a, m)), exp(sub(b, m)))))
}

func w1(z0 *G.Node) *G.Node { return G.Must(G.Sin(mul(c(2*math.Pi/4), z0))) }
func w2(z0 *G.Node) *G.Node { return mul(c(3), gauss(z0, 1, 0.6)) }
func w3(z0 *G.Node) *G.Node { return div(c(3), add(c(1), exp(div(sub(c(1), z0), c(0.3))))) }

func absTerm(z0 *G.Node) *G.Node { return mul(c(0.1), G.Must(G.Abs(z0))) }

func pot1(z0, z1 *G.Node) *G.Node {
	r := G.Must(G.Sqrt(add(sq(z0), sq(z1))))
	ring := mul(c(0.5), sq(div(sub(r, c(2)), c(0.4))))
	return sub(ring, logAddExp(halfSq(z0, 2, 0.6), halfSq(z0, -2, 0.6)))
}

func pot2(z0, z1 *G.Node) *G.Node {
	return add(mul(c(0.5), sq(div(sub(z1, w1(z0)), c(0.4)))), absTerm(z0))
}

func pot3(z0, z1 *G.Node) *G.Node {
	d := sub(z1, w1(z0))
	return add(G.Must(G.Neg(logAddExp(halfSq(d, 0, 0.35), halfSq(add(d, w2(z0)), 0, 0.35)))), absTerm(z0))
}

func pot4(z0, z1 *G.Node) *G.Node {
	d := sub(z1, w1(z0))
	return add(G.Must(G.Neg(logAddExp(halfSq(d, 0, 0.4), halfSq(add(d, w3(z0)), 0, 0.35)))), absTerm(z0))
}

// potentials are U₁–U₄, by index 0–3.
var potentials = []func(z0, z1 *G.Node) *G.Node{pot1, pot2, pot3, pot4}

// potentialModel is the tutorial's model of a potential: a 2-vector z with log density
// -U(z[0], z[1]) (pm.DensityDist("pot", logp=lambda z: -pot(z), shape=(2,))), its
// coordinates taken by G.Slice.
func potentialModel(name string, pot func(z0, z1 *G.Node) *G.Node) (*pm.Model, error) {
	m := pm.NewModel()
	pm.DensityDist(m, name, func(z *G.Node) (*G.Node, error) {
		z0, err := G.Slice(z, G.S(0))
		if err != nil {
			return nil, err
		}
		z1, err := G.Slice(z, G.S(1))
		if err != nil {
			return nil, err
		}
		return G.Neg(pot(z0, z1))
	}, pm.Shape(2))
	return m, m.Err()
}

// lowerBranch is the probability that the point (z0, z1) of U₄ belongs to its lower
// branch, the Gaussian in z1 centred at w1 - w3 with sd 0.35 (the upper one is centred at
// w1 with sd 0.4): its responsibility. Under the exact density the branches integrate over
// z1 to 0.35·√(2π) and 0.4·√(2π) at every z0, so the responsibility's mean over any set of
// z0 is lowerMass.
func lowerBranch(z0, z1 float64) float64 {
	a := math.Sin(2 * math.Pi * z0 / 4)
	b := 3 / (1 + math.Exp(-(z0-1)/0.3))
	up := math.Exp(-0.5 * math.Pow((z1-a)/0.4, 2))
	lo := math.Exp(-0.5 * math.Pow((z1-a+b)/0.35, 2))
	if up+lo == 0 {
		return 0.5
	}
	return lo / (up + lo)
}

// lowerMass is U₄'s exact lower-branch mass, 0.35/(0.35 + 0.4).
const lowerMass = 0.35 / 0.75

// The band of z0 where the lower-branch mass is measured: there the branches are at least
// w3(1.5) = 2.5 apart, over six sds, so each draw's branch is clear; to the left of z0 = 1
// they merge and any split of the draws scores about lowerMass.
const bandLo, bandHi = 1.5, 5.0

// bandLowerMass is the mean responsibility of U₄'s lower branch over the draws (rows of
// z, row-major n×2) in the band, and the number of those draws.
func bandLowerMass(z []float64) (mass float64, n int) {
	sum := 0.0
	for i := 0; i+1 < len(z); i += 2 {
		if z[i] >= bandLo && z[i] < bandHi {
			sum += lowerBranch(z[i], z[i+1])
			n++
		}
	}
	if n == 0 {
		return math.NaN(), 0
	}
	return sum / float64(n), n
}

// potentialNames are the panels' titles, by index.
var potentialNames = []string{"pot1", "pot2", "pot3", "pot4"}

// densityGrid evaluates exp(-U) on the tutorial's grid, np.mgrid[-5:5:100j, -5:5:100j]: the
// potential is compiled once over a placeholder of all 10,000 points, its columns taken by
// G.Slice (the tutorial's theano.function([z], pot(z)) over a matrix z).
func densityGrid(pot func(z0, z1 *G.Node) *G.Node, n int) (*plots.Grid2D, error) {
	axis := make([]float64, n)
	for i := range axis {
		axis[i] = -5 + 10*float64(i)/float64(n-1)
	}
	points := make([][]float64, 0, n*n)
	for _, x := range axis {
		for _, y := range axis {
			points = append(points, []float64{x, y})
		}
	}
	m := pm.NewModel()
	z := pm.Placeholder(m, "z", n*n, 2)
	z0, err := G.Slice(z, nil, G.S(0))
	if err != nil {
		return nil, err
	}
	z1, err := G.Slice(z, nil, G.S(1))
	if err != nil {
		return nil, err
	}
	u, err := pm.Eval(exp(G.Must(G.Neg(pot(z0, z1)))), pm.Givens(z, points))
	if err != nil {
		return nil, err
	}
	return &plots.Grid2D{X: axis, Y: axis, Z: u.Data().([]float64)}, nil
}

// potentials draws the tutorial's contour plots of the four target densities.
func (t *cells) potentials() error {
	section("The four potentials")
	var panels []plots.Panel2D
	for k, pot := range potentials {
		g, err := densityGrid(pot, 100)
		if err != nil {
			return fmt.Errorf("%s: %w", potentialNames[k], err)
		}
		panels = append(panels, plots.Panel2D{Title: potentialNames[k], Field: g})
		fmt.Printf("%s: exp(-U) peaks at %.3f on the grid\n", potentialNames[k], g.Max())
	}
	return t.Save("potentials.png")(plots.PlotDensity2D(panels, plots.Columns(2), plots.Size(12, 12)))
}
