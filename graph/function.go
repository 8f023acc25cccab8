package graph

import (
	"fmt"
	"sync/atomic"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Function is a compiled copy of a subgraph: it owns its graph and its executor. A Function
// is not safe for concurrent use; give each goroutine its own from Copy.
type Function struct {
	src      *source
	stream   uint64
	lineage  *atomic.Uint64 // numbers the copies of the original and of its copies
	g        *G.ExprGraph
	plan     *plan
	nOut     int       // outputs before the gradients
	outNodes []*G.Node // outputs, then gradients
	inputs   []input   // the declared inputs, in order
}

// input is a declared input of a Function.
type input struct {
	node *G.Node // in the compiled graph
	slot int     // -1 when no output depends on it
	set  bool
}

// bindLeaves gives every leaf of the plan its value source: a declared input, a Shared value
// (read live), or the value an input node of the source graph holds.
func (f *Function) bindLeaves(declared []*G.Node, origin map[*G.Node]*G.Node) error {
	isDeclared := map[*G.Node]int{}
	f.inputs = make([]input, len(declared))
	for i, n := range declared {
		slot, ok := f.plan.slotOf[n]
		if !ok {
			slot = -1
		}
		f.inputs[i] = input{node: n, slot: slot}
		isDeclared[n] = i
	}
	for _, leaf := range f.plan.leaves {
		if _, ok := isDeclared[leaf]; ok {
			continue
		}
		orig := origin[leaf]
		if orig == nil {
			return nodeErr("compile", leaf, fmt.Errorf("no source for this input"))
		}
		slot := f.plan.slotOf[leaf]
		if s, ok := LookupShared(orig); ok {
			f.plan.vals[slot] = privateHeader(s.val)
			continue
		}
		if v := orig.Value(); v != nil {
			f.plan.vals[slot] = privateHeader(v)
			continue
		}
		return nodeErr("compile", orig, fmt.Errorf("the outputs need this input, but it is not given (declare it as an input, replace it, or give it a value)"))
	}
	return nil
}

// NumInputs is the number of declared inputs.
func (f *Function) NumInputs() int { return len(f.inputs) }

// NumOutputs is the number of outputs, gradients included.
func (f *Function) NumOutputs() int { return len(f.outNodes) }

// SetInput binds v as the value of input i for the next runs, without copying its data:
// changes to v's data between runs are seen by the next run. v must have the input's dtype
// and shape. The Function keeps a header of its own over a tensor's data (Gorgonia's matrix
// products transpose their operands' headers while they run), so one tensor may be given to
// several Functions running at once; a view that needs an iterator is copied.
func (f *Function) SetInput(i int, v G.Value) error {
	if i < 0 || i >= len(f.inputs) {
		return fmt.Errorf("graph: SetInput: input %d out of range [0, %d)", i, len(f.inputs))
	}
	in := &f.inputs[i]
	if v == nil {
		return nodeErr("set input", in.node, fmt.Errorf("nil value"))
	}
	v = ScalarFor(in.node, v)
	if err := checkValueFor(in.node, v, true); err != nil {
		return nodeErr("set input", in.node, err)
	}
	if in.slot >= 0 {
		f.plan.vals[in.slot] = privateHeader(v)
	}
	in.set = true
	return nil
}

// Exec runs the compiled graph once on the inputs set with SetInput. The outputs are then
// available from Output until the next Exec.
func (f *Function) Exec() error {
	for i := range f.inputs {
		if !f.inputs[i].set {
			return nodeErr("run", f.inputs[i].node, fmt.Errorf("input %d has no value", i))
		}
	}
	return f.plan.exec()
}

// Output returns output i of the last Exec (gradients follow the outputs). The value belongs
// to the Function and is overwritten by the next Exec; clone it to keep it.
func (f *Function) Output(i int) G.Value {
	return f.plan.vals[f.plan.slotOf[f.outNodes[i]]]
}

// Run sets the inputs (see ToValue for the accepted kinds), runs once, and returns copies of
// the outputs followed by the gradients; the copies stay valid after later runs.
func (f *Function) Run(inputs ...any) (out []G.Value, err error) {
	if err := f.setInputs("Run", inputs); err != nil {
		return nil, err
	}
	if err := f.Exec(); err != nil {
		return nil, err
	}
	out = make([]G.Value, len(f.outNodes))
	for i := range out {
		if out[i], err = cloneValue(f.Output(i)); err != nil {
			return nil, nodeErr("run", f.outNodes[i], err)
		}
	}
	return out, nil
}

// setInputs converts and sets every input, for Run and RunTape.
func (f *Function) setInputs(caller string, inputs []any) error {
	if len(inputs) != len(f.inputs) {
		return fmt.Errorf("graph: %s: got %d inputs, the function takes %d", caller, len(inputs), len(f.inputs))
	}
	for i, x := range inputs {
		v, err := ToValue(x)
		if err != nil {
			return nodeErr("set input", f.inputs[i].node, err)
		}
		if err := f.SetInput(i, v); err != nil {
			return err
		}
	}
	return nil
}

// Copy compiles an independent Function from the same source, for another goroutine. Its
// stateful ops (random nodes, minibatches) are forked with a stream of their own: the copies
// of one Function are numbered in the order Copy is called, so a program that makes its
// copies in a fixed order gets the same streams on every run. Inputs are not carried over.
func (f *Function) Copy() (*Function, error) {
	k := f.lineage.Add(1)
	return f.src.compile(f.stream+k, f.lineage)
}

// OutputShape is the static shape of output i in the compiled graph (after replacements),
// the empty shape for a scalar.
func (f *Function) OutputShape(i int) tensor.Shape {
	n := f.outNodes[i]
	if n.IsScalar() {
		return tensor.Shape{}
	}
	return n.Shape()
}
