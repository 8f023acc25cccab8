package approximations

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultFlow is PyMC3's default formula of NormalizingFlow and NFVI: the mean-field family.
const DefaultFlow = "scale-loc"

// FlowNames are the flows a formula may name: PyMC3's five, and iaf.
var FlowNames = []string{"scale", "loc", "hh", "planar", "radial", "iaf"}

// flowSpec is one layer a formula asks for.
type flowSpec struct {
	kind   string
	hidden int // iaf's hidden units; 0 for the default
}

// parseFormula reads a flow formula in PyMC3's language (pymc3/variational/flows.py,
// Formula): flows separated by '-', each optionally repeated with '*n', case and spaces
// ignored, e.g. 'scale-hh*4-loc' or 'planar*10'. Beyond PyMC3, 'iaf' may carry its hidden
// width in parentheses, 'iaf(16)*4'. It returns the formula as PyMC3 normalises it
// (lower case, no spaces) and the layers, first applied first.
func parseFormula(formula string) (string, []flowSpec, error) {
	norm := strings.ToLower(strings.Join(strings.Fields(formula), ""))
	if norm == "" {
		return "", nil, fmt.Errorf("approximations: NormalizingFlow: no flows in formula %q (write e.g. %q)", formula, DefaultFlow)
	}
	var specs []flowSpec
	for _, part := range strings.Split(norm, "-") {
		name, count, repeated := strings.Cut(part, "*")
		n := 1
		if repeated {
			var err error
			if n, err = strconv.Atoi(count); err != nil || n < 1 || strings.Contains(count, "*") {
				return "", nil, fmt.Errorf("approximations: NormalizingFlow: wrong format %q in formula %q: a repeat is a flow name, '*' and a count >= 1, as 'planar*10'", part, formula)
			}
		}
		spec, err := parseFlowName(name, formula)
		if err != nil {
			return "", nil, err
		}
		for range n {
			specs = append(specs, spec)
		}
	}
	return norm, specs, nil
}

// parseFlowName reads one flow name, with iaf's optional hidden width.
func parseFlowName(name, formula string) (flowSpec, error) {
	if base, arg, ok := strings.Cut(name, "("); ok {
		width, err := strconv.Atoi(strings.TrimSuffix(arg, ")"))
		if base != "iaf" || !strings.HasSuffix(arg, ")") || err != nil || width < 1 {
			return flowSpec{}, fmt.Errorf("approximations: NormalizingFlow: wrong format %q in formula %q: only iaf takes an argument, its hidden width >= 1, as 'iaf(16)'", name, formula)
		}
		return flowSpec{kind: "iaf", hidden: width}, nil
	}
	for _, known := range FlowNames {
		if name == known {
			return flowSpec{kind: name}, nil
		}
	}
	return flowSpec{}, fmt.Errorf("approximations: NormalizingFlow: no such flow %q in formula %q; the flows are %s", name, formula, strings.Join(FlowNames, ", "))
}

// newLayers makes the layers of specs for dimension d. iaf layers alternate their order.
func newLayers(specs []flowSpec, d int) []flowLayer {
	layers := make([]flowLayer, len(specs))
	iafs := 0
	for i, s := range specs {
		switch s.kind {
		case "scale":
			layers[i] = scaleLayer{d}
		case "loc":
			layers[i] = locLayer{d}
		case "hh":
			layers[i] = householderLayer{d}
		case "planar":
			layers[i] = planarLayer{d}
		case "radial":
			layers[i] = radialLayer{d}
		case "iaf":
			h := s.hidden
			if h == 0 {
				h = defaultIAFHidden(d)
			}
			layers[i] = newIAFLayer(d, h, iafs%2 == 1)
			iafs++
		}
	}
	return layers
}

// defaultIAFHidden is iaf's hidden width when the formula does not give one: max(8, d), so
// that every degree has at least one hidden unit and small models still get a few.
func defaultIAFHidden(d int) int { return max(8, d) }
