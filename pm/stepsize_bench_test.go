package pm_test

import (
	"testing"

	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
)

// stepsizeGrid is the iteration counts BenchmarkStepSizes tries, in order.
var stepsizeGrid = []int{1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000}

// BenchmarkStepSizes reports, for each model of stepsizeCases and each way of choosing the
// step size, the first iteration count of stepsizeGrid after which a fresh fit (seed 1) has
// every fitted mean within 0.5 exact posterior sds: the "iters" metric (0 when even 200,000
// iterations are not enough), beside the worst error at 10,000 iterations ("sd@10k", in
// posterior sds). PyMC's
// default (adagrad_window, learning rate 0.001) is the baseline. Run it once:
//
//	go test ./pm -run '^$' -bench StepSizes -benchtime 1x -timeout 60m
func BenchmarkStepSizes(b *testing.B) {
	configs := []struct {
		name string
		opts []pm.Option
	}{
		{"pymc_default", nil},
		{"stan_adapt_eta", []pm.Option{pm.AdaptEta(0)}},
		{"dog_avg", []pm.Option{pm.ObjOptimizer(optimizers.DoG(0)), pm.Averaging(optimizers.DefaultAveragingEta)}},
		{"dowg_avg", []pm.Option{pm.ObjOptimizer(optimizers.DoWG(0)), pm.Averaging(optimizers.DefaultAveragingEta)}},
		{"prodigy_avg", []pm.Option{pm.ObjOptimizer(optimizers.Prodigy(0)), pm.Averaging(optimizers.DefaultAveragingEta)}},
	}
	for _, c := range stepsizeCases(b, true) {
		for _, cfg := range configs {
			b.Run(c.name+"/"+cfg.name, func(b *testing.B) {
				var iters, at10k float64
				for b.Loop() {
					iters = 0
					for _, n := range stepsizeGrid {
						q, err := pm.Fit(c.model(), append([]pm.Option{pm.N(n), pm.Seed(1), pm.Output(nil)}, cfg.opts...)...)
						if err != nil {
							b.Fatal(err)
						}
						w := worst(c.errorsInSDs(b, q))
						if n == 10000 {
							at10k = w
						}
						if w < 0.5 && iters == 0 {
							iters = float64(n)
						}
						if iters > 0 && n >= 10000 {
							break
						}
					}
				}
				b.ReportMetric(iters, "iters")
				b.ReportMetric(at10k, "sd@10k")
			})
		}
	}
}
