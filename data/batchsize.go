package data

import (
	"fmt"

	"gorgonia.org/tensor"
)

// Marker is a batch-size entry that is not a size: None or Ellipsis (PyMC3's None and ...).
type Marker int

const (
	// None keeps its axis whole.
	None Marker = iota + 1
	// Ellipsis keeps every axis between the entries before it and the entries after it, so
	// that the entries after it apply to the last axes. At most one Ellipsis may be given.
	Ellipsis
)

func (m Marker) String() string {
	switch m {
	case None:
		return "None"
	case Ellipsis:
		return "Ellipsis"
	}
	return fmt.Sprintf("Marker(%d)", int(m))
}

// SizeSeed is a batch-size entry that draws Size indices along its axis from a stream seeded
// with Seed (PyMC3's (size, random_seed) pair).
type SizeSeed struct {
	Size int
	Seed uint64
}

// axisPlan says how one axis of the data is minibatched.
type axisPlan struct {
	size int    // indices drawn at every run; 0 keeps the axis whole
	seed uint64 // seed of the axis's index stream
}

// resolveBatchSizes turns PyMC3-style batch-size entries into one plan per axis of data of
// the given shape, with PyMC3's checks and in its order (types, then a double Ellipsis, then
// the length): an int is a size with the default seed, a SizeSeed a size with its own seed,
// None keeps its axis, Ellipsis keeps all middle axes; axes after the entries are kept.
func resolveBatchSizes(entries []any, shape tensor.Shape, seed uint64) ([]axisPlan, error) {
	for i, e := range entries {
		switch x := e.(type) {
		case int:
			if x < 1 {
				return nil, fmt.Errorf("batch sizes %v: entry %d is %d; sizes must be positive", entries, i, x)
			}
		case SizeSeed:
			if x.Size < 1 {
				return nil, fmt.Errorf("batch sizes %v: entry %d has size %d; sizes must be positive", entries, i, x.Size)
			}
		case Marker:
			if x != None && x != Ellipsis {
				return nil, fmt.Errorf("batch sizes %v: Unrecognized entry %d: %v (want an int size, a SizeSeed{Size, Seed}, None or Ellipsis)", entries, i, x)
			}
		default:
			return nil, fmt.Errorf("batch sizes %v: Unrecognized entry %d of type %T (want an int size, a SizeSeed{Size, Seed}, None or Ellipsis)", entries, i, e)
		}
	}
	begin, end := entries, []any(nil)
	for i, e := range entries {
		if e != Ellipsis {
			continue
		}
		begin, end = entries[:i], entries[i+1:]
		for _, f := range end {
			if f == Ellipsis {
				return nil, fmt.Errorf("batch sizes %v: Double Ellipsis is restricted (give at most one)", entries)
			}
		}
		break
	}
	rank := shape.Dims()
	if len(begin)+len(end) > rank {
		return nil, fmt.Errorf("batch sizes %v: Length is too big: %d axis entries for data of %d dimensions (shape %v)", entries, len(begin)+len(end), rank, shape)
	}
	plans := make([]axisPlan, rank)
	set := func(axis int, e any) {
		switch x := e.(type) {
		case int:
			plans[axis] = axisPlan{size: x, seed: seed}
		case SizeSeed:
			plans[axis] = axisPlan{size: x.Size, seed: x.Seed}
		}
	}
	for i, e := range begin {
		set(i, e)
	}
	for j, e := range end {
		set(rank-len(end)+j, e)
	}
	return plans, nil
}

// batchShape is the shape of a minibatch of data of the given shape under plans.
func batchShape(plans []axisPlan, shape tensor.Shape) tensor.Shape {
	out := shape.Clone()
	for a, p := range plans {
		if p.size > 0 {
			out[a] = p.size
		}
	}
	return out
}
