package distributions

// runScratch holds the row buffers one goroutine needs to walk runs of the broadcast shape:
// the kernel's operands of the current run, the expansions of the operands broadcast along
// the run, and the log densities and partials of the run. The calling goroutine uses the
// engine scratch's own; the parts of a chunked pass (engine_chunks.go) take one each.
type runScratch struct {
	gen  int // the chunked evaluation it was prepared for
	buf  []float64
	args rowArgs
	rep  [1 + maxKernelOps][]float64 // row buffers of broadcast operands (value, then kernel operands)
	at   [1 + maxKernelOps]int       // element each rep buffer repeats, -1 for none
	upto [1 + maxKernelOps]int       // how much of each rep buffer is filled
	lp   []float64                   // the run's log densities
	dx   []float64                   // the run's partials of the value
	dp   [maxParams][]float64        // row buffers for the parameters' partials
	dpr  [maxParams][]float64        // the part of dp a run uses
}

// prepare sizes rs for walking st's broadcast shape.
func (rs *runScratch) prepare(st *evalState) {
	need := (2 + maxParams) * chunkLen
	for r := 0; r <= st.nk; r++ {
		if st.b.inner(rs.operandOf(st, r)) == 0 {
			need += chunkLen
		}
	}
	if cap(rs.buf) < need {
		rs.buf = make([]float64, need)
	}
	buf := rs.buf[:need]
	used := 0
	take := func() []float64 {
		b := buf[used : used+chunkLen : used+chunkLen]
		used += chunkLen
		return b
	}
	rs.lp, rs.dx = take(), take()
	for i := range rs.dp {
		rs.dp[i] = take()
	}
	for r := 0; r <= st.nk; r++ {
		rs.at[r], rs.upto[r] = -1, 0
		rs.rep[r] = nil
		if st.b.inner(rs.operandOf(st, r)) == 0 {
			rs.rep[r] = take()
		}
	}
}

// operandOf is the iterator operand of row buffer r: 0 for the value, the parameter a
// kernel operand comes from otherwise.
func (rs *runScratch) operandOf(st *evalState, r int) int {
	if r == 0 {
		return 0
	}
	return st.src[r-1]
}

// release drops the references to an evaluation's values.
func (rs *runScratch) release() {
	rs.args = rowArgs{}
	rs.dpr = [maxParams][]float64{}
}

// fill points rs.args at the run of m elements starting c elements into the row at it. An
// operand broadcast along the run is expanded into its row buffer, which is refilled only
// when the element it repeats changes or the run is longer than what is filled.
func (rs *runScratch) fill(st *evalState, it *rowIter, c, m int) {
	rs.fillShort(st, it, c, m, false)
}

// fillShort is fill; with short set, the kernel operands of the second parameter
// (iterator operand 2) that are broadcast along the run are one-element slices of their
// data instead of expansions, for a kernel that reads only their first element.
func (rs *runScratch) fillShort(st *evalState, it *rowIter, c, m int, short bool) {
	a := &rs.args
	a.n = m
	a.x = rs.operand(st, 0, st.x, 0, it, c, m)
	for q := 0; q < st.nk; q++ {
		if o := st.src[q]; short && o == 2 && st.b.inner(o) == 0 {
			e := it.off[o]
			a.p[q] = st.ops[q][e : e+1 : e+1]
			continue
		}
		a.p[q] = rs.operand(st, 1+q, st.ops[q], st.src[q], it, c, m)
	}
}

// operand returns the m elements of data that the run sees: r indexes the row buffers
// (0 the value, 1+q kernel operand q), o the iterator operand giving offsets and strides.
func (rs *runScratch) operand(st *evalState, r int, data []float64, o int, it *rowIter, c, m int) []float64 {
	if st.b.inner(o) == 1 {
		base := it.off[o] + c
		return data[base : base+m : base+m]
	}
	e := it.off[o]
	buf := rs.rep[r]
	if rs.at[r] != e || rs.upto[r] < m {
		// Doubling copies (memmove) fill a run of 256 in 9 steps, where a loop stores
		// element by element.
		b := buf[:m]
		b[0] = data[e]
		for done := 1; done < m; done *= 2 {
			copy(b[done:], b[:done])
		}
		rs.at[r], rs.upto[r] = e, m
	}
	return buf[:m:m]
}

// runIter walks the runs of the elements [e0, e1) of a broadcast shape in row-major order:
// the rows cut into runs of at most chunkLen elements (and at e0 and e1). Over the whole
// shape the runs are those of every row from its start in steps of chunkLen.
type runIter struct {
	it         rowIter // the row of the current run
	c, m       int     // the current run: elements [c, c+m) of the row
	n          int     // row length
	ce         int     // end of the current row's part
	row        int
	rEnd, cEnd int // the last row and the end of its part
	done       bool
}

func (ri *runIter) init(b *bcast, e0, e1 int) {
	*ri = runIter{it: rowIter{b: b}, n: b.rowLen(), done: true}
	if e1 <= e0 || b.rows == 0 || ri.n == 0 {
		return
	}
	r0 := e0 / ri.n
	ri.rEnd, ri.cEnd = (e1-1)/ri.n, (e1-1)%ri.n+1
	ri.it.seek(r0)
	ri.row, ri.c, ri.done = r0, e0%ri.n, false
	ri.ce = ri.n
	if r0 == ri.rEnd {
		ri.ce = ri.cEnd
	}
}

// next moves to the next run and reports whether there is one.
func (ri *runIter) next() bool {
	if ri.done {
		return false
	}
	ri.c += ri.m
	if ri.c >= ri.ce {
		if ri.row == ri.rEnd {
			ri.done = true
			return false
		}
		ri.it.next()
		ri.row++
		ri.c = 0
		ri.ce = ri.n
		if ri.row == ri.rEnd {
			ri.ce = ri.cEnd
		}
	}
	ri.m = min(chunkLen, ri.ce-ri.c)
	return true
}
