package trace

import "slices"

// Vars returns copies of the trace's variable descriptions, in the order given to New.
// A scalar's Shape is an empty, non-nil slice.
func (t *Trace) Vars() []Var {
	out := make([]Var, len(t.vars))
	for i, v := range t.vars {
		out[i] = Var{Name: v.Name, Shape: slices.Clone(v.Shape), Transformed: v.Transformed}
	}
	return out
}

// Has reports whether the trace stores a variable called name.
func (t *Trace) Has(name string) bool {
	_, ok := t.index[name]
	return ok
}

// Shape returns a copy of the variable's own shape: an empty, non-nil slice for a scalar,
// nil if the variable is unknown.
func (t *Trace) Shape(name string) []int {
	v, ok := t.index[name]
	if !ok {
		return nil
	}
	return slices.Clone(t.vars[v].Shape)
}

// Size returns the number of elements of one draw of the variable (1 for a scalar), or -1
// if the variable is unknown.
func (t *Trace) Size(name string) int {
	v, ok := t.index[name]
	if !ok {
		return -1
	}
	return t.sizes[v]
}

// Chains returns the number of chains.
func (t *Trace) Chains() int { return len(t.chains) }

// Draws returns the number of draws chain holds, or 0 if chain is out of range.
func (t *Trace) Draws(chain int) int {
	if chain < 0 || chain >= len(t.chains) {
		return 0
	}
	return t.chains[chain].draws()
}

// Len returns the total number of draws over all chains.
func (t *Trace) Len() int {
	n := 0
	for _, cd := range t.chains {
		n += cd.draws()
	}
	return n
}

// Values returns a copy of every draw of the variable from every chain, chain after chain,
// each chain's draws in order and each draw's elements row-major: Draws(c)×size values per
// chain. It returns nil if the variable is unknown.
func (t *Trace) Values(name string) []float64 {
	v, ok := t.index[name]
	if !ok {
		return nil
	}
	n := 0
	for _, cd := range t.chains {
		n += len(cd.values[v])
	}
	out := make([]float64, 0, n)
	for _, cd := range t.chains {
		out = append(out, cd.values[v]...)
	}
	return out
}

// ChainValues returns a copy of chain's draws of the variable (Draws(chain)×size values,
// draw after draw, each row-major). It returns nil if the variable is unknown or chain is
// out of range.
func (t *Trace) ChainValues(name string, chain int) []float64 {
	v, ok := t.index[name]
	if !ok || chain < 0 || chain >= len(t.chains) {
		return nil
	}
	return append(make([]float64, 0, len(t.chains[chain].values[v])), t.chains[chain].values[v]...)
}

// StatNames returns the names of the sampler statistics, in the order first seen, chain by
// chain. It returns nil if no statistics were stored.
func (t *Trace) StatNames() []string {
	var names []string
	for _, cd := range t.chains {
		for _, n := range cd.statNames {
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	return names
}

// Stat returns a copy of the sampler statistic name of every draw, chain after chain.
// Chains that lack the statistic contribute nothing. It returns nil if no chain holds it.
func (t *Trace) Stat(name string) []float64 {
	var out []float64
	for c := range t.chains {
		if s := t.chainStat(name, c); s != nil {
			out = append(out, s...)
		}
	}
	return out
}

// ChainStat returns a copy of chain's values of the sampler statistic name, one per draw.
// It returns nil if the chain does not hold it or chain is out of range.
func (t *Trace) ChainStat(name string, chain int) []float64 {
	s := t.chainStat(name, chain)
	if s == nil {
		return nil
	}
	return append(make([]float64, 0, len(s)), s...)
}

// chainStat returns chain's stored statistic without copying, or nil.
func (t *Trace) chainStat(name string, chain int) []float64 {
	if chain < 0 || chain >= len(t.chains) {
		return nil
	}
	cd := t.chains[chain]
	i := slices.Index(cd.statNames, name)
	if i < 0 {
		return nil
	}
	if cd.stats[i] == nil {
		return []float64{}
	}
	return cd.stats[i]
}
