package mcmc

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Sample draws from the density of targets with NUTS, one chain per target, as PyMC's
// pm.sample(draws, tune=tune, chains=len(targets), cores=…, init=…, target_accept=…) does
// with its default NUTS step. x0 is the initial point (PyMC's model.initial_point, in
// unconstrained space); s configures the run, its zero value giving PyMC's defaults.
//
// Chain c draws every random number from rand.NewPCG(s.Seed, c). Initialisation runs first
// for every chain, in chain order, on the calling goroutine: the start point (x0, jittered
// for "jitter+adapt_diag", retried up to 10 times until the log density and its gradient are
// finite) and, as in PyMC, the mean of all chains' start points as the initial mean of each
// chain's mass-matrix adaptation. Then the chains run on goroutines, at most s.Cores at
// once; results do not depend on scheduling, so a seed gives the same draws whatever Cores
// is. Each target is used by one goroutine at a time.
//
// Each chain checks ctx before every iteration. When ctx is cancelled, Sample returns the
// draws made so far (chains may be shorter than s.Draws, or empty) together with ctx.Err().
// When a LogPGrad call fails, its chain stops, the other chains are cancelled, and Sample
// returns the partial Result with the error wrapped with the chain number (the lowest
// failing chain's error if several fail).
//
// Sample returns a nil Result and an error when targets is empty or holds nil, a target's
// Dim() < 1, the targets' dimensions differ, len(x0) differs from the dimension, s is
// invalid (see Settings), or a chain's initial point has a non-finite log density or
// gradient.
func Sample(ctx context.Context, targets []LogDensity, x0 []float64, s Settings) (*Result, error) {
	begin := time.Now()
	d, err := checkTargets(targets, x0)
	if err != nil {
		return nil, err
	}
	cfg, err := s.resolve(len(targets))
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	if err := cfg.checkMass(d, len(targets)); err != nil {
		return nil, err
	}

	chains := make([]*chain, len(targets))
	mean := make([]float64, d)
	for c, target := range targets {
		chains[c] = newChain(c, target, &cfg)
		start, jitter := x0, cfg.Init == InitJitterAdaptDiag
		switch len(cfg.Start) {
		case 1:
			start, jitter = cfg.Start[0], false
		case len(targets):
			start, jitter = cfg.Start[c], false
		}
		chains[c].explicitStart = len(cfg.Start) > 0
		if err := chains[c].initPoint(start, jitter); err != nil {
			return nil, err
		}
		for i, q := range chains[c].cur.q {
			mean[i] += q
		}
	}
	for i := range mean {
		mean[i] /= float64(len(chains))
	}
	for _, ch := range chains {
		if err := ch.prepare(mean); err != nil {
			return nil, err
		}
	}

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(chains))
	slots := make(chan struct{}, cfg.Cores)
	var wg sync.WaitGroup
	for c, ch := range chains {
		wg.Go(func() {
			select {
			case slots <- struct{}{}:
			case <-runCtx.Done():
				errs[c] = runCtx.Err()
				return
			}
			defer func() { <-slots }()
			if err := ch.run(runCtx); err != nil {
				errs[c] = err
				if !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
					cancel() // a failing chain stops the others
				}
			}
		})
	}
	wg.Wait()

	res := &Result{
		Chains:    make([]Chain, len(chains)),
		Dim:       d,
		StatNames: StatNames(),
		Settings:  cfg,
	}
	for c, ch := range chains {
		ch.finish()
		res.Chains[c] = ch.out
	}
	res.Elapsed = time.Since(begin)

	for _, err := range errs { // a chain's own failure first, lowest chain first
		if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			return res, err
		}
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	return res, nil
}

// checkTargets validates the targets and the initial point and returns the dimension.
func checkTargets(targets []LogDensity, x0 []float64) (int, error) {
	if len(targets) == 0 {
		return 0, errors.New("mcmc: no targets; pass one LogDensity per chain")
	}
	d := 0
	for c, t := range targets {
		if t == nil {
			return 0, fmt.Errorf("mcmc: targets[%d] is nil", c)
		}
		dc := t.Dim()
		if dc < 1 {
			return 0, fmt.Errorf("mcmc: targets[%d].Dim() = %d; the dimension must be >= 1", c, dc)
		}
		if c == 0 {
			d = dc
		} else if dc != d {
			return 0, fmt.Errorf("mcmc: targets[%d].Dim() = %d but targets[0].Dim() = %d; every chain must sample the same model", c, dc, d)
		}
	}
	if len(x0) != d {
		return 0, fmt.Errorf("mcmc: len(x0) = %d; want the targets' dimension %d", len(x0), d)
	}
	return d, nil
}
