package mcmc

import (
	"errors"
	"math"
	"math/rand/v2"
)

// errStopped is the error of a transition interrupted because the chain's context is done.
var errStopped = errors.New("mcmc: interrupted")

// phasePoint is a point of the Hamiltonian system: position q, momentum p, velocity
// v = M^-1 p (Stan's p_sharp), gradient g of log p at q, log p and the energy h.
type phasePoint struct {
	q, p, v, g []float64
	logp, h    float64
}

func newPhasePoint(d int) phasePoint {
	b := make([]float64, 4*d)
	return phasePoint{q: b[:d:d], p: b[d : 2*d : 2*d], v: b[2*d : 3*d : 3*d], g: b[3*d:]}
}

func (z *phasePoint) copyFrom(o *phasePoint) {
	copy(z.q, o.q)
	copy(z.p, o.p)
	copy(z.v, o.v)
	copy(z.g, o.g)
	z.logp, z.h = o.logp, o.h
}

// proposal is a candidate for the next draw.
type proposal struct {
	q, g    []float64
	logp, h float64
}

func newProposal(d int) proposal {
	b := make([]float64, 2*d)
	return proposal{q: b[:d:d], g: b[d:]}
}

func (s *proposal) set(z *phasePoint) {
	copy(s.q, z.q)
	copy(s.g, z.g)
	s.logp, s.h = z.logp, z.h
}

// swap exchanges the buffers of two proposals: "z_propose = z_propose_final" without a copy.
func (s *proposal) swap(o *proposal) { *s, *o = *o, *s }

// level holds the buffers of one level of the recursion in build: a subtree of depth
// j uses levels[j] for its two halves (Stan's locals of build_tree).
type level struct {
	prop                 proposal // proposal of the second half
	pInitEnd, vInitEnd   []float64
	pFinalBeg, vFinalBeg []float64
	rhoFinal             []float64
}

// treeStats are the statistics of one transition.
type treeStats struct {
	depth          int
	treeSize       int
	diverging      bool
	reachedMax     bool
	meanTreeAccept float64
	maxEnergyError float64
}

// tree builds NUTS trajectories for one chain; every buffer is allocated once.
//
// The trajectory is built as Stan's base_nuts.hpp builds it (multinomial sampling, biased
// progressive sampling between the old tree and a new subtree, uniform multinomial sampling
// inside subtrees, the generalised U-turn criterion rho·v > 0 at both ends, and the two
// extra checks across every merge of two subtrees), with PyMC's conventions where they
// differ: a step is divergent when |H - H0| >= Emax (or H is NaN), the depth counts every
// doubling attempted, and the acceptance statistic is PyMC's mean_tree_accept
//
//	sum_i w_i min(1, w_i) / sum_i w_i,   w_i = exp(H0 - H_i),
//
// over the points of the accepted subtrees other than the initial one (0 if there are none).
//
// References: M. D. Hoffman and A. Gelman, "The No-U-Turn Sampler: Adaptively Setting
// Path Lengths in Hamiltonian Monte Carlo", JMLR 15, 2014; M. Betancourt, "A Conceptual
// Introduction to Hamiltonian Monte Carlo", arXiv:1701.02434, 2017, appendix A; Stan's
// src/stan/mcmc/hmc/nuts/base_nuts.hpp; PyMC's pymc/step_methods/hmc/nuts.py.
type tree struct {
	target LogDensity
	metric metric
	rng    *rand.Rand

	eps, h0   float64
	nLeapfrog int
	gradEvals int // total over the chain's life
	divergent bool
	maxErr    float64
	err       error

	// done is the chain's context's Done channel while it runs (nil otherwise): the tree
	// checks it before each leapfrog step, so that a tree of 2^10 steps on a big model is
	// interrupted within one gradient evaluation.
	done <-chan struct{}

	fwd, bck         phasePoint // the trajectory's ends, integrated further on extension
	sample, prop     proposal
	rho              []float64
	rhoFwd, rhoBck   []float64
	pFwdBck, vFwdBck []float64
	pBckFwd, vBckFwd []float64
	pFwdFwd, vFwdFwd []float64
	pBckBck, vBckBck []float64
	levels           []level
}

