package main

import (
	"testing"

	"github.com/gopymc/gopymc/examples/internal/tutorial"
)

// The tutorial runs end to end in quick mode, writes its figures and reaches its
// conclusion: minibatch ADVI's group parameters (alpha, beta) and hyperparameters agree
// with NUTS on all houses, every ADVI mean within 2 NUTS posterior sds in unconstrained
// space (the tutorial's figure), and NUTS started from the approximation reports its
// divergences. The ADVI loss settles where PyMC3's did (120.48).
func TestRadonQuick(t *testing.T) {
	dir := t.TempDir()
	res, err := run(dir, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.worstZ) != len(unconstrained) {
		t.Fatalf("compared %d variables, want %d", len(res.worstZ), len(unconstrained))
	}
	for _, v := range unconstrained {
		if z := res.worstZ[v]; !(z < 2) {
			t.Errorf("%s: an ADVI mean is %.2f NUTS sds from NUTS's, want < 2", v, z)
		}
	}
	if res.avgLoss < 115 || res.avgLoss > 126 {
		t.Errorf("average loss %.2f, want near PyMC3's 120.48", res.avgLoss)
	}
	t.Logf("NUTS: %d draws, %d divergences, largest R-hat %.3f", res.draws, res.divergences, res.maxRHat)
	if res.draws != 2000 || res.divergences < 0 || res.divergences > res.draws {
		t.Errorf("NUTS: %d draws, %d divergences", res.draws, res.divergences)
	}
	tutorial.CheckFigures(t, dir, "radon_advi_hist.png", "radon_advi_vs_nuts.png")
}
