package graph

import (
	"errors"
	"fmt"
	"runtime/debug"

	G "gorgonia.org/gorgonia"
)

// ErrStatement is returned when a graph to copy holds a statement node (Read, Let): these
// write into other nodes as a side effect and have no meaning in a compiled copy.
var ErrStatement = errors.New("graph: statement nodes (Read, Let) cannot be copied")

// NodeError is an error about one node of a graph: its name and what went wrong.
type NodeError struct {
	Node string // the node's name, as Gorgonia prints it
	Op   string // what was being done: "copy", "compile", "run", ...
	Err  error
}

func (e *NodeError) Error() string {
	return fmt.Sprintf("graph: %s %s: %v", e.Op, e.Node, e.Err)
}

func (e *NodeError) Unwrap() error { return e.Err }

// nodeErr wraps err as a NodeError about n.
func nodeErr(op string, n *G.Node, err error) error {
	return &NodeError{Node: nodeName(n), Op: op, Err: err}
}

// nodeName is a short, readable name for n: its given name, or Gorgonia's op-based name.
func nodeName(n *G.Node) string {
	if n == nil {
		return "<nil node>"
	}
	return fmt.Sprintf("%q", n.Name())
}

// PanicError is a panic recovered from Gorgonia or from an op, returned as an error.
type PanicError struct {
	Value any    // what was passed to panic
	Stack []byte // the stack at the panic, for bug reports
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Unwrap returns the panic value when it is an error.
func (e *PanicError) Unwrap() error {
	if err, ok := e.Value.(error); ok {
		return err
	}
	return nil
}

// recoverTo turns a panic into an error stored in *err. Use as `defer recoverTo(&err)`.
// Gorgonia panics in many constructors (NewTapeMachine, Must, WithShape, Grad on a non-SDOp),
// so every public entry point of this package defers it (gorgonia-notes trap 22).
func recoverTo(err *error) {
	if r := recover(); r != nil {
		*err = &PanicError{Value: r, Stack: debug.Stack()}
	}
}
