package distributions

import (
	"fmt"
	"hash"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// ordered is PyMC's "ordered" transform, row by row on the last axis: an increasing vector x
// of K entries maps to y of K entries,
//
//	Backward: x_0 = y_0,  x_k = x_{k-1} + exp(y_k)
//	Forward:  y_0 = x_0,  y_k = log(x_k - x_{k-1})
//	log |det J| = Σ_{k>=1} y_k.
//
// The positive variant (PyMC v5's Ordered(positive=True), Stan's positive_ordered) also
// exponentiates the first entry, x_0 = exp(y_0), y_0 = log x_0, so that every entry is
// positive, and its log-Jacobian is Σ_{k>=0} y_k.
//
// References:
// PyMC, pymc/distributions/transforms.py, class Ordered; Stan Development Team, Stan
// Reference Manual, chapter "Constraint transforms", sections "Ordered vector" and "Positive
// ordered vector".
type ordered struct{ positive bool }

// NewOrderedTransform returns PyMC's ordered transform: values of shape (..., K) increasing
// along the last axis map to the real line.
func NewOrderedTransform() Transform { return ordered{} }

// NewPositiveOrderedTransform returns PyMC's ordered transform with positive=True: values of
// shape (..., K), positive and increasing along the last axis, map to the real line.
func NewPositiveOrderedTransform() Transform { return ordered{positive: true} }

// Name is "ordered", PyMC's name of both variants (the value variable of x is x_ordered__).
func (ordered) Name() string { return "ordered" }

func (t ordered) Forward(x *G.Node) (*G.Node, error)   { return t.apply(fnForward, x) }
func (t ordered) Backward(y *G.Node) (*G.Node, error)  { return t.apply(fnBackward, y) }
func (t ordered) LogJacDet(y *G.Node) (*G.Node, error) { return t.apply(fnLogJac, y) }
func (t ordered) String() string                       { return t.family() }
func (ordered) UnconstrainedShape(s tensor.Shape) (tensor.Shape, error) {
	if len(s) == 0 || s[len(s)-1] < 1 {
		return nil, fmt.Errorf("distributions: ordered transform: need a last axis, got shape %v", s)
	}
	return s.Clone(), nil
}

func (t ordered) family() string {
	if t.positive {
		return "positive ordered transform"
	}
	return "ordered transform"
}

func (t ordered) apply(f transformFn, v *G.Node) (*G.Node, error) {
	fam := t.family()
	if err := checkNode(fam, "value", v); err != nil {
		return nil, err
	}
	if v.IsScalar() {
		return nil, fmt.Errorf("distributions: %s: the value needs a last axis, it is a scalar", fam)
	}
	name := "Ordered"
	if t.positive {
		name = "PositiveOrdered"
	}
	return applyFused(fam, name+f.String(), &orderedFn{fn: f, positive: t.positive}, []*G.Node{v}, []bool{true})
}

// orderedFn is one function of the ordered transform as a fused op; all three are
// differentiable.
type orderedFn struct {
	fn       transformFn
	positive bool
}

func (t *orderedFn) writeConfig(h hash.Hash) { fmt.Fprintf(h, "fn=%d,positive=%v", t.fn, t.positive) }

func (t *orderedFn) outShape(in []tensor.Shape) (tensor.Shape, error) {
	if len(in) != 1 {
		return nil, fmt.Errorf("%d inputs, want 1", len(in))
	}
	if err := t.checkShape(in[0]); err != nil {
		return nil, err
	}
	if t.fn == fnLogJac {
		return tensor.Shape{}, nil
	}
	return in[0].Clone(), nil
}

// checkShape implements rowShapeChecker: the input needs a last axis.
func (t *orderedFn) checkShape(s tensor.Shape) error {
	if len(s) == 0 {
		return fmt.Errorf("%s needs a last axis, got a scalar", t.fn)
	}
	return nil
}

// first is the index from which log-Jacobian terms and exponentials start.
func (t *orderedFn) first() int {
	if t.positive {
		return 0
	}
	return 1
}

func (t *orderedFn) value(prealloc G.Value, in []G.Value) (G.Value, error) {
	if len(in) != 1 {
		return nil, fmt.Errorf("%d inputs, want 1", len(in))
	}
	v, err := viewOf(in[0])
	if err != nil {
		return nil, err
	}
	if err := t.checkShape(v.s); err != nil {
		return nil, err
	}
	if t.fn == fnLogJac {
		out, d, err := outputOf(prealloc, tensor.Shape{})
		if err != nil {
			return nil, err
		}
		d[0] = t.logJac(v)
		return out, nil
	}
	out, d, err := outputOf(prealloc, v.s)
	if err != nil {
		return nil, err
	}
	n := v.s[len(v.s)-1]
	for r := 0; r < len(v.d)/n; r++ {
		src, dst := v.d[r*n:(r+1)*n], d[r*n:(r+1)*n]
		if t.fn == fnBackward {
			t.backwardRow(src, dst)
		} else {
			t.forwardRow(src, dst)
		}
	}
	return out, nil
}

func (t *orderedFn) logJac(y floatView) float64 {
	n := y.s[len(y.s)-1]
	sum := 0.0
	for r := 0; r < len(y.d)/n; r++ {
		for _, v := range y.d[r*n+t.first() : (r+1)*n] {
			sum += v
		}
	}
	return sum
}

func (t *orderedFn) backwardRow(y, x []float64) {
	acc := 0.0
	for k, v := range y {
		if k == 0 && !t.positive {
			acc = v
		} else {
			acc += math.Exp(v)
		}
		x[k] = acc
	}
}

func (t *orderedFn) forwardRow(x, y []float64) {
	prev := 0.0
	for k, v := range x {
		if k == 0 && !t.positive {
			y[k] = v
		} else {
			y[k] = math.Log(v - prev)
		}
		prev = v
	}
}

// valueGrad computes LogJacDet and its gradient (ones from the first exponentiated entry on).
func (t *orderedFn) valueGrad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error) {
	out, y, d, p, err := rowLogJacInput(t, t.fn, prealloc, need, in)
	if err != nil {
		return nil, err
	}
	d[0] = t.logJac(y)
	if p != nil {
		n := y.s[len(y.s)-1]
		for i := range p {
			if i%n >= t.first() {
				p[i]++
			}
		}
	}
	return out, nil
}

