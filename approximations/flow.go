package approximations

import (
	"math/rand/v2"
)

// flowLayer is one invertible map of a normalizing flow, z' = f(z; θ), on vectors of the
// flow's dimension d, with the log-determinant of its Jacobian. A layer holds only its
// structure (d, masks); its parameters θ are a slice of the approximation's flat parameter
// vector, laid out as its params say, so that the optimizers update them in place.
//
// forward and backward take a scratch slice of at least scratchLen elements and allocate
// nothing. out may be in and gin may be gout: every layer reads what it needs of its input
// before it writes its output.
type flowLayer interface {
	// kind is the layer's name in formulas: "scale", "loc", "hh", "planar", "radial", "iaf".
	kind() string
	// params are the layer's parameters in the order they are stored: sorted by name, as
	// PyMC sorts a flow's shared parameters.
	params() []flowParam
	// init sets the parameters to PyMC's initial values: N(0, jitter²) draws around each
	// parameter's reference.
	init(p []float64, jitter float64, rng *rand.Rand)
	// forward writes f(in) into out and returns log |det ∂f/∂z| at in.
	forward(out, in, p, scratch []float64) float64
	// backward is the reverse-mode step of the layer at input in: given gout = ∂L/∂z' and
	// cld = ∂L/∂(log-det), it adds ∂L/∂θ to gp and writes ∂L/∂z into gin.
	backward(gin, gout, in, p, gp, scratch []float64, cld float64)
	// inverse writes f⁻¹(out) into in; ok is false for layers without a closed-form inverse
	// (planar, radial).
	inverse(in, out, p []float64) (ok bool)
	// affine reports whether f is affine in z (scale, loc, hh), so that a flow of affine
	// layers is a Gaussian with exact moments.
	affine() bool
	// scratchLen is the length of scratch forward and backward need.
	scratchLen() int
}

// flowParam names one parameter of a layer and gives its shape (nil for a scalar, which is
// stored as one element).
type flowParam struct {
	name  string
	shape []int
}

func (p flowParam) size() int {
	n := 1
	for _, s := range p.shape {
		n *= s
	}
	return n
}

// layerSize is the number of parameters of a layer.
func layerSize(l flowLayer) int {
	n := 0
	for _, p := range l.params() {
		n += p.size()
	}
	return n
}

// jitterFill sets p to ref + jitter·N(0, 1) draws, as PyMC's AbstractFlow.add_param.
func jitterFill(p []float64, ref, jitter float64, rng *rand.Rand) {
	for i := range p {
		p[i] = ref + jitter*rng.NormFloat64()
	}
}

// dot is Σ a_i b_i.
func dot(a, b []float64) float64 {
	s := 0.0
	for i, x := range a {
		s += x * b[i]
	}
	return s
}
