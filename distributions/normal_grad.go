package distributions

// The fused loops of Normal's kernels (elemLogpGrader): the summed log density and its
// partials in one loop, sharing z = (x - mu)/sigma, for the hottest family of the package
// (an observed Normal over the full data set: the quickstart's minibatch model). The log
// density is summed in four accumulators, element j into accumulator j mod 4 and the run's
// last n mod 4 elements into the first, as sumFloats sums the run's log densities, so that
// the additions pipeline and the results are those of logp, sumFloats and grad to the last
// bit: NUTS trajectories, and the tests that pin a seed, depend on every bit of the
// gradient. The loops are unrolled by hand, with the accumulators in variables (an array
// indexed by j mod 4 would live in memory).

func (normalKernel) logpGradSum(a *rowArgs, dx []float64, dp *[maxParams][]float64) float64 {
	x := a.x
	n := len(x)
	mu, inv, ls := a.p[0][:n], a.p[2][:n], a.p[3][:n]
	dmu, dsig := dp[0][:n], dp[1][:n]
	var s0, s1, s2, s3 float64
	j := 0
	for ; j+4 <= n; j += 4 {
		xs, ms, is, lg := x[j:j+4:j+4], mu[j:j+4:j+4], inv[j:j+4:j+4], ls[j:j+4:j+4]
		gm, gs := dmu[j:j+4:j+4], dsig[j:j+4:j+4]
		z0, z1, z2, z3 := (xs[0]-ms[0])*is[0], (xs[1]-ms[1])*is[1], (xs[2]-ms[2])*is[2], (xs[3]-ms[3])*is[3]
		q0, q1, q2, q3 := z0*z0, z1*z1, z2*z2, z3*z3
		s0 += -0.5*q0 - lg[0] - lnSqrt2Pi
		s1 += -0.5*q1 - lg[1] - lnSqrt2Pi
		s2 += -0.5*q2 - lg[2] - lnSqrt2Pi
		s3 += -0.5*q3 - lg[3] - lnSqrt2Pi
		y0, y1, y2, y3 := z0*is[0], z1*is[1], z2*is[2], z3*is[3]
		gm[0] += y0
		gm[1] += y1
		gm[2] += y2
		gm[3] += y3
		gs[0] += (q0 - 1) * is[0]
		gs[1] += (q1 - 1) * is[1]
		gs[2] += (q2 - 1) * is[2]
		gs[3] += (q3 - 1) * is[3]
		if dx != nil {
			gx := dx[j : j+4 : j+4]
			gx[0] -= y0
			gx[1] -= y1
			gx[2] -= y2
			gx[3] -= y3
		}
	}
	for ; j < n; j++ { // sumFloats' tail
		is := inv[j]
		z := (x[j] - mu[j]) * is
		q := z * z
		s0 += -0.5*q - ls[j] - lnSqrt2Pi
		y := z * is
		dmu[j] += y
		dsig[j] += (q - 1) * is
		if dx != nil {
			dx[j] -= y
		}
	}
	return (s0 + s1) + (s2 + s3)
}

