package graph

import (
	"container/heap"
	"slices"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Fusion of element-wise steps (DESIGN.md, performance strategy). A dense layer's forward
// and backward passes, and a hierarchical model's a[group] + b[group]⊙x, are chains of
// element-wise ops over tensors of one shape: run one by one, each is a pass over its
// operands with a result written to memory and read back by the next. The plan groups such
// steps into one step (a fusedGroup, fusedrun.go) that walks the shape once, in chunks
// small enough for the cache, running every op of the group on a chunk before going on.
// Only the values that are read outside the group (by another step, or as an output) are
// written out; the others live in chunk buffers.
//
// A group runs steps of four kinds over one iteration shape (fusable):
//   - element-wise ops on float64 (fastElem), whose operands are tensors of the shape or
//     scalars;
//   - gathers of a float64 vector (Take along axis 0 of a vector): a load x[idx[i]];
//   - their gradients, scatter-adds into a vector (dx[idx[i]] += dy[i]): a sink whose
//     output has the gathered vector's shape;
//   - full sums of a vector (Sum): a sink with a scalar output.
//
// A group is valid when running it as one step keeps the order of the graph: no path leads
// from a member out of the group and back into it (valid). The greedy pass below adds each
// fusable step to the group of one of its operands' producers, or of a step reading the
// same tensor, when the union stays valid; sink outputs are never read inside their group.
//
// Every op computes exactly what the unfused step computes (the same functions, the sums
// and scatter-adds in the same order), so fusion changes no bit of any result; the tests
// check that against the unfused plan (config.noFuse), and the wall and the fuzzer check
// the fused plans against the TapeMachine.

// fuseKind is what a step is to a group.
type fuseKind uint8

const (
	fuseNone    fuseKind = iota
	fuseElem             // element-wise op: a register
	fuseGather           // x[idx]: a register
	fuseScatter          // dx[idx] += dy: a sink
	fuseSum              // Σ x: a sink

	// Combined instructions of a group's code (fusedcombine.go), never a step's kind.
	fuseGatherAxpy  // a[idx] + b[idx']⊙x: a register
	fuseScatterPair // da[idx] += d and db[idx'] += x⊙d: two sinks
)

// fuseInfo describes a step for the grouping.
type fuseInfo struct {
	kind  fuseKind
	shape tensor.Shape // the iteration shape
	// reg lists the argument positions read element by element in the iteration shape
	// (the operands that may be registers of the group).
	reg []int
}

// classify returns what step s is to a fused group.
func classify(s *step, kids []*G.Node) fuseInfo {
	switch op := s.op.(type) {
	case fastElem:
		shape := s.node.Shape()
		if s.node.Dtype() != tensor.Float64 || s.node.IsScalar() || shape.TotalSize() < 1 {
			return fuseInfo{}
		}
		var reg []int
		for i, k := range kids {
			switch {
			case k.IsScalar():
			case k.Shape().Eq(shape):
				reg = append(reg, i)
			default:
				return fuseInfo{}
			}
		}
		return fuseInfo{kind: fuseElem, shape: shape.Clone(), reg: reg}
	case gatherOp:
		if op.dt != tensor.Float64 || op.dims != 1 || len(kids) != 2 {
			return fuseInfo{}
		}
		return fuseInfo{kind: fuseGather, shape: s.node.Shape().Clone()}
	case scatterAddOp:
		if op.fwd.dims != 1 || len(kids) != 3 || kids[2].Dims() != 1 || kids[2].Dtype() != tensor.Float64 {
			return fuseInfo{}
		}
		return fuseInfo{kind: fuseScatter, shape: kids[2].Shape().Clone(), reg: []int{2}}
	case fastShapeOp:
		if op.kind != kindSumVector || len(kids) != 1 || kids[0].Dims() != 1 || kids[0].Dtype() != tensor.Float64 {
			return fuseInfo{}
		}
		return fuseInfo{kind: fuseSum, shape: kids[0].Shape().Clone(), reg: []int{0}}
	}
	return fuseInfo{}
}

// fuser holds the grouping state of a plan.
type fuser struct {
	p        *plan
	info     []fuseInfo
	producer []int // slot -> step index producing it, -1 for leaves and constants
	group    []int // step -> group id, -1 for none
	groups   map[int][]int
	readers  map[int][]int // slot -> fusable steps reading it element-wise
	stamp    []int         // DFS marks of dependsOn
	mark     int
}

// fuse groups the plan's fusable steps and replaces each group by one step. outputs are
// the slots read after a run.
func (p *plan) fuse(kids [][]*G.Node, outputs map[int]bool) {
	if len(p.steps) < 1 {
		return
	}
	f := &fuser{
		p:        p,
		info:     make([]fuseInfo, len(p.steps)),
		producer: make([]int, len(p.vals)),
		group:    make([]int, len(p.steps)),
		groups:   map[int][]int{},
		readers:  map[int][]int{},
		stamp:    make([]int, len(p.steps)),
	}
	for i := range f.producer {
		f.producer[i] = -1
	}
	for i := range p.steps {
		f.producer[p.steps[i].out] = i
		f.group[i] = -1
	}
	for i := range p.steps {
		f.info[i] = classify(&p.steps[i], kids[i])
	}
	for i := range p.steps {
		if f.info[i].kind != fuseNone {
			f.place(i)
		}
	}
	if len(f.groups) == 0 {
		return
	}
	f.rebuild(kids, outputs)
}

// place puts fusable step i into a group: the union of the groups of its register
// operands' producers when that is valid, else one of them, else a group of a step reading
// the same tensor, else a group of its own.
func (f *fuser) place(i int) {
	in := &f.info[i]
	var cands []int
	seen := map[int]bool{}
	for _, a := range in.reg {
		pr := f.producer[f.p.steps[i].args[a]]
		if pr < 0 || f.group[pr] < 0 || seen[f.group[pr]] {
			continue
		}
		g := f.group[pr]
		if !f.info[pr].shape.Eq(in.shape) || isSink(f.info[pr].kind) {
			continue
		}
		seen[g] = true
		cands = append(cands, g)
	}
	for _, a := range in.reg { // siblings: groups reading the same tensor
		for _, r := range f.readers[f.p.steps[i].args[a]] {
			if g := f.group[r]; g >= 0 && !seen[g] && f.info[r].shape.Eq(in.shape) {
				seen[g] = true
				cands = append(cands, g)
			}
		}
	}
	for _, a := range in.reg {
		slot := f.p.steps[i].args[a]
		f.readers[slot] = append(f.readers[slot], i)
	}
	if len(cands) > 1 {
		union := []int{i}
		for _, g := range cands {
			union = append(union, f.groups[g]...)
		}
		if f.valid(union) {
			f.join(i, cands...)
			return
		}
	}
	for _, g := range cands {
		if f.valid(append([]int{i}, f.groups[g]...)) {
			f.join(i, g)
			return
		}
	}
	f.group[i] = i
	f.groups[i] = []int{i}
}

// join puts step i and the groups gs into the first of them.
func (f *fuser) join(i int, gs ...int) {
	g0 := gs[0]
	for _, g := range gs[1:] {
		for _, m := range f.groups[g] {
			f.group[m] = g0
		}
		f.groups[g0] = append(f.groups[g0], f.groups[g]...)
		delete(f.groups, g)
	}
	f.group[i] = g0
	f.groups[g0] = append(f.groups[g0], i)
}

func isSink(k fuseKind) bool { return k == fuseScatter || k == fuseSum }

// valid reports whether the steps of set can run as one step: no member reads a sink of the
// set, and no producer of a member outside the set depends on a member.
func (f *fuser) valid(set []int) bool {
	in := make(map[int]bool, len(set))
	for _, m := range set {
		in[m] = true
	}
	for _, m := range set {
		for _, a := range f.p.steps[m].args {
			pr := f.producer[a]
			if pr < 0 {
				continue
			}
			if in[pr] {
				if isSink(f.info[pr].kind) {
					return false
				}
				continue
			}
			if f.dependsOn(pr, in) {
				return false
			}
		}
	}
	return true
}

// dependsOn reports whether step s depends, directly or not, on a step of set, in the graph
// where every group formed so far is one step: a step of a group depends on whatever any
// member of its group depends on, since the group runs as a whole.
func (f *fuser) dependsOn(s int, set map[int]bool) bool {
	f.mark++
	var walk func(s int) bool
	walk = func(s int) bool {
		if f.stamp[s] == f.mark {
			return false
		}
		f.stamp[s] = f.mark
		if set[s] {
			return true
		}
		members := []int{s}
		if g := f.group[s]; g >= 0 {
			members = f.groups[g]
		}
		for _, m := range members {
			f.stamp[m] = f.mark
			for _, a := range f.p.steps[m].args {
				if pr := f.producer[a]; pr >= 0 && walk(pr) {
					return true
				}
			}
		}
		return false
	}
	return walk(s)
}

// rebuild replaces every group by one step and puts the steps back in a topological order
// (a group runs where its last input is ready, before its first reader).
func (f *fuser) rebuild(kids [][]*G.Node, outputs map[int]bool) {
	p := f.p
	readers := make([]int, len(p.vals)) // readers of each slot outside its producer's group
	for i := range p.steps {
		for _, a := range p.steps[i].args {
			if pr := f.producer[a]; pr >= 0 && f.group[pr] >= 0 && f.group[pr] == f.group[i] {
				continue
			}
			readers[a]++
		}
	}
	type unit struct {
		steps []int // members in topological order
		st    step
	}
	var units []unit
	unitOf := make([]int, len(p.steps))
	for i := range p.steps {
		g := f.group[i]
		switch {
		case g < 0:
			unitOf[i] = len(units)
			units = append(units, unit{steps: []int{i}, st: p.steps[i]})
		case g == i:
			members := slices.Sorted(slices.Values(f.groups[g]))
			fg := newFusedGroup(p, members, f.info, kids, func(slot int) bool { return readers[slot] > 0 || outputs[slot] })
			for _, m := range members {
				unitOf[m] = len(units)
			}
			last := &p.steps[members[len(members)-1]]
			units = append(units, unit{steps: members, st: step{node: last.node, op: last.op, out: last.out, guard: -1, group: fg}})
		}
	}
	// Kahn's algorithm, taking the ready unit that came first in the old order.
	deps := make([][]int, len(units))
	need := make([]int, len(units))
	for u := range units {
		seen := map[int]bool{}
		for _, m := range units[u].steps {
			for _, a := range p.steps[m].args {
				if pr := f.producer[a]; pr >= 0 && unitOf[pr] != u && !seen[unitOf[pr]] {
					seen[unitOf[pr]] = true
					deps[unitOf[pr]] = append(deps[unitOf[pr]], u)
					need[u]++
				}
			}
		}
	}
	ready := &intHeap{}
	for u := range units {
		if need[u] == 0 {
			heap.Push(ready, u)
		}
	}
	steps := make([]step, 0, len(units))
	for ready.Len() > 0 {
		u := heap.Pop(ready).(int)
		steps = append(steps, units[u].st)
		for _, v := range deps[u] {
			if need[v]--; need[v] == 0 {
				heap.Push(ready, v)
			}
		}
	}
	if len(steps) != len(units) {
		// A cycle between units: the grouping is wrong. Run every step on its own rather
		// than drop one (valid should make this unreachable).
		return
	}
	p.steps = steps
}

// intHeap is a min-heap of ints (container/heap).
type intHeap []int

func (q intHeap) Len() int           { return len(q) }
func (q intHeap) Less(i, j int) bool { return q[i] < q[j] }
func (q intHeap) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *intHeap) Push(x any)        { *q = append(*q, x.(int)) }
func (q *intHeap) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}
