package approximations

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/trace"
	G "gorgonia.org/gorgonia"
)

// Empirical is a set of particles in the model's unconstrained space: PyMC's Empirical,
// fitted by SVGD or made from a trace. Its parameter is the histogram, one row per particle.
// Draws pick rows uniformly with replacement; the mean is the rows' mean and the covariance
// their biased covariance.
type Empirical struct {
	*base
	size int
}

// NewEmpirical returns size particles around the model's initial point (or Start) with
// independent N(0, jitter²) noise from Seed (PyMC's Empirical(size=, jitter=)). Options:
// Seed, Start, Jitter (default 1).
func NewEmpirical(m *model.Model, size int, opts ...config.Option) (*Empirical, error) {
	s, err := config.Collect("Empirical", opts, append(startOptions, "Jitter")...)
	if err != nil {
		return nil, err
	}
	if size < 1 {
		return nil, fmt.Errorf("approximations: Empirical: the number of particles must be >= 1, got %d", size)
	}
	jitter := 1.0
	if s.Given("Jitter") {
		jitter = s.Jitter
		if !(jitter >= 0) || math.IsInf(jitter, 0) {
			return nil, fmt.Errorf("approximations: Empirical: Jitter must be finite and >= 0, got %v", jitter)
		}
	}
	q, err := newEmpirical(m, size, s.Seed)
	if err != nil {
		return nil, err
	}
	start, err := startPoint(m, s)
	if err != nil {
		return nil, err
	}
	init := rand.New(rand.NewPCG(s.Seed, 0x6a6974)) // the jitter's own stream
	d := q.dim
	for i := 0; i < size; i++ {
		for j := 0; j < d; j++ {
			q.params[i*d+j] = start[j] + jitter*init.NormFloat64()
		}
	}
	return q, nil
}

// NewEmpiricalFromTrace returns the particles of a trace of m: one row per chain and draw,
// chain after chain (PyMC's Empirical(trace)). The trace must hold every free variable's value
// variable (sigma_log__ for a transformed one) with the model's shapes, and finite draws.
// Options: Seed (of the draws).
func NewEmpiricalFromTrace(tr *trace.Trace, m *model.Model, opts ...config.Option) (*Empirical, error) {
	s, err := config.Collect("Empirical", opts, "Seed")
	if err != nil {
		return nil, err
	}
	if tr == nil {
		return nil, fmt.Errorf("approximations: Empirical: nil trace")
	}
	order := m.Ordering()
	for _, o := range order {
		if !tr.Has(o.ValueName) {
			return nil, fmt.Errorf("approximations: Empirical: the trace does not hold the free variable %q (is it a trace of this model?)", o.ValueName)
		}
		if got := tr.Shape(o.ValueName); !slices.Equal(got, []int(o.Shape)) {
			return nil, fmt.Errorf("approximations: Empirical: %q has shape %v in the trace, the model's is %v (is it a trace of this model?)", o.ValueName, got, []int(o.Shape))
		}
	}
	size := tr.Len()
	if size < 1 {
		return nil, fmt.Errorf("approximations: Empirical: the trace has no draws")
	}
	q, err := newEmpirical(m, size, s.Seed)
	if err != nil {
		return nil, err
	}
	d := q.dim
	row := 0
	for c := 0; c < tr.Chains(); c++ {
		n := tr.Draws(c)
		for _, o := range order {
			vals := tr.ChainValues(o.ValueName, c)
			for k := 0; k < n; k++ {
				draw := vals[k*o.Size : (k+1)*o.Size]
				for j, v := range draw {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						return nil, fmt.Errorf("approximations: Empirical: %q is %v at chain %d, draw %d (element %d): a particle must be finite", o.ValueName, v, c, k, j)
					}
				}
				copy(q.params[(row+k)*d+o.Offset:], draw)
			}
		}
		row += n
	}
	return q, nil
}

func newEmpirical(m *model.Model, size int, seed uint64) (*Empirical, error) {
	d := m.Dim()
	b, err := newBase("Empirical", m, seed, []string{"histogram"}, []int{size * d})
	if err != nil {
		return nil, err
	}
	q := &Empirical{base: b, size: size}
	b.self = q
	if err := b.share(0, size, d); err != nil {
		return nil, err
	}
	hist := b.shared["histogram"].Node()
	stat := func(kind statKind) (*G.Node, error) {
		return G.ApplyOp(statOp{kind: kind, d: d, rows: size}, hist)
	}
	mean, err := stat(statEmpiricalMean)
	if err != nil {
		return nil, fmt.Errorf("approximations: Empirical: the mean node: %w", err)
	}
	err = b.setStats(mean,
		func() (*G.Node, error) { return stat(statEmpiricalStd) },
		func() (*G.Node, error) { return stat(statEmpiricalCov) })
	if err != nil {
		return nil, err
	}
	return q, nil
}

func (q *Empirical) String() string { return fmt.Sprintf("Empirical[%d, %d]", q.size, q.dim) }

// Size is the number of particles.
func (q *Empirical) Size() int { return q.size }

// Histogram returns the live particles, row-major (Size rows of Dim).
func (q *Empirical) Histogram() []float64 { return q.params }

// DescribeParam names histogram entry i: its particle and coordinate.
func (q *Empirical) DescribeParam(i int) string {
	return fmt.Sprintf("particle %d of %s", i/q.dim, q.element(i%q.dim))
}

// MeanValues returns the particles' mean.
func (q *Empirical) MeanValues() []float64 { return empiricalMean(q.params, q.size, q.dim) }

// StdValues returns the particles' standard deviations (biased).
func (q *Empirical) StdValues() []float64 {
	cov := empiricalCov(q.params, q.size, q.dim)
	out := make([]float64, q.dim)
	for i := range out {
		out[i] = math.Sqrt(cov[i*q.dim+i])
	}
	return out
}

// DrawFlat writes a uniformly chosen particle into z (the particles' mean when useMean, as
// PyMC3 did; PyMC v4+ refuses deterministic sampling from a histogram).
func (q *Empirical) DrawFlat(z []float64, rng *rand.Rand, useMean bool) {
	if useMean {
		meanInto(z[:q.dim], q.params, q.size)
		return
	}
	i := rng.IntN(q.size)
	copy(z, q.params[i*q.dim:(i+1)*q.dim])
}

func empiricalMean(x []float64, n, d int) []float64 {
	return meanInto(make([]float64, d), x, n)
}

// meanInto writes the column means of the n rows of x (row-major, len(dst) columns) into
// dst and returns it.
func meanInto(dst, x []float64, n int) []float64 {
	d := len(dst)
	clear(dst)
	for i := 0; i < n; i++ {
		for j, v := range x[i*d : (i+1)*d] {
			dst[j] += v
		}
	}
	for j := range dst {
		dst[j] /= float64(n)
	}
	return dst
}

// empiricalCov is (X - mean)ᵀ(X - mean)/n.
func empiricalCov(x []float64, n, d int) []float64 {
	mean := empiricalMean(x, n, d)
	cov := make([]float64, d*d)
	for i := 0; i < n; i++ {
		row := x[i*d : (i+1)*d]
		for a := 0; a < d; a++ {
			da := row[a] - mean[a]
			for b := 0; b <= a; b++ {
				cov[a*d+b] += da * (row[b] - mean[b])
			}
		}
	}
	for a := 0; a < d; a++ {
		for b := 0; b <= a; b++ {
			cov[a*d+b] /= float64(n)
			cov[b*d+a] = cov[a*d+b]
		}
	}
	return cov
}
