package optimizers

import (
	"fmt"
	"slices"
)

// Saving a fit needs its optimizer and the optimizer's accumulators: Describe and
// FromDescription turn a rule with its settings into plain values and back, and ExportState
// and ImportState do the same for a State, bit for bit.

// Describe returns o's rule name (PyMC's, e.g. "adam") and its settings by PyMC keyword
// ("learning_rate", "beta1", ...). It returns an error if o is not a rule of this package
// or its settings are invalid.
func Describe(o Optimizer) (rule string, settings map[string]float64, err error) {
	r, ok := o.(*optimizer)
	if !ok {
		return "", nil, fmt.Errorf("optimizers: Describe: %v is not a rule of package optimizers", o)
	}
	if r.err != nil {
		return "", nil, r.err
	}
	settings = map[string]float64{"learning_rate": r.cfg.learningRate}
	for _, p := range r.cfg.rule.params {
		settings[p.pyName()] = r.cfg.value(p)
	}
	return r.cfg.rule.name, settings, nil
}

// rules lists every rule by name, for FromDescription.
var rules = map[string]*ruleSpec{}

func init() {
	for _, r := range []*ruleSpec{&sgdRule, &momentumRule, &nesterovRule, &adagradRule, &adagradWindowRule,
		&rmspropRule, &adadeltaRule, &adamRule, &adamaxRule, &dogRule, &dowgRule, &ldowgRule, &prodigyRule, &stanRule} {
		rules[r.name] = r
	}
}

// FromDescription returns the rule Describe described. It returns an error for an unknown
// rule, a setting the rule does not take or lacks, or an invalid value.
func FromDescription(rule string, settings map[string]float64) (Optimizer, error) {
	r, ok := rules[rule]
	if !ok {
		names := make([]string, 0, len(rules))
		for n := range rules {
			names = append(names, n)
		}
		slices.Sort(names)
		return nil, fmt.Errorf("optimizers: unknown rule %q (known: %v)", rule, names)
	}
	o := &optimizer{cfg: r.defaults}
	o.cfg.rule = r
	want := map[string]param{"learning_rate": 0}
	for _, p := range r.params {
		want[p.pyName()] = p
	}
	for k := range settings {
		if _, ok := want[k]; !ok {
			return nil, fmt.Errorf("optimizers: %s takes no setting %q", rule, k)
		}
	}
	for k, p := range want {
		v, ok := settings[k]
		if !ok {
			return nil, fmt.Errorf("optimizers: %s: setting %q is missing", rule, k)
		}
		switch {
		case k == "learning_rate":
			o.cfg.learningRate = v
		case p == paramNWin:
			if v != float64(int(v)) {
				return nil, fmt.Errorf("optimizers: %s: n_win must be an integer, got %v", rule, v)
			}
			o.cfg.nWin = int(v)
		default:
			if err := (floatOption{p, v}).apply(&o.cfg); err != nil {
				return nil, err
			}
		}
	}
	if err := o.cfg.validate(); err != nil {
		return nil, err
	}
	return o, nil
}

// stateFields lists a state's accumulators: integer counters, scalar floats and vectors, in
// a fixed order. Settings are not accumulators: they come from the Optimizer.
func stateFields(st State) (ints []*int, bools []*bool, scalars []*float64, vecs [][]float64, err error) {
	switch s := st.(type) {
	case *sgdState:
	case *momentumState:
		vecs = [][]float64{s.v}
	case *nesterovState:
		vecs = [][]float64{s.v}
	case *adagradState:
		vecs = [][]float64{s.a}
	case *adagradWindowState:
		ints, vecs = []*int{&s.k}, [][]float64{s.win}
	case *rmspropState:
		vecs = [][]float64{s.a}
	case *adadeltaState:
		vecs = [][]float64{s.a, s.d}
	case *adamState:
		scalars, vecs = []*float64{&s.t}, [][]float64{s.m, s.v}
	case *adamaxState:
		scalars, vecs = []*float64{&s.t}, [][]float64{s.m, s.u}
	case *distanceState:
		bools, scalars, vecs = []*bool{&s.started}, []*float64{&s.r, &s.v}, [][]float64{s.x0}
	case *groupState:
		bools, vecs = []*bool{&s.started}, [][]float64{s.x0, s.r, s.v}
	case *prodigyState:
		bools, scalars, vecs = []*bool{&s.started}, []*float64{&s.d, &s.dMax, &s.num}, [][]float64{s.x0, s.s, s.m, s.v}
	case *stanState:
		ints, vecs = []*int{&s.k}, [][]float64{s.s}
	default:
		err = fmt.Errorf("optimizers: the state %T is not of a rule of package optimizers", st)
	}
	return
}

