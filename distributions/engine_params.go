package distributions

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// paramDomain is the set of values a parameter may take.
type paramDomain int

const (
	domReal        paramDomain = iota // finite reals
	domPositive                       // finite, > 0
	domNonNegative                    // finite, >= 0
	domUnit                           // [0, 1]
	domNonNegInt                      // integers >= 0
)

// ok reports whether v lies in the domain. NaN and infinities never do.
func (d paramDomain) ok(v float64) bool {
	switch d {
	case domReal:
		return v-v == 0 // false for NaN and +-Inf
	case domPositive:
		return v > 0 && v < math.Inf(1)
	case domNonNegative:
		return v >= 0 && v < math.Inf(1)
	case domUnit:
		return v >= 0 && v <= 1
	case domNonNegInt:
		return v >= 0 && v < math.Inf(1) && v == math.Trunc(v)
	}
	return false
}

// allOK reports whether every element of vs lies in the domain, with one loop per domain
// (ok's switch per element costs more than the test).
func (d paramDomain) allOK(vs []float64) bool {
	switch d {
	case domReal:
		// v - v is 0 for a finite v and NaN for ±Inf and NaN, which the sum keeps. Four
		// accumulators, and a slice that shrinks instead of an index, so that the loop
		// has no bounds checks: it scans the data likelihood's mean on every evaluation.
		var a0, a1, a2, a3 float64
		for ; len(vs) >= 4; vs = vs[4:] {
			a0 += vs[0] - vs[0]
			a1 += vs[1] - vs[1]
			a2 += vs[2] - vs[2]
			a3 += vs[3] - vs[3]
		}
		for _, v := range vs {
			a0 += v - v
		}
		return (a0+a1)+(a2+a3) == 0
	case domPositive:
		inf := math.Inf(1)
		for _, v := range vs {
			if !(v > 0 && v < inf) {
				return false
			}
		}
		return true
	}
	for _, v := range vs {
		if !d.ok(v) {
			return false
		}
	}
	return true
}

// what says what the domain requires, for error messages.
func (d paramDomain) what() string {
	switch d {
	case domPositive:
		return "be positive"
	case domNonNegative:
		return "be non-negative"
	case domUnit:
		return "lie in [0, 1]"
	case domNonNegInt:
		return "be a non-negative integer"
	}
	return "be finite"
}

// paramSpec describes one parameter of a family.
type paramSpec struct {
	name string      // PyMC's keyword, e.g. "sigma"
	dom  paramDomain // values the parameter may take
	diff bool        // whether the log density is differentiable with respect to it
}

// paramError says that parameter p of family fam has the value v, outside its domain, at
// flat index j.
func paramError(fam string, p paramSpec, v float64, j int) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("distributions: %s: %s must be finite, got %v at index %d", fam, p.name, v, j)
	}
	return fmt.Errorf("distributions: %s: %s must %s, got %v at index %d", fam, p.name, p.dom.what(), v, j)
}

// checkParams checks the parameter nodes of family fam against their specs when the graph
// is built: dtype float64, shapes that broadcast together, and, for parameters whose value
// is known (knownValue: constants and input nodes with a bound value), every element in
// its domain, so that a mistake shows where the model is written rather than as a -Inf
// log density at run time. It returns the broadcast shape of the parameters. Errors name
// the family, the parameter, the bad value and its flat index.
func checkParams(fam string, specs []paramSpec, params []*G.Node) (tensor.Shape, error) {
	if len(params) != len(specs) {
		return nil, fmt.Errorf("distributions: %s: %d parameters, want %d", fam, len(params), len(specs))
	}
	names := make([]string, len(specs))
	shapes := make([]tensor.Shape, len(specs))
	for i, p := range params {
		names[i] = specs[i].name
		if err := checkNode(fam, specs[i].name, p); err != nil {
			return nil, err
		}
		shapes[i] = p.Shape()
		known, _, ok := knownValue(p)
		if !ok {
			continue
		}
		for j, v := range known.d {
			if !specs[i].dom.ok(v) {
				return nil, paramError(fam, specs[i], v, j)
			}
		}
	}
	for i, p := range params { // constants have no graph until used
		for j := i + 1; j < len(params); j++ {
			q := params[j]
			if p.Graph() != nil && q.Graph() != nil && p.Graph() != q.Graph() {
				return nil, fmt.Errorf("distributions: %s: parameters %s and %s are in different graphs", fam, specs[i].name, specs[j].name)
			}
		}
	}
	s, err := broadcastShapes(names, shapes...)
	if err != nil {
		return nil, fmt.Errorf("distributions: %s: %w", fam, err)
	}
	return s, nil
}
