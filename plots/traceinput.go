package plots

import (
	"fmt"
	"strings"

	"github.com/gopymc/gopymc/trace"
)

// panelElement is one scalar element of a traced variable, chosen for a panel.
type panelElement struct {
	v     trace.Var
	size  int // elements per draw of v
	e     int // element index, row-major
	label string
}

// traceElements checks the trace and the requested names for target and returns the
// scalar elements to draw, at most maxElem per variable, with warnings for the rest.
// Empty names mean every variable that is not Transformed, as ArviZ shows them.
func traceElements(t *trace.Trace, names []string, maxElem int, target string) ([]panelElement, []string, error) {
	if t == nil {
		return nil, nil, fmt.Errorf("plots: %s: the trace is nil", target)
	}
	if t.Len() == 0 {
		return nil, nil, fmt.Errorf("plots: %s: the trace has no draws", target)
	}
	all := t.Vars()
	var vars []trace.Var
	if len(names) == 0 {
		for _, v := range all {
			if !v.Transformed {
				vars = append(vars, v)
			}
		}
		if len(vars) == 0 {
			return nil, nil, fmt.Errorf("plots: %s: the trace has no untransformed variables; name the variables to plot", target)
		}
	} else {
		for _, name := range names {
			if !t.Has(name) {
				known := make([]string, len(all))
				for i, v := range all {
					known[i] = fmt.Sprintf("%q", v.Name)
				}
				return nil, nil, fmt.Errorf("plots: %s: unknown variable %q; the trace has %s", target, name, strings.Join(known, ", "))
			}
			for _, v := range all {
				if v.Name == name {
					vars = append(vars, v)
				}
			}
		}
	}
	var out []panelElement
	var warnings []string
	for _, v := range vars {
		size := t.Size(v.Name)
		if size == 0 {
			return nil, nil, fmt.Errorf("plots: %s: variable %q has shape %v, no elements to plot", target, v.Name, v.Shape)
		}
		n := min(size, maxElem)
		if n < size {
			warnings = append(warnings, fmt.Sprintf("%s: variable %q has %d elements; only the first %d are drawn (MaxElements)", target, v.Name, size, n))
		}
		for e := range n {
			out = append(out, panelElement{v: v, size: size, e: e, label: elementLabel(v.Name, v.Shape, e)})
		}
	}
	return out, warnings, nil
}

// elementOf returns element e of every draw in values, which holds size elements a draw.
func elementOf(values []float64, size, e int) []float64 {
	out := make([]float64, len(values)/size)
	for k := range out {
		out[k] = values[k*size+e]
	}
	return out
}
