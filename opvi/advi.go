package opvi

import (
	"fmt"
	"math/rand/v2"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/model"
)

// klFitOptions are the Fit options of the KL methods.
var klFitOptions = append([]string{"ObjNMC", "ScaleCostToMinibatch", "ReportPSIS", "AdaptEta"}, fitOptionNames...)

// NewADVI returns mean-field ADVI for m (PyMC's pm.ADVI). Options: Seed, Start, StartSigma
// (see approximations.NewMeanField), KLBeta (the KL weight, default 1) and
// CostPartGradScale (see costPartGradScale).
func NewADVI(m *model.Model, opts ...config.Option) (*Inference, error) {
	s, err := config.Collect("ADVI", opts, "Seed", "Start", "StartSigma", "KLBeta", "CostPartGradScale")
	if err != nil {
		return nil, err
	}
	q, err := approximations.NewMeanField(m, forward(opts, "Seed", "Start", "StartSigma")...)
	if err != nil {
		return nil, err
	}
	return newKLInference("advi", m, q, s, klOver(q))
}

// NewFullRankADVI returns full-rank ADVI for m (PyMC's pm.FullRankADVI). Options: Seed,
// Start (see approximations.NewFullRank), KLBeta and CostPartGradScale.
func NewFullRankADVI(m *model.Model, opts ...config.Option) (*Inference, error) {
	s, err := config.Collect("FullRankADVI", opts, "Seed", "Start", "KLBeta", "CostPartGradScale")
	if err != nil {
		return nil, err
	}
	q, err := approximations.NewFullRank(m, forward(opts, "Seed", "Start")...)
	if err != nil {
		return nil, err
	}
	return newKLInference("fullrank_advi", m, q, s, klOver(q))
}

// NewKLqp returns the KL operator's inference on any location-scale approximation (PyMC's
// KLqp). Options: Seed (of the operator's draws) and KLBeta.
func NewKLqp(q approximations.LocationScale, opts ...config.Option) (*Inference, error) {
	s, err := config.Collect("KLqp", opts, "Seed", "KLBeta")
	if err != nil {
		return nil, err
	}
	return newKLInference("klqp", q.Model(), q, s, klOver(q))
}

// klOpMaker makes the KL operator of one fit from the compiled log density, the KL weight
// beta, the normalising constant t, the draws per step, the inference's random stream and
// the cost-part gradient scale (nil: none; see costPartGradScale).
type klOpMaker func(ld *model.LogDensity, beta, t float64, nmc int, rng *rand.Rand, scale func() (float64, error)) operator

// klOver is the KL operator over a location-scale approximation.
func klOver(q approximations.LocationScale) klOpMaker {
	return func(ld *model.LogDensity, beta, t float64, nmc int, rng *rand.Rand, scale func() (float64, error)) operator {
		k := newKL(q, ld, beta, t, nmc, rng)
		k.scale = scale
		return k
	}
}

// newKLInference is the Inference of a KL operator (ADVI, full-rank ADVI, KLqp, NFVI) over q,
// with the KLBeta option in s and the KL methods' Fit options.
func newKLInference(method string, m *model.Model, q approximations.Approximation, s *config.Settings, makeOp klOpMaker) (*Inference, error) {
	beta := 1.0
	if s.Given("KLBeta") {
		beta = s.Beta
		if !(beta >= 0) || beta > 1e300 {
			return nil, fmt.Errorf("opvi: %s: Beta must be finite and >= 0, got %v", method, beta)
		}
	}
	src := rand.NewPCG(s.Seed, 0x6b6c)
	var scale func() (float64, error)
	if s.Given("CostPartGradScale") {
		ls, ok := q.(approximations.LocationScale)
		if !ok {
			return nil, fmt.Errorf("opvi: %s: CostPartGradScale applies to location-scale approximations (ADVI, full-rank ADVI), not to %v", method, q)
		}
		var err error
		if scale, err = costPartGradScale(method, ls, s); err != nil {
			return nil, err
		}
	}
	inf := &Inference{method: method, model: m, q: q, fitOptions: klFitOptions, defaultNMC: 1,
		rng: rand.New(src), src: src, beta: beta}
	inf.newOp = func(fs *config.Settings) (operator, error) {
		nmc := inf.defaultNMC
		if fs.Given("ObjNMC") {
			if fs.ObjNMC < 1 {
				return nil, fmt.Errorf("opvi: %s: ObjNMC must be >= 1, got %d", method, fs.ObjNMC)
			}
			nmc = fs.ObjNMC
		}
		ld, err := compileDensity(m, beta, fs)
		if err != nil {
			return nil, err
		}
		if err := checkStart(method, q, ld, fs); err != nil {
			return nil, err
		}
		t := ld.NormalizingConstant()
		if fs.Given("ScaleCostToMinibatch") && !fs.ScaleCostToMinibatch {
			t = 1
		}
		return makeOp(ld, beta, t, nmc, inf.rng, scale), nil
	}
	return inf, nil
}

// compileDensity compiles m's log density with the fit's replacements.
func compileDensity(m *model.Model, beta float64, fs *config.Settings) (*model.LogDensity, error) {
	opts := []model.LogDensityOption{model.Beta(beta)}
	for _, r := range fs.MoreReplacements {
		opts = append(opts, model.Replace(r.Node, r.With))
	}
	return m.LogDensity(opts...)
}

// forward keeps the options called one of names.
func forward(opts []config.Option, names ...string) []config.Option {
	var out []config.Option
	for _, o := range opts {
		if o == nil {
			continue
		}
		for _, n := range names {
			if o.Name() == n {
				out = append(out, o)
			}
		}
	}
	return out
}
