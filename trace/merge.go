package trace

import (
	"fmt"
	"slices"
)

// MergeChains combines traces with identical variables (names, shapes, Transformed flags,
// in the same order), typically one-chain traces read with ReadCmdStanCSV, into one trace
// holding all their chains in argument order. Draws, statistics and sampler information are
// copied.
//
// It returns an error if no trace is given, a trace is nil, or the variables differ.
func MergeChains(ts ...*Trace) (*Trace, error) {
	if len(ts) == 0 {
		return nil, fmt.Errorf("trace: MergeChains needs at least one trace")
	}
	for i, t := range ts {
		if t == nil {
			return nil, fmt.Errorf("trace: MergeChains: trace %d is nil", i)
		}
		if i > 0 && !sameVars(ts[0].vars, t.vars) {
			return nil, fmt.Errorf("trace: MergeChains: trace %d has variables %s, trace 0 has %s", i, describeVars(t.vars), describeVars(ts[0].vars))
		}
	}
	total := 0
	for _, t := range ts {
		total += len(t.chains)
	}
	out, err := New(ts[0].vars, total)
	if err != nil {
		return nil, err
	}
	c := 0
	for _, t := range ts {
		for _, cd := range t.chains {
			out.chains[c] = cd.clone()
			c++
		}
	}
	return out, nil
}

// clone returns a deep copy of cd.
func (cd *chainData) clone() *chainData {
	out := &chainData{
		values:    make([][]float64, len(cd.values)),
		counts:    slices.Clone(cd.counts),
		statNames: slices.Clone(cd.statNames),
		info:      cd.info,
		hasInfo:   cd.hasInfo,
	}
	for v, x := range cd.values {
		out.values[v] = slices.Clone(x)
	}
	if cd.stats != nil {
		out.stats = make([][]float64, len(cd.stats))
		for s, x := range cd.stats {
			out.stats[s] = slices.Clone(x)
		}
	}
	out.info.InvMassDiag = slices.Clone(cd.info.InvMassDiag)
	return out
}

// sameVars reports whether two variable lists are identical.
func sameVars(a, b []Var) bool {
	return slices.EqualFunc(a, b, func(x, y Var) bool {
		return x.Name == y.Name && x.Transformed == y.Transformed && slices.Equal(x.Shape, y.Shape)
	})
}

// describeVars formats variables as [x sigma_log__(transformed) beta[2 3]].
func describeVars(vs []Var) string {
	s := "["
	for i, v := range vs {
		if i > 0 {
			s += " "
		}
		s += v.Name
		if len(v.Shape) > 0 {
			s += fmt.Sprint(v.Shape)
		}
		if v.Transformed {
			s += "(transformed)"
		}
	}
	return s + "]"
}