func newTree(target LogDensity, metric metric, rng *rand.Rand, d, maxDepth int) *tree {
	vec := func() []float64 { return make([]float64, d) }
	t := &tree{
		target: target, metric: metric, rng: rng,
		fwd: newPhasePoint(d), bck: newPhasePoint(d),
		sample: newProposal(d), prop: newProposal(d),
		rho: vec(), rhoFwd: vec(), rhoBck: vec(),
		pFwdBck: vec(), vFwdBck: vec(), pBckFwd: vec(), vBckFwd: vec(),
		pFwdFwd: vec(), vFwdFwd: vec(), pBckBck: vec(), vBckBck: vec(),
		levels: make([]level, maxDepth),
	}
	for j := 1; j < maxDepth; j++ { // a depth-0 subtree is one leapfrog step: no level
		t.levels[j] = level{
			prop:     newProposal(d),
			pInitEnd: vec(), vInitEnd: vec(), pFinalBeg: vec(), vFinalBeg: vec(), rhoFinal: vec(),
		}
	}
	return t
}

// leapfrog advances z by one leapfrog step of size eps (negative: backwards in time) and
// computes its energy, as PyMC's CpuLeapfrogIntegrator does.
func (t *tree) leapfrog(z *phasePoint, eps float64) error {
	select {
	case <-t.done:
		return errStopped
	default:
	}
	half := 0.5 * eps
	for i := range z.p {
		z.p[i] += half * z.g[i]
	}
	t.metric.drift(z.q, z.p, eps)
	logp, err := t.target.LogPGrad(z.g, z.q)
	t.gradEvals++
	if err != nil {
		return err
	}
	for i := range z.p {
		z.p[i] += half * z.g[i]
	}
	kin := t.metric.velocity(z.v, z.p)
	z.logp = logp
	z.h = 0.5*kin - logp
	return nil
}

// transition runs one NUTS iteration from z0, whose momentum, velocity and energy are set,
// with step size eps and at most maxDepth doublings. It leaves the draw in t.sample.
func (t *tree) transition(z0 *phasePoint, eps float64, maxDepth int) (treeStats, error) {
	t.eps, t.h0 = eps, z0.h
	t.nLeapfrog, t.divergent, t.maxErr, t.err = 0, false, 0, nil
	t.fwd.copyFrom(z0)
	t.bck.copyFrom(z0)
	t.sample.set(z0)
	for _, b := range [][]float64{t.rho, t.pFwdBck, t.pBckFwd, t.pFwdFwd, t.pBckBck} {
		copy(b, z0.p)
	}
	for _, b := range [][]float64{t.vFwdBck, t.vBckFwd, t.vFwdFwd, t.vBckBck} {
		copy(b, z0.v)
	}
	logSumW := 0.0           // log of the summed weights exp(H0 - H), initial point included
	logSumWA := math.Inf(-1) // log of sum w min(1, w) over accepted subtrees
	st := treeStats{reachedMax: true}
	for st.depth < maxDepth {
		var ok bool
		var lsw, lswa float64
		// The old tree's outer end next to the new subtree is its forward (backward) end,
		// as in PyMC's nuts.py and the corrected base_nuts.hpp (older Stan used the
		// new subtree's inner end there).
		if t.rng.Float64() < 0.5 { // extend forward: the old tree becomes the backward part
			copy(t.rhoBck, t.rho)
			copy(t.pBckFwd, t.pFwdFwd)
			copy(t.vBckFwd, t.vFwdFwd)
			ok, lsw, lswa = t.build(st.depth, &t.fwd, &t.prop, t.vFwdBck, t.vFwdFwd, t.rhoFwd, t.pFwdBck, t.pFwdFwd, 1)
		} else { // extend backward: the old tree becomes the forward part
			copy(t.rhoFwd, t.rho)
			copy(t.pFwdBck, t.pBckBck)
			copy(t.vFwdBck, t.vBckBck)
			ok, lsw, lswa = t.build(st.depth, &t.bck, &t.prop, t.vBckFwd, t.vBckBck, t.rhoBck, t.pBckFwd, t.pBckBck, -1)
		}
		st.depth++
		if t.err != nil {
			return st, t.err
		}
		if !ok { // divergent, or a U-turn inside the new subtree: discard it
			st.reachedMax = false
			break
		}
		// Biased progressive sampling: take the subtree's proposal with probability
		// min(1, w_subtree / w_old) (Betancourt 2017, appendix A.3.2).
		if lsw > logSumW || t.rng.Float64() < math.Exp(lsw-logSumW) {
			t.sample.swap(&t.prop)
		}
		logSumW = logAddExp(logSumW, lsw)
		logSumWA = logAddExp(logSumWA, lswa)
		for i := range t.rho {
			t.rho[i] = t.rhoBck[i] + t.rhoFwd[i]
		}
		// U-turn across the whole trajectory, then across each old end and the nearest
		// point of the other part (Stan's extra checks).
		if !uTurnFree(t.vBckBck, t.vFwdFwd, t.rho, nil) ||
			!uTurnFree(t.vBckBck, t.vFwdBck, t.rhoBck, t.pFwdBck) ||
			!uTurnFree(t.vBckFwd, t.vFwdFwd, t.rhoFwd, t.pBckFwd) {
			st.reachedMax = false
			break
		}
	}
	st.treeSize = t.nLeapfrog
	st.diverging = t.divergent
	st.maxEnergyError = t.maxErr
	if logSumW > 0 { // remove the initial point, a perfect accept, from the mean
		st.meanTreeAccept = math.Exp(logSumWA - logSubExp(logSumW, 0))
	}
	return st, nil
}

