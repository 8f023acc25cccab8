package pm

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/predictive"
	"github.com/gopymc/gopymc/trace"
)

// predictiveOptions are the options of the predictive samplers.
var predictiveOptions = []string{"VarNames", "Samples", "Seed", "Cores"}

// defaultApproxDraws is the number of draws SamplePosteriorPredictive takes from an
// approximation when Samples is not given (PyMC's approx.sample() default).
const defaultApproxDraws = 500

// approxStream numbers the stream of the draws SamplePosteriorPredictive takes from an
// approximation.
const approxStream = 0x617070726f78

// SamplePosteriorPredictive draws the observed variables afresh at each draw of the
// posterior (PyMC's pm.sample_posterior_predictive): source is a *Trace of the model (from
// Sample, an approximation's Sample, or a CmdStan CSV file) or an Approximation of it, from
// which Samples draws (500 by default) are taken. It returns a trace of the variables:
// Values(name) gives every draw, chain after chain, each with the data's shape (PyMC's
// result[name] of shape (samples, *shape)); with a trace source and no Samples option the
// trace's chains and draws are kept (PyMC's keep_size=True).
//
// Options: VarNames (default: the observed variables; free variables, deterministics and
// potentials may be named too), Samples, Seed (every draw has its own stream derived from
// it, so Cores does not change the numbers), Cores (default min(4, CPUs)). The observed
// variables are drawn on their data as they are now: after SetData with new rows, on the
// new rows. See predictive.Posterior for the errors.
func SamplePosteriorPredictive(m *Model, source any, opts ...Option) (*Trace, error) {
	return SamplePosteriorPredictiveContext(context.Background(), m, source, opts...)
}

// SamplePosteriorPredictiveContext is SamplePosteriorPredictive with a context checked
// before every draw.
func SamplePosteriorPredictiveContext(ctx context.Context, m *Model, source any, opts ...Option) (*Trace, error) {
	s, set, err := predictiveSettings("SamplePosteriorPredictive", m, opts)
	if err != nil {
		return nil, err
	}
	var tr *Trace
	switch x := source.(type) {
	case *Trace:
		if x == nil {
			return nil, fmt.Errorf("pm: SamplePosteriorPredictive: nil trace")
		}
		tr = x
	case Approximation:
		if x == nil {
			return nil, fmt.Errorf("pm: SamplePosteriorPredictive: nil approximation")
		}
		if x.Model() != m {
			return nil, fmt.Errorf("pm: SamplePosteriorPredictive: the approximation is of another model")
		}
		draws := defaultApproxDraws
		if s.Given("Samples") {
			draws, set.Samples = s.Samples, 0
		}
		if tr, err = approxTrace(ctx, m, x, draws, s.Seed); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("pm: SamplePosteriorPredictive: source must be a *pm.Trace or a pm.Approximation, got %T", source)
	}
	return predictive.Posterior(ctx, m, tr, set)
}

// SamplePriorPredictive draws from the prior predictive distribution (PyMC's
// pm.sample_prior_predictive): the free variables from their priors one after the other,
// then the observed variables given them. Options: VarNames (default: every free variable,
// deterministic, potential and observed variable), Samples (500), Seed, Cores. See
// predictive.Prior for the errors (an improper prior cannot be drawn).
func SamplePriorPredictive(m *Model, opts ...Option) (*Trace, error) {
	return SamplePriorPredictiveContext(context.Background(), m, opts...)
}

// SamplePriorPredictiveContext is SamplePriorPredictive with a context checked before every
// draw.
func SamplePriorPredictiveContext(ctx context.Context, m *Model, opts ...Option) (*Trace, error) {
	_, set, err := predictiveSettings("SamplePriorPredictive", m, opts)
	if err != nil {
		return nil, err
	}
	return predictive.Prior(ctx, m, set)
}

// predictiveSettings is the start the predictive calls share: m's build error, then caller's
// options collected and checked (Samples and Cores >= 1 when given), and the settings for
// package predictive made of them.
func predictiveSettings(caller string, m *Model, opts []Option) (*config.Settings, predictive.Settings, error) {
	if err := m.Err(); err != nil {
		return nil, predictive.Settings{}, err
	}
	s, err := config.Collect(caller, opts, predictiveOptions...)
	if err != nil {
		return nil, predictive.Settings{}, err
	}
	set := predictive.Settings{VarNames: s.VarNames, Seed: s.Seed, Samples: s.Samples, Cores: s.Cores}
	if s.Given("Samples") && s.Samples < 1 {
		return s, set, fmt.Errorf("pm: %s: Samples must be >= 1, got %d", caller, s.Samples)
	}
	if s.Given("Cores") && s.Cores < 1 {
		return s, set, fmt.Errorf("pm: %s: Cores must be >= 1, got %d", caller, s.Cores)
	}
	return s, set, nil
}

// approxTrace draws draws points of the value variables from q into a one-chain trace, from
// a stream derived from seed.
func approxTrace(ctx context.Context, m *Model, q Approximation, draws int, seed uint64) (*Trace, error) {
	if err := q.CheckModel(); err != nil {
		return nil, fmt.Errorf("pm: SamplePosteriorPredictive: %w", err)
	}
	order := m.Ordering()
	vars := make([]trace.Var, len(order))
	for i, o := range order {
		vars[i] = trace.Var{Name: o.ValueName, Shape: o.Shape, Transformed: o.Transform != ""}
	}
	tr, err := trace.New(vars, 1)
	if err != nil {
		return nil, fmt.Errorf("pm: %w", err)
	}
	rng := rand.New(rand.NewPCG(seed, approxStream))
	z := make([]float64, m.Dim())
	row := make([][]float64, len(order))
	for range draws {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		q.DrawFlat(z, rng, false)
		for i, o := range order {
			row[i] = z[o.Offset : o.Offset+o.Size]
		}
		if err := tr.Append(0, row); err != nil {
			return nil, fmt.Errorf("pm: %w", err)
		}
	}
	return tr, nil
}

// SetData sets the model's data containers (Shared values made with NewShared) by name
// (PyMC's pm.set_data): a value of the container's shape is copied into it; a value with
// another number of rows (same dtype and number of dimensions) stands for it in everything
// compiled afterwards: predictive sampling, PosteriorFunction calls, Eval, sample nodes made
// afterwards, and the next Fit or Sample. Functions compiled before keep the old rows. An
// op that cannot follow the new shape (a Reshape to a fixed shape) is an error naming it
// when the graph is compiled.
func SetData(m *Model, values map[string]any) error { return m.SetData(values) }
