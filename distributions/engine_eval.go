package distributions

import "math"

// logpElem writes each element's log density into dst, the broadcast shape in row-major
// order. The engine must have been loaded (load). Large shapes are split into chunks that
// run on every core (engine_chunks.go); each element's value is the same either way.
func (w *engineScratch) logpElem(dst []float64) {
	if w.ch.split(&w.st.b) > 1 {
		w.chunkedElem(dst)
		return
	}
	w.logpElemRange(&w.rs, dst, 0, w.st.b.size)
}

// logpElemRange is logpElem on the elements [e0, e1) of the broadcast shape.
func (w *engineScratch) logpElemRange(rs *runScratch, dst []float64, e0, e1 int) {
	st, a := &w.st, &rs.args
	k := st.k
	var ri runIter
	ri.init(&st.b, e0, e1)
	for ri.next() {
		c, m := ri.c, ri.m
		rs.fill(st, &ri.it, c, m)
		r := dst[ri.it.start+c : ri.it.start+c+m]
		k.logp(a, r)
		if st.checks && !st.runValid(a) {
			for j := range r {
				if !st.validAt(a, j) {
					r[j] = math.Inf(-1)
				}
			}
		}
	}
}

// elemLogpGrader is implemented by the kernels of the most used families, whose log
// density and partials share most of their arithmetic: logpGradSum adds the partials of a
// run, as grad does, and returns the sum of its log densities, as sumFloats of logp's
// output would (to the last bit), in one loop. The engine uses it on the runs whose
// parameters are all in their domains, when no upstream weight applies.
type elemLogpGrader interface {
	logpGradSum(a *rowArgs, dx []float64, dp *[maxParams][]float64) float64
}

// rowBlockGrader is implemented by the kernels whose summed log density and parameter
// partials over many rows of observed values, when the parameters are the same on every row
// (broadcast along the rows, as a column's mean and sd are), follow from per-column sums of
// the values: blockLogpGrad adds the partials of the m = a.n columns in a, summed over the
// nr rows of x (row r at x[r*stride:]), into dp and returns the summed log density. The
// engine uses it for the whole rows of a pass when the value needs no partial and every
// parameter is in its domain.
type rowBlockGrader interface {
	blockLogpGrad(a *rowArgs, x []float64, stride, nr int, dp *[maxParams][]float64) float64
}

// blockRows is the smallest number of whole rows a pass hands to a rowBlockGrader.
const blockRows = 8

// pass walks the broadcast shape once, run by run. With lp set it returns the log density
// summed over the broadcast shape (-Inf when a parameter is out of its domain). It adds
// the partials of the log density into w.parts (zeroed by the caller; a field of the
// scratch rather than a parameter, so that the kernels' interface methods can be handed
// it without moving it to the heap): input i (0 the value,
// i>0 parameter i-1) into parts[i], of its own shape, or nowhere when parts[i] is nil; the
// partials are summed over the axes along which their input is broadcast. up weighs them:
// nil means 1 (the packed op's partials); with elem it has one weight per element of the
// broadcast shape; otherwise it is one scalar that scales every partial.
//
// The log density and the partials of a run are computed while the run's operands are in
// cache: one pass over the data for both, as Stan's operands_and_partials. A large shape
// is split into chunks whose boundaries depend on its size only, run on every core and
// combined in order (engine_chunks.go), so the result is the same on 1 or N cores.
func (w *engineScratch) pass(up []float64, elem bool, lp bool) float64 {
	var total float64
	var valid bool
	if w.ch.split(&w.st.b) > 1 {
		total, valid = w.chunkedPass(up, elem, lp)
	} else {
		var base [maxInputs]int
		total, valid = w.passRange(&w.rs, &w.parts, &base, 0, w.st.b.size, up, elem, lp)
	}
	if !elem && len(up) == 1 && up[0] != 1 {
		for _, p := range w.parts {
			for j := range p {
				p[j] *= up[0]
			}
		}
	}
	if !valid {
		return math.Inf(-1)
	}
	return total
}

