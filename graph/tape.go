package graph

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// RunTape runs the compiled graph once on Gorgonia's TapeMachine instead of the lean
// executor, with the same inputs and the same leaf values, and returns copies of the outputs
// and gradients. It is the reference the tests compare Run with; it is slow (a fresh machine
// per call). Stateful ops advance exactly as in a Run.
func (f *Function) RunTape(inputs ...any) (out []G.Value, err error) {
	defer recoverTo(&err)
	if err := f.setInputs("RunTape", inputs); err != nil {
		return nil, err
	}
	// Read statements copy each output at its point of the tape: only root values are
	// trustworthy after a TapeMachine run (gorgonia-notes trap 10).
	holders := make([]G.Value, len(f.outNodes))
	for i, n := range f.outNodes {
		G.Read(n, &holders[i])
	}
	m := G.NewTapeMachine(f.g)
	defer m.Close()
	for _, leaf := range f.plan.leaves {
		if err := G.Let(leaf, f.plan.vals[f.plan.slotOf[leaf]]); err != nil {
			return nil, nodeErr("run on tape", leaf, err)
		}
	}
	for _, in := range f.inputs {
		if in.slot < 0 && in.node.Value() == nil {
			return nil, nodeErr("run on tape", in.node, fmt.Errorf("unused inputs cannot be run on a tape"))
		}
	}
	if err := m.RunAll(); err != nil {
		return nil, fmt.Errorf("graph: RunTape: %w", err)
	}
	out = make([]G.Value, len(holders))
	for i, h := range holders {
		if h == nil {
			return nil, nodeErr("run on tape", f.outNodes[i], fmt.Errorf("no value was read"))
		}
		if out[i], err = cloneValue(h); err != nil {
			return nil, err
		}
	}
	return out, nil
}
