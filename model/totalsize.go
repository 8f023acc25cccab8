package model

import (
	"fmt"

	"gorgonia.org/tensor"
)

// Entries of a total_size besides positive sizes, as PyMC writes None and Ellipsis.
const (
	None     = -1 // leave this axis unscaled
	Ellipsis = -2 // stands for as many unscaled axes as needed, at most once
)

// TotalSizeScale returns the factor by which PyMC scales the log density of an observed
// variable of the given shape when it was given total_size ts: Π_i ts[i] / shape[i] over the
// entries that are sizes, after one Ellipsis (if any) is expanded into None entries to fill
// the rank. A single size N scales the first axis (for a scalar variable, the factor is N).
// An empty or nil ts gives 1.
//
// Errors, as PyMC's: more than one Ellipsis; more entries than the variable has axes; an
// entry that is not a positive size, None or Ellipsis.
//
// References: pymc/variational/minibatch_rv.py get_scaling (v5) and pymc3/model.py
// _get_scaling (v3), spec/pymc-semantics.md §5.3.
func TotalSizeScale(ts []int, shape tensor.Shape) (float64, error) {
	if len(ts) == 0 {
		return 1, nil
	}
	ellipses := 0
	for _, t := range ts {
		switch {
		case t == Ellipsis:
			ellipses++
		case t == None, t > 0:
		default:
			return 0, fmt.Errorf("total_size entries must be positive sizes, None or Ellipsis, got %d", t)
		}
	}
	if ellipses > 1 {
		return 0, fmt.Errorf("only one Ellipsis can be present in total_size, got %v", format(ts))
	}
	ndim := len(shape)
	if ndim == 0 {
		if len(ts) != 1 {
			return 0, fmt.Errorf("length of total_size %v is larger than the variable's number of dimensions 0", format(ts))
		}
		if ts[0] > 0 {
			return float64(ts[0]), nil
		}
		return 1, nil
	}
	expanded := ts
	if ellipses == 1 {
		expanded = nil
		for i, t := range ts {
			if t == Ellipsis {
				fill := ndim - (len(ts) - 1)
				for k := 0; k < fill; k++ {
					expanded = append(expanded, None)
				}
				expanded = append(expanded, ts[i+1:]...)
				break
			}
			expanded = append(expanded, t)
		}
	}
	if len(expanded) > ndim {
		return 0, fmt.Errorf("length of total_size %v is larger than the variable's number of dimensions %d", format(ts), ndim)
	}
	scale := 1.0
	for i, t := range expanded {
		if t > 0 {
			scale *= float64(t) / float64(shape[i])
		}
	}
	return scale, nil
}

// format prints a total_size the way a PyMC user writes it.
func format(ts []int) string {
	s := "["
	for i, t := range ts {
		if i > 0 {
			s += ", "
		}
		switch t {
		case None:
			s += "None"
		case Ellipsis:
			s += "Ellipsis"
		default:
			s += fmt.Sprint(t)
		}
	}
	return s + "]"
}
