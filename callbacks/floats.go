package callbacks

import (
	"fmt"
	"slices"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// toFloats converts one recorded value to a new float slice; see Tracker.Floats.
func toFloats(v any) ([]float64, error) {
	switch x := v.(type) {
	case float64:
		return []float64{x}, nil
	case float32:
		return []float64{float64(x)}, nil
	case int:
		return []float64{float64(x)}, nil
	case []float64:
		return slices.Clone(x), nil
	case *G.F64:
		if x == nil {
			return nil, fmt.Errorf("nil *gorgonia.F64")
		}
		return []float64{float64(*x)}, nil
	case *tensor.Dense:
		return denseFloats(x)
	}
	return nil, fmt.Errorf("type %T; want float64, float32, int, []float64, *tensor.Dense or *gorgonia.F64", v)
}

// denseFloats returns the elements of d, a float64 or float32 tensor, in row-major order.
func denseFloats(d *tensor.Dense) ([]float64, error) {
	if d == nil {
		return nil, fmt.Errorf("nil *tensor.Dense")
	}
	if dt := d.Dtype(); dt != tensor.Float64 && dt != tensor.Float32 {
		return nil, fmt.Errorf("*tensor.Dense of %v; want float64 or float32", dt)
	}
	if d.RequiresIterator() {
		m, ok := d.Materialize().(*tensor.Dense)
		if !ok {
			return nil, fmt.Errorf("cannot materialize a %v view of shape %v", d.Dtype(), d.Shape())
		}
		d = m
	}
	switch x := d.Data().(type) {
	case float64:
		return []float64{x}, nil
	case float32:
		return []float64{float64(x)}, nil
	case []float64:
		return slices.Clone(x), nil
	case []float32:
		out := make([]float64, len(x))
		for k, e := range x {
			out[k] = float64(e)
		}
		return out, nil
	}
	return nil, fmt.Errorf("*tensor.Dense with data of type %T", d.Data())
}
