package distributions

import (
	"fmt"
	"sync"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// engineScratch holds the scratch memory of one engine evaluation. Scratches come from a
// pool, so an evaluation allocates only when it needs more scratch than any before it, and
// ops stay stateless: concurrent evaluations of one op use different scratches.
type engineScratch struct {
	buf   []float64
	views [maxOperands]floatView // the inputs: value, then parameters
	out   shapeArr               // their broadcast shape
	st    evalState
	args  rowArgs
	dp    [maxParams][]float64        // row buffers for the parameters' partials
	dpr   [maxParams][]float64        // the part of dp a run uses
	rep   [1 + maxKernelOps][]float64 // row buffers of broadcast operands (value, then kernel operands)
	at    [1 + maxKernelOps]int       // element each rep buffer repeats, -1 for none
	upto  [1 + maxKernelOps]int       // how much of each rep buffer is filled
	pass0 int                         // offset in buf of the passes' row buffers
	parts partialSlices               // where a pass adds the partials
}

// passScratch is the scratch a pass needs besides the operands': row buffers for the log
// densities, the value's partials and the parameters' partials.
const passScratch = (2 + maxParams) * chunkLen

var engineScratchPool = sync.Pool{New: func() any { return new(engineScratch) }}

func getScratch() *engineScratch { return engineScratchPool.Get().(*engineScratch) }

// putScratch returns w to the pool, dropping every reference to the evaluation's values.
func putScratch(w *engineScratch) {
	w.views = [maxOperands]floatView{}
	w.parts = partialSlices{}
	w.st = evalState{}
	w.args = rowArgs{}
	w.dp = [maxParams][]float64{}
	w.dpr = [maxParams][]float64{}
	w.rep = [1 + maxKernelOps][]float64{}
	engineScratchPool.Put(w)
}

// reserve makes the scratch buffer hold at least n float64s. Growing it invalidates
// slices taken from it before, so an evaluation reserves everything it needs first.
func (w *engineScratch) reserve(n int) {
	if cap(w.buf) < n {
		w.buf = make([]float64, n)
	}
	w.buf = w.buf[:cap(w.buf)]
}

// evalState is one evaluation of a kernel: inputs, iteration, derived operands.
type evalState struct {
	k      elemKernel
	specs  []paramSpec
	b      bcast
	x      []float64
	np     int
	ops    [maxKernelOps][]float64 // full kernel operands: parameters, then derived
	src    [maxKernelOps]int       // iterator operand (1+parameter index) of each kernel operand
	nk     int
	check  [maxParams]bool // parameter must be checked run by run
	checks bool            // any check
}

// load reads the value and the parameters of kernel k from inputs[first:], computes
// their broadcast shape (w.out) and prepares w.st to evaluate k over it (setup). The
// shapes are those of the values: nothing was fixed when the op was built.
func (w *engineScratch) load(k elemKernel, inputs []G.Value, first int) error {
	specs := k.info().specs
	np := len(specs)
	if len(inputs) != first+1+np {
		return fmt.Errorf("%d inputs, want %d", len(inputs), first+1+np)
	}
	var shapes [maxOperands]tensor.Shape
	for i := 0; i <= np; i++ {
		v, err := viewOf(inputs[first+i])
		if err != nil {
			return fmt.Errorf("%s: %w", inputName(specs, i), err)
		}
		w.views[i], shapes[i] = v, v.s
	}
	if !broadcastInto(&w.out, shapes[:1+np]) {
		return broadcastError(inputNames(specs), shapes[:1+np])
	}
	return w.setup(k)
}

// setup prepares w.st to evaluate k over the broadcast shape w.out, on the inputs in
// w.views, and computes the derived operands.
func (w *engineScratch) setup(k elemKernel) error {
	st := &w.st
	info := k.info()
	st.k = k
	st.specs = info.specs
	st.np = len(st.specs)
	var shapes [maxOperands]tensor.Shape
	var data [maxOperands][]float64
	for i := 0; i <= st.np; i++ {
		v := w.views[i]
		if len(v.d) == 1 { // one element broadcasts like a scalar, whatever its rank
			v.s = nil
		}
		data[i], shapes[i] = v.d, v.s
	}
	b, err := newBcast(w.out.shape(), shapes[:st.np+1]...)
	if err != nil {
		return err
	}
	st.b = b
	st.x = data[0]
	from := info.derivedFrom
	st.nk = st.np + len(from)
	// Scratch: derived operands, then row buffers for the operands broadcast along the
	// run, then the passes' row buffers: log densities, value partials, parameter partials.
	need := passScratch
	for _, i := range from {
		need += len(data[1+i])
	}
	if st.b.inner(0) == 0 {
		need += chunkLen
	}
	for q := 0; q < st.nk; q++ {
		o := 1 + q
		if q >= st.np {
			o = 1 + from[q-st.np]
		}
		if st.b.inner(o) == 0 {
			need += chunkLen
		}
	}
	w.reserve(need)
	used := 0
	for i := 0; i < st.np; i++ {
		st.ops[i] = data[1+i]
		st.src[i] = 1 + i
		// Scan a parameter once when it is small next to the broadcast shape; otherwise
		// check it run by run, while its data is in cache anyway.
		if n := len(data[1+i]); n*4 <= b.size || n <= chunkLen {
			st.check[i] = !st.specs[i].dom.allOK(data[1+i])
		} else {
			st.check[i] = true
		}
		st.checks = st.checks || st.check[i]
	}
	for q, i := range from {
		n := len(data[1+i])
		dst := w.buf[used : used+n : used+n]
		used += n
		k.derive(q, data[1+i], dst)
		st.ops[st.np+q] = dst
		st.src[st.np+q] = 1 + i
	}
	for r := 0; r <= st.nk; r++ {
		w.at[r], w.upto[r] = -1, 0
		o := 0
		if r > 0 {
			o = st.src[r-1]
		}
		if st.b.inner(o) == 0 {
			w.rep[r] = w.buf[used : used+chunkLen : used+chunkLen]
			used += chunkLen
		}
	}
	w.pass0 = used
	return nil
}

// inputName names input i (0 the value, i>0 parameter i-1) for error messages.
func inputName(specs []paramSpec, i int) string {
	if i == 0 {
		return "value"
	}
	return specs[i-1].name
}

// fill points a at the run of m elements starting c elements into the row at it. An
// operand broadcast along the run is expanded into its row buffer, which is refilled only
// when the element it repeats changes or the run is longer than what is filled.
func (w *engineScratch) fill(a *rowArgs, it *rowIter, c, m int) {
	st := &w.st
	a.n = m
	a.x = w.operand(0, st.x, 0, it, c, m)
	for q := 0; q < st.nk; q++ {
		a.p[q] = w.operand(1+q, st.ops[q], st.src[q], it, c, m)
	}
}

// operand returns the m elements of data that the run sees: r indexes the row buffers
// (0 the value, 1+q kernel operand q), o the iterator operand giving offsets and strides.
func (w *engineScratch) operand(r int, data []float64, o int, it *rowIter, c, m int) []float64 {
	b := &w.st.b
	if b.inner(o) == 1 {
		base := it.off[o] + c
		return data[base : base+m : base+m]
	}
	e := it.off[o]
	buf := w.rep[r]
	if w.at[r] != e || w.upto[r] < m {
		v := data[e]
		for j := range buf[:m] {
			buf[j] = v
		}
		w.at[r], w.upto[r] = e, m
	}
	return buf[:m:m]
}

// runValid reports whether every checked parameter is in its domain along the run a.
func (st *evalState) runValid(a *rowArgs) bool {
	for i := 0; i < st.np; i++ {
		if !st.check[i] {
			continue
		}
		dom, p := st.specs[i].dom, a.p[i]
		if st.b.inner(1+i) == 0 {
			if !dom.ok(p[0]) {
				return false
			}
			continue
		}
		if !dom.allOK(p) {
			return false
		}
	}
	return true
}

// validAt reports whether every checked parameter is in its domain at element j of a.
func (st *evalState) validAt(a *rowArgs, j int) bool {
	for i := 0; i < st.np; i++ {
		if st.check[i] && !st.specs[i].dom.ok(a.p[i][j]) {
			return false
		}
	}
	return true
}
