package approximations

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/model"
)

// NormalizingFlow is PyMC3's normalizing-flow approximation: z = f_K ∘ … ∘ f_1(z_0) with
// z_0 ~ N(0, I) in the model's unconstrained space, each f_k an invertible layer with a
// tractable log-determinant, so that
//
//	log q(z) = log N(z_0; 0, I) - Σ_k log |det ∂f_k/∂z_{k-1}|.
//
// The layers are named by a formula in PyMC3's language (see NewNormalizingFlow): scale,
// loc, hh (Householder), planar, radial, and iaf (inverse autoregressive flow, beyond
// PyMC3). Formulas of scale, loc and hh only are Gaussians:
//
//   - 'scale-loc' (the default) is the mean-field family of ADVI: z = loc + softplus(rho)⊙z_0.
//   - 'scale-hh*K-loc' is N(loc, H S² Hᵀ) with S = diag(softplus(rho)) and H a product of K
//     reflections: with K ≥ d-1 any covariance (full-rank ADVI's family), with small K the
//     diagonal S² plus a correction of rank at most 2K (a low-rank-plus-diagonal Gaussian,
//     Tomczak and Welling's family).
//
// Its parameters are PyMC3's, one block per layer, flattened in PyMC3's order (the last
// layer first, each layer's parameters sorted by name) and exposed as Shared nodes named
// name_i for the layer at position i of the formula (rho_0, loc_1 for 'scale-loc'; b_0, u_0,
// w_0, b_1, … for 'planar*2'); scalar parameters are one-element vectors.
//
// References:
//   - Rezende, Mohamed: Variational Inference with Normalizing Flows. ICML 2015, eq. (7).
//   - Tomczak, Welling: Improving Variational Auto-Encoders using Householder Flow.
//     arXiv:1611.09630, 2016.
//   - Kingma, Salimans, Jozefowicz, Chen, Sutskever, Welling: Improved Variational Inference
//     with Inverse Autoregressive Flow. NeurIPS 2016.
type NormalizingFlow struct {
	*base
	formula string
	jitter  float64 // the sd of the parameters' initial draws
	layers  []flowLayer
	offs    []int // offset of each layer's parameters in params
	sizes   []int // number of each layer's parameters
	scratch int   // the largest scratch a layer needs
	affine  bool  // every layer is affine: q is Gaussian
	pool    sync.Pool
}

// flowScratch is the scratch of one draw, pooled so that concurrent draws allocate nothing.
type flowScratch struct{ buf []float64 }

// flowStatDraws is the number of fixed draws from which Mean, Std and Cov estimate the
// moments of a flow that is not affine.
const flowStatDraws = 4096

// NewNormalizingFlow returns the normalizing-flow approximation of m (PyMC3's
// pm.NormalizingFlow(flow, jitter=...)). Options:
//   - Flow(formula): the layers, default 'scale-loc'. Flows are separated by '-' and repeated
//     with '*n', e.g. 'scale-hh*4-loc', 'planar*10', 'scale-iaf(16)*4-loc'; an unknown flow or
//     a malformed repeat is an error.
//   - Jitter(sd): parameters start at N(0, sd²) around their references (PyMC3's jitter,
//     default 1): every parameter around 0, except iaf's gate bias around 2.
//   - Seed: of the parameters' initial values and of the draws.
//
// PyMC3's NormalizingFlow ignores start; here Start is refused, since the flow's location is
// a parameter like the others.
func NewNormalizingFlow(m *model.Model, opts ...config.Option) (*NormalizingFlow, error) {
	s, err := config.Collect("NormalizingFlow", opts, "Flow", "Jitter", "Seed")
	if err != nil {
		return nil, err
	}
	formula := DefaultFlow
	if s.Given("Flow") {
		formula = s.Flow
	}
	jitter := 1.0
	if s.Given("Jitter") {
		jitter = s.Jitter
	}
	return newNormalizingFlow(m, formula, jitter, s.Seed)
}

// newNormalizingFlow is NewNormalizingFlow with its settings resolved: the flow of formula
// over m, its parameters drawn with the given jitter from the seed's stream.
func newNormalizingFlow(m *model.Model, formula string, jitter float64, seed uint64) (*NormalizingFlow, error) {
	norm, specs, err := parseFormula(formula)
	if err != nil {
		return nil, err
	}
	if !(jitter >= 0) || math.IsInf(jitter, 0) {
		return nil, fmt.Errorf("approximations: NormalizingFlow: Jitter must be finite and >= 0, got %v", jitter)
	}
	d := m.Dim()
	layers := newLayers(specs, d)
	var names []string
	var sizes []int
	var shapes [][]int
	offs := make([]int, len(layers))
	total := 0
	// PyMC3's order: the last layer first, each layer's parameters sorted by name.
	for i := len(layers) - 1; i >= 0; i-- {
		offs[i] = total
		for _, p := range layers[i].params() {
			names = append(names, fmt.Sprintf("%s_%d", p.name, i))
			sizes = append(sizes, p.size())
			shape := p.shape
			if len(shape) == 0 {
				shape = []int{1}
			}
			shapes = append(shapes, shape)
			total += p.size()
		}
	}
	b, err := newBase("NormalizingFlow", m, seed, names, sizes)
	if err != nil {
		return nil, err
	}
	q := &NormalizingFlow{base: b, formula: norm, jitter: jitter, layers: layers, offs: offs, affine: true}
	b.self = q
	for _, l := range layers {
		q.sizes = append(q.sizes, layerSize(l))
		q.scratch = max(q.scratch, l.scratchLen())
		q.affine = q.affine && l.affine()
	}
	q.pool.New = func() any { return &flowScratch{make([]float64, q.scratch)} }
	init := rand.New(rand.NewPCG(seed, 0x666c6f77)) // the initial values' own stream
	for i, l := range layers {
		l.init(q.layerParams(i), jitter, init)
	}
	for i, shape := range shapes {
		if err := b.share(i, shape...); err != nil {
			return nil, err
		}
	}
	if err := q.setFlowStats(); err != nil {
		return nil, err
	}
	return q, nil
}

