package opvi

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/optimizers"
)

// Inference is PyMC's Inference: an operator fitting an approximation of a model, with the
// loss history and the state needed to refine a fit. Not safe for concurrent use.
type Inference struct {
	method string
	model  *model.Model
	q      approximations.Approximation
	rng    *rand.Rand
	src    *rand.PCG // rng's source, whose state Save writes
	beta   float64   // the KL operator's weight (KLBeta), for Save
	newOp  func(s *config.Settings) (operator, error)
	// fitOptions are the option names Fit takes for this method.
	fitOptions []string
	defaultNMC int

	hist []float64
	iter int       // global iteration count, across Fit and Refine
	last *fitState // the last fit's state, for Refine
}

// fitState is what one Fit set up and Refine reuses: PyMC's compiled step function.
type fitState struct {
	op        operator
	opt       optimizers.State
	callbacks []callbacks.Callback
	clip      float64 // total gradient norm constraint; 0 for none
	out       io.Writer
	bar       bool
	grad      []float64
	backup    []float64 // the parameters at the start of the iteration
	good      []float64 // the parameters at which the last finite loss was computed
	hasGood   bool      // good is set (by this fit or a Refine of it)

	// Issue 19: the PSIS line after the fit, step-size adaptation and iterate averaging.
	record        fitRecord // the settings Save writes
	psisDraws     int       // 0: no PSIS line
	psisReplace   []config.Replacement
	optimizer     optimizers.Optimizer // the rule of opt
	etaIterations int                  // AdaptEta's iterations per trial; 0: no adaptation
	eta           float64              // the adapted learning rate, 0 if none
	avg           *optimizers.PolynomialAverage
	iterate       []float64 // the optimizer's iterate while the parameters hold avg
}

// fitOptionNames are the options of Fit common to every method.
var fitOptionNames = []string{"ObjOptimizer", "TotalGradNormConstraint", "Callbacks", "Progressbar", "Output", "MoreReplacements", "Averaging"}

// Approx returns the approximation being fitted.
func (inf *Inference) Approx() approximations.Approximation { return inf.q }

// Hist returns the loss of every iteration of every Fit and Refine so far (empty for methods
// without a loss, as SVGD).
func (inf *Inference) Hist() []float64 { return inf.hist }

// Method is the name of the inference method, e.g. "advi".
func (inf *Inference) Method() string { return inf.method }

func (inf *Inference) String() string { return fmt.Sprintf("%s(%v)", inf.method, inf.q) }

// Fit runs n iterations and returns the approximation. Fit uses context.Background
// internally; to cancel a fit, use FitContext.
func (inf *Inference) Fit(n int, opts ...config.Option) (approximations.Approximation, error) {
	return inf.FitContext(context.Background(), n, opts...)
}

// FitContext runs n iterations of the method, updating the approximation in place, and
// returns it. Options: ObjNMC (Monte Carlo draws per step, default 1), ObjOptimizer (default
// adagrad_window(0.001, 0.1, 10)), TotalGradNormConstraint, Callbacks, Progressbar (default
// true), Output (default os.Stderr), MoreReplacements, ScaleCostToMinibatch (KL only, default
// true). A callback returning callbacks.Stop ends the fit cleanly. On a NaN, a callback error,
// or cancellation of ctx, FitContext returns the approximation with its last finite
// parameters and the history so far, together with the error (a *NaNError, the callback's
// error, or ctx.Err()).
func (inf *Inference) FitContext(ctx context.Context, n int, opts ...config.Option) (approximations.Approximation, error) {
	if n < 0 {
		return inf.q, fmt.Errorf("opvi: %s: n must be >= 0, got %d", inf.method, n)
	}
	if err := inf.q.CheckModel(); err != nil {
		return inf.q, fmt.Errorf("opvi: %s: Fit: %w", inf.method, err)
	}
	s, err := config.Collect(inf.method+".Fit", opts, inf.fitOptions...)
	if err != nil {
		return inf.q, err
	}
	st, err := inf.newState(s)
	if err != nil {
		return inf.q, err
	}
	if st.etaIterations > 0 {
		if err := inf.adaptEta(ctx, st); err != nil {
			return inf.q, err
		}
	}
	inf.last = st
	err = inf.run(ctx, st, n)
	if err == nil {
		inf.reportPSIS(ctx, st)
	}
	return inf.q, err
}

// Refine runs n more iterations with the settings of the last Fit, continuing its iteration
// count and history. Refine uses context.Background internally; see RefineContext.
func (inf *Inference) Refine(n int) error { return inf.RefineContext(context.Background(), n) }

// RefineContext is Refine with a context, which ends the refinement like an interrupt.
func (inf *Inference) RefineContext(ctx context.Context, n int) error {
	if inf.last == nil {
		return fmt.Errorf("opvi: %s: call Fit before Refine", inf.method)
	}
	if n < 0 {
		return fmt.Errorf("opvi: %s: n must be >= 0, got %d", inf.method, n)
	}
	if err := inf.q.CheckModel(); err != nil {
		return fmt.Errorf("opvi: %s: Refine: %w", inf.method, err)
	}
	if err := inf.run(ctx, inf.last, n); err != nil {
		return err
	}
	inf.reportPSIS(ctx, inf.last)
	return nil
}

// newState builds the operator, the optimizer state and the buffers of a fit.
func (inf *Inference) newState(s *config.Settings) (*fitState, error) {
	op, err := inf.newOp(s)
	if err != nil {
		return nil, err
	}
	opt := optimizers.Default()
	if s.Given("AdaptEta") {
		opt = optimizers.StanADVI(0) // Stan's eta adaptation searches Stan's step sequence
	}
	if s.Given("ObjOptimizer") {
		if s.ObjOptimizer == nil {
			return nil, fmt.Errorf("opvi: %s: ObjOptimizer is nil", inf.method)
		}
		opt = s.ObjOptimizer
	}
	np := len(inf.q.FlatParams())
	state, err := inf.newOptState(opt)
	if err != nil {
		return nil, fmt.Errorf("opvi: %s: %w", inf.method, err)
	}
	st := &fitState{op: op, opt: state, optimizer: opt, out: os.Stderr, bar: true, grad: make([]float64, np), backup: make([]float64, np), good: make([]float64, np)}
	if s.Given("TotalGradNormConstraint") {
		c := s.TotalGradNormConstraint
		if !(c > 0) || c > 1e300 {
			return nil, fmt.Errorf("opvi: %s: TotalGradNormConstraint must be finite and > 0, got %v", inf.method, c)
		}
		st.clip = c
	}
	for i, cb := range s.Callbacks {
		if cb == nil {
			return nil, fmt.Errorf("opvi: %s: callback %d is nil", inf.method, i)
		}
	}
	st.callbacks = s.Callbacks
	if s.Given("Progressbar") {
		st.bar = s.Progressbar
	}
	if s.Given("Output") {
		st.out = s.Output
	}
	if st.psisDraws, st.psisReplace, err = psisSettings(inf.method, s); err != nil {
		return nil, err
	}
	if st.etaIterations, err = etaSettings(inf.method, s); err != nil {
		return nil, err
	}
	if st.avg, err = averagingSettings(inf.method, s, np); err != nil {
		return nil, err
	}
	st.record = newFitRecord(s)
	return st, nil
}

// newOptState is opt's state for the approximation's parameters, in their step groups
// (approximations.StepGroups) for rules that keep a step size per group.
func (inf *Inference) newOptState(opt optimizers.Optimizer) (optimizers.State, error) {
	return optimizers.NewGroupedState(opt, approximations.StepGroups(inf.q))
}