// passRange is pass over the elements [e0, e1) of the broadcast shape with the row buffers
// rs: it adds input i's partials into parts[i] at the input's offsets minus base[i], and
// returns the summed log density (when lp) and whether every parameter was in its domain.
func (w *engineScratch) passRange(rs *runScratch, parts *partialSlices, base *[maxInputs]int, e0, e1 int, up []float64, elem bool, lp bool) (float64, bool) {
	st := &w.st
	n := st.b.rowLen()
	if blk, ok := st.k.(rowBlockGrader); ok && lp && !elem && parts[0] == nil && st.rowsAlike() {
		// The whole rows inside the range go to the block kernel, the parts of rows at its
		// ends through the runs.
		rA, rB := (e0+n-1)/n, e1/n
		if rB-rA >= blockRows {
			t0, v0 := w.passRuns(rs, parts, base, e0, rA*n, up, elem, lp)
			t1, v1 := w.passBlock(blk, rs, parts, base, rA, rB)
			t2, v2 := w.passRuns(rs, parts, base, rB*n, e1, up, elem, lp)
			return (t0 + t1) + t2, v0 && v1 && v2
		}
	}
	return w.passRuns(rs, parts, base, e0, e1, up, elem, lp)
}

// passBlock is passRange over the whole rows [rA, rB) with the block kernel blk. A row with
// a parameter out of its domain (then every row has it) goes through passRuns, which gives
// those elements their -Inf and zero partials.
func (w *engineScratch) passBlock(blk rowBlockGrader, rs *runScratch, parts *partialSlices, base *[maxInputs]int, rA, rB int) (float64, bool) {
	st, a := &w.st, &rs.args
	n := st.b.rowLen()
	it := rowIter{b: &st.b}
	it.seek(rA)
	if st.checks {
		for c := 0; c < n; c += chunkLen {
			rs.fill(st, &it, c, min(chunkLen, n-c))
			if !st.runValid(a) {
				return w.passRuns(rs, parts, base, rA*n, rB*n, nil, false, true)
			}
		}
	}
	dp := &rs.dpr
	total := 0.0
	for c := 0; c < n; c += chunkLen {
		m := min(chunkLen, n-c)
		rs.fill(st, &it, c, m)
		for i := 0; i < st.np; i++ {
			if parts[1+i] != nil && st.b.inner(1+i) == 1 {
				dp[i] = parts[1+i][it.off[1+i]-base[1+i]+c:][:m]
			} else {
				dp[i] = rs.dp[i][:m]
				clear(dp[i])
			}
		}
		total += blk.blockLogpGrad(a, st.x[it.off[0]+c:], n, rB-rA, dp)
		for i := 0; i < st.np; i++ {
			if parts[1+i] != nil && st.b.inner(1+i) == 0 {
				addRunPartials(parts[1+i], it.off[1+i]-base[1+i], 0, dp[i], nil)
			}
		}
	}
	return total, true
}

