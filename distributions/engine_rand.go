package distributions

import (
	"errors"
	"fmt"

	"gorgonia.org/tensor"
)

// errImproper is returned by Rand of the improper families (Flat, HalfFlat).
var errImproper = errors.New("cannot sample from an improper distribution")

// mapParams returns a tensor of the given shape whose element e is f(v), v holding the
// parameters' values at e (the parameters broadcast to shape). It backs SupportPoint and
// Rand of the univariate families. It fails, naming family fam, when the number of
// parameters is wrong, a parameter is not float64 or has a value outside its domain, or
// the parameters do not broadcast to shape (shape must hold them).
func mapParams(fam string, specs []paramSpec, params []*tensor.Dense, shape tensor.Shape, f func(v *[maxParams]float64) (float64, error)) (*tensor.Dense, error) {
	names := make([]string, 0, 1+len(specs))
	shapes := make([]tensor.Shape, 0, 1+len(specs))
	names = append(names, "shape")
	shapes = append(shapes, shape)
	for _, s := range specs {
		names = append(names, s.name)
	}
	views, err := paramViews(fam, names[1:], params)
	if err != nil {
		return nil, err
	}
	for _, v := range views {
		shapes = append(shapes, v.s)
	}
	b, err := broadcastShapes(names, shapes...)
	if err != nil {
		return nil, fmt.Errorf("distributions: %s: %w", fam, err)
	}
	if !sameShape(b, shape) || len(b) != len(shape) {
		return nil, fmt.Errorf("distributions: %s: shape %v cannot hold parameters of shape %v", fam, shape, b)
	}
	it, err := newBcast(b, shapes...)
	if err != nil {
		return nil, fmt.Errorf("distributions: %s: %w", fam, err)
	}
	out := make([]float64, it.size)
	var v [maxParams]float64
	ri := rowIter{b: &it}
	n := it.rowLen()
	for ri.next() {
		for j := 0; j < n; j++ {
			for i, p := range views {
				e := ri.off[1+i] + j*it.inner(1+i)
				v[i] = p.d[e]
				if !specs[i].dom.ok(v[i]) {
					return nil, paramError(fam, specs[i], v[i], e)
				}
			}
			x, err := f(&v)
			if err != nil {
				return nil, fmt.Errorf("distributions: %s: %w", fam, err)
			}
			out[ri.start+j] = x
		}
	}
	return denseOf(out, shape), nil
}
