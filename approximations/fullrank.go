package approximations

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/model"
	G "gorgonia.org/gorgonia"
)

// FullRank is the full-rank Gaussian of full-rank ADVI: z = mu + L·eps with L lower
// triangular, stored packed row-major in L_tril with softplus applied to its diagonal (PyMC
// v4+), eps ~ N(0, I). PyMC initialises mu at the model's initial point and L_tril at the
// identity (so the diagonal of L starts at softplus(1) ≈ 1.3133).
//
// References:
//   - Kucukelbir, Tran, Ranganath, Gelman, Blei: Automatic Differentiation Variational
//     Inference. JMLR 18(14), 2017, §2.5 (full-rank Gaussian).
type FullRank struct {
	*base
	lTril, mu []float64 // views of the flat parameters
	diag      []int     // index in lTril of each diagonal entry
	// scales caches softplus, sigmoid and log softplus of the raw diagonal for the
	// LocationScale methods (which therefore must not run concurrently on one FullRank).
	scales rhoScales
}

var _ LocationScale = (*FullRank)(nil)

// NewFullRank returns the full-rank approximation of m. Options: Seed (of the draws) and
// Start (initial mu by variable name, see model.InitialPointWith).
func NewFullRank(m *model.Model, opts ...config.Option) (*FullRank, error) {
	s, err := config.Collect("FullRank", opts, startOptions...)
	if err != nil {
		return nil, err
	}
	d := m.Dim()
	b, err := newBase("FullRank", m, s.Seed, []string{"L_tril", "mu"}, []int{d * (d + 1) / 2, d})
	if err != nil {
		return nil, err
	}
	q := &FullRank{base: b, lTril: b.param(0), mu: b.param(1), diag: make([]int, d), scales: newRhoScales(d)}
	b.self = q
	for i := 0; i < d; i++ {
		q.diag[i] = i*(i+1)/2 + i
		q.lTril[q.diag[i]] = 1
	}
	start, err := startPoint(m, s)
	if err != nil {
		return nil, err
	}
	copy(q.mu, start)
	if err := b.share(0, d*(d+1)/2); err != nil {
		return nil, err
	}
	if err := b.share(1, d); err != nil {
		return nil, err
	}
	lTril := b.shared["L_tril"].Node()
	err = b.setStats(b.shared["mu"].Node(),
		func() (*G.Node, error) { return G.ApplyOp(statOp{kind: statFullRankStd, d: d}, lTril) },
		func() (*G.Node, error) { return G.ApplyOp(statOp{kind: statFullRankCov, d: d}, lTril) })
	if err != nil {
		return nil, err
	}
	return q, nil
}

func (q *FullRank) String() string { return fmt.Sprintf("FullRank[%d]", q.dim) }

// MeanValues returns mu (a copy).
func (q *FullRank) MeanValues() []float64 { return append([]float64(nil), q.mu...) }

// StdValues returns sqrt(diag(L Lᵀ)).
func (q *FullRank) StdValues() []float64 {
	cov := fullRankCov(q.lTril, q.dim)
	out := make([]float64, q.dim)
	for i := range out {
		out[i] = math.Sqrt(cov[i*q.dim+i])
	}
	return out
}

// Reparam sets z = mu + L·eps, reading L from the packed rows.
func (q *FullRank) Reparam(z, eps []float64) {
	sd := q.scales.atIndices(q.lTril, q.diag).sd
	k := 0
	for i := 0; i < q.dim; i++ {
		s := q.mu[i]
		for j := 0; j < i; j++ {
			s += q.lTril[k] * eps[j]
			k++
		}
		s += sd[i] * eps[i]
		k++
		z[i] = s
	}
}

// LogQ is log q(z) for z = Reparam(eps): Σ -eps²/2 - log √(2π) - Σ log L_ii.
func (q *FullRank) LogQ(eps []float64) float64 {
	logSD := q.scales.atIndices(q.lTril, q.diag).logSD
	s := 0.0
	for i, e := range eps {
		s += -0.5*e*e - logSqrt2Pi - logSD[i]
	}
	return s
}

// AddPathGrad adds scale·(∂z/∂params)ᵀ g: g_i·eps_j to L_ij (times sigmoid of the raw
// diagonal on the diagonal) and g to mu.
func (q *FullRank) AddPathGrad(dst, g, eps []float64, scale float64) {
	sig := q.scales.atIndices(q.lTril, q.diag).sig
	k := 0
	off := len(q.lTril)
	for i := 0; i < q.dim; i++ {
		gi := scale * g[i]
		for j := 0; j < i; j++ {
			dst[k] += gi * eps[j]
			k++
		}
		dst[k] += gi * eps[i] * sig[i]
		k++
		dst[off+i] += gi
	}
}

// AddLogQGrad adds scale·∂(-Σ log L_ii)/∂L_tril on the diagonal.
func (q *FullRank) AddLogQGrad(dst []float64, scale float64) {
	sc := q.scales.atIndices(q.lTril, q.diag)
	for i, k := range q.diag {
		dst[k] -= scale * sc.sig[i] / sc.sd[i]
	}
}

// DrawFlat writes a draw of the flat vector into z (the mean when useMean). It allocates
// nothing: z first holds eps, and z_i = mu_i + Σ_{j≤i} L_ij·eps_j is written from the last
// row up, so that every row reads only eps_j not yet overwritten.
func (q *FullRank) DrawFlat(z []float64, rng *rand.Rand, useMean bool) {
	if useMean {
		copy(z, q.mu)
		return
	}
	for i := range z[:q.dim] {
		z[i] = rng.NormFloat64()
	}
	q.transformEps(z)
}

// transformEps overwrites eps, held in z, with mu + L·eps, from the last row up, so that
// every row reads only entries not yet overwritten.
func (q *FullRank) transformEps(z []float64) {
	for i := q.dim - 1; i >= 0; i-- {
		row := q.lTril[i*(i+1)/2 : i*(i+1)/2+i+1]
		s := q.mu[i] + softplus(row[i])*z[i]
		for j, l := range row[:i] {
			s += l * z[j]
		}
		z[i] = s
	}
}
