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
	buf   []float64              // derived operands (setup); other ops' scratch (reserve)
	views [maxOperands]floatView // the inputs: value, then parameters
	out   shapeArr               // their broadcast shape
	st    evalState
	rs    runScratch    // the row buffers of the calling goroutine
	parts partialSlices // where a pass adds the partials
	ch    chunks        // the parts of a pass over large data (engine_chunks.go)
	sc    scalarScratch // the operands of an evaluation at one element (engine_scalar.go)
}

var engineScratchPool = sync.Pool{New: func() any { return new(engineScratch) }}

func getScratch() *engineScratch { return engineScratchPool.Get().(*engineScratch) }

// putScratch returns w to the pool, dropping every reference to the evaluation's values.
func putScratch(w *engineScratch) {
	w.views = [maxOperands]floatView{}
	w.parts = partialSlices{}
	w.st = evalState{}
	w.rs.release()
	w.ch.release()
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
	if err := w.loadViews(k, inputs, first); err != nil {
		return err
	}
	return w.setup(k)
}

// loadViews is load without setup: it reads the inputs into w.views and their broadcast
// shape into w.out.
func (w *engineScratch) loadViews(k elemKernel, inputs []G.Value, first int) error {
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
	return nil
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
	need := 0
	for _, i := range from {
		need += len(data[1+i])
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
		if vd, ok := k.(valueDeriver); ok && n == b.size && len(st.x) == b.size {
			vd.deriveAt(q, st.x, data[1+i], dst) // element e of src is element e of x
		} else {
			k.derive(q, data[1+i], dst)
		}
		st.ops[st.np+q] = dst
		st.src[st.np+q] = 1 + i
	}
	w.rs.prepare(st)
	return nil
}

// inputName names input i (0 the value, i>0 parameter i-1) for error messages.
func inputName(specs []paramSpec, i int) string {
	if i == 0 {
		return "value"
	}
	return specs[i-1].name
}

// rowsAlike reports whether every row of the broadcast shape sees the same parameters (each
// parameter is broadcast along every axis but the inner one) and a value of its own (the
// value is the full shape): what a rowBlockGrader needs.
func (st *evalState) rowsAlike() bool {
	b := &st.b
	if b.rank < 2 || b.inner(0) != 1 || len(st.x) != b.size {
		return false
	}
	for i := 1; i <= st.np; i++ {
		for a := 0; a < b.rank-1; a++ {
			if b.str[i][a] != 0 {
				return false
			}
		}
	}
	return true
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
