package distributions

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// logpSum returns the log density summed over the broadcast shape; -Inf as soon as a
// parameter is out of its domain. Runs are summed separately, then added (blocked sums).
func (w *engineScratch) logpSum(k elemKernel, out tensor.Shape, inputs []G.Value) (float64, error) {
	off, err := w.setup(k, out, inputs, 0, chunkLen)
	if err != nil {
		return 0, err
	}
	st, a := &w.st, &w.args
	buf := w.buf[off : off+chunkLen]
	n := st.b.rowLen()
	total := 0.0
	it := rowIter{b: &st.b}
	for it.next() {
		for c := 0; c < n; c += chunkLen {
			m := min(chunkLen, n-c)
			w.fill(a, &it, c, m)
			if st.checks && !st.runValid(a) {
				return math.Inf(-1), nil
			}
			r := buf[:m]
			k.logp(a, r)
			total += sumFloats(r)
		}
	}
	return total, nil
}

// logpElem writes each element's log density into dst, the broadcast shape in row-major
// order.
func (w *engineScratch) logpElem(k elemKernel, out tensor.Shape, inputs []G.Value, dst []float64) error {
	if _, err := w.setup(k, out, inputs, 0, 0); err != nil {
		return err
	}
	st, a := &w.st, &w.args
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
	return nil
}

// grad adds the partials of the log density into parts (zeroed by the caller): input i
// (0 the value, i>0 parameter i-1) into parts[i], of its own shape, or nowhere when
// parts[i] is nil. inputs are (upstream, value, params...): for the sum the upstream
// gradient is a scalar that scales every partial; for the element-wise form it has the
// broadcast shape and weighs each element. Partials are summed over the axes along which
// their input is broadcast.
func (w *engineScratch) grad(k elemKernel, out tensor.Shape, inputs []G.Value, elem bool, parts partialSlices) error {
	off, err := w.setup(k, out, inputs, 1, (1+maxParams)*chunkLen)
	if err != nil {
		return err
	}
	upv, err := viewOf(inputs[0])
	if err != nil {
		return fmt.Errorf("upstream gradient: %w", err)
	}
	up := upv.d
	st, a := &w.st, &w.args
	if elem && len(up) != st.b.size {
		return fmt.Errorf("upstream gradient has shape %v, want %v", upv.s, out)
	}
	if !elem && len(up) != 1 {
		return fmt.Errorf("upstream gradient has shape %v, want a scalar", upv.s)
	}
	dxBuf := w.buf[off : off+chunkLen]
	for i := 0; i < st.np; i++ {
		w.dp[i] = w.buf[off+(1+i)*chunkLen : off+(2+i)*chunkLen]
	}
	// direct[i]: input i's partials are added by the kernel straight into parts[i], which
	// is possible when the input is contiguous along the run and no upstream weight applies.
	var direct [maxOperands]bool
	for i := 0; i <= st.np; i++ {
		direct[i] = !elem && parts[i] != nil && st.b.inner(i) == 1
	}
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
			k.grad(a, dx, dp)
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
	if !elem && up[0] != 1 {
		for _, p := range parts {
			for j := range p {
				p[j] *= up[0]
			}
		}
	}
	return nil
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
