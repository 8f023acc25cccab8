package distributions

import (
	"sync"

	"github.com/gopymc/gopymc/internal/parallel"
)

// Large data on every core (DESIGN.md, "Many cores on big data"). A log density over a
// broadcast shape of at least chunkedMin elements is computed in chunks of chunkElems
// consecutive elements (row-major), whatever the number of cores: the chunks' boundaries
// depend on the shape's size only. The chunks run on the goroutines of internal/parallel,
// each with row buffers of its own, and add their partials into buffers of their own for
// the inputs that several chunks touch (a parameter broadcast along the rows: each chunk's
// buffer covers the range of the input's elements it touches); inputs of the full shape
// (the value) get their partials in place, each element from one chunk. The chunks' log
// densities and partial buffers are then added up in chunk order on the calling goroutine.
// So a result is the same to the bit on 1 or N cores, and the same as the one-goroutine
// evaluation of the same chunks.
const (
	chunkElems = 1 << 15
	chunkedMin = 2 * chunkElems
)

// chunks is the state of a chunked evaluation: per chunk its results and where it adds its
// partials, and the row buffers the goroutines take.
type chunks struct {
	w    *engineScratch
	n    int // chunks of the current evaluation
	gen  int // evaluation count, to know which row buffers are prepared
	res  []chunkResult
	priv []float64 // the chunks' partial buffers
	// the current evaluation's arguments
	up       []float64
	elem, lp bool
	dst      []float64 // logpElem's output, or nil for a pass
	mu       sync.Mutex
	free     []*runScratch
	job      parallel.Job
}

// chunkResult is what one chunk of a pass returns and where it adds its partials.
type chunkResult struct {
	total float64
	valid bool
	parts partialSlices
	base  [maxInputs]int // input i's offset at parts[i][0]
	lo    [maxInputs]int // the range of input i's partials the chunk's buffer covers
	hi    [maxInputs]int
}

// split returns the number of chunks a shape is evaluated in: 1 below chunkedMin.
func (ch *chunks) split(b *bcast) int {
	if b.size < chunkedMin {
		return 1
	}
	return (b.size + chunkElems - 1) / chunkElems
}

// release drops the references to an evaluation's values.
func (ch *chunks) release() {
	ch.w, ch.up, ch.dst = nil, nil, nil
	for i := range ch.res {
		ch.res[i].parts = partialSlices{}
	}
	for _, rs := range ch.free {
		rs.release()
	}
}

// chunkRange is the range of elements of chunk c of a shape of size elements.
func chunkRange(c, size int) (e0, e1 int) {
	return c * chunkElems, min((c+1)*chunkElems, size)
}

// chunkedElem is logpElem over chunks.
func (w *engineScratch) chunkedElem(dst []float64) {
	ch := &w.ch
	ch.begin(w)
	ch.dst = dst
	ch.job.Run(ch, ch.n)
}

// chunkedPass is pass over chunks: it returns the summed log density and whether every
// parameter was in its domain.
func (w *engineScratch) chunkedPass(up []float64, elem, lp bool) (float64, bool) {
	ch := &w.ch
	ch.begin(w)
	ch.up, ch.elem, ch.lp = up, elem, lp
	st := &w.st
	// Where each chunk adds the partials of each input: in place for an input of the full
	// shape, else into a buffer of its own covering the range of the input it touches.
	need := 0
	for c := range ch.n {
		r := &ch.res[c]
		e0, e1 := chunkRange(c, st.b.size)
		for i := 0; i <= st.np; i++ {
			r.parts[i], r.base[i], r.lo[i], r.hi[i] = nil, 0, 0, 0
			if w.parts[i] == nil || len(w.parts[i]) == st.b.size {
				r.parts[i] = w.parts[i]
				continue
			}
			r.lo[i], r.hi[i] = offsetRange(&st.b, e0, e1, i)
			need += r.hi[i] - r.lo[i]
		}
	}
	if cap(ch.priv) < need {
		ch.priv = make([]float64, need)
	}
	priv := ch.priv[:need]
	clear(priv)
	for c := range ch.n {
		r := &ch.res[c]
		for i := 0; i <= st.np; i++ {
			if n := r.hi[i] - r.lo[i]; n > 0 {
				r.parts[i], r.base[i] = priv[:n:n], r.lo[i]
				priv = priv[n:]
			}
		}
	}
	ch.job.Run(ch, ch.n)
	total, valid := ch.res[0].total, ch.res[0].valid
	for c := 1; c < ch.n; c++ {
		total += ch.res[c].total
		valid = valid && ch.res[c].valid
	}
	for c := range ch.n {
		r := &ch.res[c]
		for i := 0; i <= st.np; i++ {
			if r.hi[i] == r.lo[i] {
				continue
			}
			d := w.parts[i][r.lo[i]:r.hi[i]]
			for j, v := range r.parts[i][:len(d)] {
				d[j] += v
			}
		}
	}
	return total, valid
}

// begin sets ch up for an evaluation of w.
func (ch *chunks) begin(w *engineScratch) {
	ch.w = w
	ch.n = ch.split(&w.st.b)
	ch.gen++
	ch.dst, ch.up = nil, nil
	if cap(ch.res) < ch.n {
		ch.res = make([]chunkResult, ch.n)
	}
	ch.res = ch.res[:ch.n]
}

// Run evaluates chunk c (parallel.Task).
func (ch *chunks) Run(c int) {
	w := ch.w
	rs := ch.take()
	e0, e1 := chunkRange(c, w.st.b.size)
	if ch.dst != nil {
		w.logpElemRange(rs, ch.dst, e0, e1)
	} else {
		r := &ch.res[c]
		r.total, r.valid = w.passRange(rs, &r.parts, &r.base, e0, e1, ch.up, ch.elem, ch.lp)
	}
	ch.put(rs)
}

// take returns row buffers prepared for the current evaluation.
func (ch *chunks) take() *runScratch {
	ch.mu.Lock()
	var rs *runScratch
	if n := len(ch.free); n > 0 {
		rs = ch.free[n-1]
		ch.free = ch.free[:n-1]
	}
	ch.mu.Unlock()
	if rs == nil {
		rs = &runScratch{}
	}
	if rs.gen != ch.gen {
		rs.prepare(&ch.w.st)
		rs.gen = ch.gen
	}
	return rs
}

func (ch *chunks) put(rs *runScratch) {
	ch.mu.Lock()
	ch.free = append(ch.free, rs)
	ch.mu.Unlock()
}

// offsetRange returns a range [lo, hi) of input k's elements that holds every element the
// broadcast shape's elements [e0, e1) read. An input's offset at the start of a row never
// decreases from one row to the next (its strides are >= 0 and row-major), so the range
// runs from the first row's start (or the first element, within one row) to the last row's
// end (or the last element).
func offsetRange(b *bcast, e0, e1, k int) (lo, hi int) {
	n, in := b.rowLen(), b.inner(k)
	r0, rEnd := e0/n, (e1-1)/n
	it := rowIter{b: b}
	it.seek(r0)
	lo = it.off[k]
	if r0 == rEnd {
		return lo + (e0%n)*in, lo + ((e1-1)%n)*in + 1
	}
	it.seek(rEnd)
	return lo, it.off[k] + (n-1)*in + 1
}
