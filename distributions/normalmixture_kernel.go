package distributions

import "math"

// logSqrt2Pi is log(sqrt(2*pi)).
const logSqrt2Pi = 0.91893853320467274178032973640562

// mixWeightTol is the tolerance of the run-time check that the weights sum to 1: Theano's
// allclose (atol 1e-8 + rtol 1e-5), which PyMC3's Mixture.logp applies.
const mixWeightTol = 1e-8 + 1e-5

// mixTerms fills a[k] = log w_k + log N(x | mu_k, s_k) for the K = len(a) components, where
// s_k is the standard deviation (the precision when tau is true), and returns the index of
// the largest term. It returns -1 when a parameter is outside its domain: w_k outside
// [0, 1], weights not summing to 1 within mixWeightTol, s_k <= 0, or a NaN.
func mixTerms(x float64, w, mu, s, a []float64, tau bool) int {
	sumW := 0.0
	km := -1
	m := math.Inf(-1)
	for k := range a {
		wk, sk := w[k], s[k]
		if !(wk >= 0 && wk <= 1 && sk > 0) {
			return -1
		}
		sumW += wk
		z := x - mu[k]
		var ak float64
		if tau {
			ak = math.Log(wk) + 0.5*math.Log(sk) - logSqrt2Pi - 0.5*sk*z*z
		} else {
			zs := z / sk
			r := wk / sk
			if r == 0 && wk > 0 { // underflow of the ratio
				ak = math.Log(wk) - math.Log(sk) - logSqrt2Pi - 0.5*zs*zs
			} else {
				ak = math.Log(r) - logSqrt2Pi - 0.5*zs*zs
			}
		}
		if ak != ak { // a NaN mean or value
			return -1
		}
		a[k] = ak
		if km < 0 || ak > m {
			km, m = k, ak
		}
	}
	if math.Abs(sumW-1) > mixWeightTol {
		return -1
	}
	return km
}

// mixLogp returns log Σ_k w_k N(x | mu_k, s_k), computed stably in log space, or -Inf when
// a parameter is outside its domain. a is scratch space of length K.
func mixLogp(x float64, w, mu, s, a []float64, tau bool) float64 {
	km := mixTerms(x, w, mu, s, a, tau)
	if km < 0 {
		return math.Inf(-1)
	}
	m := a[km]
	if math.IsInf(m, -1) {
		return m
	}
	sum := 0.0
	for k, ak := range a {
		if k != km {
			sum += math.Exp(ak - m)
		}
	}
	return m + math.Log1p(sum)
}

// mixResp replaces a[k] by the responsibility r_k = w_k N_k / Σ_j w_j N_j of each
// component and returns m, sum and rest with log density m + log(sum) = m + log1p(rest)
// (rest is sum - 1, summed apart for accuracy, as mixLogp sums it, so that the value is
// mixLogp's to the last bit). ok is false, and a
// unspecified, when the density is zero or a parameter is outside its domain.
func mixResp(x float64, w, mu, s, a []float64, tau bool) (m, sum, rest float64, ok bool) {
	km := mixTerms(x, w, mu, s, a, tau)
	if km < 0 {
		return 0, 0, 0, false
	}
	m = a[km]
	if math.IsInf(m, 0) {
		return 0, 0, 0, false
	}
	for k, ak := range a {
		e := 1.0
		if k != km {
			e = math.Exp(ak - m)
			rest += e
		}
		a[k] = e
		sum += e
	}
	inv := 1 / sum
	for k := range a {
		a[k] *= inv
	}
	return m, sum, rest, true
}

// mixPartials adds g times the partial derivatives of one element's log density to dx and,
// for each component k, to dw[k*sw], dmu[k*smu], ds[k*ss] (a nil slice is not computed).
// r holds the responsibilities and m + log(sum) is the log density, from mixResp.
func mixPartials(g, x, m, sum float64, w, mu, s, r []float64, tau bool,
	dx *float64, dw []float64, sw int, dmu []float64, smu int, ds []float64, ss int) {
	gx := 0.0
	for k, rk := range r {
		d := x - mu[k]
		sk := s[k]
		var prec float64
		if tau {
			prec = sk
		} else {
			prec = 1 / (sk * sk)
		}
		t := g * rk * d * prec // g r_k (x - mu_k) / sigma_k^2
		gx -= t
		if dmu != nil {
			dmu[k*smu] += t
		}
		if ds != nil {
			if tau {
				ds[k*ss] += g * rk * 0.5 * (1/sk - d*d)
			} else {
				ds[k*ss] += g * rk * (d*d*prec - 1) / sk
			}
		}
		if dw != nil {
			// d/dw_k = N_k / p = r_k / w_k, or exp(log N_k - log p) when w_k = 0.
			if wk := w[k]; wk > 0 {
				dw[k*sw] += g * rk / wk
			} else {
				dw[k*sw] += g * math.Exp(mixLogNormal(x, mu[k], sk, tau)-m-math.Log(sum))
			}
		}
	}
	if dx != nil {
		*dx += gx
	}
}

// mixLogNormal is log N(x | mu, s), s the standard deviation (the precision when tau).
func mixLogNormal(x, mu, s float64, tau bool) float64 {
	z := x - mu
	if tau {
		return 0.5*math.Log(s) - logSqrt2Pi - 0.5*s*z*z
	}
	z /= s
	return -math.Log(s) - logSqrt2Pi - 0.5*z*z
}
