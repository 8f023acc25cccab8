package pm_test

import (
	"math"
	"testing"

	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
)

// stepsizeGrid is the iteration counts BenchmarkStepSizes tries, in order.
var stepsizeGrid = []int{1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000}

// stepsizeSeeds are the seeds over which BenchmarkStepSizes takes the worst error at 10,000
// iterations.
var stepsizeSeeds = []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}

// BenchmarkStepSizes reports, for each model of stepsizeCases and each way of choosing the
// step size, the worst fitted mean after 10,000 iterations in exact posterior sds: over
// seeds 1-10 ("sd@10k", the worst of the ten seeds' worst errors; the seed also seeds the
// minibatch stream) and its best seed ("best@10k"), and the first iteration count of
// stepsizeGrid after which a fit with seed 1 has every mean within 0.5 sd ("iters"; 0 when
// even 200,000 iterations are not enough). PyMC's default (adagrad_window, learning rate
// 0.001) is the baseline. Run it once (22 minutes on two shared cores):
//
//	go test ./pm -run '^$' -bench StepSizes -benchtime 1x -timeout 120m
func BenchmarkStepSizes(b *testing.B) {
	avg := pm.Averaging(optimizers.DefaultAveragingEta)
	configs := []struct {
		name string
		opts []pm.Option
	}{
		{"pymc_default", nil},
		{"stan_adapt_eta", []pm.Option{pm.AdaptEta(0)}},
		{"dog_avg", []pm.Option{pm.ObjOptimizer(optimizers.DoG(0)), avg}},
		{"dowg_avg", []pm.Option{pm.ObjOptimizer(optimizers.DoWG(0)), avg}},
		{"prodigy_avg", []pm.Option{pm.ObjOptimizer(optimizers.Prodigy(0)), avg}},
		{"prodigy_cosine_avg", []pm.Option{pm.ObjOptimizer(optimizers.Schedule(optimizers.Prodigy(0), optimizers.CosineDecay(10000))), avg}},
		{"ldowg_avg", []pm.Option{pm.ObjOptimizer(optimizers.LDoWG(0)), avg}},
		{"ldowg_avg_nmc2", recommendedParameterFree()},
	}
	for _, c := range stepsizeCases(b, true) {
		for _, cfg := range configs {
			b.Run(c.name+"/"+cfg.name, func(b *testing.B) {
				fit := func(n int, seed uint64) float64 {
					q, err := pm.Fit(c.model(seed), append([]pm.Option{pm.N(n), pm.Seed(seed), pm.Output(nil)}, cfg.opts...)...)
					if err != nil {
						b.Fatal(err)
					}
					return worst(c.errorsInSDs(b, q))
				}
				var iters, at10k, best float64
				for b.Loop() {
					at10k, best = 0, math.Inf(1)
					for _, seed := range stepsizeSeeds {
						w := fit(10000, seed)
						at10k, best = math.Max(at10k, w), math.Min(best, w)
					}
					iters = 0
					for _, n := range stepsizeGrid {
						if n == 10000 && at10k < 0.5 || fit(n, 1) < 0.5 {
							iters = float64(n)
							break
						}
					}
				}
				b.ReportMetric(iters, "iters")
				b.ReportMetric(at10k, "sd@10k")
				b.ReportMetric(best, "best@10k")
			})
		}
	}
}
