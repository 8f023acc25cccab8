package distributions

import (
	"errors"
	"fmt"

	"gorgonia.org/tensor"
)

// Shape arithmetic shared by every family: NumPy's broadcasting rule and the batch and event
// axes of the multivariate families. The iterators that walk broadcast shapes are in
// broadcast.go.

// errNoBroadcast is wrapped by broadcastShapes' errors, so that callers and tests can tell
// a shape mismatch from other failures.
var errNoBroadcast = errors.New("shapes do not broadcast")

// broadcastShapes returns the shape that shapes broadcast to under NumPy's rules: shapes
// are aligned on their last axis, missing leading axes count as 1, and on every axis the
// sizes must be equal or 1. The error names the two offending shapes, labelled names[i]
// for shapes[i] (say "value" and "mu") so that a user sees which arguments clash; with
// names nil they are labelled "shape".
func broadcastShapes(names []string, shapes ...tensor.Shape) (tensor.Shape, error) {
	rank := 0
	for _, s := range shapes {
		rank = max(rank, len(s))
	}
	out := make(tensor.Shape, rank)
	from := make([]int, rank) // which shape set out[a] to a size other than 1
	for a := range out {
		out[a] = 1
		from[a] = -1
	}
	for i, s := range shapes {
		lead := rank - len(s)
		for a, d := range s {
			o := lead + a
			switch {
			case d == out[o] || d == 1:
			case out[o] == 1:
				out[o] = d
				from[o] = i
			default:
				return nil, fmt.Errorf("%s %v and %s %v: %w",
					shapeLabel(names, from[o]), shapes[from[o]], shapeLabel(names, i), s, errNoBroadcast)
			}
		}
	}
	return out, nil
}

// shapeArr is a shape held in a fixed-size array, so that the shape arithmetic of a run
// allocates nothing.
type shapeArr struct {
	d [maxRank]int
	n int
}

// shape returns the shape a holds; it aliases a.
func (a *shapeArr) shape() tensor.Shape { return a.d[:a.n:a.n] }

// set makes a hold s, and reports whether it fits (at most maxRank axes).
func (a *shapeArr) set(s tensor.Shape) bool {
	if len(s) > maxRank {
		return false
	}
	a.n = copy(a.d[:], s)
	return true
}

// broadcastInto is broadcastShapes into dst, without allocating: it reports whether the
// shapes broadcast (and have at most maxRank axes). broadcastError says why not.
func broadcastInto(dst *shapeArr, shapes []tensor.Shape) bool {
	rank := 0
	for _, s := range shapes {
		rank = max(rank, len(s))
	}
	if rank > maxRank {
		return false
	}
	dst.n = rank
	for a := 0; a < rank; a++ {
		dst.d[a] = 1
	}
	for _, s := range shapes {
		lead := rank - len(s)
		for a, d := range s {
			o := lead + a
			switch {
			case d == dst.d[o] || d == 1:
			case dst.d[o] == 1:
				dst.d[o] = d
			default:
				return false
			}
		}
	}
	return true
}

// broadcastError is the error of shapes that broadcastInto refused, labelled by names as
// in broadcastShapes. It copies the shapes, so that they need not escape to the heap.
func broadcastError(names []string, shapes []tensor.Shape) error {
	cp := make([]tensor.Shape, len(shapes))
	for i, s := range shapes {
		cp[i] = s.Clone()
	}
	if _, err := broadcastShapes(names, cp...); err != nil {
		return err
	}
	return fmt.Errorf("shapes %v have more than %d axes", cp, maxRank)
}

// shapeLabel labels shape i in broadcastShapes' errors: "mu shape", or "shape".
func shapeLabel(names []string, i int) string {
	if names == nil {
		return "shape"
	}
	return names[i] + " shape"
}

// sameShape compares shapes, treating every one-element shape as a scalar shape, because
// Gorgonia hands a scalar input over as a *G.F64 or as a tensor of one element.
func sameShape(got, want tensor.Shape) bool {
	if len(want) == 0 || len(got) == 0 {
		return got.TotalSize() == 1 && want.TotalSize() == 1
	}
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

// batchShape returns s without its last axis: the batch shape of a parameter whose last axis
// is the class, component or event axis of a multivariate family.
func batchShape(s tensor.Shape) tensor.Shape {
	if len(s) == 0 {
		return tensor.Shape{}
	}
	return s[:len(s)-1].Clone()
}

// appendAxis returns s with one more trailing axis of size n: how a batch-shaped value is
// lined up against parameters that carry a class or component axis.
func appendAxis(s tensor.Shape, n int) tensor.Shape {
	out := make(tensor.Shape, len(s)+1)
	copy(out, s)
	out[len(s)] = n
	return out
}

// variableShape resolves the shape asked of SupportPoint or Rand of a multivariate family:
// shape itself, or the family's default shape def when shape is nil. def must broadcast to
// shape, because every element of the variable needs parameters.
func variableShape(family string, shape, def tensor.Shape) (tensor.Shape, error) {
	if shape == nil {
		return def.Clone(), nil
	}
	b, err := broadcastShapes(nil, shape, def)
	if err != nil || !b.Eq(shape) && !(len(b) == 0 && len(shape) == 0) {
		return nil, fmt.Errorf("distributions: %s: parameters of batch shape %v do not broadcast to the requested shape %v",
			family, def, shape)
	}
	return shape.Clone(), nil
}
