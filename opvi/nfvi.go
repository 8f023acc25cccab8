package opvi

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/internal/mathx"
	"github.com/gopymc/gopymc/model"
)

func init() {
	Register("nfvi", NewNFVI)
	RegisterArg("nfvi", "formula", FlowOption)
}

// FlowOption is the option setting a normalizing flow's formula (pm.Flow, PyMC3's flow=).
func FlowOption(formula string) config.Option {
	return config.New("Flow", formula, func(s *config.Settings) { s.Flow = formula })
}

// NewNFVI returns normalizing-flow variational inference for m (PyMC3's pm.NFVI): the KL
// operator over a NormalizingFlow approximation. Options: Flow (the formula, default
// 'scale-loc', which is mean-field ADVI's family), Jitter (the sd of the parameters' random
// start, default 1), Seed and KLBeta. pm.Fit reaches it as method "nfvi" or "nfvi=<formula>".
// Start is refused: a flow's location is one of its parameters (PyMC3's NFVI ignores start).
func NewNFVI(m *model.Model, opts ...config.Option) (*Inference, error) {
	for _, o := range opts {
		if o != nil && o.Name() == "Start" {
			return nil, fmt.Errorf("opvi: NFVI: Start does not apply: a flow's location is one of its parameters, which start at N(0, Jitter²) draws as in PyMC3 (PyMC3's NFVI ignores start); put a loc layer in the formula and fit")
		}
	}
	s, err := config.Collect("NFVI", opts, "Flow", "Jitter", "Seed", "KLBeta")
	if err != nil {
		return nil, err
	}
	q, err := approximations.NewNormalizingFlow(m, forward(opts, "Flow", "Jitter", "Seed")...)
	if err != nil {
		return nil, err
	}
	return newKLInference("nfvi", m, q, s, flowKLOver(q))
}

// flowKLOver makes NFVI's KL operator over q.
func flowKLOver(q *approximations.NormalizingFlow) klOpMaker {
	return func(ld *model.LogDensity, beta, t float64, nmc int, rng *rand.Rand, _ func() (float64, error)) operator {
		return newFlowKL(q, ld, beta, t, nmc, rng)
	}
}

// flowKL is the KL operator of klOp over a normalizing flow: the same loss,
//
//	loss = -datalogp/t + beta·(log q - varlogp)/t,  log q(z_K) = log N(z_0; 0, I) - Σ_k log-det_k,
//
// averaged over nmc draws z_K = f(z_0), z_0 ~ N(0, I). Its gradient is the
// reparameterisation gradient of both terms, taken by reverse mode through the layers
// (NormalizingFlow.AddGrad): the model's gradient at z_K flows back through every layer,
// and each layer's log-det adds its own gradient with weight -beta/(t·nmc).
//
// References:
//   - Rezende, Mohamed: Variational Inference with Normalizing Flows. ICML 2015, eq. (15)
//     (the free energy of a flow) and §4.
type flowKL struct {
	q    *approximations.NormalizingFlow
	ld   *model.LogDensity
	beta float64
	t    float64
	nmc  int
	rng  *rand.Rand
	pass *approximations.FlowPass
	eps  []float64
	z    []float64
	g    []float64

	bad     []float64 // the first draw of the last step whose part of the loss was not finite
	badLogP float64   // the model's log density there
	badLogQ float64   // the approximation's log density there
	hasBad  bool
}

func newFlowKL(q *approximations.NormalizingFlow, ld *model.LogDensity, beta, t float64, nmc int, rng *rand.Rand) *flowKL {
	d := q.Dim()
	return &flowKL{q: q, ld: ld, beta: beta, t: t, nmc: nmc, rng: rng, pass: q.NewPass(),
		eps: make([]float64, d), z: make([]float64, d), g: make([]float64, d), bad: make([]float64, d)}
}

func (k *flowKL) returnsLoss() bool                    { return true }
func (k *flowKL) approx() approximations.Approximation { return k.q }

func (k *flowKL) step(ctx context.Context, grad []float64) (float64, error) {
	clear(grad)
	k.hasBad = false
	loss := 0.0
	w := 1 / (k.t * float64(k.nmc))
	for s := 0; s < k.nmc; s++ {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		for i := range k.eps {
			k.eps[i] = k.rng.NormFloat64()
		}
		logq := k.q.Forward(k.pass, k.z, k.eps)
		cost, err := k.ld.LogPGrad(k.g, k.z)
		if err != nil {
			return 0, err
		}
		if !k.hasBad && !mathx.Finite(-cost+k.beta*logq) {
			copy(k.bad, k.z)
			k.badLogP, k.badLogQ, k.hasBad = cost, logq, true
		}
		loss += (-cost + k.beta*logq) * w
		k.q.AddGrad(grad, k.pass, k.g, -w, -k.beta*w)
	}
	return loss, nil
}

// badDraw implements drawer.
func (k *flowKL) badDraw() ([]float64, float64, float64, bool) {
	return k.bad, k.badLogP, k.badLogQ, k.hasBad
}
