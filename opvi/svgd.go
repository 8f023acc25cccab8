package opvi

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"runtime"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/internal/progress"
	"github.com/gopymc/gopymc/model"
)

func init() {
	Register("svgd", NewSVGD)
	Register("asvgd", NewASVGD)
}

// NewSVGD returns Stein variational gradient descent for m (PyMC's pm.SVGD): an Empirical
// approximation of Particles particles (default 100) started at the model's initial point (or
// Start) with N(0, Jitter²) noise (default 1), moved by the KSD operator with the RBF
// kernel at Temperature (default 1). Options: Particles, Jitter, Temperature, Seed, Start,
// Cores (workers computing the particles' gradients; default GOMAXPROCS; the result does not
// depend on it). SVGD has no loss history. Models with minibatched data are refused, as in
// PyMC.
func NewSVGD(m *model.Model, opts ...config.Option) (*Inference, error) {
	s, err := config.Collect("SVGD", opts, "Particles", "Jitter", "Temperature", "Seed", "Start", "Cores")
	if err != nil {
		return nil, err
	}
	if err := refuseMinibatch(m, "SVGD"); err != nil {
		return nil, err
	}
	n := 100
	if s.Given("Particles") {
		if n = s.Particles; n < 1 {
			return nil, fmt.Errorf("opvi: SVGD: Particles must be >= 1, got %d", n)
		}
	}
	temp, workers, err := steinSettings("SVGD", s)
	if err != nil {
		return nil, err
	}
	q, err := approximations.NewEmpirical(m, n, forward(opts, "Seed", "Start", "Jitter")...)
	if err != nil {
		return nil, err
	}
	return newSteinInference("svgd", m, q, s.Seed, temp, workers, 1, fitOptionNames), nil
}

// NewASVGD returns amortised SVGD for m (PyMC's pm.ASVGD): the KSD operator on draws of a
// FullRank approximation (ObjNMC draws per step, default 500), carried back to its
// parameters. As PyMC, it warns that the method is experimental and that the temperature
// matters. Options: Temperature, Seed, Cores, Output (for the warning).
func NewASVGD(m *model.Model, opts ...config.Option) (*Inference, error) {
	s, err := config.Collect("ASVGD", opts, "Temperature", "Seed", "Cores", "Output")
	if err != nil {
		return nil, err
	}
	if err := refuseMinibatch(m, "ASVGD"); err != nil {
		return nil, err
	}
	temp, workers, err := steinSettings("ASVGD", s)
	if err != nil {
		return nil, err
	}
	var out io.Writer = os.Stderr
	if s.Given("Output") {
		out = s.Output
	}
	progress.Logf(out, "You are using experimental inference Operator. It requires careful choice of temperature, default is 1. "+
		"Default temperature works well for low dimensional problems and for significant `ObjNMC`. "+
		"Temperature > 1 gives more exploration power to algorithm, < 1 leads to higher accuracy and more underestimated variance. "+
		"Posterior variance is often **underestimated** when using temperature = 1.")
	q, err := approximations.NewFullRank(m, forward(opts, "Seed")...)
	if err != nil {
		return nil, err
	}
	return newSteinInference("asvgd", m, q, s.Seed, temp, workers, 500, append([]string{"ObjNMC"}, fitOptionNames...)), nil
}

func steinSettings(method string, s *config.Settings) (temperature float64, workers int, err error) {
	temperature = 1
	if s.Given("Temperature") {
		temperature = s.Temperature
		if !(temperature > 0) || math.IsInf(temperature, 0) {
			return 0, 0, fmt.Errorf("opvi: %s: Temperature must be finite and > 0, got %v", method, temperature)
		}
	}
	workers = runtime.GOMAXPROCS(0)
	if s.Given("Cores") {
		if workers = s.Cores; workers < 1 {
			return 0, 0, fmt.Errorf("opvi: %s: Cores must be >= 1, got %d", method, workers)
		}
	}
	return temperature, workers, nil
}

func newSteinInference(method string, m *model.Model, q approximations.Approximation, seed uint64, temp float64, workers, nmc int, fitOpts []string) *Inference {
	inf := &Inference{method: method, model: m, q: q, fitOptions: fitOpts, defaultNMC: nmc,
		rng: rand.New(rand.NewPCG(seed, 0x6b7364))}
	inf.newOp = func(fs *config.Settings) (operator, error) {
		nmc := inf.defaultNMC
		if fs.Given("ObjNMC") {
			if fs.ObjNMC < 1 {
				return nil, fmt.Errorf("opvi: %s: ObjNMC must be >= 1, got %d", method, fs.ObjNMC)
			}
			nmc = fs.ObjNMC
		}
		ld, err := compileDensity(m, 1, fs)
		if err != nil {
			return nil, err
		}
		if err := checkStart(method, q, ld, fs); err != nil {
			return nil, err
		}
		lds := []*model.LogDensity{ld}
		for len(lds) < workers {
			cp, err := ld.Copy()
			if err != nil {
				return nil, err
			}
			lds = append(lds, cp)
		}
		return newKSD(q, lds, temp, ld.NormalizingConstant(), nmc, inf.rng), nil
	}
	return inf
}

// refuseMinibatch returns PyMC's error for Stein methods on models with minibatched data.
func refuseMinibatch(m *model.Model, method string) error {
	if name, ok := approximations.MinibatchedVar(m, nil); ok {
		return fmt.Errorf("opvi: %s does not support Minibatch: observed variable %q is minibatched (PyMC refuses it too: the Stein operator needs the full data's log density at every particle); use ADVI, or observe the full data", method, name)
	}
	return nil
}
