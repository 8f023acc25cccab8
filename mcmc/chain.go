package mcmc

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/gopymc/gopymc/internal/mathx"
)

// chain is the state of one Markov chain: its target, random stream, adaptation state,
// current point and the trajectory buffers. One goroutine drives it.
type chain struct {
	id     int
	target LogDensity
	rng    *rand.Rand
	cfg    *Settings

	metric metric
	step   dualAveraging
	tree   *tree
	cur    phasePoint // current draw; p, v and h are set at the start of each iteration
	probe  phasePoint // the step-size heuristic's leapfrog (Stan's adaptation)
	iter   int        // iterations done
	stats  treeStats  // of the last iteration
	eps    float64    // step size of the last iteration

	out           Chain
	initEvals     int  // gradient evaluations spent on initialisation
	explicitStart bool // the start point was given (Settings.Start)
}

// newChain creates chain id with its random stream PCG(seed, id).
func newChain(id int, target LogDensity, cfg *Settings) *chain {
	d := target.Dim()
	c := &chain{
		id:     id,
		target: target,
		rng:    rand.New(rand.NewPCG(cfg.Seed, uint64(id))),
		cfg:    cfg,
		cur:    newPhasePoint(d),
	}
	return c
}

// initPoint sets the chain's starting point: x0, plus Uniform(-1, 1) jitter per coordinate
// if jitter is true, redrawn up to jitterMaxRetries times until log p and its gradient are
// finite (PyMC's _init_jitter with jitter_max_retries=10).
func (c *chain) initPoint(x0 []float64, jitter bool) error {
	tries := 1
	if jitter {
		tries += jitterMaxRetries
	}
	var logp float64
	for range tries {
		copy(c.cur.q, x0)
		if jitter {
			for i := range c.cur.q {
				c.cur.q[i] += 2*c.rng.Float64() - 1
			}
		}
		var err error
		logp, err = c.target.LogPGrad(c.cur.g, c.cur.q)
		c.initEvals++
		if err != nil {
			return fmt.Errorf("mcmc: chain %d: log density at the initial point: %w", c.id, err)
		}
		if mathx.Finite(logp) && mathx.AllFinite(c.cur.g) {
			c.cur.logp = logp
			return nil
		}
	}
	what := "log density"
	if mathx.Finite(logp) {
		what = "gradient of the log density"
	}
	if c.explicitStart {
		return fmt.Errorf("mcmc: chain %d: the start point has a non-finite %s (log p = %g); it is outside the support of a variable, or the model cannot be evaluated there", c.id, what, logp)
	}
	if jitter {
		return fmt.Errorf("mcmc: chain %d: the initial point has a non-finite %s (log p = %g), also after %d retries with fresh jitter; check the initial values and the priors' supports", c.id, what, logp, jitterMaxRetries)
	}
	return fmt.Errorf("mcmc: chain %d: the initial point has a non-finite %s (log p = %g); check the initial values and the priors' supports", c.id, what, logp)
}

// prepare sets up adaptation and output buffers once the starting point is known; mean is
// the initial mean of the mass-matrix adaptation.
func (c *chain) prepare(mean []float64) error {
	d := len(mean)
	var err error
	if c.metric, err = newMetric(c.cfg, mean); err != nil {
		return err
	}
	c.tree = newTree(c.target, c.metric, c.rng, d, c.cfg.MaxTreedepth)
	eps := initialStepSize(d)
	if c.stan() {
		c.probe = newPhasePoint(d)
		if c.cfg.Tune > 0 {
			if eps, err = c.findStepSize(1); err != nil {
				return err
			}
		}
	}
	c.step = newDualAveraging(eps, c.cfg.TargetAccept)
	// The draws grow as they are made: a long run meant to be stopped by its context must
	// not ask for Draws×d floats up front.
	capacity := min(c.cfg.Draws, initialDraws)
	c.out.Draws = make([]float64, 0, capacity*d)
	c.out.Stats = make([][]float64, len(statNames))
	for k := range c.out.Stats {
		c.out.Stats[k] = make([]float64, 0, capacity)
	}
	return nil
}

// initialDraws is the number of draws a chain's output has room for before it grows.
const initialDraws = 1 << 12

// iterate runs one NUTS iteration (tuning or not) and adapts; it allocates nothing.
func (c *chain) iterate(tune bool) error {
	z := &c.cur
	c.metric.drawMomentum(z.p, c.rng)
	kin := c.metric.velocity(z.v, z.p)
	z.h = 0.5*kin - z.logp
	if !mathx.Finite(z.h) {
		return fmt.Errorf("mcmc: chain %d: bad initial energy %g at iteration %d: the log density (%g) or the mass matrix is not finite", c.id, z.h, c.iter, z.logp)
	}
	c.eps = c.step.current(tune)
	maxDepth := c.cfg.MaxTreedepth
	if tune && c.iter < earlyIterations {
		maxDepth = min(maxDepth, earlyMaxTreedepth)
	}
	st, err := c.tree.transition(z, c.eps, maxDepth)
	c.out.GradEvals = c.initEvals + c.tree.gradEvals
	if err != nil {
		return fmt.Errorf("mcmc: chain %d: log density at iteration %d: %w", c.id, c.iter, err)
	}
	c.stats = st
	// The draw becomes the current point (buffers swapped, not copied).
	s := &c.tree.sample
	z.q, s.q = s.q, z.q
	z.g, s.g = s.g, z.g
	z.logp, z.h = s.logp, s.h
	accept := st.meanTreeAccept
	if c.stan() && c.cfg.acceptStat != "weighted" || c.cfg.acceptStat == "uniform" {
		accept = st.meanAccept
	}
	c.stats.meanTreeAccept = accept // the statistic recorded is the one adapted to
	c.step.update(accept, tune)
	if c.metric.update(z.q, tune) {
		// Stan: a new metric, so a new step size and a fresh dual averaging.
		eps, err := c.findStepSize(c.step.current(true))
		if err != nil {
			return err
		}
		c.step.restart(eps)
	}
	c.iter++
	return nil
}

