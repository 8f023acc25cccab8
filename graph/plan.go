package graph

import (
	"fmt"
	"reflect"
	"strings"

	G "gorgonia.org/gorgonia"
)

// plan is a compiled graph ready to run with the lean executor: a slot per node holding its
// value, and the steps that fill the slots in topological order, each an op's public Do on
// its children's slots. It replaces Gorgonia's TapeMachine, which costs ~15-30 µs a run plus
// ~1 µs an instruction (gorgonia-notes §6 and the last addendum: ~12x faster on the mixture).
//
// What the TapeMachine did for us and the plan must do itself:
//   - Ops that can write into a buffer (G.UsePreallocDoer) get one of their own, created from
//     the first run's result and reused afterwards, so a steady-state run allocates only
//     where an op insists on it (Gorgonia's scalar ops allocate their result).
//   - An op whose OverwritesInput() is k >= 0 may write into its k-th argument. Gorgonia's own
//     ops only do so through UnsafeDo, which the plan never calls; any other op gets a private
//     copy of that argument, so leaves and shared children are never clobbered.
//   - Statement ops are refused when the graph is copied; outputs are read from their slots.
//   - Only Gorgonia ops on the checked list run (opstatus.go); an op whose UsePreallocDo
//     reads its buffer gets a zeroed one (freshbuf.go). Custom ops of other modules run
//     through Do.
type plan struct {
	vals   []G.Value          // one per slot
	steps  []step             // in topological order
	slotOf map[*G.Node]int    // node of the compiled graph -> slot
	leaves []*G.Node          // input nodes of the compiled graph, in slot order
	names  map[*G.Node]string // compiled node -> name of the source node, for errors
	// constSlots are the slots of constants, whose values the plan sets once and never
	// changes.
	constSlots map[int]struct{}
}

type step struct {
	node  *G.Node
	op    G.Op
	args  []int     // argument slots
	argv  []G.Value // reused argument slice
	out   int       // output slot
	pd    G.UsePreallocDoer
	buf   G.Value     // the op's own output buffer, once known
	guard int         // index of an argument the op may overwrite, or -1
	gbuf  G.Value     // private copy of that argument
	group *fusedGroup // not nil: the step runs a fused group of steps (fuse.go)
}

// newPlan orders the subgraph of outputs and allocates its slots. names maps compiled nodes
// to the names of the source nodes they copy. With fuse, chains of element-wise steps run
// as fused groups (fuse.go).
func newPlan(outputs []*G.Node, names map[*G.Node]string, fuse bool) (*plan, error) {
	p := &plan{slotOf: map[*G.Node]int{}, names: names, constSlots: map[int]struct{}{}}
	var stepKids [][]*G.Node // the children of each step's node
	var visit func(n *G.Node) error
	onPath := map[*G.Node]bool{}
	visit = func(n *G.Node) error {
		if _, ok := p.slotOf[n]; ok {
			return nil
		}
		if onPath[n] {
			return nodeErr("compile", n, fmt.Errorf("the graph has a cycle"))
		}
		onPath[n] = true
		defer delete(onPath, n)
		kids := Children(n)
		for _, k := range kids {
			if err := visit(k); err != nil {
				return err
			}
		}
		slot := len(p.vals)
		p.slotOf[n] = slot
		p.vals = append(p.vals, nil)
		op := n.Op()
		switch {
		case op == nil:
			p.leaves = append(p.leaves, n)
		case isConstant(op):
			p.vals[slot], _ = ConstantValue(n)
			p.constSlots[slot] = struct{}{}
		default:
			if err := checkRunnable(n); err != nil {
				return err
			}
			s := step{node: n, op: op, out: slot, guard: -1}
			s.args = make([]int, len(kids))
			for i, k := range kids {
				s.args[i] = p.slotOf[k]
			}
			s.argv = make([]G.Value, len(kids))
			if f, ok := fastElementwise(unwrapZeroGrad(op), kids); ok {
				s.op = f
			} else if f, ok := fastShaping(op, kids); ok {
				s.op = f
			} else if f, ok := fastProduct(op, kids); ok {
				s.op = f
			}
			if f, ok := freshBuffer(s.op); ok {
				s.op = f
			}
			if preallocTrusted(pkgPathOf(s.op)) {
				// A custom op of another module runs through Do: nothing checked that its
				// UsePreallocDo writes its whole buffer without reading it.
				s.pd, _ = s.op.(G.UsePreallocDoer)
			}
			if k := s.op.OverwritesInput(); k >= 0 && k < len(kids) && !isGorgoniaOp(s.op) {
				s.guard = k
			}
			p.steps = append(p.steps, s)
			stepKids = append(stepKids, kids)
		}
		return nil
	}
	for _, o := range outputs {
		if err := visit(o); err != nil {
			return nil, err
		}
	}
	outSlots := make(map[int]bool, len(outputs))
	for _, o := range outputs {
		outSlots[p.slotOf[o]] = true
	}
	if fuse {
		p.fuse(stepKids, outSlots)
	}
	return p, nil
}

