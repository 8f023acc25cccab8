package main

import (
	"fmt"

	"github.com/gopymc/gopymc/pm"
)

// didItWork prints PSIS's k-hat for an approximation (Yao et al. 2018) and what it means:
// the answer to "did it work?" that PyMC does not give.
func (t *cells) didItWork(label string, approx pm.Approximation, opts ...pm.Option) (*pm.Importance, error) {
	draws := 4000
	if t.Quick {
		draws = 300
	}
	im, err := pm.PSIS(approx, append([]pm.Option{pm.Draws(draws), pm.Seed(t.Seed)}, opts...)...)
	if err != nil {
		return nil, err
	}
	fmt.Printf("%s, did it work? %s\n", label, im.PSIS.Summary())
	return im, nil
}

// psisMixture checks ADVI on the mixture with PSIS and shows what PSIS-resampling makes of
// its draws.
func (t *cells) psisMixture(approx pm.Approximation, res *mixtureResults) error {
	section("Did ADVI work? PSIS k-hat")
	if _, err := t.didItWork("ADVI on the mixture", approx); err != nil {
		return err
	}
	fmt.Println("ADVI's single Gaussian is wrong in shape (one bump for two modes) but wider than both modes,")
	fmt.Println("so the importance weights p/q are bounded (k-hat < 0) and PSIS-resampling its draws recovers the posterior:")
	draws := t.iters(4000)
	resampled, err := approx.Sample(draws, pm.PSISResample(5*draws))
	if err != nil {
		return err
	}
	res.record("ADVI+PSIS", resampled.Values("x"))
	fmt.Printf("  ADVI draws: left-mode mass %.3f; PSIS-resampled: %.3f (NUTS %.3f, exact 0.2)\n",
		res.leftMass["ADVI"], res.leftMass["ADVI+PSIS"], res.leftMass["NUTS"])
	fmt.Println("A k-hat above 0.7 would have said the opposite: the approximation misses the posterior and no reweighting repairs it.")
	return nil
}
