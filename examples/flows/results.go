package main

import (
	"fmt"
	"math"
)

func (r *results) print() {
	p1, p4, g := r.pot1, r.pot4, r.gallery
	fmt.Printf("U1, share of draws left of 0 (exact 0.5): NUTS %.3f, planar*2 %.3f, planar*8 %.3f\n",
		p1.nutsLeft, p1.planar2Left, p1.planar8Left)
	fmt.Printf("U4, lower-branch mass for 1.5 <= z0 < 5 (exact %.3f): NUTS %.3f, planar*10 (the tutorial's) %.3f, %s %.3f\n",
		lowerMass, p4.nutsLower, p4.tutorialLower, robust.formula, p4.robustLower)
	for k := range potentialNames {
		fmt.Printf("%s: KL(q ‖ p) full-rank Gaussian %.3f, %s %.3f nats\n", potentialNames[k], g.gaussKL[k], flowFormula, g.flowKL[k])
	}
}

// check states the tutorial's conclusions from our numbers. Quick mode checks what holds
// after a few hundred iterations; the full run also checks what needs the fits to converge.
func (r *results) check(quick bool) error {
	p, p1, p4, g := r.patterns, r.pot1, r.pot4, r.gallery
	for formula, want := range map[string]int{"scale-loc": 200, "scale-hh*100-loc": 10200, "scale-hh*10-loc": 1200, "planar*10": 2010} {
		if p.params[formula] != want {
			return fmt.Errorf("%s has %d parameters, want %d", formula, p.params[formula], want)
		}
	}
	if !p.gaussian["scale-hh*100-loc"] || p.gaussian["planar*10"] {
		return fmt.Errorf("scale-hh*100-loc should be Gaussian and planar*10 not: %v", p.gaussian)
	}
	if !p1.gradMatches {
		return fmt.Errorf("the tracked objective gradient disagrees with finite differences")
	}
	if math.Abs(p1.nutsRadius-p1.exactRadius) > 0.1 {
		return fmt.Errorf("NUTS's mean radius on the ring is %.3f, the exact %.3f", p1.nutsRadius, p1.exactRadius)
	}
	if quick {
		return nil
	}
	if p1.planar2Left > 0.1 && p1.planar2Left < 0.9 {
		return fmt.Errorf("planar*2 should settle on one crescent of the ring: %.3f of its draws on the left", p1.planar2Left)
	}
	if p1.planar8Left < 0.3 || p1.planar8Left > 0.7 || math.Abs(p1.planar8Radius-p1.exactRadius) > 0.2 {
		return fmt.Errorf("planar*8 should cover both halves of the ring: %.3f of its draws on the left, mean radius %.3f (exact %.3f)",
			p1.planar8Left, p1.planar8Radius, p1.exactRadius)
	}
	if math.Abs(p4.robustLower-lowerMass) > 0.05 || p4.robustN < 500 {
		return fmt.Errorf("%s: lower-branch mass %.3f over %d draws, want %.3f ± 0.05", robust.formula, p4.robustLower, p4.robustN, lowerMass)
	}
	for k := range potentialNames {
		if !(g.flowKL[k] < g.gaussKL[k]) {
			return fmt.Errorf("%s: the flow's KL %.3f is not below the Gaussian's %.3f", potentialNames[k], g.flowKL[k], g.gaussKL[k])
		}
	}
	return nil
}
