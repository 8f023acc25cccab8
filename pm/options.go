package pm

import (
	"fmt"
	"io"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/optimizers"
	G "gorgonia.org/gorgonia"
)

// Option is one of PyMC's keyword arguments. Every function taking options rejects, with
// an error naming both, an option that does not apply to it.
type Option = config.Option

// Entries of TotalSize besides sizes: PyMC's None and Ellipsis.
const (
	None     = -1 // leave this axis unscaled
	Ellipsis = -2 // as many unscaled axes as needed, at most once
)

// Shape sets a variable's shape (PyMC's shape=).
func Shape(dims ...int) Option {
	d := append([]int(nil), dims...)
	return config.New("Shape", d, func(s *config.Settings) { s.Shape = d })
}

// Observed makes the variable observed with the given data: a []float64, []int, [][]float64,
// *tensor.Dense, a Shared value's node, a minibatch (*Minibatch or its node), or any node of
// the model's graph (PyMC's observed=). Int data (an int Shared value or minibatch, which
// may also index parameters with Index) is read as float64.
func Observed(data any) Option {
	return config.New("Observed", fmt.Sprintf("%T", data), func(s *config.Settings) { s.Observed = data })
}

// TotalSize scales an observed variable's log density as if it had total_size entries
// (PyMC's total_size=): an int for the first axis, or one entry per axis, with None to leave
// an axis and one Ellipsis for the middle ones.
func TotalSize(sizes ...int) Option {
	t := append([]int(nil), sizes...)
	return config.New("TotalSize", t, func(s *config.Settings) { s.TotalSize = t })
}

// InitVal sets a free variable's initial value in constrained space (PyMC's initval=).
func InitVal(v any) Option {
	return config.New("InitVal", v, func(s *config.Settings) { s.InitVal = v })
}

// NoTransform keeps a free variable in constrained space (PyMC's transform=None).
func NoTransform() Option {
	return config.New("NoTransform", nil, func(s *config.Settings) { s.Transform = false })
}

// Seed seeds every random stream of a sampler or a fit (PyMC's random_seed=). The default is
// 0: gopymc never seeds from the clock.
func Seed(seed uint64) Option {
	return config.New("Seed", seed, func(s *config.Settings) { s.Seed = seed })
}

// Progressbar turns the progress bar on or off (default on).
func Progressbar(on bool) Option {
	return config.New("Progressbar", on, func(s *config.Settings) { s.Progressbar = on })
}

// Output sets where progress bars and log lines go (default os.Stderr); nil silences them.
func Output(w io.Writer) Option {
	return config.New("Output", fmt.Sprintf("%T", w), func(s *config.Settings) { s.Output = w })
}

// Draws is the number of draws per chain kept after tuning (default 1000).
func Draws(n int) Option { return config.New("Draws", n, func(s *config.Settings) { s.Draws = n }) }

// Tune is the number of tuning iterations per chain (default 1000).
func Tune(n int) Option { return config.New("Tune", n, func(s *config.Settings) { s.Tune = n }) }

// Chains is the number of chains (default max(2, cores)).
func Chains(n int) Option { return config.New("Chains", n, func(s *config.Settings) { s.Chains = n }) }

// Cores is the number of chains run at once (default min(4, number of CPUs)).
func Cores(n int) Option { return config.New("Cores", n, func(s *config.Settings) { s.Cores = n }) }

// TargetAccept is NUTS's target acceptance rate (default 0.8).
func TargetAccept(p float64) Option {
	return config.New("TargetAccept", p, func(s *config.Settings) { s.TargetAccept = p })
}

// MaxTreedepth is NUTS's maximum tree depth (default 10).
func MaxTreedepth(d int) Option {
	return config.New("MaxTreedepth", d, func(s *config.Settings) { s.MaxTreedepth = d })
}

// Init is NUTS's initialisation (PyMC's init=): "jitter+adapt_diag" (default, also "auto"),
// "adapt_diag", "advi+adapt_diag" or "advi"; see Sample.
func Init(name string) Option {
	return config.New("Init", name, func(s *config.Settings) { s.Init = name })
}

// Method is pm.Fit's method (PyMC's method=): a name, "advi" (default), "fullrank_advi",
// "svgd", "asvgd", "nfvi" or "nfvi=<formula>" (normalizing-flow VI with that flow, as
// "nfvi=planar*10"), or an *Inference made beforehand (pm.NewADVI(model, ...)), which Fit
// then fits, as pm.fit(method=inference) does.
func Method(method any) Option {
	return config.New("Method", method, func(s *config.Settings) {
		if name, ok := method.(string); ok {
			s.Method, s.Inference = name, nil
		} else {
			s.Method, s.Inference = "", method
		}
	})
}

// N is the number of iterations of pm.Fit (default 10000).
func N(n int) Option { return config.New("N", n, func(s *config.Settings) { s.N = n }) }