func (normalTauKernel) logpGradSum(a *rowArgs, dx []float64, dp *[maxParams][]float64) float64 {
	x := a.x
	n := len(x)
	mu, tau, hl := a.p[0][:n], a.p[1][:n], a.p[2][:n]
	dmu, dtau := dp[0][:n], dp[1][:n]
	var s0, s1, s2, s3 float64
	j := 0
	for ; j+4 <= n; j += 4 {
		xs, ms, ts, hs := x[j:j+4:j+4], mu[j:j+4:j+4], tau[j:j+4:j+4], hl[j:j+4:j+4]
		gm, gt := dmu[j:j+4:j+4], dtau[j:j+4:j+4]
		r0, r1, r2, r3 := xs[0]-ms[0], xs[1]-ms[1], xs[2]-ms[2], xs[3]-ms[3]
		s0 += hs[0] - lnSqrt2Pi - 0.5*ts[0]*r0*r0
		s1 += hs[1] - lnSqrt2Pi - 0.5*ts[1]*r1*r1
		s2 += hs[2] - lnSqrt2Pi - 0.5*ts[2]*r2*r2
		s3 += hs[3] - lnSqrt2Pi - 0.5*ts[3]*r3*r3
		gm[0] += ts[0] * r0
		gm[1] += ts[1] * r1
		gm[2] += ts[2] * r2
		gm[3] += ts[3] * r3
		gt[0] += 0.5/ts[0] - 0.5*r0*r0
		gt[1] += 0.5/ts[1] - 0.5*r1*r1
		gt[2] += 0.5/ts[2] - 0.5*r2*r2
		gt[3] += 0.5/ts[3] - 0.5*r3*r3
		if dx != nil {
			gx := dx[j : j+4 : j+4]
			gx[0] -= ts[0] * r0
			gx[1] -= ts[1] * r1
			gx[2] -= ts[2] * r2
			gx[3] -= ts[3] * r3
		}
	}
	for ; j < n; j++ { // sumFloats' tail
		t, r := tau[j], x[j]-mu[j]
		s0 += hl[j] - lnSqrt2Pi - 0.5*t*r*r
		dmu[j] += t * r
		if dx != nil {
			dx[j] -= t * r
		}
		dtau[j] += 0.5/t - 0.5*r*r
	}
	return (s0 + s1) + (s2 + s3)
}

// blockLogpGrad is Normal's rowBlockGrader: over nr rows of m columns of observed values
// (row r at x[r*stride:]), with the same mu and sigma on every row, the log density and
// the partials of column j follow from S1 = Σ_r (x_rj - mu_j) and S2 = Σ_r (x_rj - mu_j)²:
//
//	lp_j = -S2/(2σ²) - nr (log σ + log √(2π)),  ∂/∂mu_j = S1/σ²,  ∂/∂σ_j = (S2/σ² - nr)/σ.
//
// The sums are taken row after row, so that the data is read in order (a large data set
// is read from memory at the speed of a sequential scan); each element costs a
// subtraction, a product and two additions.
func (normalKernel) blockLogpGrad(a *rowArgs, x []float64, stride, nr int, dp *[maxParams][]float64) float64 {
	m := a.n
	mu, inv, ls := a.p[0][:m], a.p[2][:m], a.p[3][:m]
	dmu, dsig := dp[0][:m], dp[1][:m]
	var s1b, s2b [chunkLen]float64
	s1, s2 := s1b[:m], s2b[:m]
	for r := 0; r < nr; r++ {
		row := x[r*stride : r*stride+m]
		for j, v := range row {
			d := v - mu[j]
			s1[j] += d
			s2[j] += d * d
		}
	}
	total := 0.0
	for j := range m {
		iv := inv[j]
		q := s2[j] * iv * iv
		total += -0.5*q - float64(nr)*(ls[j]+lnSqrt2Pi)
		dmu[j] += s1[j] * iv * iv
		dsig[j] += (q - float64(nr)) * iv
	}
	return total
}

