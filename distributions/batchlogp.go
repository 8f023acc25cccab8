package distributions

import (
	"fmt"

	"gorgonia.org/tensor"
)

// Helpers of the log densities that are computed one batch element at a time over a last
// axis (Categorical, Dirichlet, MvNormal, NormalMixture): their LogP sums the elements'
// log densities, their LogPElem returns one per batch element, and their gradient weighs
// each element by the upstream gradient.

// logpShape is the output shape of such a log-density op: a scalar for the sum, the batch
// shape for the per-element form.
func logpShape(elem bool, batch tensor.Shape) tensor.Shape {
	if elem {
		return batch
	}
	return tensor.Shape{}
}

// logpSink receives the log densities of the batch elements in row-major order: each into
// out[e] for the per-element form, or their running sum into out[0].
type logpSink struct {
	out  []float64
	elem bool
	sum  float64
}

// add records lp, the log density of batch element e.
func (s *logpSink) add(e int, lp float64) {
	if s.elem {
		s.out[e] = lp
	} else {
		s.sum += lp
	}
}

// done writes the sum, for the summed form.
func (s *logpSink) done() {
	if !s.elem {
		s.out[0] = s.sum
	}
}

// upstreamLen is how many values the upstream gradient of such an op has, for a batch of
// n elements.
func upstreamLen(elem bool, n int) int {
	if elem {
		return n
	}
	return 1
}

// upstreamAt is the upstream gradient of batch element e: g[e] for the per-element form,
// the scalar g[0] for the sum.
func upstreamAt(g []float64, e int, elem bool) float64 {
	if elem {
		return g[e]
	}
	return g[0]
}

// partialAt returns the partials d from offset off, or nil when d is nil (a partial that
// is not needed).
func partialAt(d []float64, off int) []float64 {
	if d == nil {
		return nil
	}
	return d[off:]
}

// batchRun is the run-time walk over the batch elements of an op's operands, one row per
// element: the row is the last axis (class, component or event axis). The broadcast shape
// is held in a fixed array, so that preparing the walk allocates nothing.
type batchRun struct {
	full shapeArr // the operands' broadcast shape, the last axis included
	b    bcast
}

// init broadcasts the operands' shapes (labelled names in errors) and prepares the walk.
func (r *batchRun) init(names []string, shapes []tensor.Shape) error {
	if !broadcastInto(&r.full, shapes) {
		return broadcastError(names, shapes)
	}
	b, err := newEventBcast(r.full.shape(), shapes...)
	if err != nil {
		return err
	}
	r.b = b
	return nil
}

// k is the length of the last axis.
func (r *batchRun) k() int { return r.full.d[r.full.n-1] }

// batch is the batch shape: the broadcast shape without its last axis. It aliases r.
func (r *batchRun) batch() tensor.Shape { return r.full.d[: r.full.n-1 : r.full.n-1] }

// withAxis returns s with one more trailing axis of size 1, held in dst: how a
// batch-shaped value is lined up against parameters that carry a class or component
// axis. ok is false when the shape has too many axes.
func withAxis(dst *shapeArr, s tensor.Shape) (tensor.Shape, bool) {
	if !dst.set(s) || dst.n == maxRank {
		return nil, false
	}
	dst.d[dst.n] = 1
	dst.n++
	return dst.shape(), true
}

// tooManyAxes is the error of a shape withAxis refused.
func tooManyAxes(s tensor.Shape) error {
	return fmt.Errorf("shape %v has too many axes (at most %d)", s.Clone(), maxRank-1)
}

// batchOutShape is the output shape of a batch family's op at build time: the batch shape
// of the operands (shapes, the value's with a trailing axis as the op walks it) for the
// per-element form, a scalar for the sum.
func batchOutShape(elem bool, names []string, shapes ...tensor.Shape) (tensor.Shape, error) {
	var r batchRun
	if err := r.init(names, shapes); err != nil {
		return nil, err
	}
	return logpShape(elem, r.batch().Clone()), nil
}
