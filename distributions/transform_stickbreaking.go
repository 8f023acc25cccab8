package distributions

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// stickBreaking is PyMC3's "stickbreaking" transform of a simplex-valued variable (Stan's
// simplex transform), row by row on the last axis: a K-vector x with positive entries
// summing to 1 maps to a (K-1)-vector y.
//
// Backward, for k = 0 .. K-2 (0-based):
//
//	z_k = σ(y_k - log(K-1-k))          the fraction of the remaining stick broken off
//	x_k = z_k Π_{j<k} (1 - z_j),       x_{K-1} = Π_{j<K-1} (1 - z_j)
//
// The offset log(K-1-k) (PyMC3's eq_share = logit(1/(K-k))) makes y = 0 the centre of the
// simplex, x = 1/K everywhere. Forward inverts it:
//
//	y_k = log x_k - log(Σ_{j>k} x_j) + log(K-1-k)
//
// and the log absolute determinant of the Jacobian of (y_0..y_{K-2}) -> (x_0..x_{K-2}) is
//
//	Σ_k log z_k + log(1 - z_k) + log Π_{j<k} (1 - z_j).
//
// Everything is computed in log space, so |y| of 40 and more stays finite.
//
// References:
// Stan Development Team, Stan Reference Manual, chapter "Constraint transforms", section
// "Unit simplex": the stick-breaking parameterisation and its Jacobian.
// PyMC3 up to 3.9, pymc3/distributions/transforms.py, class StickBreaking (the version of
// the quickstart tutorial's era; pymc-devs/pymc pull request #4129, released in 3.10,
// replaced it by a centred softmax).
type stickBreaking struct{}

// NewStickBreakingTransform returns PyMC3's stick-breaking transform, the default transform
// of Dirichlet variables: values of shape (..., K) on the simplex map to (..., K-1).
func NewStickBreakingTransform() Transform { return stickBreaking{} }

func (stickBreaking) Name() string { return "stickbreaking" }

func (stickBreaking) Forward(x *G.Node) (*G.Node, error) { return applyStickBreaking(fnForward, x) }

func (stickBreaking) Backward(y *G.Node) (*G.Node, error) { return applyStickBreaking(fnBackward, y) }

func (stickBreaking) LogJacDet(y *G.Node) (*G.Node, error) { return applyStickBreaking(fnLogJac, y) }

// UnconstrainedShape drops one entry on the last axis, which must hold at least 2.
func (stickBreaking) UnconstrainedShape(s tensor.Shape) (tensor.Shape, error) {
	if len(s) == 0 || s[len(s)-1] < 2 {
		return nil, fmt.Errorf("distributions: stickbreaking transform: need a last axis of at least 2 entries, got shape %v", s)
	}
	out := s.Clone()
	out[len(out)-1]--
	return out, nil
}

// sbEqShare is log(K-1-k), the offset of entry k of a (K-1)-row.
func sbEqShare(km1, k int) float64 { return math.Log(float64(km1 - k)) }

// sbForwardRow maps one simplex row x (K entries) to y (K-1 entries).
func sbForwardRow(x, y []float64) {
	km1 := len(y)
	rest := x[km1] // Σ_{j>k} x_j, accumulated from the end
	for k := km1 - 1; k >= 0; k-- {
		y[k] = math.Log(x[k]) - math.Log(rest) + sbEqShare(km1, k)
		rest += x[k]
	}
}

// sbBackwardRow maps one row y (K-1 entries) to the simplex row x (K entries). When z and
// zc are not nil it also stores the stick fractions z_k = σ(u_k) and 1 - z_k = σ(-u_k)
// (K-1 entries each).
func sbBackwardRow(y, x, z, zc []float64) {
	km1 := len(y)
	logS := 0.0 // log Π_{j<k} (1 - z_j)
	for k, yk := range y {
		u := yk - sbEqShare(km1, k)
		x[k] = math.Exp(logS - softplus(-u)) // z_k times the remaining stick
		logS -= softplus(u)                  // log(1 - z_k)
		if z != nil {
			z[k], zc[k] = sigmoid(u), sigmoid(-u)
		}
	}
	x[km1] = math.Exp(logS)
}

// sbBackwardGradRow adds to dy the gradient of Σ_k g_k x_k(y) for one row, using x, z and
// zc from sbBackwardRow:
//
//	d/dy_j = g_j x_j (1 - z_j) - z_j Σ_{k>j} g_k x_k.
func sbBackwardGradRow(g, x, z, zc, dy []float64) {
	km1 := len(dy)
	tail := g[km1] * x[km1] // Σ_{k>j} g_k x_k
	for j := km1 - 1; j >= 0; j-- {
		gx := g[j] * x[j]
		dy[j] += gx*zc[j] - z[j]*tail
		tail += gx
	}
}

// sbLogJacRow returns log |det J| of one row y (K-1 entries).
func sbLogJacRow(y []float64) float64 {
	km1 := len(y)
	logS, sum := 0.0, 0.0
	for k, yk := range y {
		u := yk - sbEqShare(km1, k)
		sum += logSigmoidBoth(u) + logS
		logS -= softplus(u)
	}
	return sum
}

// sbLogJacGradRow adds g times the gradient of sbLogJacRow to dy:
// d/dy_i = 1 - (K - i) z_i, for K = len(y)+1 and 0-based i.
func sbLogJacGradRow(g float64, y, dy []float64) {
	km1 := len(y)
	for i, yi := range y {
		z := sigmoid(yi - sbEqShare(km1, i))
		dy[i] += g * (1 - float64(km1+1-i)*z)
	}
}
