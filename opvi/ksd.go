package opvi

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/internal/mathx"
	"github.com/gopymc/gopymc/model"
)

// ksdOp is PyMC's KSD operator (Stein variational gradient): for particles X, the direction
//
//	φ = (K·∇log p(X)/t / temperature + ∇K / t) / n
//
// moves every particle towards high density while the kernel's gradient keeps them apart;
// the objective's gradient with respect to the particles is -φ, so that the optimizer's
// descent step moves them by +lr·φ. For SVGD the particles are the Empirical's histogram;
// for ASVGD they are nmc draws z = mu + L·eps of a location-scale approximation, and -φ is
// carried back to its parameters through ∂z/∂params (amortised SVGD). The operator has no
// loss (spec/pymc-semantics.md §6.2).
//
// The particles' gradients are computed in parallel, one LogDensity copy per worker, each
// particle by exactly one worker, so the result does not depend on the number of workers.
//
// References:
//   - Liu, Wang: Stein Variational Gradient Descent. NeurIPS 2016, Algorithm 1.
//   - Feng, Wang, Liu: Learning to Draw Samples with Amortized Stein Variational Gradient
//     Descent. UAI 2017.
type ksdOp struct {
	q           approximations.Approximation
	ls          approximations.LocationScale // nil for SVGD (particles are the params)
	lds         []*model.LogDensity          // one per worker
	temperature float64
	t           float64
	nmc         int // ASVGD: draws per step
	rng         *rand.Rand

	kernel *rbfKernel
	x, g   []float64 // particles and their scaled gradients, n×d
	eps    []float64 // ASVGD's standard normal draws, n×d
	phi    []float64
	errs   []error
}

func newKSD(q approximations.Approximation, lds []*model.LogDensity, temperature, t float64, nmc int, rng *rand.Rand) *ksdOp {
	k := &ksdOp{q: q, lds: lds, temperature: temperature, t: t, nmc: nmc, rng: rng, errs: make([]error, len(lds))}
	k.ls, _ = q.(approximations.LocationScale)
	n, d := nmc, q.Dim()
	if e, ok := q.(*approximations.Empirical); ok {
		n, k.ls = e.Size(), nil
	}
	k.kernel = newRBF(n, d, len(lds))
	k.x, k.g, k.phi = make([]float64, n*d), make([]float64, n*d), make([]float64, n*d)
	if k.ls != nil {
		k.eps = make([]float64, n*d)
	}
	return k
}

func (k *ksdOp) returnsLoss() bool                    { return false }
func (k *ksdOp) approx() approximations.Approximation { return k.q }

func (k *ksdOp) step(ctx context.Context, grad []float64) (float64, error) {
	d := k.q.Dim()
	n := len(k.x) / d
	if k.ls == nil {
		copy(k.x, k.q.FlatParams())
	} else {
		for i := range k.eps {
			k.eps[i] = k.rng.NormFloat64()
		}
		for i := 0; i < n; i++ {
			k.ls.Reparam(k.x[i*d:(i+1)*d], k.eps[i*d:(i+1)*d])
		}
	}
	if err := k.gradients(ctx, n, d); err != nil {
		return 0, err
	}
	if _, err := k.kernel.phi(ctx, k.phi, k.x, k.g, k.temperature, k.t); err != nil {
		return 0, err
	}
	if k.ls == nil {
		for i, p := range k.phi {
			grad[i] = -p
		}
	} else {
		for i := range grad {
			grad[i] = 0
		}
		for i := 0; i < n; i++ {
			k.ls.AddPathGrad(grad, k.phi[i*d:(i+1)*d], k.eps[i*d:(i+1)*d], -1)
		}
	}
	return math.NaN(), nil
}

// gradients fills k.g with ∇log p(x_i)/t for every particle, in parallel, checking ctx
// before each particle. A particle where the log density or its gradient is not finite is
// an error naming it and the terms of the model that are not finite there: the kernel would
// carry the infinity to every other particle, or leave the particle stranded.
func (k *ksdOp) gradients(ctx context.Context, n, d int) error {
	w := len(k.lds)
	chunk := (n + w - 1) / w
	var wg sync.WaitGroup
	for j := 0; j < w; j++ {
		lo, hi := j*chunk, min(n, (j+1)*chunk)
		k.errs[j] = nil
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ld := k.lds[j]
			for i := lo; i < hi; i++ {
				if err := ctx.Err(); err != nil {
					k.errs[j] = err
					return
				}
				g := k.g[i*d : (i+1)*d]
				xi := k.x[i*d : (i+1)*d]
				lp, err := ld.LogPGrad(g, xi)
				if err != nil {
					k.errs[j] = fmt.Errorf("particle %d: %w", i, err)
					return
				}
				if !mathx.Finite(lp) || !mathx.AllFinite(g) {
					k.errs[j] = k.nonFiniteParticle(i, lp, xi)
					return
				}
				for c := range g {
					g[c] /= k.t
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, err := range k.errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// nonFiniteParticle is the error of particle (or draw) i at x, whose log density lp or its
// gradient is not finite.
func (k *ksdOp) nonFiniteParticle(i int, lp float64, x []float64) error {
	what := "particle"
	if k.ls != nil {
		what = "draw"
	}
	msg := fmt.Sprintf("%s %d: the model's log density is %v there", what, i, lp)
	if mathx.Finite(lp) {
		msg = fmt.Sprintf("%s %d: the gradient of the model's log density is not finite there (log p = %v)", what, i, lp)
	}
	if terms := k.q.Model().NonFiniteTerms(x); terms != "" {
		msg += " (" + terms + ")"
	}
	return errors.New(msg + ": it lies outside a variable's support or where the data are impossible under the likelihood; start the particles inside the support (Start, a smaller Jitter) or check the data")
}