// build integrates a subtree of 2^depth leapfrog steps from z in direction sign. It
// leaves the subtree's multinomial proposal in prop, the velocities and momenta at its
// first and last point (in integration order) in vBeg, vEnd, pBeg, pEnd, and its summed
// momenta in rho. It returns whether the subtree is valid (no divergence, no U-turn, no
// error) and the logs of its summed weights and weighted acceptance statistics.
func (t *tree) build(depth int, z *phasePoint, prop *proposal, vBeg, vEnd, rho, pBeg, pEnd []float64, sign float64) (ok bool, lsw, lswa float64) {
	if depth == 0 {
		return t.leaf(z, prop, vBeg, vEnd, rho, pBeg, pEnd, sign)
	}
	lv := &t.levels[depth]
	ok, lswInit, lswaInit := t.build(depth-1, z, prop, vBeg, lv.vInitEnd, rho, pBeg, lv.pInitEnd, sign)
	if !ok {
		return false, 0, 0
	}
	ok, lswFinal, lswaFinal := t.build(depth-1, z, &lv.prop, lv.vFinalBeg, vEnd, lv.rhoFinal, lv.pFinalBeg, pEnd, sign)
	if !ok {
		return false, 0, 0
	}
	lsw = logAddExp(lswInit, lswFinal)
	lswa = logAddExp(lswaInit, lswaFinal)
	// Uniform multinomial sampling between the halves (Betancourt 2017, appendix A.3.1).
	if t.rng.Float64() < math.Exp(lswFinal-lsw) {
		prop.swap(&lv.prop)
	}
	// rho holds the first half's momenta. With one point per half the extra checks
	// repeat the main one, so they start at depth 2 (as PyMC does).
	ok = depth == 1 ||
		uTurnFree(vBeg, lv.vFinalBeg, rho, lv.pFinalBeg) &&
			uTurnFree(lv.vInitEnd, vEnd, lv.rhoFinal, lv.pInitEnd)
	for i, r := range lv.rhoFinal {
		rho[i] += r
	}
	ok = ok && uTurnFree(vBeg, vEnd, rho, nil)
	return ok, lsw, lswa
}

// leaf is build at depth 0: one leapfrog step.
func (t *tree) leaf(z *phasePoint, prop *proposal, vBeg, vEnd, rho, pBeg, pEnd []float64, sign float64) (ok bool, lsw, lswa float64) {
	if err := t.leapfrog(z, sign*t.eps); err != nil {
		t.err = err
		return false, 0, 0
	}
	t.nLeapfrog++
	dE := z.h - t.h0
	if math.IsNaN(dE) {
		dE = math.Inf(1)
	}
	if math.Abs(dE) > math.Abs(t.maxErr) {
		t.maxErr = dE
	}
	if !(math.Abs(dE) < maxEnergyError) {
		t.divergent = true
		return false, 0, 0
	}
	prop.set(z)
	copy(vBeg, z.v)
	copy(vEnd, z.v)
	copy(rho, z.p)
	copy(pBeg, z.p)
	copy(pEnd, z.p)
	// Weight exp(-dE); acceptance statistic min(1, exp(-dE)) weighted by it.
	return true, -dE, -dE + min(0, -dE)
}

// uTurnFree is the generalised no-U-turn criterion v_minus·r > 0 and v_plus·r > 0 with
// r = rho + extra (extra may be nil) (Betancourt 2017, appendix A.4.2).
func uTurnFree(vMinus, vPlus, rho, extra []float64) bool {
	var a, b float64
	if extra == nil {
		for i, r := range rho {
			a += vMinus[i] * r
			b += vPlus[i] * r
		}
	} else {
		for i, r := range rho {
			r += extra[i]
			a += vMinus[i] * r
			b += vPlus[i] * r
		}
	}
	return a > 0 && b > 0
}

// logAddExp is log(exp(a) + exp(b)).
func logAddExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(b, -1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// logSubExp is log(exp(a) - exp(b)) for a > b.
func logSubExp(a, b float64) float64 {
	return a + math.Log(-math.Expm1(b-a))
}
