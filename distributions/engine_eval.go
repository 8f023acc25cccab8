package distributions

import "math"

// logpElem writes each element's log density into dst, the broadcast shape in row-major
// order. The engine must have been loaded (load).
func (w *engineScratch) logpElem(dst []float64) {
	st, a := &w.st, &w.args
	k := st.k
	n := st.b.rowLen()
	it := rowIter{b: &st.b}
	for it.next() {
		for c := 0; c < n; c += chunkLen {
			m := min(chunkLen, n-c)
			w.fill(a, &it, c, m)
			r := dst[it.start+c : it.start+c+m]
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
}

// elemLogpGrader is implemented by the kernels of the most used families, whose log
// density and partials share most of their arithmetic: logpGradSum adds the partials of a
// run, as grad does, and returns the sum of its log densities, as sumFloats of logp's
// output would (to the last bit), in one loop. The engine uses it on the runs whose
// parameters are all in their domains, when no upstream weight applies.
type elemLogpGrader interface {
	logpGradSum(a *rowArgs, dx []float64, dp *[maxParams][]float64) float64
}

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
// cache: one pass over the data for both, as Stan's operands_and_partials.
func (w *engineScratch) pass(up []float64, elem bool, lp bool) float64 {
	st, a, parts := &w.st, &w.args, &w.parts
	k := st.k
	fused, _ := k.(elemLogpGrader)
	if !lp || elem {
		fused = nil
	}
	off := w.pass0
	lpBuf := w.buf[off : off+chunkLen]
	dxBuf := w.buf[off+chunkLen : off+2*chunkLen]
	for i := 0; i < st.np; i++ {
		w.dp[i] = w.buf[off+(2+i)*chunkLen : off+(3+i)*chunkLen]
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
	n := st.b.rowLen()
	it := rowIter{b: &st.b}
	dp := &w.dpr
	for it.next() {
		for c := 0; c < n; c += chunkLen {
			m := min(chunkLen, n-c)
			w.fill(a, &it, c, m)
			// A run with an out-of-domain parameter goes through the row buffers, whose
			// elements with such parameters are zeroed before they are added to parts.
			fix := st.checks && !st.runValid(a)
			if fix && lp {
				valid = false
				if !anyPart {
					return math.Inf(-1)
				}
			}
			if !anyPart {
				r := lpBuf[:m]
				k.logp(a, r)
				total += sumFloats(r)
				continue
			}
			var dx []float64
			if parts[0] != nil {
				if direct[0] && !fix {
					dx = parts[0][it.off[0]+c:][:m]
				} else {
					dx = dxBuf[:m]
					clear(dx)
				}
			}
			for i := 0; i < st.np; i++ {
				if direct[1+i] && !fix {
					dp[i] = parts[1+i][it.off[1+i]+c:][:m]
				} else {
					dp[i] = w.dp[i][:m]
					clear(dp[i])
				}
			}
			switch {
			case fused != nil && !fix:
				total += fused.logpGradSum(a, dx, dp)
			case lp && !fix:
				r := lpBuf[:m]
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
				addRunPartials(parts[0], it.off[0]+c*xs, xs, dx, g)
			}
			for i := 0; i < st.np; i++ {
				if parts[1+i] == nil || (direct[1+i] && !fix) {
					continue
				}
				s := st.b.inner(1 + i)
				addRunPartials(parts[1+i], it.off[1+i]+c*s, s, dp[i], g)
			}
		}
	}
	if !elem && len(up) == 1 && up[0] != 1 {
		for _, p := range parts {
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
