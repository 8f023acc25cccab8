package approximations

import (
	"fmt"
	"hash"
	"hash/fnv"
	"math"
	"math/rand/v2"

	"github.com/chewxy/hm"
	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The moments of a flow. An affine flow (scale, loc, hh layers) maps z_0 to A z_0 + c, so
// q = N(c, AAᵀ) with c = f(0) and the columns of A = f(e_j) - f(0): exact. Any other flow's
// moments are the mean and (biased) covariance of flowStatDraws base draws of a fixed stream, the same at every
// evaluation, so that they are a smooth function of the parameters (a tracker of Mean shows
// the parameters moving, not Monte Carlo noise); their error is that of 4096 draws, about
// 1.6% of an sd on the mean.

// flowStatSeed seeds the fixed draws of the moments' estimate.
const flowStatSeed = 0x666c6f7773746174

// moments returns q's mean and covariance (d×d, row-major) at the parameters params.
func (q *NormalizingFlow) moments(params []float64) (mean, cov []float64) {
	d := q.dim
	scratch := make([]float64, q.scratch)
	mean = make([]float64, d)
	if q.affine {
		cov = make([]float64, d*d)
		z := make([]float64, d)
		q.pushWith(params, mean, scratch)
		a := make([]float64, d*d) // column j of A in a[j*d:]
		for j := 0; j < d; j++ {
			clear(z)
			z[j] = 1
			q.pushWith(params, z, scratch)
			for i := range z {
				a[j*d+i] = z[i] - mean[i]
			}
		}
		for i := 0; i < d; i++ {
			for k := 0; k <= i; k++ {
				s := 0.0
				for j := 0; j < d; j++ {
					s += a[j*d+i] * a[j*d+k]
				}
				cov[i*d+k], cov[k*d+i] = s, s
			}
		}
		return mean, cov
	}
	rng := rand.New(rand.NewPCG(flowStatSeed, uint64(d)))
	draws := make([]float64, flowStatDraws*d)
	for r := 0; r < flowStatDraws; r++ {
		row := draws[r*d : (r+1)*d]
		for i := range row {
			row[i] = rng.NormFloat64()
		}
		q.pushWith(params, row, scratch)
	}
	meanInto(mean, draws, flowStatDraws)
	return mean, empiricalCov(draws, flowStatDraws, d)
}

// MeanValues returns q's mean: exact for an affine flow, else estimated (see Mean).
func (q *NormalizingFlow) MeanValues() []float64 {
	mean, _ := q.moments(q.params)
	return mean
}

// StdValues returns q's standard deviations: exact for an affine flow, else estimated.
func (q *NormalizingFlow) StdValues() []float64 {
	_, cov := q.moments(q.params)
	return diagSqrt(cov, q.dim)
}

func diagSqrt(cov []float64, d int) []float64 {
	out := make([]float64, d)
	for i := range out {
		out[i] = math.Sqrt(cov[i*d+i])
	}
	return out
}

// setFlowStats makes the Mean, Std and Cov nodes: ops of one Shared node viewing the whole
// parameter vector.
func (q *NormalizingFlow) setFlowStats() error {
	t := tensor.New(tensor.WithShape(len(q.params)), tensor.WithBacking(q.params))
	all, err := graph.NewSharedFrom(q.model.Graph(), fmt.Sprintf("%s#%d.params", q.kind, q.id), t)
	if err != nil {
		return fmt.Errorf("approximations: %w", err)
	}
	stat := func(kind flowStatKind) func() (*G.Node, error) {
		return func() (*G.Node, error) { return G.ApplyOp(flowStatOp{q: q, kind: kind}, all.Node()) }
	}
	mean, err := stat(flowMean)()
	if err != nil {
		return fmt.Errorf("approximations: NormalizingFlow: the mean node: %w", err)
	}
	return q.setStats(mean, stat(flowStd), stat(flowCov))
}

type flowStatKind int

const (
	flowMean flowStatKind = iota
	flowStd
	flowCov
)

// flowStatOp computes a moment of a flow from its flat parameters (the op's input). It is not
// differentiable.
type flowStatOp struct {
	q    *NormalizingFlow
	kind flowStatKind
}

func (op flowStatOp) Arity() int { return 1 }
func (op flowStatOp) Type() hm.Type {
	out := G.TensorType{Dims: 1, Of: G.Float64}
	if op.kind == flowCov {
		out = G.TensorType{Dims: 2, Of: G.Float64}
	}
	return hm.NewFnType(G.TensorType{Dims: 1, Of: G.Float64}, out)
}
func (op flowStatOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	if op.kind == flowCov {
		return tensor.Shape{op.q.dim, op.q.dim}, nil
	}
	return tensor.Shape{op.q.dim}, nil
}
func (op flowStatOp) ReturnsPtr() bool     { return false }
func (op flowStatOp) CallsExtern() bool    { return false }
func (op flowStatOp) OverwritesInput() int { return -1 }
func (op flowStatOp) DiffWRT(n int) []bool { return make([]bool, n) }
func (op flowStatOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, fmt.Errorf("approximations: %v is not differentiable", op)
}
func (op flowStatOp) WriteHash(h hash.Hash) {
	fmt.Fprintf(h, "approximations.flowStat(%d,%d)", op.q.id, op.kind)
}
func (op flowStatOp) Hashcode() uint32 {
	h := fnv.New32a()
	op.WriteHash(h)
	return h.Sum32()
}
func (op flowStatOp) String() string {
	return [...]string{"FlowMean", "FlowStd", "FlowCov"}[op.kind]
}

func (op flowStatOp) Do(in ...G.Value) (G.Value, error) {
	t, ok := in[0].(*tensor.Dense)
	if !ok {
		return nil, fmt.Errorf("approximations: %v: want a float64 vector, got %T", op, in[0])
	}
	p, ok := t.Data().([]float64)
	if !ok || len(p) != len(op.q.params) {
		return nil, fmt.Errorf("approximations: %v: want %d float64 parameters, got %v", op, len(op.q.params), t.Shape())
	}
	d := op.q.dim
	mean, cov := op.q.moments(p)
	switch op.kind {
	case flowMean:
		return tensor.New(tensor.WithShape(d), tensor.WithBacking(mean)), nil
	case flowStd:
		return tensor.New(tensor.WithShape(d), tensor.WithBacking(diagSqrt(cov, d))), nil
	}
	return tensor.New(tensor.WithShape(d, d), tensor.WithBacking(cov)), nil
}
