package opvi

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/graph"
	"github.com/gopymc/gopymc/internal/mathx"
	"github.com/gopymc/gopymc/model"
	G "gorgonia.org/gorgonia"
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

	scale func() (float64, error) // the cost-part gradient scale; nil for 1
	dz    []float64               // ∂ log q/∂z at a draw, when scale is not 1

	bad     []float64 // the first draw of the last step whose part of the loss was not finite
	badLogP float64   // the model's log density there
	badLogQ float64   // the approximation's log density there
	hasBad  bool
}

func newKL(q approximations.LocationScale, ld *model.LogDensity, beta, t float64, nmc int, rng *rand.Rand) *klOp {
	d := q.Dim()
	return &klOp{q: q, ld: ld, beta: beta, t: t, nmc: nmc, rng: rng,
		eps: make([]float64, d), z: make([]float64, d), g: make([]float64, d), dz: make([]float64, d),
		bad: make([]float64, d)}
}

func (k *klOp) returnsLoss() bool                    { return true }
func (k *klOp) approx() approximations.Approximation { return k.q }

func (k *klOp) step(ctx context.Context, grad []float64) (float64, error) {
	for i := range grad {
		grad[i] = 0
	}
	k.hasBad = false
	loss := 0.0
	w := 1 / (k.t * float64(k.nmc))
	scale := 1.0
	if k.scale != nil {
		var err error
		if scale, err = k.scale(); err != nil {
			return 0, err
		}
	}
	for s := 0; s < k.nmc; s++ {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		for i := range k.eps {
			k.eps[i] = k.rng.NormFloat64()
		}
		k.q.Reparam(k.z, k.eps)
		cost, err := k.ld.LogPGrad(k.g, k.z)
		if err != nil {
			return 0, err
		}
		logq := k.q.LogQ(k.eps)
		if !k.hasBad && !mathx.Finite(-cost+k.beta*logq) {
			copy(k.bad, k.z)
			k.badLogP, k.badLogQ, k.hasBad = cost, logq, true
		}
		loss += (-cost + k.beta*logq) * w
		k.q.AddPathGrad(grad, k.g, k.eps, -w)
		if scale != 1 { // the path part of log q's gradient, weighted 1 - scale
			k.q.(logQZGradder).LogQZGrad(k.dz, k.eps)
			k.q.AddPathGrad(grad, k.dz, k.eps, (1-scale)*k.beta*w)
		}
	}
	k.q.AddLogQGrad(grad, scale*k.beta/k.t)
	return loss, nil
}

// badDraw implements drawer.
func (k *klOp) badDraw() ([]float64, float64, float64, bool) {
	return k.bad, k.badLogP, k.badLogQ, k.hasBad
}

// logQZGradder is an approximation giving ∂ log q/∂z at a draw (MeanField, FullRank).
type logQZGradder interface {
	LogQZGrad(dst, eps []float64)
}

// costPartGradScale resolves PyMC3's cost_part_grad_scale (the CostPartGradScale option: a
// float64 or a Shared value's node holding one, read at every step): the gradient of
// E[log q] becomes scale·(path + score) + (1 - scale)·path, the score term ∂log q/∂θ
// weighted by scale. 1 (the default) is the full gradient; 0 is Roeder et al.'s "sticking
// the landing" estimator, whose variance vanishes as q reaches the posterior; PyMC3's
// documentation suggests going from 1 to 0 slowly near the optimum. It returns nil for the
// default.
//
// References: G. Roeder, Y. Wu and D. Duvenaud, "Sticking the Landing: Simple,
// Lower-Variance Gradient Estimators for Variational Inference", NeurIPS 2017;
// pymc3/variational/inference.py (3.1), ADVI(cost_part_grad_scale=...).
func costPartGradScale(method string, q approximations.LocationScale, s *config.Settings) (func() (float64, error), error) {
	if !s.Given("CostPartGradScale") {
		return nil, nil
	}
	if _, ok := q.(logQZGradder); !ok {
		return nil, fmt.Errorf("opvi: %s: CostPartGradScale needs the gradient of log q in z, which %v does not give", method, q)
	}
	check := func(v float64) (float64, error) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("opvi: %s: CostPartGradScale is %v; it must be finite", method, v)
		}
		return v, nil
	}
	switch v := s.CostPartGradScale.(type) {
	case float64:
		if _, err := check(v); err != nil {
			return nil, err
		}
		return func() (float64, error) { return v, nil }, nil
	case int:
		return func() (float64, error) { return float64(v), nil }, nil
	case *G.Node:
		sh, ok := graph.LookupShared(v)
		if !ok {
			return nil, fmt.Errorf("opvi: %s: CostPartGradScale node %q is not a Shared value's", method, v.Name())
		}
		if _, ok := sh.Value().(*G.F64); !ok {
			return nil, fmt.Errorf("opvi: %s: CostPartGradScale: the Shared value %q holds a %T, want a float64 scalar", method, sh.Name(), sh.Value())
		}
		return func() (float64, error) { return check(float64(*sh.Value().(*G.F64))) }, nil
	}
	return nil, fmt.Errorf("opvi: %s: CostPartGradScale must be a float64 or a Shared value's node, got %T", method, s.CostPartGradScale)
}
