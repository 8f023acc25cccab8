package distributions

import "math"

// The scalar fast path. A model's hyperpriors and the priors of its scales are log
// densities of one value with one-element parameters (mu ~ Normal(0, 5), sigma ~
// HalfNormal(2.5)), and for them the general pass costs far more than the kernel: the
// broadcast layout, the row buffers, the domain scans and the run iterator take some
// hundreds of instructions per op, the kernel a few dozen. When every input of a summed
// log density has one element, scalarPass calls the same kernel methods on one-element
// slices, taking the branches passRuns takes on the one run of such a shape (every operand
// broadcast along it, so no partial is added in place), so the numbers are the same to the
// last bit (TestScalarPathMatchesGeneral checks every kernel in and out of its domains).

// scalarScratch holds the operands and partials of an evaluation at one element. It lives
// in the engine scratch, so that the slices handed to the kernels' interface methods do
// not move to the heap.
type scalarScratch struct {
	x   [1]float64
	ops [maxKernelOps][1]float64
	lp  [1]float64
	dx  [1]float64
	dp  [maxParams][1]float64
}

// allScalar reports whether each of the n inputs loaded into w.views has one element.
func (w *engineScratch) allScalar(n int) bool {
	for i := 0; i < n; i++ {
		if len(w.views[i].d) != 1 {
			return false
		}
	}
	return true
}

// scalarPass is pass(nil, false, true) for kernel k when every input loaded into w.views
// has one element (allScalar): it returns the log density (-Inf when a parameter is out of
// its domain) and adds the partials into w.parts.
func (w *engineScratch) scalarPass(k elemKernel) float64 {
	sc, a := &w.sc, &w.rs.args
	info := k.info()
	specs := info.specs
	np := len(specs)
	sc.x[0] = w.views[0].d[0]
	a.n, a.x = 1, sc.x[:]
	valid := true
	for i := 0; i < np; i++ {
		v := w.views[1+i].d[0]
		sc.ops[i][0] = v
		a.p[i] = sc.ops[i][:]
		valid = valid && specs[i].dom.ok(v)
	}
	// setup's derived operands: deriveAt where the kernel has it, since a one-element
	// parameter has an element for each of the value's.
	vd, byValue := k.(valueDeriver)
	for q, i := range info.derivedFrom {
		dst := sc.ops[np+q][:]
		if byValue {
			vd.deriveAt(q, a.x, sc.ops[i][:], dst)
		} else {
			k.derive(q, sc.ops[i][:], dst)
		}
		a.p[np+q] = dst
	}
	parts := &w.parts
	anyPart := false
	for i := 0; i <= np; i++ {
		anyPart = anyPart || parts[i] != nil
	}
	if !anyPart {
		if !valid {
			return math.Inf(-1)
		}
		r := sc.lp[:]
		k.logp(a, r)
		return sumFloats(r)
	}
	var dx []float64
	if parts[0] != nil {
		sc.dx[0] = 0
		dx = sc.dx[:]
	}
	dp := &w.rs.dpr
	for i := 0; i < np; i++ {
		sc.dp[i][0] = 0
		dp[i] = sc.dp[i][:]
	}
	total := 0.0
	// passRuns runs Normal's logpGradSumScalarSigma here, which gives logpGradSum's bits.
	fused, _ := k.(elemLogpGrader)
	switch {
	case fused != nil && valid:
		total += fused.logpGradSum(a, dx, dp)
	case valid:
		r := sc.lp[:]
		k.logp(a, r)
		total += sumFloats(r)
		k.grad(a, dx, dp)
	default:
		// A parameter out of its domain: passRuns zeroes the element's partials after
		// the kernel's grad, so they stay the zeros set above.
	}
	if dx != nil {
		parts[0][0] += sumFloats(dx)
	}
	for i := 0; i < np; i++ {
		if parts[1+i] == nil {
			continue
		}
		parts[1+i][0] += sumFloats(dp[i])
	}
	if !valid {
		return math.Inf(-1)
	}
	return total
}
