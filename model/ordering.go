package model

import "gorgonia.org/tensor"

// VarInfo places one free variable in the flat unconstrained vector that inference
// algorithms work on: x[Offset : Offset+Size] holds its value variable, row-major.
type VarInfo struct {
	Name      string       // the variable's name, "sigma"
	ValueName string       // its value variable's name, "sigma_log__" (Name without transform)
	Transform string       // the transform's name, "" when there is none
	Shape     tensor.Shape // the shape of the value variable
	Offset    int
	Size      int
}

// Ordering returns the flat ordering of the free variables: their value variables one after
// the other, in the order the variables were added (PyMC's free_RVs order).
func (m *Model) Ordering() []VarInfo {
	free := m.FreeVars()
	out := make([]VarInfo, len(free))
	off := 0
	for i, v := range free {
		size := SizeOf(v.ValueShape)
		info := VarInfo{Name: v.Name, ValueName: v.ValueName, Shape: v.ValueShape.Clone(), Offset: off, Size: size}
		if v.Transform != nil {
			info.Transform = v.Transform.Name()
		}
		out[i] = info
		off += size
	}
	return out
}

// Dim is the length of the flat unconstrained vector.
func (m *Model) Dim() int {
	d := 0
	for _, v := range m.FreeVars() {
		d += SizeOf(v.ValueShape)
	}
	return d
}

// FreeVar returns the free variable named name (its own name or its value variable's).
func (m *Model) FreeVar(name string) (*FreeVar, bool) {
	for _, v := range m.FreeVars() {
		if v.Name == name || v.ValueName == name {
			return v, true
		}
	}
	return nil, false
}

// NormalizingConstant is the largest total_size scale of the observed variables and the
// potentials (1 when none is minibatched): PyMC divides the VI loss by it (spec/pymc-semantics.md §5.4).
func (m *Model) NormalizingConstant() float64 {
	t := 1.0
	for _, v := range m.ObservedVars() {
		t = max(t, v.Scale)
	}
	for _, p := range m.Potentials() {
		t = max(t, p.Scale)
	}
	return t
}

// SizeOf is the number of elements of a value of shape s (1 for a scalar).
func SizeOf(s tensor.Shape) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}
