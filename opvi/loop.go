package opvi

import (
	"context"
	"fmt"
	"math"

	"github.com/gopymc/gopymc/callbacks"
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
	scores := make([]float64, n)
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
		copy(st.backup, params)
		loss, err := st.op.step(st.grad)
		if err != nil {
			runErr = fmt.Errorf("opvi: %s: iteration %d: %w", inf.method, inf.iter+done+1, err)
			break
		}
		if st.clip > 0 {
			optimizers.TotalNormConstraint(st.grad, st.clip)
		}
		st.opt.Update(params, st.grad)
		if e, ok := st.opt.(interface{ Err() error }); ok && e.Err() != nil { // a scheduled learning rate
			runErr = fmt.Errorf("opvi: %s: iteration %d: %w", inf.method, inf.iter+done+1, e.Err())
			break
		}
		if nanErr := inf.checkNaN(params, loss, withLoss, inf.iter+done+1); nanErr != nil {
			copy(params, st.backup)
			runErr = nanErr
			break
		}
		if st.avg != nil {
			st.avg.Add(params)
		}
		scores[done] = loss
		done++
		if withLoss && (done-1)%10 == 0 && bar != nil {
			bar.SetPrefixG5("Average Loss = ", windowMean(scores[:done], false))
		}
		if bar != nil {
			bar.Set(done)
		}
		var losses []float64
		if withLoss {
			losses = scores[:done]
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
		inf.hist = append(inf.hist, scores[:done]...)
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
			logf("Interrupted at %s [%d%%]: Loss = %s", progress.FormatInt(inf.iter), pct, lastG5(scores[:done]))
		} else {
			logf("Interrupted at %s [%d%%]: Average Loss = %s", progress.FormatInt(inf.iter), pct, progress.FormatG5(windowMean(scores[:done], true)))
		}
	case runErr == nil:
		if n < 10 {
			logf("Finished [100%%]: Loss = %s", lastG5(scores[:done]))
		} else {
			logf("Finished [100%%]: Average Loss = %s", progress.FormatG5(windowMean(scores[:done], true)))
		}
	}
	return runErr
}

// checkNaN returns a *NaNError if any parameter or (for operators with a loss) the loss is
// NaN.
func (inf *Inference) checkNaN(params []float64, loss float64, withLoss bool, iter int) error {
	var bad []string
	for i, p := range params {
		if math.IsNaN(p) {
			bad = append(bad, inf.q.DescribeParam(i))
		}
	}
	if len(bad) == 0 && !(withLoss && math.IsNaN(loss)) {
		return nil
	}
	return &NaNError{Iteration: iter, Params: bad}
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