// ExportState returns st's accumulators: its counters (flags as 0 or 1) and its floats,
// scalars first, then the vectors one after the other.
func ExportState(st State) (ints []int64, floats []float64, err error) {
	is, bs, ss, vs, err := stateFields(st)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range is {
		ints = append(ints, int64(*p))
	}
	for _, p := range bs {
		b := int64(0)
		if *p {
			b = 1
		}
		ints = append(ints, b)
	}
	for _, p := range ss {
		floats = append(floats, *p)
	}
	for _, v := range vs {
		floats = append(floats, v...)
	}
	return ints, floats, nil
}

// ImportState returns a fresh state of o for n parameters with the accumulators that
// ExportState returned. It returns an error if the numbers of values do not fit o's rule
// and n. For a state made with groups (NewGroupedState), use RestoreState.
func ImportState(o Optimizer, n int, ints []int64, floats []float64) (State, error) {
	st, err := o.NewState(n)
	if err != nil {
		return nil, err
	}
	if err := restoreFields(st, ints, floats); err != nil {
		return nil, fmt.Errorf("optimizers: %v: a state of %d parameters %w", o, n, err)
	}
	return st, nil
}

// RestoreState sets the accumulators of st, a fresh state of the rule and parameters (and
// groups) that the saved one had, to what ExportState returned. It returns an error if st
// is not a state of this package or the numbers of values do not fit it.
func RestoreState(st State, ints []int64, floats []float64) error {
	if err := restoreFields(st, ints, floats); err != nil {
		return fmt.Errorf("optimizers: RestoreState: the state %w", err)
	}
	return nil
}

// restoreFields sets st's accumulators; its error completes "the state ...".
func restoreFields(st State, ints []int64, floats []float64) error {
	is, bs, ss, vs, err := stateFields(st)
	if err != nil {
		return fmt.Errorf("is not of a rule of package optimizers (%T)", st)
	}
	nf := len(ss)
	for _, v := range vs {
		nf += len(v)
	}
	if len(ints) != len(is)+len(bs) || len(floats) != nf {
		return fmt.Errorf("has %d counters and %d values, got %d and %d", len(is)+len(bs), nf, len(ints), len(floats))
	}
	for i, p := range is {
		*p = int(ints[i])
	}
	for i, p := range bs {
		*p = ints[len(is)+i] != 0
	}
	for i, p := range ss {
		*p = floats[i]
	}
	off := len(ss)
	for _, v := range vs {
		off += copy(v, floats[off:])
	}
	return nil
}

// RestorePolynomialAverage returns the average that had averaged count iterates into avg
// (a saved PolynomialAverage's Eta, Count and Value).
func RestorePolynomialAverage(eta float64, count int, avg []float64) (*PolynomialAverage, error) {
	a, err := NewPolynomialAverage(eta, len(avg))
	if err != nil {
		return nil, err
	}
	if count < 0 {
		return nil, fmt.Errorf("optimizers: PolynomialAverage: count must be >= 0, got %d", count)
	}
	a.t = count
	copy(a.avg, avg)
	return a, nil
}
