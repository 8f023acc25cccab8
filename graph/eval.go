package graph

import (
	"container/list"
	"fmt"
	"slices"
	"strings"
	"sync"

	G "gorgonia.org/gorgonia"
)

// Given binds an input node to a value for Eval.
type Given struct {
	Node  *G.Node
	Value any // see ToValue
}

// evalCacheSize bounds the number of Functions Eval keeps: the least recently used are
// dropped, so that a long session evaluating many different nodes does not keep every graph
// alive.
const evalCacheSize = 512

// evalCache holds the Functions Eval compiled, by node and given nodes.
var evalCache = struct {
	sync.Mutex
	entries map[string]*list.Element // of *evalEntry
	order   *list.List               // most recently used first
}{entries: map[string]*list.Element{}, order: list.New()}

type evalEntry struct {
	key string
	mu  sync.Mutex // a Function runs on one goroutine at a time
	f   *Function
}

// Eval computes node's value with the givens bound to their input nodes, as Theano's
// .eval(): the first call for a node and a set of given nodes compiles a Function, later
// calls reuse it. Shared values are read as they are at the call. Stateful ops keep their
// stream across calls, so a node holding random draws gives fresh draws on every call.
// The result is a copy.
func Eval(node *G.Node, givens ...Given) (v G.Value, err error) {
	defer recoverTo(&err)
	if node == nil {
		return nil, fmt.Errorf("graph: Eval: nil node")
	}
	sorted := slices.Clone(givens)
	for i, gv := range sorted {
		if gv.Node == nil {
			return nil, fmt.Errorf("graph: Eval: given %d has a nil node", i)
		}
	}
	slices.SortFunc(sorted, func(a, b Given) int { return int(a.Node.ID() - b.Node.ID()) })
	var key strings.Builder
	fmt.Fprintf(&key, "%p", node)
	nodes := make([]*G.Node, len(sorted))
	vals := make([]any, len(sorted))
	for i, gv := range sorted {
		if i > 0 && gv.Node == sorted[i-1].Node {
			return nil, nodeErr("eval", gv.Node, fmt.Errorf("given twice"))
		}
		fmt.Fprintf(&key, "|%p", gv.Node)
		nodes[i], vals[i] = gv.Node, gv.Value
	}
	e, err := evalFunction(key.String(), node, nodes)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	out, err := e.f.Run(vals...)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// evalFunction returns the cached entry for key, compiling it on first use.
func evalFunction(key string, node *G.Node, inputs []*G.Node) (*evalEntry, error) {
	c := &evalCache
	c.Lock()
	if el, ok := c.entries[key]; ok {
		c.order.MoveToFront(el)
		c.Unlock()
		return el.Value.(*evalEntry), nil
	}
	c.Unlock()
	f, err := Compile([]*G.Node{node}, Inputs(inputs...))
	if err != nil {
		return nil, err
	}
	c.Lock()
	defer c.Unlock()
	if el, ok := c.entries[key]; ok { // compiled meanwhile by another goroutine
		c.order.MoveToFront(el)
		return el.Value.(*evalEntry), nil
	}
	e := &evalEntry{key: key, f: f}
	c.entries[key] = c.order.PushFront(e)
	for c.order.Len() > evalCacheSize {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*evalEntry).key)
	}
	return e, nil
}