// layerParams is the slice of the flat parameters holding layer i's.
func (q *NormalizingFlow) layerParams(i int) []float64 { return q.layerParamsOf(q.params, i) }

// layerParamsOf is the slice of a flat parameter vector holding layer i's.
func (q *NormalizingFlow) layerParamsOf(params []float64, i int) []float64 {
	return params[q.offs[i] : q.offs[i]+q.sizes[i]]
}

func (q *NormalizingFlow) String() string {
	return fmt.Sprintf("NormalizingFlow[%d]{%s}", q.dim, q.formula)
}

// Formula is the flow's formula as PyMC3 normalises it: lower case, without spaces.
func (q *NormalizingFlow) Formula() string { return q.formula }

// Layers lists the layers' names, first applied first ('scale-hh*2-loc' gives scale, hh,
// hh, loc).
func (q *NormalizingFlow) Layers() []string {
	out := make([]string, len(q.layers))
	for i, l := range q.layers {
		out[i] = l.kind()
	}
	return out
}

// IsGaussian reports whether every layer is affine (scale, loc, hh), so that q is a Gaussian
// and Mean, Std and Cov are exact.
func (q *NormalizingFlow) IsGaussian() bool { return q.affine }

// push runs z through the layers in place and returns the sum of their log-dets.
func (q *NormalizingFlow) push(z, scratch []float64) float64 {
	return q.pushWith(q.params, z, scratch)
}

// pushWith is push with the parameters params.
func (q *NormalizingFlow) pushWith(params, z, scratch []float64) float64 {
	ld := 0.0
	for i, l := range q.layers {
		ld += l.forward(z, z, q.layerParamsOf(params, i), scratch)
	}
	return ld
}

// DrawFlat writes a draw of the flat vector into z: z_0 ~ N(0, I) from rng pushed through
// the flow, or with useMean the image of z_0 = 0 (PyMC3's deterministic sampling, which for a
// flow that is not affine is the image of the base's mode, not q's mean). It allocates
// nothing in steady state and may run concurrently with other draws.
func (q *NormalizingFlow) DrawFlat(z []float64, rng *rand.Rand, useMean bool) {
	q.drawLogQ(z[:q.dim], rng, useMean)
}

// DrawLogQ writes a draw of the flat vector into z (as DrawFlat) and returns log q(z), the
// density of that draw under the approximation: log N(z_0; 0, I) minus the layers'
// log-dets. It allocates nothing in steady state and may run concurrently with other draws.
func (q *NormalizingFlow) DrawLogQ(z []float64, rng *rand.Rand) float64 {
	return q.drawLogQ(z, rng, false)
}

// drawLogQ is DrawLogQ, at the image of the base distribution's mean when useMean.
func (q *NormalizingFlow) drawLogQ(z []float64, rng *rand.Rand, useMean bool) float64 {
	lq := 0.0
	for i := range z {
		e := 0.0
		if !useMean {
			e = rng.NormFloat64()
		}
		z[i] = e
		lq -= 0.5*e*e + logSqrt2Pi
	}
	s := q.pool.Get().(*flowScratch)
	lq -= q.push(z, s.buf)
	q.pool.Put(s)
	return lq
}

// Inverse writes z_0 = f⁻¹(z) into z0 and returns log q(z), for flows whose layers all have
// a closed-form inverse (scale, loc, hh, iaf); ok is false otherwise (planar and radial
// layers have inverses only by root finding).
func (q *NormalizingFlow) Inverse(z0, z []float64) (logq float64, ok bool) {
	cur := slices.Clone(z[:q.dim])
	for i := len(q.layers) - 1; i >= 0; i-- {
		prev := make([]float64, q.dim)
		if !q.layers[i].inverse(prev, cur, q.layerParams(i)) {
			return math.NaN(), false
		}
		cur = prev
	}
	copy(z0, cur)
	scratch := make([]float64, q.scratch)
	tmp := slices.Clone(cur)
	ld := q.push(tmp, scratch)
	lq := -ld
	for _, e := range cur {
		lq -= 0.5*e*e + logSqrt2Pi
	}
	return lq, true
}
