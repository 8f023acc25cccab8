package opvi

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/internal/mathx"
	"github.com/gopymc/gopymc/internal/progress"
	"github.com/gopymc/gopymc/optimizers"
)

// run is the fit loop of PyMC's Inference._iterate_with_loss / _iterate_without_loss
// (spec/pymc-semantics.md §1.4): n steps, the loss of each kept, progress text "Average
// Loss = ..." every 10 iterations over the last 1000 losses, callbacks after every step with
// the 1-based global iteration, and PyMC's closing log line.
//
// Differences from PyMC, on purpose: the interrupted message averages the finite losses of
// the last 1000 iterations (PyMC's min(0, i-1000) averages all of them); the iteration a
// callback stops at is counted as done (PyMC drops its loss); and on NaN the parameters
// are restored to their last finite values before the error is returned.
func (inf *Inference) run(ctx context.Context, st *fitState, n int) error {
	params := inf.q.FlatParams()
	st.beginAveraging(params)
	defer st.endAveraging(params)
	withLoss := st.op.returnsLoss()
	// The history grows with the iterations done, not with n: a fit of N(1<<40) meant to be
	// stopped by a callback or a context must not ask for 8 TB up front.
	scores := make([]float64, 0, min(n, initialHistory))
	var bar *progress.Bar
	if st.bar && st.out != nil {
		bar = progress.New(st.out, n, progress.Config{})
	}
	var (
		runErr  error
		stopMsg string
		stopped bool
		done    int
	)
	for done < n {
		if err := ctx.Err(); err != nil {
			runErr = err
			break
		}
		iter := inf.iter + done + 1
		copy(st.backup, params)
		loss, err := st.op.step(ctx, st.grad)
		if err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
				runErr = ctxErr // cancelled inside the step: the step is not done
			} else {
				runErr = fmt.Errorf("opvi: %s: iteration %d: %w", inf.method, iter, err)
			}
			break
		}
		if withLoss && !mathx.Finite(loss) {
			// The loss is computed at the parameters the last update made: they are the
			// bad ones. Go back to those of the last finite loss (before that update).
			if st.hasGood {
				copy(st.backup, st.good)
			}
			runErr = inf.nonFinite(st, params, loss, iter)
			break
		}
		if st.clip > 0 {
			if _, err := optimizers.TotalNormConstraint(st.grad, st.clip); err != nil {
				runErr = fmt.Errorf("opvi: %s: iteration %d: %w", inf.method, iter, err)
				break
			}
		}
		// Update refuses before moving any parameter (a scheduled learning rate that is not
		// finite and > 0 is its error too).
		if err := st.opt.Update(params, st.grad); err != nil {
			runErr = fmt.Errorf("opvi: %s: iteration %d: %w", inf.method, iter, err)
			break
		}
		if !mathx.AllFinite(params) {
			runErr = inf.nonFinite(st, params, loss, iter)
			break
		}
		if withLoss {
			copy(st.good, st.backup)
			st.hasGood = true
		}
		if st.avg != nil {
			if err := st.avg.Add(params); err != nil {
				runErr = fmt.Errorf("opvi: %s: iteration %d: %w", inf.method, iter, err)
				break
			}
		}
		if withLoss {
			scores = append(scores, loss)
		}
		done++
		if withLoss && (done-1)%10 == 0 && bar != nil {
			bar.SetPrefixG5("Average Loss = ", windowMean(scores, false))
		}
		if bar != nil {
			bar.Set(done)
		}
		var losses []float64
		if withLoss {
			losses = scores
		}
		for _, cb := range st.callbacks {
			err := callSafely(cb, inf.q, losses, inf.iter+done)
			if msg, ok := callbacks.IsStop(err); ok {
				stopMsg, stopped = msg, true
				break
			}
			if err != nil {
				runErr = fmt.Errorf("opvi: %s: callback at iteration %d: %w", inf.method, inf.iter+done, err)
				break
			}
		}
		if stopped || runErr != nil {
			break
		}
	}
	if withLoss {
		inf.hist = append(inf.hist, scores...)
	}
	inf.iter += done
	inf.q.SetHist(inf.hist)
	if bar != nil {
		bar.Finish()
	}
	logf := func(format string, args ...any) { progress.Logf(st.out, format, args...) }
	if stopped {
		logf("%s", stopMsg)
	}
	if !withLoss {
		return runErr
	}
	switch {
	case n == 0:
		logf("Initialization only")
	case stopped || (runErr != nil && done < n && ctx.Err() != nil):
		pct := 100 * done / n
		if n < 10 {
			logf("Interrupted at %s [%d%%]: Loss = %s", progress.FormatInt(inf.iter), pct, lastG5(scores))
		} else {
			logf("Interrupted at %s [%d%%]: Average Loss = %s", progress.FormatInt(inf.iter), pct, progress.FormatG5(windowMean(scores, true)))
		}
	case runErr == nil:
		if n < 10 {
			logf("Finished [100%%]: Loss = %s", lastG5(scores))
		} else {
			logf("Finished [100%%]: Average Loss = %s", progress.FormatG5(windowMean(scores, true)))
		}
	}
	return runErr
}

// initialHistory is the capacity the loss history of a run starts with; it grows by
// appending beyond.
const initialHistory = 1 << 12

// nonFinite restores the parameters to st.backup and returns the *NaNError of a non-finite
// loss or parameters: the parameters that are not finite, with their values, and, for a
// loss, what was not finite at the operator's draw: the model's log density (with its terms
// that are not finite there) or the approximation's.
func (inf *Inference) nonFinite(st *fitState, params []float64, loss float64, iter int) error {
	var bad []string
	for i, p := range params {
		if !mathx.Finite(p) {
			bad = append(bad, fmt.Sprintf("%s is %v", inf.q.DescribeParam(i), p))
		}
	}
	copy(params, st.backup)
	e := &NaNError{Iteration: iter, Params: bad}
	if !mathx.Finite(loss) && len(bad) == 0 {
		e.Loss, e.LogP, e.LogQ = loss, math.NaN(), math.NaN()
		if d, ok := st.op.(drawer); ok {
			if z, logp, logq, ok := d.badDraw(); ok {
				e.LogP, e.LogQ = logp, logq
				if !mathx.Finite(logp) {
					e.Terms = inf.model.NonFiniteTerms(z)
				}
			}
		}
	}
	return e
}

// drawer is an operator that says where its last loss stopped being finite: the first draw
// of the last step whose part of the loss was not finite, with the model's log density and
// the approximation's log density there (ok false when every draw's part was finite).
type drawer interface {
	badDraw() (z []float64, logp, logq float64, ok bool)
}

// windowMean is the mean of the last 1000 losses; with finiteOnly, of the finite ones
// among them (NaN when there are none).
func windowMean(scores []float64, finiteOnly bool) float64 {
	lo := max(0, len(scores)-1000)
	s, k := 0.0, 0
	for _, x := range scores[lo:] {
		if finiteOnly && (math.IsNaN(x) || math.IsInf(x, 0)) {
			continue
		}
		s += x
		k++
	}
	if k == 0 {
		return math.NaN()
	}
	return s / float64(k)
}

func lastG5(scores []float64) string {
	if len(scores) == 0 {
		return progress.FormatG5(math.NaN())
	}
	return progress.FormatG5(scores[len(scores)-1])
}

// callSafely calls a callback, turning a panic into an error.
func callSafely(cb callbacks.Callback, q callbacks.FlatParamser, losses []float64, i int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("callback panicked: %v", r)
		}
	}()
	return cb.Call(q, losses, i)
}
