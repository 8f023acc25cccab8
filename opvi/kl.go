package opvi

import (
	"math/rand/v2"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/model"
)

// klOp is PyMC's KL operator: the loss is -ELBO_beta / t,
//
//	loss = -datalogp/t + beta·(log q - varlogp)/t,
//
// averaged over nmc draws z = mu + L·eps, where varlogp is the free variables' log density
// (priors and Jacobians), datalogp the observed variables' (scaled by total_size) and the
// potentials, and t the normalising constant (the largest total_size scale, or 1). The
// gradient is the reparameterisation gradient; log q is written in terms of eps, so its
// gradient is the analytic entropy gradient (spec/pymc-semantics.md §6.1).
//
// References:
//   - Kucukelbir, Tran, Ranganath, Gelman, Blei: Automatic Differentiation Variational
//     Inference. JMLR 18(14), 2017, eqs. (8)-(10).
//   - Higgins et al.: beta-VAE. ICLR 2017 (the beta weight).
type klOp struct {
	q    approximations.LocationScale
	ld   *model.LogDensity // datalogp + beta·varlogp
	beta float64
	t    float64
	nmc  int
	rng  *rand.Rand
	eps  []float64
	z    []float64
	g    []float64
}

func newKL(q approximations.LocationScale, ld *model.LogDensity, beta, t float64, nmc int, rng *rand.Rand) *klOp {
	d := q.Dim()
	return &klOp{q: q, ld: ld, beta: beta, t: t, nmc: nmc, rng: rng,
		eps: make([]float64, d), z: make([]float64, d), g: make([]float64, d)}
}

func (k *klOp) returnsLoss() bool                    { return true }
func (k *klOp) approx() approximations.Approximation { return k.q }

func (k *klOp) step(grad []float64) (float64, error) {
	for i := range grad {
		grad[i] = 0
	}
	loss := 0.0
	w := 1 / (k.t * float64(k.nmc))
	for s := 0; s < k.nmc; s++ {
		for i := range k.eps {
			k.eps[i] = k.rng.NormFloat64()
		}
		k.q.Reparam(k.z, k.eps)
		cost, err := k.ld.LogPGrad(k.g, k.z)
		if err != nil {
			return 0, err
		}
		loss += (-cost + k.beta*k.q.LogQ(k.eps)) * w
		k.q.AddPathGrad(grad, k.g, k.eps, -w)
	}
	k.q.AddLogQGrad(grad, k.beta/k.t)
	return loss, nil
}
