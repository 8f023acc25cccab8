package approximations

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/model"
	G "gorgonia.org/gorgonia"
)

// MeanField is the mean-field Gaussian of ADVI: independent normals on the unconstrained
// coordinates, z = mu + softplus(rho)·eps with eps ~ N(0, I). PyMC initialises mu at the
// model's initial point and rho at 0 (so every sd starts at log 2 ≈ 0.693).
//
// References:
//   - Kucukelbir, Tran, Ranganath, Gelman, Blei: Automatic Differentiation Variational
//     Inference. JMLR 18(14), 2017.
//   - Blundell, Cornebise, Kavukcuoglu, Wierstra: Weight Uncertainty in Neural Networks
//     (Bayes by Backprop, the softplus parametrisation of sd). ICML 2015.
type MeanField struct {
	*base
	mu, rho []float64 // views of the flat parameters
	// scales caches softplus, sigmoid and log softplus of rho for the LocationScale methods
	// (which therefore must not run concurrently with each other on one MeanField).
	scales rhoScales
}

var _ LocationScale = (*MeanField)(nil)

// NewMeanField returns the mean-field approximation of m. Options: Seed (of the draws),
// Start (PyMC's start: initial values of mu by variable name, see model.InitialPointWith)
// and StartSigma (initial sds by variable name: rho = log(e^|sd| - 1) on that variable's
// coordinates).
func NewMeanField(m *model.Model, opts ...config.Option) (*MeanField, error) {
	s, err := config.Collect("MeanField", opts, append(startOptions, "StartSigma")...)
	if err != nil {
		return nil, err
	}
	d := m.Dim()
	b, err := newBase("MeanField", m, s.Seed, []string{"mu", "rho"}, []int{d, d})
	if err != nil {
		return nil, err
	}
	q := &MeanField{base: b, mu: b.param(0), rho: b.param(1), scales: newRhoScales(d)}
	b.self = q
	start, err := startPoint(m, s)
	if err != nil {
		return nil, err
	}
	copy(q.mu, start)
	if s.Given("StartSigma") {
		if err := q.setStartSigma(s.StartSigma); err != nil {
			return nil, err
		}
	}
	if err := b.share(0, d); err != nil {
		return nil, err
	}
	if err := b.share(1, d); err != nil {
		return nil, err
	}
	rho := b.shared["rho"].Node()
	var std *G.Node
	err = b.setStats(b.shared["mu"].Node(),
		func() (n *G.Node, err error) { std, err = G.Softplus(rho); return std, err },
		func() (*G.Node, error) { return G.ApplyOp(statOp{kind: statMeanFieldCov, d: d}, std) })
	if err != nil {
		return nil, err
	}
	return q, nil
}

// setStartSigma sets rho from initial sds given by variable (or value variable) name.
func (q *MeanField) setStartSigma(sigmas map[string]any) error {
	for name, v := range sigmas {
		fv, ok := q.model.FreeVar(name)
		if !ok {
			return fmt.Errorf("approximations: StartSigma: %q is not a free variable of the model", name)
		}
		var info model.VarInfo
		for _, o := range q.order {
			if o.Name == fv.Name {
				info = o
			}
		}
		vals, err := floatsOf(v)
		if err != nil {
			return fmt.Errorf("approximations: StartSigma %q: %w", name, err)
		}
		if len(vals) != 1 && len(vals) != info.Size {
			return fmt.Errorf("approximations: StartSigma %q: %d values for a variable of %d elements", name, len(vals), info.Size)
		}
		for j := 0; j < info.Size; j++ {
			s := vals[0]
			if len(vals) > 1 {
				s = vals[j]
			}
			if !(math.Abs(s) > 0) || math.IsInf(s, 0) {
				return fmt.Errorf("approximations: StartSigma %q: sd must be finite and non-zero, got %v", name, s)
			}
			q.rho[info.Offset+j] = invSoftplus(s)
		}
	}
	return nil
}

func (q *MeanField) String() string { return fmt.Sprintf("MeanField[%d]", q.dim) }

// MeanValues returns mu (a copy).
func (q *MeanField) MeanValues() []float64 { return append([]float64(nil), q.mu...) }

// StdValues returns softplus(rho).
func (q *MeanField) StdValues() []float64 {
	out := make([]float64, q.dim)
	for i, r := range q.rho {
		out[i] = softplus(r)
	}
	return out
}

// Reparam sets z = mu + softplus(rho)·eps.
func (q *MeanField) Reparam(z, eps []float64) {
	sd := q.scales.at(q.rho).sd
	for i := range z {
		z[i] = q.mu[i] + sd[i]*eps[i]
	}
}

// LogQ is log q(z) for z = Reparam(eps), from eps: Σ -eps²/2 - log √(2π) - log sd.
func (q *MeanField) LogQ(eps []float64) float64 {
	logSD := q.scales.at(q.rho).logSD
	s := 0.0
	for i, e := range eps {
		s += -0.5*e*e - logSqrt2Pi - logSD[i]
	}
	return s
}

// AddPathGrad adds scale·(∂z/∂params)ᵀ g: g to mu, g·eps·sigmoid(rho) to rho.
func (q *MeanField) AddPathGrad(dst, g, eps []float64, scale float64) {
	d := q.dim
	sig := q.scales.at(q.rho).sig
	for i := 0; i < d; i++ {
		dst[i] += scale * g[i]
		dst[d+i] += scale * g[i] * eps[i] * sig[i]
	}
}

// AddLogQGrad adds scale·∂(-Σ log sd)/∂rho = -scale·sigmoid(rho)/softplus(rho).
func (q *MeanField) AddLogQGrad(dst []float64, scale float64) {
	d := q.dim
	sc := q.scales.at(q.rho)
	for i, s := range sc.sig {
		dst[d+i] -= scale * s / sc.sd[i]
	}
}

// DrawFlat writes a draw of the flat vector into z (the mean when useMean).
func (q *MeanField) DrawFlat(z []float64, rng *rand.Rand, useMean bool) {
	for i := range z {
		if useMean {
			z[i] = q.mu[i]
		} else {
			z[i] = q.mu[i] + softplus(q.rho[i])*rng.NormFloat64()
		}
	}
}