// logpGradSumScalarSigma is logpGradSum for a run along which sigma is one value (a scalar
// sigma broadcast over the data: a regression's noise scale): 1/sigma and log sigma stay
// in registers, and sigma's partial is summed in the loop, as addRunPartials sums the
// per-element partials logpGradSum would write (sumFloats' four accumulators), instead of
// being written per element. It returns the summed log density and sigma's partial; the
// bits are those of logpGradSum followed by addRunPartials.
func (normalKernel) logpGradSumScalarSigma(a *rowArgs, dx, dmu []float64) (float64, float64) {
	x := a.x
	n := len(x)
	mu, is, lg := a.p[0][:n], a.p[2][0], a.p[3][0]
	dmu = dmu[:n]
	var acc [8]float64 // the log density's four accumulators, then sigma's partial's
	j := 0
	if dx == nil {
		j = normalScalarSigmaObserved(x, mu, dmu, is, lg, &acc)
	} else {
		j = normalScalarSigmaFree(x, mu, dmu, dx[:n], is, lg, &acc)
	}
	s0, g0 := acc[0], acc[4]
	for ; j < n; j++ { // sumFloats' tail
		z := (x[j] - mu[j]) * is
		q := z * z
		s0 += -0.5*q - lg - lnSqrt2Pi
		y := z * is
		dmu[j] += y
		g0 += (q - 1) * is
		if dx != nil {
			dx[j] -= y
		}
	}
	return (s0 + acc[1]) + (acc[2] + acc[3]), (g0 + acc[5]) + (acc[6] + acc[7])
}

// normalScalarSigmaObserved runs logpGradSumScalarSigma's unrolled loop for an observed
// value (no partial of x), element j into accumulator j mod 4 as in sumFloats; it returns
// where the tail starts.
func normalScalarSigmaObserved(x, mu, dmu []float64, is, lg float64, acc *[8]float64) int {
	s0, s1, s2, s3, g0, g1, g2, g3 := acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6], acc[7]
	j := 0
	for ; j+4 <= len(x); j += 4 {
		xs, ms, gm := x[j:j+4:j+4], mu[j:j+4:j+4], dmu[j:j+4:j+4]
		z := (xs[0] - ms[0]) * is
		q := z * z
		s0 += -0.5*q - lg - lnSqrt2Pi
		g0 += (q - 1) * is
		gm[0] += z * is
		z = (xs[1] - ms[1]) * is
		q = z * z
		s1 += -0.5*q - lg - lnSqrt2Pi
		g1 += (q - 1) * is
		gm[1] += z * is
		z = (xs[2] - ms[2]) * is
		q = z * z
		s2 += -0.5*q - lg - lnSqrt2Pi
		g2 += (q - 1) * is
		gm[2] += z * is
		z = (xs[3] - ms[3]) * is
		q = z * z
		s3 += -0.5*q - lg - lnSqrt2Pi
		g3 += (q - 1) * is
		gm[3] += z * is
	}
	*acc = [8]float64{s0, s1, s2, s3, g0, g1, g2, g3}
	return j
}

// normalScalarSigmaFree is normalScalarSigmaObserved with the value's partial dx.
func normalScalarSigmaFree(x, mu, dmu, dx []float64, is, lg float64, acc *[8]float64) int {
	s0, s1, s2, s3, g0, g1, g2, g3 := acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6], acc[7]
	j := 0
	for ; j+4 <= len(x); j += 4 {
		xs, ms, gm, gx := x[j:j+4:j+4], mu[j:j+4:j+4], dmu[j:j+4:j+4], dx[j:j+4:j+4]
		z := (xs[0] - ms[0]) * is
		q := z * z
		s0 += -0.5*q - lg - lnSqrt2Pi
		g0 += (q - 1) * is
		y := z * is
		gm[0] += y
		gx[0] -= y
		z = (xs[1] - ms[1]) * is
		q = z * z
		s1 += -0.5*q - lg - lnSqrt2Pi
		g1 += (q - 1) * is
		y = z * is
		gm[1] += y
		gx[1] -= y
		z = (xs[2] - ms[2]) * is
		q = z * z
		s2 += -0.5*q - lg - lnSqrt2Pi
		g2 += (q - 1) * is
		y = z * is
		gm[2] += y
		gx[2] -= y
		z = (xs[3] - ms[3]) * is
		q = z * z
		s3 += -0.5*q - lg - lnSqrt2Pi
		g3 += (q - 1) * is
		y = z * is
		gm[3] += y
		gx[3] -= y
	}
	*acc = [8]float64{s0, s1, s2, s3, g0, g1, g2, g3}
	return j
}
