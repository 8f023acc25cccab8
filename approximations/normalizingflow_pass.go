package approximations

// FlowPass holds one draw's forward pass through a NormalizingFlow (the input of every
// layer) and the buffers of its backward pass, so that a training step allocates nothing.
// A FlowPass belongs to one flow and one goroutine.
type FlowPass struct {
	q       *NormalizingFlow
	zs      []float64 // z_0, …, z_K, d each
	g       []float64 // ∂L/∂z_k during the backward pass
	scratch []float64
}

// NewPass returns the buffers of a forward and backward pass of q.
func (q *NormalizingFlow) NewPass() *FlowPass {
	return &FlowPass{q: q, zs: make([]float64, (len(q.layers)+1)*q.dim),
		g: make([]float64, q.dim), scratch: make([]float64, q.scratch)}
}

// Forward pushes the base draw eps through the flow, keeping every layer's input in p,
// writes the draw z_K into z and returns log q(z) = log N(eps; 0, I) - Σ_k log-det_k. It
// panics if p belongs to another flow or a length is not Dim.
func (q *NormalizingFlow) Forward(p *FlowPass, z, eps []float64) float64 {
	q.checkPass(p, len(z), len(eps))
	d := q.dim
	copy(p.zs[:d], eps)
	lq := 0.0
	for _, e := range eps {
		lq -= 0.5*e*e + logSqrt2Pi
	}
	ld := 0.0
	for i, l := range q.layers {
		ld += l.forward(p.zs[(i+1)*d:(i+2)*d], p.zs[i*d:(i+1)*d], q.layerParams(i), p.scratch)
	}
	lq -= ld
	copy(z, p.zs[len(q.layers)*d:])
	return lq
}

// AddGrad adds to dst (the flat parameters' gradient, in FlatParams' order) the gradient
// with respect to the parameters of
//
//	scale·gᵀz_K + logDetScale·Σ_k log |det ∂f_k/∂z_{k-1}|
//
// at the draw of p's last Forward: reverse mode through the stack of layers, last layer
// first, each layer passing ∂/∂z_{k-1} to the one before. For the KL objective, g is the
// model's log-density gradient at z_K. It panics if p belongs to another flow or a length is
// wrong.
func (q *NormalizingFlow) AddGrad(dst []float64, p *FlowPass, g []float64, scale, logDetScale float64) {
	q.checkPass(p, len(g), q.dim)
	if len(dst) != len(q.params) {
		panic(errFlowLength)
	}
	d := q.dim
	for i, x := range g {
		p.g[i] = scale * x
	}
	for i := len(q.layers) - 1; i >= 0; i-- {
		q.layers[i].backward(p.g, p.g, p.zs[i*d:(i+1)*d], q.layerParams(i), q.layerParamsOf(dst, i), p.scratch, logDetScale)
	}
}

// The panics of Forward and AddGrad: programmer misuse of the training kernels.
const (
	errFlowPass   = "approximations: NormalizingFlow: the FlowPass was made by another flow"
	errFlowLength = "approximations: NormalizingFlow: length mismatch"
)

// checkPass panics on a pass of another flow or vectors of the wrong length.
func (q *NormalizingFlow) checkPass(p *FlowPass, n1, n2 int) {
	if p == nil || p.q != q {
		panic(errFlowPass)
	}
	if n1 != q.dim || n2 != q.dim {
		panic(errFlowLength)
	}
}
