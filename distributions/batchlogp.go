package distributions

import "gorgonia.org/tensor"

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

// batchBcast broadcasts the shapes of an op's operands (labelled names in errors) and
// prepares the walk over the batch elements, one row per element: the row is the last
// axis (class, component or event axis), whose length it returns.
func batchBcast(names []string, shapes ...tensor.Shape) (bcast, int, error) {
	full, err := broadcastShapes(names, shapes...)
	if err != nil {
		return bcast{}, 0, err
	}
	b, err := newEventBcast(full, shapes...)
	if err != nil {
		return bcast{}, 0, err
	}
	return b, full[len(full)-1], nil
}
