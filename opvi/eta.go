package opvi

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/internal/mathx"
	"github.com/gopymc/gopymc/internal/progress"
	"github.com/gopymc/gopymc/optimizers"
)

// Stan's eta adaptation (Kucukelbir et al. 2017, Section 3.3; Stan's advi::adapt_eta): the
// step sizes tried, largest first, the iterations spent on each by default, and the draws
// of each ELBO estimate (Stan's n_monte_carlo_elbo).
var etaSequence = [...]float64{100, 10, 1, 0.1, 0.01}

const (
	defaultEtaIterations = 50
	etaELBODraws         = 100
)

// lossEstimator is an operator whose loss can be estimated without a step: the mean loss
// over n fresh draws at the current parameters.
type lossEstimator interface {
	estimateLoss(n int) (float64, error)
}

// estimateLoss is the mean of the KL loss over n draws; draws where the model's log density
// is not finite are dropped, as Stan's calc_ELBO does, and it is an error when all are.
func (k *klOp) estimateLoss(n int) (float64, error) {
	sum, kept := 0.0, 0
	for s := 0; s < n; s++ {
		for i := range k.eps {
			k.eps[i] = k.rng.NormFloat64()
		}
		k.q.Reparam(k.z, k.eps)
		lp, err := k.ld.LogP(k.z)
		if err != nil {
			return 0, err
		}
		if math.IsNaN(lp) || math.IsInf(lp, 0) {
			continue
		}
		sum += (-lp + k.beta*k.q.LogQ(k.eps)) / k.t
		kept++
	}
	if kept == 0 {
		return 0, fmt.Errorf("the model's log density is not finite at any of %d draws of the approximation; your model may be either severely ill-conditioned or misspecified", n)
	}
	return sum / float64(kept), nil
}

// etaSettings reads Fit's AdaptEta option: the iterations per step size (0 when not
// given).
func etaSettings(method string, s *config.Settings) (int, error) {
	if !s.Given("AdaptEta") {
		return 0, nil
	}
	n := s.AdaptEtaIterations
	if n == 0 {
		n = defaultEtaIterations
	}
	if n < 1 {
		return 0, fmt.Errorf("opvi: %s: AdaptEta(%d): the iterations per step size must be >= 1 (0 for Stan's 50)", method, s.AdaptEtaIterations)
	}
	return n, nil
}

// adaptEta is Stan's heuristic search for the learning rate (eta) of the fit's optimizer:
// from the initial parameters, it runs st.etaIterations steps with each eta of 100, 10, 1,
// 0.1, 0.01 (a fresh optimizer state each time), estimates the ELBO from 100 draws after
// each, and stops at the first eta whose ELBO is worse than the previous eta's once that one
// beat the initial ELBO, keeping the previous eta; the last eta is kept if it beats the
// initial ELBO, and otherwise the fit fails. The parameters are reset to their initial
// values after each trial and at the end; st.opt becomes a fresh state with the chosen eta.
// The trials are not counted in the history or the iterations.
//
// References:
//   - Kucukelbir, Tran, Ranganath, Gelman, Blei: Automatic Differentiation Variational
//     Inference. JMLR 18(14), 2017, Section 3.3 ("we adaptively tune eta ... on a subset").
//   - Stan, src/stan/variational/advi.hpp (adapt_eta).
func (inf *Inference) adaptEta(ctx context.Context, st *fitState) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("opvi: %s: AdaptEta: "+format, append([]any{inf.method}, args...)...)
	}
	est, ok := st.op.(lossEstimator)
	if !ok {
		return fail("the method has no loss to compare step sizes by")
	}
	logf := func(format string, args ...any) { progress.Logf(st.out, format, args...) }
	params := inf.q.FlatParams()
	init := slices.Clone(params)
	initLoss, err := est.estimateLoss(etaELBODraws)
	if err != nil || math.IsNaN(initLoss) || math.IsInf(initLoss, 0) {
		return fail("cannot compute the ELBO of the initial approximation (%v); your model may be either severely ill-conditioned or misspecified", err)
	}
	logf("Begin eta adaptation.")
	best, etaBest := math.Inf(1), 0.0
	found := false
	for k, eta := range etaSequence {
		loss, err := inf.tryEta(ctx, st, est, eta)
		copy(params, init)
		if err != nil {
			return err
		}
		logf("eta = %g: loss = %s", eta, progress.FormatG5(loss))
		if loss > best && best < initLoss {
			msg := "."
			if k < len(etaSequence)-1 {
				msg = " earlier than expected."
			}
			logf("Success! Found best value [eta = %g]%s", etaBest, msg)
			found = true
			break
		}
		if k < len(etaSequence)-1 {
			best, etaBest = loss, eta
			continue
		}
		if !(loss < initLoss) {
			return fail("all proposed step sizes (100, 10, 1, 0.1, 0.01) failed; your model may be either severely ill-conditioned or misspecified")
		}
		etaBest, found = eta, true
		logf("Success! Found best value [eta = %g].", etaBest)
	}
	if !found {
		return fail("no step size was found")
	}
	opt, err := optimizers.WithLearningRate(st.optimizer, etaBest)
	if err != nil {
		return fail("%v", err)
	}
	if st.opt, err = inf.newOptState(opt); err != nil {
		return fail("%v", err)
	}
	st.eta = etaBest
	return nil
}

// tryEta runs st.etaIterations steps with learning rate eta from the current parameters
// and returns the estimated loss after them (+Inf when the run diverged). Steps whose
// gradient fails or is not finite move nothing, as Stan zeroes a failed gradient.
func (inf *Inference) tryEta(ctx context.Context, st *fitState, est lossEstimator, eta float64) (float64, error) {
	opt, err := optimizers.WithLearningRate(st.optimizer, eta)
	if err != nil {
		return 0, fmt.Errorf("opvi: %s: AdaptEta: %w", inf.method, err)
	}
	params := inf.q.FlatParams()
	state, err := inf.newOptState(opt)
	if err != nil {
		return 0, fmt.Errorf("opvi: %s: AdaptEta: %w", inf.method, err)
	}
	for it := 0; it < st.etaIterations; it++ {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		if _, err := st.op.step(ctx, st.grad); err != nil || !mathx.AllFinite(st.grad) {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return 0, ctxErr
			}
			clear(st.grad)
		}
		if st.clip > 0 {
			if _, err := optimizers.TotalNormConstraint(st.grad, st.clip); err != nil {
				return 0, fmt.Errorf("opvi: %s: AdaptEta: %w", inf.method, err)
			}
		}
		if err := state.Update(params, st.grad); err != nil {
			return 0, fmt.Errorf("opvi: %s: AdaptEta: %w", inf.method, err)
		}
	}
	if !mathx.AllFinite(params) {
		return math.Inf(1), nil
	}
	loss, err := est.estimateLoss(etaELBODraws)
	if err != nil || math.IsNaN(loss) {
		return math.Inf(1), nil
	}
	return loss, nil
}