// stan reports whether the chain adapts as Stan does (Settings.Adaptation).
func (c *chain) stan() bool { return c.cfg.Adaptation == AdaptStan }

// findStepSize is Stan's initial step-size heuristic (base_hmc.hpp, init_stepsize): from the
// current point with fresh momenta, one leapfrog step of size eps; the step size is
// doubled while the acceptance probability exp(H0 - H) of such a step exceeds 0.8, or
// halved while it is below, until it crosses 0.8. Its leapfrog steps count as gradient
// evaluations.
//
// References: Stan Reference Manual, "Step-size adaptation"; M. D. Hoffman and A. Gelman,
// "The No-U-Turn Sampler", JMLR 15, 2014, Algorithm 4 (a variant of its heuristic).
func (c *chain) findStepSize(eps float64) (float64, error) {
	if !(eps > 0 && eps <= 1e7) {
		return eps, nil
	}
	logDelta := math.Log(0.8)
	probe := func() (float64, error) {
		z := &c.probe
		z.copyFrom(&c.cur)
		c.metric.drawMomentum(z.p, c.rng)
		h0 := 0.5*c.metric.velocity(z.v, z.p) - z.logp
		if err := c.tree.leapfrog(z, eps); err != nil {
			return 0, fmt.Errorf("mcmc: chain %d: log density while finding the step size: %w", c.id, err)
		}
		c.out.GradEvals = c.initEvals + c.tree.gradEvals
		h := z.h
		if math.IsNaN(h) {
			h = math.Inf(1)
		}
		return h0 - h, nil
	}
	dH, err := probe()
	if err != nil {
		return 0, err
	}
	up := dH > logDelta
	for {
		if dH, err = probe(); err != nil {
			return 0, err
		}
		if up && !(dH > logDelta) || !up && !(dH < logDelta) {
			return eps, nil
		}
		if up {
			eps *= 2
		} else {
			eps /= 2
		}
		if eps > 1e7 {
			return 0, fmt.Errorf("mcmc: chain %d: no step size is too large (tried up to 1e7): the posterior is improper; check the priors", c.id)
		}
		if eps == 0 {
			return 0, fmt.Errorf("mcmc: chain %d: no step size is small enough (tried down to 0): the log density is probably not continuous, or its gradient is wrong", c.id)
		}
	}
}

// record appends the current draw and its statistics to the output.
func (c *chain) record() {
	st := &c.stats
	c.out.Draws = append(c.out.Draws, c.cur.q...)
	vals := [numStats]float64{
		statDepth:          float64(st.depth),
		statStepSize:       c.eps,
		statStepSizeBar:    math.Exp(c.step.logBar),
		statTreeSize:       float64(st.treeSize),
		statDiverging:      b2f(st.diverging),
		statEnergy:         c.cur.h,
		statEnergyError:    c.cur.h - c.tree.h0,
		statMaxEnergyError: st.maxEnergyError,
		statMeanTreeAccept: st.meanTreeAccept,
		statLp:             c.cur.logp,
		statReachedMax:     b2f(st.reachedMax),
	}
	for k, v := range vals {
		c.out.Stats[k] = append(c.out.Stats[k], v)
	}
}

// run runs the chain's Tune+Draws iterations, checking ctx before each.
func (c *chain) run(ctx context.Context) error {
	total := c.cfg.Tune + c.cfg.Draws
	done := ctx.Done()
	start := time.Now()
	defer func() { c.recordTimes(start) }()
	c.tree.done = done // the tree checks it before every leapfrog step
	defer func() { c.tree.done = nil }()
	for c.iter < total {
		select {
		case <-done:
			return ctx.Err()
		default:
		}
		tune := c.iter < c.cfg.Tune
		if !tune && c.iter == c.cfg.Tune && c.out.WarmupTime == 0 {
			c.out.WarmupTime = time.Since(start)
		}
		if err := c.iterate(tune); err != nil {
			if errors.Is(err, errStopped) {
				return ctx.Err() // the iteration is dropped; the chain keeps its last draw
			}
			return err
		}
		if tune {
			c.out.Tuned++
			if c.stats.diverging {
				c.out.TuneDivergences++
			}
		} else {
			c.record()
			if c.stats.diverging {
				c.out.Divergences++
			}
		}
		if c.cfg.Progress != nil {
			c.cfg.Progress(c.id, c.iter, tune, c.out.Divergences)
		}
	}
	return nil
}

// recordTimes sets the warm-up time (if tuning did not end) and the sampling time.
func (c *chain) recordTimes(start time.Time) {
	total := time.Since(start)
	if c.iter <= c.cfg.Tune {
		c.out.WarmupTime = total
		return
	}
	c.out.SamplingTime = total - c.out.WarmupTime
}

// finish fills the output fields that describe the final adaptation state.
func (c *chain) finish() {
	c.out.GradEvals = c.initEvals
	if c.tree == nil {
		return
	}
	c.out.GradEvals += c.tree.gradEvals
	c.out.StepSize = c.step.current(c.iter < c.cfg.Tune)
	c.out.InvMassDiag = append([]float64(nil), c.metric.diagonal()...)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