// passRuns is passRange run by run.
func (w *engineScratch) passRuns(rs *runScratch, parts *partialSlices, base *[maxInputs]int, e0, e1 int, up []float64, elem bool, lp bool) (float64, bool) {
	st, a := &w.st, &rs.args
	k := st.k
	fused, _ := k.(elemLogpGrader)
	if !lp || elem {
		fused = nil
	}
	anyPart := false
	// direct[i]: input i's partials are added by the kernel straight into parts[i], which
	// is possible when the input is contiguous along the run and no upstream weight applies.
	var direct [maxOperands]bool
	for i := 0; i <= st.np; i++ {
		anyPart = anyPart || parts[i] != nil
		direct[i] = !elem && parts[i] != nil && st.b.inner(i) == 1
	}
	total, valid := 0.0, true
	dp := &rs.dpr
	// Normal with a scalar sigma reads sigma and its derived operands at their first
	// element only (normal_grad.go), so fill does not expand them into row buffers,
	// except in a run with an out-of-domain parameter, which reads every element.
	oneSigma := anyPart && fused != nil && normalScalarSigma(st, direct[2])
	var ri runIter
	ri.init(&st.b, e0, e1)
	for ri.next() {
		c, m := ri.c, ri.m
		it := &ri.it
		rs.fillShort(st, it, c, m, oneSigma)
		// A run with an out-of-domain parameter goes through the row buffers, whose
		// elements with such parameters are zeroed before they are added to parts.
		fix := st.checks && !st.runValid(a)
		if fix && oneSigma {
			rs.fill(st, it, c, m)
		}
		if fix && lp {
			valid = false
			if !anyPart {
				return math.Inf(-1), false
			}
		}
		if !anyPart {
			r := rs.lp[:m]
			k.logp(a, r)
			total += sumFloats(r)
			continue
		}
		var dx []float64
		if parts[0] != nil {
			if direct[0] && !fix {
				dx = parts[0][it.off[0]-base[0]+c:][:m]
			} else {
				dx = rs.dx[:m]
				clear(dx)
			}
		}
		for i := 0; i < st.np; i++ {
			if direct[1+i] && !fix {
				dp[i] = parts[1+i][it.off[1+i]-base[1+i]+c:][:m]
			} else {
				dp[i] = rs.dp[i][:m]
				clear(dp[i])
			}
		}
		scalarSigma := false
		switch {
		case oneSigma && !fix:
			// Normal with sigma one value along the run (normal_grad.go; oneSigma, set once
			// for the pass): sigma's partial comes summed, as addRunPartials below would.
			lp, ds := normalKernel{}.logpGradSumScalarSigma(a, dx, dp[0])
			total += lp
			if parts[2] != nil {
				parts[2][it.off[2]-base[2]] += ds
			}
			scalarSigma = true
		case fused != nil && !fix:
			total += fused.logpGradSum(a, dx, dp)
		case lp && !fix:
			r := rs.lp[:m]
			k.logp(a, r)
			total += sumFloats(r)
			k.grad(a, dx, dp)
		default:
			k.grad(a, dx, dp)
		}
		if fix {
			for j := 0; j < m; j++ {
				if st.validAt(a, j) {
					continue
				}
				if dx != nil {
					dx[j] = 0
				}
				for i := 0; i < st.np; i++ {
					dp[i][j] = 0
				}
			}
		}
		var g []float64
		if elem {
			g = up[it.start+c : it.start+c+m]
		}
		if dx != nil && (!direct[0] || fix) {
			xs := st.b.inner(0)
			addRunPartials(parts[0], it.off[0]-base[0]+c*xs, xs, dx, g)
		}
		for i := 0; i < st.np; i++ {
			if parts[1+i] == nil || (direct[1+i] && !fix) || scalarSigma && i == 1 {
				continue
			}
			s := st.b.inner(1 + i)
			addRunPartials(parts[1+i], it.off[1+i]-base[1+i]+c*s, s, dp[i], g)
		}
	}
	return total, valid
}

// normalScalarSigma reports whether the engine runs Normal's kernel with sigma (iterator
// operand 2) broadcast along the run, its partial not added in place (directSigma).
func normalScalarSigma(st *evalState, directSigma bool) bool {
	_, ok := st.k.(normalKernel)
	return ok && !directSigma && st.np == 2 && st.b.inner(2) == 0
}

// addRunPartials adds the partials src of a run, weighted by g (nil means 1), into the
// input gradient dst at off: into one element when the input is broadcast along the run
// (stride 0), else element by element.
func addRunPartials(dst []float64, off, stride int, src, g []float64) {
	if stride == 0 {
		if g == nil {
			dst[off] += sumFloats(src)
		} else {
			dst[off] += dotFloats(src, g)
		}
		return
	}
	d := dst[off : off+len(src)]
	if g == nil {
		for j, v := range src {
			d[j] += v
		}
		return
	}
	g = g[:len(src)]
	for j, v := range src {
		d[j] += v * g[j]
	}
}

// sumFloats returns the sum of s, with four accumulators so that the additions pipeline.
func sumFloats(s []float64) float64 {
	var a0, a1, a2, a3 float64
	j := 0
	for ; j+4 <= len(s); j += 4 {
		a0 += s[j]
		a1 += s[j+1]
		a2 += s[j+2]
		a3 += s[j+3]
	}
	for ; j < len(s); j++ {
		a0 += s[j]
	}
	return (a0 + a1) + (a2 + a3)
}

// dotFloats returns the dot product of s and g (len(g) >= len(s)), with four accumulators.
func dotFloats(s, g []float64) float64 {
	g = g[:len(s)]
	var a0, a1, a2, a3 float64
	j := 0
	for ; j+4 <= len(s); j += 4 {
		a0 += s[j] * g[j]
		a1 += s[j+1] * g[j+1]
		a2 += s[j+2] * g[j+2]
		a3 += s[j+3] * g[j+3]
	}
	for ; j < len(s); j++ {
		a0 += s[j] * g[j]
	}
	return (a0 + a1) + (a2 + a3)
}
