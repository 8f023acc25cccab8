package approximations

import (
	"fmt"
	"hash"
	"hash/fnv"
	"math"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// statKind says which statistic a statOp computes from an approximation's parameters.
type statKind int

const (
	statMeanFieldCov  statKind = iota // diag(std²) from std (d)
	statFullRankStd                   // sqrt(diag(L Lᵀ)) from L_tril
	statFullRankCov                   // L Lᵀ from L_tril
	statEmpiricalMean                 // column means of the histogram
	statEmpiricalStd                  // column sds (biased) of the histogram
	statEmpiricalCov                  // biased covariance of the histogram
)

// statOp computes a statistic of an approximation from its parameter node, so that Std and
// Cov are nodes whose value follows the parameters (Gorgonia's DiagFlat is broken,
// gorgonia-notes §5). It is not differentiable.
type statOp struct {
	kind statKind
	d    int
	rows int // the histogram's rows, for the Empirical statistics
}

// vectorOut reports whether the statistic is a vector (else a d×d matrix).
func (op statOp) vectorOut() bool {
	switch op.kind {
	case statFullRankStd, statEmpiricalMean, statEmpiricalStd:
		return true
	}
	return false
}

func (op statOp) Arity() int { return 1 }
func (op statOp) Type() hm.Type {
	out := G.TensorType{Dims: 2, Of: G.Float64}
	if op.vectorOut() {
		out = G.TensorType{Dims: 1, Of: G.Float64}
	}
	in := G.TensorType{Dims: 1, Of: G.Float64}
	if op.rows > 0 {
		in = G.TensorType{Dims: 2, Of: G.Float64}
	}
	return hm.NewFnType(in, out)
}
func (op statOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	if op.vectorOut() {
		return tensor.Shape{op.d}, nil
	}
	return tensor.Shape{op.d, op.d}, nil
}
func (op statOp) ReturnsPtr() bool     { return false }
func (op statOp) CallsExtern() bool    { return false }
func (op statOp) OverwritesInput() int { return -1 }
func (op statOp) DiffWRT(n int) []bool { return make([]bool, n) }
func (op statOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, fmt.Errorf("approximations: %v is not differentiable", op)
}
func (op statOp) WriteHash(h hash.Hash) {
	fmt.Fprintf(h, "approximations.stat(%d,%d,%d)", op.kind, op.d, op.rows)
}
func (op statOp) Hashcode() uint32 {
	h := fnv.New32a()
	op.WriteHash(h)
	return h.Sum32()
}
func (op statOp) String() string {
	return [...]string{"MeanFieldCov", "FullRankStd", "FullRankCov", "EmpiricalMean", "EmpiricalStd", "EmpiricalCov"}[op.kind]
}

func (op statOp) Do(in ...G.Value) (G.Value, error) {
	t, ok := in[0].(*tensor.Dense)
	if !ok {
		return nil, fmt.Errorf("approximations: %v: want a float64 vector, got %T", op, in[0])
	}
	p, ok := t.Data().([]float64)
	if !ok {
		return nil, fmt.Errorf("approximations: %v: want float64 data, got %v", op, t.Dtype())
	}
	d := op.d
	switch op.kind {
	case statMeanFieldCov:
		out := make([]float64, d*d)
		for i, s := range p {
			out[i*d+i] = s * s
		}
		return tensor.New(tensor.WithShape(d, d), tensor.WithBacking(out)), nil
	case statEmpiricalMean:
		return tensor.New(tensor.WithShape(d), tensor.WithBacking(empiricalMean(p, op.rows, d))), nil
	case statEmpiricalStd:
		cov := empiricalCov(p, op.rows, d)
		out := make([]float64, d)
		for i := range out {
			out[i] = math.Sqrt(cov[i*d+i])
		}
		return tensor.New(tensor.WithShape(d), tensor.WithBacking(out)), nil
	case statEmpiricalCov:
		return tensor.New(tensor.WithShape(d, d), tensor.WithBacking(empiricalCov(p, op.rows, d))), nil
	case statFullRankStd:
		cov := fullRankCov(p, d)
		out := make([]float64, d)
		for i := range out {
			out[i] = math.Sqrt(cov[i*d+i])
		}
		return tensor.New(tensor.WithShape(d), tensor.WithBacking(out)), nil
	default:
		return tensor.New(tensor.WithShape(d, d), tensor.WithBacking(fullRankCov(p, d))), nil
	}
}

// fullRankCov returns L Lᵀ for the packed row-major lower triangle lTril, whose diagonal
// entries pass through softplus (PyMC v4+).
func fullRankCov(lTril []float64, d int) []float64 {
	l := unpackL(nil, lTril, d)
	cov := make([]float64, d*d)
	for i := 0; i < d; i++ {
		for j := 0; j <= i; j++ {
			s := 0.0
			for k := 0; k <= j; k++ {
				s += l[i*d+k] * l[j*d+k]
			}
			cov[i*d+j], cov[j*d+i] = s, s
		}
	}
	return cov
}

// unpackL writes the dense lower-triangular L (d×d, row-major) of a packed lTril into dst
// (allocated when nil), with softplus on the diagonal, and returns it.
func unpackL(dst, lTril []float64, d int) []float64 {
	if dst == nil {
		dst = make([]float64, d*d)
	}
	k := 0
	for i := 0; i < d; i++ {
		for j := 0; j <= i; j++ {
			v := lTril[k]
			if i == j {
				v = softplus(v)
			}
			dst[i*d+j] = v
			k++
		}
		for j := i + 1; j < d; j++ {
			dst[i*d+j] = 0
		}
	}
	return dst
}