// Start sets the approximation's starting point by variable name: a free variable's name with
// a constrained value, or a value variable's name (sigma_log__) with an unconstrained one.
func Start(values map[string]any) Option {
	return config.New("Start", values, func(s *config.Settings) { s.Start = values })
}

// StartSigma sets ADVI's initial standard deviations by variable name (advi only).
func StartSigma(values map[string]any) Option {
	return config.New("StartSigma", values, func(s *config.Settings) { s.StartSigma = values })
}

// ObjNMC is the number of Monte Carlo draws of the objective per step (default 1).
func ObjNMC(n int) Option { return config.New("ObjNMC", n, func(s *config.Settings) { s.ObjNMC = n }) }

// ObjOptimizer is the optimizer of the fit (default optimizers.AdagradWindow with PyMC's
// defaults).
func ObjOptimizer(o optimizers.Optimizer) Option {
	return config.New("ObjOptimizer", o, func(s *config.Settings) { s.ObjOptimizer = o })
}

// TotalGradNormConstraint clips the gradient's total norm at c before each update.
func TotalGradNormConstraint(c float64) Option {
	return config.New("TotalGradNormConstraint", c, func(s *config.Settings) { s.TotalGradNormConstraint = c })
}

// Callbacks are called after every step of a fit.
func Callbacks(cbs ...callbacks.Callback) Option {
	c := append([]callbacks.Callback(nil), cbs...)
	return config.New("Callbacks", len(c), func(s *config.Settings) { s.Callbacks = append(s.Callbacks, c...) })
}

// Replacement is one entry of MoreReplacements: Node is replaced by With.
type Replacement = config.Replacement

// Replace pairs a node with what replaces it (another node of its graph, or a value such as
// test data) for MoreReplacements.
func Replace(node *G.Node, with any) Replacement { return Replacement{Node: node, With: with} }

// MoreReplacements replaces nodes in the graphs a fit or a sample node compiles (PyMC's
// more_replacements=), e.g. training data by test data.
func MoreReplacements(rs ...Replacement) Option {
	r := append([]Replacement(nil), rs...)
	return config.New("MoreReplacements", len(r), func(s *config.Settings) { s.MoreReplacements = append(s.MoreReplacements, r...) })
}

// InfKwargs passes options to the inference pm.Fit makes (PyMC's inf_kwargs=), e.g.
// pm.InfKwargs(pm.Particles(1000)) for SVGD.
func InfKwargs(opts ...Option) Option {
	o := append([]Option(nil), opts...)
	return config.New("InfKwargs", o, func(s *config.Settings) { s.InfKwargs = append(s.InfKwargs, o...) })
}

// KLBeta is the KL operator's weight on the prior part (default 1; PyMC's KLqp beta).
func KLBeta(b float64) Option {
	return config.New("KLBeta", b, func(s *config.Settings) { s.Beta = b })
}

// ScaleCostToMinibatch divides the loss by the largest total_size scale (default true), as
// PyMC's approx.scale_cost_to_minibatch.
func ScaleCostToMinibatch(on bool) Option {
	return config.New("ScaleCostToMinibatch", on, func(s *config.Settings) { s.ScaleCostToMinibatch = on })
}

// Particles is SVGD's number of particles (default 100).
func Particles(n int) Option {
	return config.New("Particles", n, func(s *config.Settings) { s.Particles = n })
}

// Jitter is the sd of the noise around the start from which SVGD's particles begin (default 1).
func Jitter(sd float64) Option {
	return config.New("Jitter", sd, func(s *config.Settings) { s.Jitter = sd })
}

// Temperature is the Stein operator's temperature (default 1).
func Temperature(t float64) Option {
	return config.New("Temperature", t, func(s *config.Settings) { s.Temperature = t })
}

// Size makes SampleNode stack k draws on a leading axis.
func Size(k int) Option { return config.New("Size", k, func(s *config.Settings) { s.Size = k }) }

// SizeNode makes SampleNode's number of draws the value of an int scalar node, given at
// evaluation (a symbolic size; see IntScalar and Givens).
func SizeNode(n *G.Node) Option {
	return config.New("SizeNode", n, func(s *config.Settings) { s.SizeNode = n })
}

// UseMean makes SampleNode evaluate at the approximation's mean instead of a draw (PyMC's
// sample_node(deterministic=True)).
func UseMean() Option {
	return config.New("UseMean", nil, func(s *config.Settings) { s.UseMean = true })
}

// Givens binds an input node to a value for Eval (the givens of Theano's eval).
func Givens(node *G.Node, value any) Option {
	name := "<nil>"
	if node != nil {
		name = node.Name()
	}
	return config.New("Givens", name, func(s *config.Settings) {
		s.Givens = append(s.Givens, config.Given{Node: node, Value: value})
	})
}