// grad is the gradient with respect to the input, weighted by the upstream gradient in[0]:
//
//	Backward: ∂L/∂y_j = e'_j Σ_{k>=j} g_k, e'_j = exp(y_j) (1 for j = 0 unless positive);
//	Forward:  ∂L/∂x_i = g_i a_i - g_{i+1} a_{i+1}, a_i = 1/(x_i - x_{i-1}) (a_0 = 1, or 1/x_0
//	          when positive);
//	LogJacDet: ∂L/∂y_j = g for j >= first.
func (t *orderedFn) grad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error) {
	out, g, v, d, err := rowGradInputs(t, prealloc, need, in)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return out, nil
	}
	n := v.s[len(v.s)-1]
	rows := len(v.d) / n
	if t.fn == fnLogJac {
		if err := checkUpstream(g, 1); err != nil {
			return nil, err
		}
		for i := range d {
			if i%n >= t.first() {
				d[i] += g.d[0]
			}
		}
		return out, nil
	}
	if err := checkUpstream(g, len(v.d)); err != nil {
		return nil, err
	}
	for r := 0; r < rows; r++ {
		gr, vr, dr := g.d[r*n:(r+1)*n], v.d[r*n:(r+1)*n], d[r*n:(r+1)*n]
		if t.fn == fnBackward {
			tail := 0.0
			for j := n - 1; j >= 0; j-- {
				tail += gr[j]
				if j == 0 && !t.positive {
					dr[j] += tail
				} else {
					dr[j] += tail * math.Exp(vr[j])
				}
			}
			continue
		}
		prev := 0.0
		for i, x := range vr {
			a := 1.0
			if i > 0 || t.positive {
				a = 1 / (x - prev)
			}
			dr[i] += gr[i] * a
			if i > 0 {
				dr[i-1] -= gr[i] * a
			}
			prev = x
		}
	}
	return out, nil
}