// exec runs every step once. Input slots must have been set.
func (p *plan) exec() (err error) {
	defer recoverTo(&err)
	for i := range p.steps {
		s := &p.steps[i]
		if s.group == nil {
			if err := p.runStep(s); err != nil {
				return err
			}
			continue
		}
		if s.group.run(p) {
			continue
		}
		for j := range s.group.members {
			if err := p.runStep(&s.group.members[j]); err != nil {
				return err
			}
		}
	}
	return nil
}

// runStep runs one step of the plan on its arguments' slots.
func (p *plan) runStep(s *step) (err error) {
	for j, a := range s.args {
		s.argv[j] = p.vals[a]
	}
	if s.guard >= 0 {
		if s.argv[s.guard], err = p.guarded(s); err != nil {
			return p.stepErr(s, err)
		}
	}
	var v G.Value
	if s.buf != nil {
		if v, err = s.pd.UsePreallocDo(s.buf, s.argv...); err != nil {
			s.buf = nil // the shape changed, say: fall back to Do from now on
			v, err = s.op.Do(s.argv...)
		}
	} else {
		v, err = s.op.Do(s.argv...)
		if err == nil && s.pd != nil && (s.op.ReturnsPtr() || !isGorgoniaOp(s.op)) {
			// Gorgonia's own ops that do not return pointers (the scalar ops) ignore
			// the buffer; every other UsePreallocDoer writes into it.
			s.buf, _ = cloneValue(v)
		}
	}
	if err != nil {
		return p.stepErr(s, err)
	}
	if v == nil {
		return p.stepErr(s, fmt.Errorf("op %v returned no value", s.op))
	}
	p.vals[s.out] = v
	return nil
}

// guarded copies the argument that s's op may overwrite into the step's private buffer.
func (p *plan) guarded(s *step) (G.Value, error) {
	src := s.argv[s.guard]
	if s.gbuf == nil || !valueShape(s.gbuf).Eq(valueShape(src)) || s.gbuf.Dtype() != src.Dtype() {
		v, err := cloneValue(src)
		s.gbuf = v
		return v, err
	}
	return G.Copy(s.gbuf, src)
}

func (p *plan) stepErr(s *step, err error) error {
	name := p.names[s.node]
	if name == "" {
		name = s.node.Name()
	}
	return &NodeError{Node: fmt.Sprintf("%q", name), Op: "run", Err: err}
}

// preallocTrusted reports whether the ops of the package at path may be given a reused
// buffer: Gorgonia's (the checked list, with its exceptions in freshbuf.go) and gopymc's
// own, which write their whole buffer and are tested so.
func preallocTrusted(path string) bool {
	return path == "gorgonia.org/gorgonia" || strings.HasPrefix(path, "github.com/gopymc/gopymc/")
}

// pkgPathOf is the import path of the package defining op's type.
func pkgPathOf(op G.Op) string {
	t := reflect.TypeOf(op)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath()
}

// isGorgoniaOp reports whether op is one of Gorgonia's own ops, which overwrite an input
// only in UnsafeDo, never in Do or UsePreallocDo.
func isGorgoniaOp(op G.Op) bool { return pkgPathOf(op) == "gorgonia.org/gorgonia" }

// allSteps returns the plan's steps with every fused group's members in place of the group.
func (p *plan) allSteps() []*step {
	var out []*step
	for i := range p.steps {
		if g := p.steps[i].group; g != nil {
			for j := range g.members {
				out = append(out, &g.members[j])
			}
			continue
		}
		out = append(out, &p.steps[i])
	}
	return out
}
