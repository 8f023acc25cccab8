package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"sync"

	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
)

// stage is a run of iterations at one Adam learning rate.
type stage struct {
	n  int
	lr float64
}

// setting is one way to fit U₄ with a flow: its formula and jitter, the draws per step,
// Adam's stages, and how many proposals a PSIS-resampled draw is chosen from (0 for plain
// draws from the flow).
type setting struct {
	formula string
	jitter  float64
	nmc     int
	stages  []stage
	psis    int
}

func (s setting) String() string {
	st := make([]string, len(s.stages))
	for i, x := range s.stages {
		st[i] = fmt.Sprintf("%d at %g", x.n, x.lr)
	}
	out := fmt.Sprintf("%s (jitter %g, ObjNMC %d, Adam %s)", s.formula, s.jitter, s.nmc, strings.Join(st, " then "))
	if s.psis > 0 {
		out += fmt.Sprintf(", PSIS-resampled from %d× as many draws", s.psis)
	}
	return out
}

// fitApprox fits U₄'s model with the setting from seed, each stage's iterations scaled by
// iters (the tutorial's quick mode).
func (s setting) fitApprox(seed uint64, iters func(int) int) (pm.Approximation, error) {
	m, err := potentialModel("pot_func", pot4)
	if err != nil {
		return nil, err
	}
	inf, err := pm.NewNFVI(m, pm.Flow(s.formula), pm.Jitter(s.jitter), pm.Seed(seed))
	if err != nil {
		return nil, err
	}
	for _, st := range s.stages {
		if _, err := inf.Fit(iters(st.n), pm.ObjOptimizer(optimizers.Adam(st.lr)), pm.ObjNMC(s.nmc),
			pm.Progressbar(false), pm.Output(io.Discard)); err != nil {
			return nil, err
		}
	}
	return inf.Approx(), nil
}

// draws returns n draws of the fitted approximation, PSIS-resampled when the setting says
// so.
func (s setting) draws(q pm.Approximation, n int) (x, y []float64, err error) {
	opts := []pm.Option{pm.Output(io.Discard)}
	if s.psis > 0 {
		opts = append(opts, pm.PSISResample(s.psis*n))
	}
	tr, err := q.Sample(n, opts...)
	if err != nil {
		return nil, nil, err
	}
	x, y = drawsOf(tr, "pot_func")
	return x, y, nil
}

// robust is the best setting we found for U₄'s branch weights: a radial layer and 32 planar
// ones, 100,000 Adam steps of 10 draws, draws PSIS-resampled from 4 times as many. Over
// seeds 1-16 it put 0.43-0.50 of the band's draws on the lower branch for 13 seeds and
// missed part of the branch for 3 (0.00, 0.15, 0.23); the README lists the other settings
// measured. KL(q ‖ p) barely sees the branch weight, so a seed whose flow never reaches the
// lower branch early stays without it.
var robust = setting{formula: "radial-planar*32", jitter: 0.3, nmc: 10,
	stages: []stage{{80000, 0.005}, {20000, 0.001}}, psis: 4}

// study fits U₄ with the setting for seeds 1..seeds, two at a time (one model each: a fit
// adds its parameters to the model's graph), and prints each seed's lower-branch mass in
// the band over 10,000 draws and how many are within 0.05 of the exact value.
func study(s setting, seeds int) error {
	type result struct {
		mass float64
		n    int
		err  error
	}
	res := make([]result, seeds)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i := range seeds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			r := &res[i]
			q, err := s.fitApprox(uint64(i+1), func(n int) int { return n })
			if err != nil {
				r.err = err
				return
			}
			x, y, err := s.draws(q, 10000)
			if err != nil {
				r.err = err
				return
			}
			r.mass, r.n = bandLowerMass(interleave(x, y))
		}()
	}
	wg.Wait()
	fmt.Printf("U4 fitted with %v\n", s)
	ok := 0
	for i, r := range res {
		if r.err != nil {
			fmt.Printf("  seed %2d: %v\n", i+1, r.err)
			continue
		}
		mark := ""
		if math.Abs(r.mass-lowerMass) <= 0.05 {
			ok++
			mark = "  within 0.05"
		}
		fmt.Printf("  seed %2d: lower-branch mass %.3f over %5d draws with 1.5 <= z0 < 5%s\n", i+1, r.mass, r.n, mark)
	}
	fmt.Printf("%d of %d seeds within 0.05 of %.3f\n", ok, seeds, lowerMass)
	return nil
}
