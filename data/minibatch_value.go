package data

import (
	"fmt"
	"slices"

	"gorgonia.org/tensor"
)

// SetValue replaces the full data of a one-array minibatch (PyMC3's set_value): the next
// run of every node and of every compiled Function holding the minibatch draws from v. v is
// converted as the data given to NewMinibatch (InMemorySize does not apply), must be finite,
// and must have the data's shape except for the number of rows (first-axis length), which
// may change when the first axis is sampled. The batch shape does not change.
//
// SetValue must not run while a Function holding the minibatch runs. It returns an error
// when v is unusable or of another trailing shape, and for aligned arrays, which take
// SetValues.
func (mb *Minibatch) SetValue(v any) error {
	if mb == nil {
		return fmt.Errorf("data: SetValue: nil Minibatch")
	}
	if len(mb.arrays) > 1 {
		return fmt.Errorf("data: Minibatch %q: SetValue: the minibatch has %d aligned arrays; use SetValues to keep their rows aligned", mb.name, len(mb.arrays))
	}
	return mb.SetValues(v)
}

// SetValues replaces the full data of every array at once (see SetValue), one value per
// array in order; the arrays must keep one number of rows.
func (mb *Minibatch) SetValues(vs ...any) error {
	if mb == nil {
		return fmt.Errorf("data: SetValues: nil Minibatch")
	}
	if len(vs) != len(mb.arrays) {
		return fmt.Errorf("data: Minibatch %q: SetValues: got %d values for %d arrays", mb.name, len(vs), len(mb.arrays))
	}
	label := func(i int) string {
		if len(mb.arrays) == 1 {
			return fmt.Sprintf("data: Minibatch %q: SetValue", mb.name)
		}
		return fmt.Sprintf("data: Minibatch %q: SetValues: array %d", mb.name, i)
	}
	mb.mu.Lock()
	defer mb.mu.Unlock()
	ts := make([]*tensor.Dense, len(vs))
	owned := make([]bool, len(vs))
	for i, v := range vs {
		t, own, err := toDense(v)
		if err != nil {
			return fmt.Errorf("%s: %w", label(i), err)
		}
		a := mb.arrays[i]
		if t, own, err = asDtype(t, own, a.op.dtype); err != nil {
			return fmt.Errorf("%s: %w", label(i), err)
		}
		got, want := t.Shape(), a.load().shape
		if got.Dims() != want.Dims() || !slices.Equal(got[1:], want[1:]) {
			return fmt.Errorf("%s: shape %v does not match the data's shape %v (only the number of rows may change)", label(i), got, want)
		}
		if a.op.plans[0].size == 0 && got[0] != want[0] {
			return fmt.Errorf("%s: %d rows, the data has %d: the first axis is kept whole, so its length cannot change", label(i), got[0], want[0])
		}
		if i > 0 && got[0] != ts[0].Shape()[0] {
			return fmt.Errorf("%s: %d rows, array 0 has %d; aligned arrays must have the same number of rows", label(i), got[0], ts[0].Shape()[0])
		}
		ts[i], owned[i] = t, own
	}
	for i, t := range ts {
		a := mb.arrays[i]
		cur := a.load()
		if slices.Equal(t.Shape(), cur.shape) {
			// Same shape: copy in place, as the shared value's own SetValue.
			if err := cur.shared.SetValue(t); err != nil {
				return fmt.Errorf("%s: %w", label(i), err)
			}
			continue
		}
		st, err := a.newStore(t, owned[i])
		if err != nil {
			return fmt.Errorf("%s: %w", label(i), err)
		}
		a.cur.Store(st)
	}
	return nil
}

// UpdateShared replaces the full data with the result of the function given with the
// UpdateSharedFunc option (PyMC3's update_shared), as SetValue does. It returns an error
// when no function was given, when the function fails, or when SetValue does.
func (mb *Minibatch) UpdateShared() error {
	if mb == nil {
		return fmt.Errorf("data: UpdateShared: nil Minibatch")
	}
	if mb.updateF == nil {
		return fmt.Errorf("data: Minibatch %q: UpdateShared: no update function was given (use the UpdateSharedFunc option)", mb.name)
	}
	t, err := mb.updateF()
	if err != nil {
		return fmt.Errorf("data: Minibatch %q: UpdateShared: %w", mb.name, err)
	}
	if t == nil {
		return fmt.Errorf("data: Minibatch %q: UpdateShared: the update function returned no data", mb.name)
	}
	return mb.SetValue(t)
}
