package optimizers

import (
	"fmt"
	"math"
)

// Schedule returns opt with a learning rate that changes during a fit: update t (counted
// from 0 over the state's life) uses lr(t) in place of opt's learning rate, everything else
// unchanged. It is what PyMC users get by giving a learning rate as a shared variable and
// changing it between or during fits (pm.adam(learning_rate=shared_lr)), or from a
// scheduler; pm.ScheduleShared reads a Shared value this way.
//
// NewState fails if lr is nil or the rule has no learning rate to set. A rate that is not
// finite and > 0 stops the update: the state's Err reports it (the fit loop checks it after
// each update) and the parameters are left as they were.
func Schedule(opt Optimizer, lr func(step int) float64) Optimizer {
	return &scheduled{opt: opt, lr: lr}
}

type scheduled struct {
	opt Optimizer
	lr  func(step int) float64
}

var _ Optimizer = (*scheduled)(nil)

func (s *scheduled) String() string {
	if s.opt == nil {
		return "Schedule(nil)"
	}
	return "Schedule(" + s.opt.String() + ")"
}

func (s *scheduled) NewState(n int) (State, error) {
	return s.newStateWith(func(inner Optimizer) (State, error) { return inner.NewState(n) })
}

// newStateWith makes the scheduled state around the inner rule's state that make returns.
func (s *scheduled) newStateWith(newInner func(inner Optimizer) (State, error)) (State, error) {
	if s.opt == nil {
		return nil, fmt.Errorf("optimizers: Schedule: nil optimizer")
	}
	if s.lr == nil {
		return nil, fmt.Errorf("optimizers: Schedule of %v: nil learning-rate function", s.opt)
	}
	inner, err := newInner(s.opt)
	if err != nil {
		return nil, err
	}
	set, ok := inner.(learningRateSetter)
	if !ok {
		return nil, fmt.Errorf("optimizers: Schedule: %v has no learning rate to schedule", s.opt)
	}
	return &scheduledState{inner: inner, set: set, lr: s.lr}, nil
}

// learningRateSetter is a state whose learning rate can change between updates.
type learningRateSetter interface {
	setLearningRate(lr float64)
}

// scheduledState sets the inner state's learning rate before each update.
type scheduledState struct {
	inner State
	set   learningRateSetter
	lr    func(step int) float64
	t     int
	err   error
}

// Update implements State.
func (s *scheduledState) Update(params, grads []float64) error {
	if s.err != nil {
		return s.err
	}
	lr := s.lr(s.t)
	if math.IsNaN(lr) || math.IsInf(lr, 0) || lr <= 0 {
		s.err = fmt.Errorf("optimizers: Schedule: the learning rate at step %d is %v; it must be finite and > 0", s.t, lr)
		return s.err
	}
	s.set.setLearningRate(lr)
	if err := s.inner.Update(params, grads); err != nil {
		return err
	}
	s.t++
	return nil
}

// Err returns the error that stopped the updates, or nil.
func (s *scheduledState) Err() error { return s.err }

func (s *sgdState) setLearningRate(lr float64)           { s.lr = lr }
func (s *momentumState) setLearningRate(lr float64)      { s.lr = lr }
func (s *nesterovState) setLearningRate(lr float64)      { s.lr = lr }
func (s *adagradState) setLearningRate(lr float64)       { s.lr = lr }
func (s *adagradWindowState) setLearningRate(lr float64) { s.lr = lr }
func (s *rmspropState) setLearningRate(lr float64)       { s.lr = lr }
func (s *adadeltaState) setLearningRate(lr float64)      { s.lr = lr }
func (s *adamState) setLearningRate(lr float64)          { s.lr = lr }
func (s *adamaxState) setLearningRate(lr float64)        { s.lr = lr }
func (s *distanceState) setLearningRate(lr float64)      { s.lr = lr }
func (s *groupState) setLearningRate(lr float64)         { s.lr = lr }
func (s *prodigyState) setLearningRate(lr float64)       { s.lr = lr }

// CosineDecay is the learning-rate schedule of cosine annealing (Loshchilov and Hutter 2017,
// without restarts) for Schedule: lr(t) = ½(1 + cos(π·min(t, n)/(n+1))), from 1 at the first
// step towards 0 at the n-th, and constant after it (never 0, so that Refine can go on).
// Mishchenko and Defazio recommend it with Prodigy: Schedule(Prodigy(0), CosineDecay(n)) for
// a fit of n iterations. n <= 0 gives the constant 1.
//
// References:
//   - Loshchilov, Hutter: SGDR: Stochastic Gradient Descent with Warm Restarts. ICLR 2017,
//     eq. (5).
func CosineDecay(n int) func(step int) float64 {
	if n <= 0 {
		return func(int) float64 { return 1 }
	}
	return func(step int) float64 {
		return 0.5 * (1 + math.Cos(math.Pi*float64(min(max(step, 0), n))/float64(n+1)))
	}
}
