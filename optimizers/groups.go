package optimizers

import "errors"

// errNilOptimizer is NewGroupedState's error for a nil Optimizer.
var errNilOptimizer = errors.New("optimizers: NewGroupedState: the optimizer is nil")

// NewGroupedState returns a state of o for parameters in the given groups (groups[i] is the
// group of parameter i, any ids >= 0): a rule that adapts per group (LDoWG) keeps one step
// size per group; every other rule ignores the groups and returns o.NewState(len(groups)).
// A Schedule passes the groups to the rule it schedules. It returns NewState's errors and an
// error for a negative group id.
func NewGroupedState(o Optimizer, groups []int) (State, error) {
	if g, ok := o.(groupedOptimizer); ok {
		return g.newGroupedState(groups)
	}
	if o == nil {
		return nil, errNilOptimizer
	}
	return o.NewState(len(groups))
}

// groupedOptimizer is an Optimizer whose states may depend on the parameters' groups.
type groupedOptimizer interface {
	newGroupedState(groups []int) (State, error)
}

func (o *optimizer) newGroupedState(groups []int) (State, error) {
	r := o.cfg.rule
	if o.err != nil || r.newGroupedState == nil {
		return o.NewState(len(groups))
	}
	return r.newGroupedState(&o.cfg, groups)
}

func (s *scheduled) newGroupedState(groups []int) (State, error) {
	return s.newStateWith(func(inner Optimizer) (State, error) { return NewGroupedState(inner, groups) })
}
