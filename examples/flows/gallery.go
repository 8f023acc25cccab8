package main

import (
	"fmt"
	"math"

	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/pm"
)

// galleryResults are each potential's KL divergence KL(q ‖ p) = E_q[log q - log p] + log Z,
// estimated from the last 1000 losses, under a full-rank Gaussian and under a flow.
type galleryResults struct {
	logZ, gaussKL, flowKL [4]float64
}

// The gallery's families: a full-rank Gaussian (one reflection is enough in 2-D) and a
// planar and radial flow, both fitted with Adam, ObjNMC 10 and a smaller final step.
const (
	gaussFormula = "scale-hh-loc"
	flowFormula  = "radial-planar*16"
)

// gallery fits every potential with both families, as Rezende and Mohamed's figure 3, and
// draws target, Gaussian and flow side by side.
func (t *cells) gallery(res *galleryResults) error {
	section("Beyond the tutorial: every potential, a full-rank Gaussian and a flow")
	var panels []plots.Panel2D
	for k, pot := range potentials {
		target, err := densityGrid(pot, 100)
		if err != nil {
			return err
		}
		// log Z: U₂–U₄ in closed form (0.4, 0.7, 0.75 times 20·√(2π), over the whole
		// plane); U₁ by the midpoint rule on a finer grid over the window, which holds all but
		// 1e-12 of its mass.
		if k == 0 {
			fine, err := densityGrid(pot, 200)
			if err != nil {
				return err
			}
			res.logZ[k] = math.Log(fine.Integral())
		} else {
			res.logZ[k] = math.Log([]float64{0.4, 0.7, 0.75}[k-1] * 20 * math.Sqrt(2*math.Pi))
		}
		m, err := potentialModel(potentialNames[k], pot)
		if err != nil {
			return err
		}
		row := []plots.Panel2D{{Title: potentialNames[k], Field: target}}
		for i, formula := range []string{gaussFormula, flowFormula} {
			inf, err := pm.NewNFVI(m, pm.Flow(formula), pm.Jitter(0.3), pm.Seed(t.Seed))
			if err != nil {
				return err
			}
			for _, st := range []stage{{20000, 0.01}, {10000, 0.001}} {
				if _, err := inf.Fit(t.iters(st.n), pm.ObjOptimizer(optimizers.Adam(st.lr)), pm.ObjNMC(10), pm.Progressbar(false), pm.Output(nil)); err != nil {
					return fmt.Errorf("%s with %s: %w", potentialNames[k], formula, err)
				}
			}
			kl := tailMean(inf.Hist(), 1000) + res.logZ[k]
			if i == 0 {
				res.gaussKL[k] = kl
			} else {
				res.flowKL[k] = kl
			}
			x, y, err := flowSample(inf.Approx(), potentialNames[k], 3000)
			if err != nil {
				return err
			}
			row = append(row, plots.Panel2D{Title: fmt.Sprintf("%s: KL %.2f", formula, kl), X: x, Y: y, PointAlpha: 0.1, XLim: window, YLim: window})
		}
		fmt.Printf("%s: log Z %.3f; KL(q ‖ p) full-rank Gaussian %.3f, %s %.3f nats\n",
			potentialNames[k], res.logZ[k], res.gaussKL[k], flowFormula, res.flowKL[k])
		panels = append(panels, row...)
	}
	fmt.Println("(U2-U4 have Laplace(0, 10) tails in z0, 61% of their mass beyond |z0| = 5, which neither family covers: most of their KL is there)")
	return t.Save("gallery.png")(plots.PlotDensity2D(panels, plots.Columns(3), plots.Size(15, 20)))
}
