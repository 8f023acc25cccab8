package approximations

import "math"

// rhoScales holds the functions of the raw scale parameters rho (MeanField's rho, the raw
// diagonal of FullRank's L) that a KL step reads several times over: the sds softplus(rho),
// their derivatives sigmoid(rho) and their logs. Computed once for each value of rho instead
// of once per use (Reparam, LogQ, AddPathGrad, AddLogQGrad, LogQZGrad: three to five times
// a step, where exp, log1p and log took about half of a small model's step), with the same
// formulas, so every result keeps its bits.
type rhoScales struct {
	rho   []uint64 // the bits of rho the entries below were computed at
	valid []bool   // entry i has been computed (rho's bits alone cannot say: 0 is a value)
	sd    []float64
	sig   []float64
	logSD []float64
}

func newRhoScales(d int) rhoScales {
	return rhoScales{rho: make([]uint64, d), valid: make([]bool, d),
		sd: make([]float64, d), sig: make([]float64, d), logSD: make([]float64, d)}
}

// at brings the entries up to date with rho, recomputing those whose rho changed (every
// entry after an optimizer update, none between the calls of one step), and returns s.
func (s *rhoScales) at(rho []float64) *rhoScales {
	for i, r := range rho {
		if s.stale(i, r) {
			s.compute(i, r)
		}
	}
	return s
}

// atIndices is at for rho_i = v[idx[i]].
func (s *rhoScales) atIndices(v []float64, idx []int) *rhoScales {
	for i, k := range idx {
		if r := v[k]; s.stale(i, r) {
			s.compute(i, r)
		}
	}
	return s
}

// stale reports whether entry i was computed at another value than r (or never).
func (s *rhoScales) stale(i int, r float64) bool {
	return !s.valid[i] || s.rho[i] != math.Float64bits(r)
}

// compute sets entry i from r.
func (s *rhoScales) compute(i int, r float64) {
	sd := softplus(r)
	s.rho[i], s.valid[i] = math.Float64bits(r), true
	s.sd[i], s.sig[i], s.logSD[i] = sd, sigmoid(r), math.Log(sd)
}
