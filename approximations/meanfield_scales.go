package approximations

import "math"

// rhoScales holds the functions of rho that a KL step reads several times over: the sds
// softplus(rho), their derivatives sigmoid(rho) and their logs. Computed once for each
// value of rho instead of once per use (Reparam, LogQ, AddPathGrad, AddLogQGrad,
// LogQZGrad: three to four times a step, where exp, log1p and log took about half of a
// small model's step), with the same formulas, so every result keeps its bits.
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
		b := math.Float64bits(r)
		if s.valid[i] && s.rho[i] == b {
			continue
		}
		sd := softplus(r)
		s.rho[i], s.valid[i] = b, true
		s.sd[i], s.sig[i], s.logSD[i] = sd, sigmoid(r), math.Log(sd)
	}
	return s
}
