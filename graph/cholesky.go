package graph

import (
	"fmt"
	"hash"
	"math"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Cholesky returns a node computing the lower Cholesky factor L of the symmetric positive
// definite n×n matrix a, a = L Lᵀ, with zeros above the diagonal (Theano's
// tensor.slinalg.cholesky, PyMC3's pm.math.cholesky). Only the lower triangle of a is read,
// as LAPACK's and Theano's Cholesky read it, so its gradient has zeros above the diagonal.
// Running it on a matrix that is not positive definite (or not finite) is an error naming
// the first pivot that is not positive.
//
// Its reverse-mode gradient is Murray's, as Theano's CholeskyGrad computes it: with
// Φ(X) the lower triangle of X with its diagonal halved and L̄ the lower triangle of the
// upstream gradient,
//
//	S = L⁻ᵀ Φ(Lᵀ L̄) L⁻¹,   ā = tril(S + Sᵀ) - diag(S),
//
// in O(n³) with two triangular solves.
//
// References: I. Murray, "Differentiation of the Cholesky decomposition", arXiv:1602.07527,
// 2016, eq. (10); Theano's tensor/slinalg.py, CholeskyGrad.
func Cholesky(a *G.Node) (n *G.Node, err error) {
	defer recoverTo(&err)
	if a == nil {
		return nil, fmt.Errorf("graph: Cholesky of a nil node")
	}
	if a.Graph() == nil {
		return nil, fmt.Errorf("graph: Cholesky of a node in no graph")
	}
	if a.Dtype() != tensor.Float64 || a.Dims() != 2 {
		return nil, fmt.Errorf("graph: Cholesky of %s: want a float64 matrix, got %v", nodeName(a), a.Type())
	}
	if s := a.Shape(); s[0] != s[1] {
		return nil, fmt.Errorf("graph: Cholesky of %s: the matrix is %d×%d, not square", nodeName(a), s[0], s[1])
	}
	return G.ApplyOp(choleskyOp{}, a)
}

// choleskyOp is the Cholesky factorisation of a float64 matrix.
type choleskyOp struct{}

var (
	_ G.SDOp = choleskyOp{}
	_ G.SDOp = choleskyGradOp{}
)

var matrixType = G.TensorType{Dims: 2, Of: G.Float64}

func (choleskyOp) Arity() int        { return 1 }
func (choleskyOp) Type() hm.Type     { return hm.NewFnType(matrixType, matrixType) }
func (choleskyOp) ReturnsPtr() bool  { return false }
func (choleskyOp) CallsExtern() bool { return false }
func (choleskyOp) OverwritesInput() int {
	return -1
}
func (choleskyOp) WriteHash(h hash.Hash) { fmt.Fprint(h, "graph.Cholesky") }
func (op choleskyOp) Hashcode() uint32   { return hashOf(op) }
func (choleskyOp) String() string        { return "Cholesky" }
func (choleskyOp) DiffWRT(int) []bool    { return []bool{true} }

func (choleskyOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	s, ok := in[0].(tensor.Shape)
	if !ok || len(s) != 2 || s[0] != s[1] {
		return nil, fmt.Errorf("graph: Cholesky: want a square matrix, got %v", in[0])
	}
	return s.Clone(), nil
}

// SymDiff applies the gradient op to the factor L (the output) and the upstream gradient.
func (choleskyOp) SymDiff(_ G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	d, err := G.ApplyOp(choleskyGradOp{}, output, grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{d}, nil
}

func (choleskyOp) Do(in ...G.Value) (G.Value, error) {
	a, n, err := squareOf(in, 0, "Cholesky")
	if err != nil {
		return nil, err
	}
	l := make([]float64, n*n)
	if err := choleskyInto(l, a, n); err != nil {
		return nil, err
	}
	return tensor.New(tensor.WithShape(n, n), tensor.WithBacking(l)), nil
}

// squareOf reads argument i of an op as an n×n float64 matrix.
func squareOf(in []G.Value, i int, op string) ([]float64, int, error) {
	if len(in) <= i {
		return nil, 0, fmt.Errorf("graph: %s: %d arguments, want more than %d", op, len(in), i)
	}
	t, ok := in[i].(*tensor.Dense)
	if !ok || t.Dtype() != tensor.Float64 || t.Dims() != 2 || t.Shape()[0] != t.Shape()[1] {
		return nil, 0, fmt.Errorf("graph: %s: argument %d must be a square float64 matrix, got %v", op, i, in[i])
	}
	if t.RequiresIterator() {
		t = t.Clone().(*tensor.Dense) // a view: make it contiguous
	}
	return t.Float64s(), t.Shape()[0], nil
}

// choleskyInto writes the lower Cholesky factor of the lower triangle of the n×n matrix a
// into l (zeros above the diagonal), by the Cholesky–Banachiewicz order (Golub and Van
// Loan, Matrix Computations, 4th ed., algorithm 4.2.1).
func choleskyInto(l, a []float64, n int) error {
	for i := range n {
		for j := 0; j <= i; j++ {
			s := a[i*n+j]
			for k := range j {
				s -= l[i*n+k] * l[j*n+k]
			}
			if i == j {
				if !(s > 0) || math.IsInf(s, 0) {
					return fmt.Errorf("graph: Cholesky: the matrix is not positive definite (pivot %d is %g)", i, s)
				}
				l[i*n+i] = math.Sqrt(s)
			} else {
				l[i*n+j] = s / l[j*n+j]
			}
		}
		for j := i + 1; j < n; j++ {
			l[i*n+j] = 0
		}
	}
	return nil
}

// choleskyGradOp computes ā from L and the upstream gradient L̄ (see Cholesky).
type choleskyGradOp struct{}

func (choleskyGradOp) Arity() int { return 2 }
func (choleskyGradOp) Type() hm.Type {
	return hm.NewFnType(matrixType, matrixType, matrixType)
}
func (choleskyGradOp) ReturnsPtr() bool      { return false }
func (choleskyGradOp) CallsExtern() bool     { return false }
func (choleskyGradOp) OverwritesInput() int  { return -1 }
func (choleskyGradOp) WriteHash(h hash.Hash) { fmt.Fprint(h, "graph.CholeskyGrad") }
func (op choleskyGradOp) Hashcode() uint32   { return hashOf(op) }
func (choleskyGradOp) String() string        { return "CholeskyGrad" }
func (choleskyGradOp) DiffWRT(n int) []bool  { return make([]bool, n) }
func (choleskyGradOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, fmt.Errorf("graph: the gradient of Cholesky is not differentiable")
}

func (choleskyGradOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	s, ok := in[0].(tensor.Shape)
	if !ok {
		return nil, fmt.Errorf("graph: CholeskyGrad: want a shape, got %T", in[0])
	}
	return s.Clone(), nil
}

func (choleskyGradOp) Do(in ...G.Value) (G.Value, error) {
	l, n, err := squareOf(in, 0, "CholeskyGrad")
	if err != nil {
		return nil, err
	}
	lbar, m, err := squareOf(in, 1, "CholeskyGrad")
	if err != nil {
		return nil, err
	}
	if m != n {
		return nil, fmt.Errorf("graph: CholeskyGrad: an upstream gradient of %d×%d for a %d×%d factor", m, m, n, n)
	}
	return tensor.New(tensor.WithShape(n, n), tensor.WithBacking(choleskyGrad(l, lbar, n))), nil
}

// choleskyGrad is ā = tril(S + Sᵀ) - diag(S), S = L⁻ᵀ Φ(Lᵀ L̄) L⁻¹ (Murray 2016, eq. 10).
func choleskyGrad(l, lbar []float64, n int) []float64 {
	// P = Φ(Lᵀ tril(L̄)): P_ij = Σ_{k>=i} L_ki L̄_kj for i >= j (L̄ lower: k >= j too).
	p := make([]float64, n*n)
	for i := range n {
		for j := 0; j <= i; j++ {
			s := 0.0
			for k := i; k < n; k++ {
				s += l[k*n+i] * lbar[k*n+j]
			}
			if i == j {
				s *= 0.5
			}
			p[i*n+j] = s
		}
	}
	// X = L⁻ᵀ P: solve Lᵀ X = P column by column (back substitution, Lᵀ upper).
	x := p
	for c := range n {
		for i := n - 1; i >= 0; i-- {
			s := x[i*n+c]
			for k := i + 1; k < n; k++ {
				s -= l[k*n+i] * x[k*n+c]
			}
			x[i*n+c] = s / l[i*n+i]
		}
	}
	// S = X L⁻¹: solve S L = X row by row (Sᵀ = L⁻ᵀ Xᵀ: back substitution on each row).
	for r := range n {
		row := x[r*n : (r+1)*n]
		for j := n - 1; j >= 0; j-- {
			s := row[j]
			for k := j + 1; k < n; k++ {
				s -= row[k] * l[k*n+j]
			}
			row[j] = s / l[j*n+j]
		}
	}
	out := make([]float64, n*n)
	for i := range n {
		for j := 0; j < i; j++ {
			out[i*n+j] = x[i*n+j] + x[j*n+i]
		}
		out[i*n+i] = x[i*n+i]
	}
	return out
}
