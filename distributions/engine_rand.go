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
// Rand. It fails, naming family fam, when the number of parameters is wrong, a parameter
// is not float64 or has a value outside its domain, or the parameters do not broadcast to
// shape (shape must hold them).
func mapParams(fam string, specs []paramSpec, params []*tensor.Dense, shape tensor.Shape, f func(v *[maxParams]float64) (float64, error)) (*tensor.Dense, error) {
	if len(params) != len(specs) {
		return nil, fmt.Errorf("distributions: %s: %d parameter values, want %d", fam, len(params), len(specs))
	}
	names := make([]string, 0, 1+len(specs))
	shapes := make([]tensor.Shape, 0, 1+len(specs))
	names = append(names, "shape")
	shapes = append(shapes, shape)
	data := make([][]float64, len(params))
	for i, p := range params {
		if p == nil {
			return nil, fmt.Errorf("distributions: %s: %s has no value", fam, specs[i].name)
		}
		d, err := denseFloats(p)
		if err != nil {
			return nil, fmt.Errorf("distributions: %s: %s: %w", fam, specs[i].name, err)
		}
		data[i] = d
		names = append(names, specs[i].name)
		shapes = append(shapes, p.Shape())
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
			for i := range data {
				e := ri.off[1+i] + j*it.inner(1+i)
				v[i] = data[i][e]
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
	if len(shape) == 0 {
		return tensor.New(tensor.FromScalar(out[0])), nil
	}
	return tensor.New(tensor.WithShape(shape.Clone()...), tensor.WithBacking(out)), nil
}
